// Stage 9, export: implements the writers of include/sitrep/writer.h, and the country table
// they share with the store.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/writer.h"

namespace sitrep::exporter {

// ISO 3166 codes of one country, for ACLED's `iso`, `region` and `event_id_cnty`.
struct CountryCodes {
  int numeric = 0;
  std::string_view iso2, iso3, name, region;  // region as ACLED names it ("Middle East")
};

// Looks a country up by ISO numeric code, then by English name (ASCII case-insensitive).
// Returns nullptr when the country is not in the built-in table of conflict theatres.
const CountryCodes* FindCountry(int iso_numeric, std::string_view name);

// Every ISO 3166 country (for tests: each must be found by its code and its name).
const std::vector<CountryCodes>& AllCountries();

// `text` with control characters written as visible escapes ("\x1b", "\u009b"; '\n' and
// '\t' kept when `keep_lines`), and bidirectional overrides too when `bidi`.
std::string EscapeControls(std::string_view text, bool keep_lines, bool bidi);

std::unique_ptr<EventWriter> MakeTableWriter(std::ostream& out, const WriterOptions& options);

}  // namespace sitrep::exporter
