// Gazetteer commands of the sitrep CLI (owned by the gazetteer engineer):
//
//   sitrep gazetteer build  [--data-dir D] [--input FILE]... [-o INDEX]
//       Builds <D>/gazetteer/gazetteer.idx from the default sources (shipped tables, the
//       npm GeoNames cities500, files listed in <D>/gazetteer/imports.tsv), or from the
//       --input files only.
//   sitrep gazetteer import FILE... [--data-dir D]
//       Adds GeoNames dumps (allCountries.txt, SY.txt, cities1000.txt, admin1CodesASCII.txt,
//       admin2Codes.txt, alternateNamesV2.txt) and rebuilds. Importing twice changes nothing.
//   sitrep geocode NAME [--context TEXT] [--country CC]... [--admin1 NAME]... [--data-dir D]
//       Lists the candidates for NAME, best first, with their scores and why.
//
// Usage from main.cc:  AddGeoCommands(app);   (no other setup; errors leave through
// CLI::RuntimeError(exit code), which main's `catch (const CLI::Error&)` turns into the
// exit status: 2 usage/data problems, 3 I/O). The data directory is --data-dir, else
// $SITREP_DATA_DIR, else the build's data/ (SITREP_DEFAULT_DATA_DIR), else ./data.
#pragma once

#include <CLI/CLI.hpp>

namespace sitrep::cli {

void AddGeoCommands(CLI::App& app);

}  // namespace sitrep::cli

// main.cc calls it unqualified.
using sitrep::cli::AddGeoCommands;
