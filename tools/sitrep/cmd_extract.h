// `sitrep extract`: articles in, events out (and optionally into the SQLite store).
#pragma once

#include <CLI/CLI.hpp>

namespace sitrep::cli {

// Registers the subcommand; when it runs, its exit code is stored in *exit_code.
void AddExtractCommand(CLI::App& app, int* exit_code);

}  // namespace sitrep::cli
