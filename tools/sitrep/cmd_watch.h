// `sitrep watch`: directories, RSS/Atom feeds and Telegram exports followed into a store.
#pragma once

#include <CLI/CLI.hpp>

namespace sitrep::cli {

// Registers the subcommand; when it runs, its exit code is stored in *exit_code.
void AddWatchCommand(CLI::App& app, int* exit_code);

}  // namespace sitrep::cli
