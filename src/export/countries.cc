// ISO 3166 codes and ACLED regions of every country. Static, immutable data: export needs
// these codes even when no data directory is loaded (countries_table.inc is generated from
// data/gazetteer/countries.tsv by make_countries_table.py; export_test keeps them in step).
#include <algorithm>
#include <iterator>

#include "export/export.h"
#include "util/text.h"

namespace sitrep::exporter {
namespace {

// Another name of a table entry, by its ISO numeric code.
struct CountryAlias {
  std::string_view name;
  int numeric;
};

#include "export/countries_table.inc"

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// The table is sorted by numeric code (Kosovo, which has none, is 0 and never looked up).
const CountryCodes* ByNumeric(int numeric) {
  auto it = std::lower_bound(std::begin(kCountryTable), std::end(kCountryTable), numeric,
                             [](const CountryCodes& c, int n) { return c.numeric < n; });
  return it != std::end(kCountryTable) && it->numeric == numeric ? &*it : nullptr;
}

}  // namespace

const CountryCodes* FindCountry(int iso_numeric, std::string_view name) {
  if (iso_numeric > 0) {
    if (const CountryCodes* c = ByNumeric(iso_numeric)) return c;
  }
  if (name.empty()) return nullptr;
  for (const auto& c : kCountryTable) {
    if (EqualsIgnoreAsciiCase(c.name, name)) return &c;
  }
  for (const auto& a : kCountryAliases) {
    if (EqualsIgnoreAsciiCase(a.name, name)) {
      if (a.numeric == 0) break;
      return ByNumeric(a.numeric);
    }
  }
  return nullptr;
}

const std::vector<CountryCodes>& AllCountries() {
  static const std::vector<CountryCodes> kAll(std::begin(kCountryTable), std::end(kCountryTable));
  return kAll;
}

}  // namespace sitrep::exporter
