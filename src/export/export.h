// Stage 9, export: implements the writers of include/sitrep/writer.h, and the country table
// they share with the store.
#pragma once

#include <string_view>

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

}  // namespace sitrep::exporter
