// Building the gazetteer index (library sitrep_geo_build). Only the tools link it
// (`sitrep gazetteer build|import`, `sitrep-gazetteer`, benchmarks, tests): the
// extraction pipeline opens a built index through geo/geo.h and never carries the builder.
#pragma once

#include <string>
#include <vector>

#include "geo/geo.h"
#include "sitrep/status.h"

namespace sitrep::geo {

// What BuildIndex read and skipped. Malformed lines are reported as "FILE:LINE: reason"
// and skipped; the build goes on.
struct BuildReport {
  size_t places = 0;  // entries in the index (countries, admin areas, localities)
  size_t names = 0;   // distinct (entry, name) pairs indexed
  size_t keys = 0;    // distinct lookup keys
  size_t index_bytes = 0;
  size_t villages_merged = 0;  // village rows that were already in a GeoNames dump (same id)
  std::vector<std::string> warnings;
  // Links the build could not make (a village region that names no admin1 of its
  // country), with the number of entries concerned: the index is usable, but less precise.
  std::vector<std::string> notes;
  std::vector<std::string> inputs;  // files read, in order
};

// Builds the compact binary index at `out_path` from gazetteer sources. Each input is
// recognised by its name and columns: GeoNames dumps (allCountries.txt, SY.txt,
// cities500.txt, cities1000.txt ...: 19 tab-separated columns), village files (the same
// 19 columns plus Who's On First's id, place type, region, county and current flag),
// admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2.txt / alternateNames.txt,
// OpenSyria governorates/districts/subdistricts.json, and sitrep's countries.tsv,
// admin1_names.tsv, acled_admin1.tsv and stopnames.tsv (extra_places.txt is a GeoNames
// dump). Any text input may be compressed (.xz or .gz). Kinds are read in a fixed order,
// files of one kind sorted by path; entries are merged by GeoNames id (village rows after
// the dumps, so a town's cities500 population and point win), so reading the same file
// twice changes nothing and the output is byte-identical for the same inputs in any order.
Status BuildIndex(const std::vector<std::string>& inputs, const std::string& out_path,
                  BuildReport* report = nullptr);

// The default sources under `data_dir`: the shipped tables, the npm GeoNames cities500 if
// installed (else the shipped Levant extract), the shipped village files
// (<data_dir>/gazetteer/villages/*.tsv.xz), then every file listed in
// <data_dir>/gazetteer/imports.tsv. Missing required files fail with a message.
Result<std::vector<std::string>> DefaultSources(const std::string& data_dir);

// Records `files` in <data_dir>/gazetteer/imports.tsv (absolute paths, once each) and
// rebuilds the index from DefaultSources. Importing the same file again changes nothing.
Status ImportAndRebuild(const std::string& data_dir, const std::vector<std::string>& files,
                        BuildReport* report = nullptr);

}  // namespace sitrep::geo
