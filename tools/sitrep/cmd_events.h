// `sitrep events`: prints the events stored in a SQLite file.
#pragma once

#include <CLI/CLI.hpp>

namespace sitrep::cli {

// Registers the subcommand; when it runs, its exit code is stored in *exit_code.
void AddEventsCommand(CLI::App& app, int* exit_code);

}  // namespace sitrep::cli
