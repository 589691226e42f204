// `sitrep serve`: the HTTP API and the map dashboard over a store (docs/server.md).
#pragma once

#include <CLI/CLI.hpp>

namespace sitrep::cli {

void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace sitrep::cli
