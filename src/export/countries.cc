// ISO 3166 codes and ACLED regions of the countries sitrep's gazetteer covers. Static,
// immutable data: export needs these codes even when no data directory is loaded.
#include <array>

#include "export/export.h"
#include "util/text.h"

namespace sitrep::exporter {
namespace {

constexpr std::array<CountryCodes, 96> kCountries = {{
    {4, "AF", "AFG", "Afghanistan", "South Asia"},
    {8, "AL", "ALB", "Albania", "Europe"},
    {12, "DZ", "DZA", "Algeria", "Northern Africa"},
    {24, "AO", "AGO", "Angola", "Middle Africa"},
    {31, "AZ", "AZE", "Azerbaijan", "Caucasus and Central Asia"},
    {32, "AR", "ARG", "Argentina", "South America"},
    {48, "BH", "BHR", "Bahrain", "Middle East"},
    {50, "BD", "BGD", "Bangladesh", "South Asia"},
    {51, "AM", "ARM", "Armenia", "Caucasus and Central Asia"},
    {68, "BO", "BOL", "Bolivia", "South America"},
    {76, "BR", "BRA", "Brazil", "South America"},
    {104, "MM", "MMR", "Myanmar", "Southeast Asia"},
    {108, "BI", "BDI", "Burundi", "Eastern Africa"},
    {112, "BY", "BLR", "Belarus", "Europe"},
    {116, "KH", "KHM", "Cambodia", "Southeast Asia"},
    {120, "CM", "CMR", "Cameroon", "Middle Africa"},
    {124, "CA", "CAN", "Canada", "North America"},
    {140, "CF", "CAF", "Central African Republic", "Middle Africa"},
    {144, "LK", "LKA", "Sri Lanka", "South Asia"},
    {148, "TD", "TCD", "Chad", "Middle Africa"},
    {152, "CL", "CHL", "Chile", "South America"},
    {156, "CN", "CHN", "China", "East Asia"},
    {170, "CO", "COL", "Colombia", "South America"},
    {178, "CG", "COG", "Republic of Congo", "Middle Africa"},
    {180, "CD", "COD", "Democratic Republic of Congo", "Middle Africa"},
    {196, "CY", "CYP", "Cyprus", "Europe"},
    {204, "BJ", "BEN", "Benin", "Western Africa"},
    {218, "EC", "ECU", "Ecuador", "South America"},
    {222, "SV", "SLV", "El Salvador", "Central America"},
    {231, "ET", "ETH", "Ethiopia", "Eastern Africa"},
    {232, "ER", "ERI", "Eritrea", "Eastern Africa"},
    {250, "FR", "FRA", "France", "Europe"},
    {262, "DJ", "DJI", "Djibouti", "Eastern Africa"},
    {268, "GE", "GEO", "Georgia", "Caucasus and Central Asia"},
    {270, "GM", "GMB", "Gambia", "Western Africa"},
    {275, "PS", "PSE", "Palestine", "Middle East"},
    {276, "DE", "DEU", "Germany", "Europe"},
    {288, "GH", "GHA", "Ghana", "Western Africa"},
    {300, "GR", "GRC", "Greece", "Europe"},
    {320, "GT", "GTM", "Guatemala", "Central America"},
    {324, "GN", "GIN", "Guinea", "Western Africa"},
    {332, "HT", "HTI", "Haiti", "Caribbean"},
    {340, "HN", "HND", "Honduras", "Central America"},
    {356, "IN", "IND", "India", "South Asia"},
    {360, "ID", "IDN", "Indonesia", "Southeast Asia"},
    {364, "IR", "IRN", "Iran", "Middle East"},
    {368, "IQ", "IRQ", "Iraq", "Middle East"},
    {376, "IL", "ISR", "Israel", "Middle East"},
    {384, "CI", "CIV", "Ivory Coast", "Western Africa"},
    {398, "KZ", "KAZ", "Kazakhstan", "Caucasus and Central Asia"},
    {400, "JO", "JOR", "Jordan", "Middle East"},
    {404, "KE", "KEN", "Kenya", "Eastern Africa"},
    {408, "KP", "PRK", "North Korea", "East Asia"},
    {410, "KR", "KOR", "South Korea", "East Asia"},
    {414, "KW", "KWT", "Kuwait", "Middle East"},
    {417, "KG", "KGZ", "Kyrgyzstan", "Caucasus and Central Asia"},
    {422, "LB", "LBN", "Lebanon", "Middle East"},
    {430, "LR", "LBR", "Liberia", "Western Africa"},
    {434, "LY", "LBY", "Libya", "Northern Africa"},
    {450, "MG", "MDG", "Madagascar", "Eastern Africa"},
    {466, "ML", "MLI", "Mali", "Western Africa"},
    {478, "MR", "MRT", "Mauritania", "Western Africa"},
    {484, "MX", "MEX", "Mexico", "Central America"},
    {496, "MN", "MNG", "Mongolia", "East Asia"},
    {498, "MD", "MDA", "Moldova", "Europe"},
    {504, "MA", "MAR", "Morocco", "Northern Africa"},
    {508, "MZ", "MOZ", "Mozambique", "Southern Africa"},
    {512, "OM", "OMN", "Oman", "Middle East"},
    {524, "NP", "NPL", "Nepal", "South Asia"},
    {558, "NI", "NIC", "Nicaragua", "Central America"},
    {562, "NE", "NER", "Niger", "Western Africa"},
    {566, "NG", "NGA", "Nigeria", "Western Africa"},
    {586, "PK", "PAK", "Pakistan", "South Asia"},
    {604, "PE", "PER", "Peru", "South America"},
    {608, "PH", "PHL", "Philippines", "Southeast Asia"},
    {634, "QA", "QAT", "Qatar", "Middle East"},
    {643, "RU", "RUS", "Russia", "Europe"},
    {646, "RW", "RWA", "Rwanda", "Eastern Africa"},
    {682, "SA", "SAU", "Saudi Arabia", "Middle East"},
    {686, "SN", "SEN", "Senegal", "Western Africa"},
    {694, "SL", "SLE", "Sierra Leone", "Western Africa"},
    {706, "SO", "SOM", "Somalia", "Eastern Africa"},
    {710, "ZA", "ZAF", "South Africa", "Southern Africa"},
    {716, "ZW", "ZWE", "Zimbabwe", "Eastern Africa"},
    {728, "SS", "SSD", "South Sudan", "Eastern Africa"},
    {729, "SD", "SDN", "Sudan", "Northern Africa"},
    {760, "SY", "SYR", "Syria", "Middle East"},
    {762, "TJ", "TJK", "Tajikistan", "Caucasus and Central Asia"},
    {764, "TH", "THA", "Thailand", "Southeast Asia"},
    {768, "TG", "TGO", "Togo", "Western Africa"},
    {784, "AE", "ARE", "United Arab Emirates", "Middle East"},
    {788, "TN", "TUN", "Tunisia", "Northern Africa"},
    {792, "TR", "TUR", "Turkey", "Middle East"},
    {800, "UG", "UGA", "Uganda", "Eastern Africa"},
    {804, "UA", "UKR", "Ukraine", "Europe"},
    {887, "YE", "YEM", "Yemen", "Middle East"},
}};

// Names ACLED or the press also use for a table entry.
struct Alias {
  std::string_view name;
  int numeric;
};
constexpr std::array<Alias, 8> kAliases = {{
    {"Syrian Arab Republic", 760},
    {"Cote d'Ivoire", 384},
    {"Türkiye", 792},
    {"DRC", 180},
    {"Burma", 104},
    {"Palestinian Territories", 275},
    {"Congo", 178},
    {"Russian Federation", 643},
}};

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

const CountryCodes* ByNumeric(int numeric) {
  for (const auto& c : kCountries) {
    if (c.numeric == numeric) return &c;
  }
  return nullptr;
}

}  // namespace

const CountryCodes* FindCountry(int iso_numeric, std::string_view name) {
  if (iso_numeric > 0) {
    if (const CountryCodes* c = ByNumeric(iso_numeric)) return c;
  }
  if (name.empty()) return nullptr;
  for (const auto& c : kCountries) {
    if (EqualsIgnoreAsciiCase(c.name, name)) return &c;
  }
  for (const auto& a : kAliases) {
    if (EqualsIgnoreAsciiCase(a.name, name)) return ByNumeric(a.numeric);
  }
  return nullptr;
}

}  // namespace sitrep::exporter
