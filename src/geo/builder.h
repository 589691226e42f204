// Internals of the index builder (sitrep_geo_build), shared by its source files:
// readers.cc (one reader per kind of source), link.cc (admin links, capitals, districts),
// build.cc (classification, order of reading, the binary writer).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "geo/build.h"
#include "geo/geo.h"
#include "geo/index_format.h"

namespace sitrep::geo::internal {

struct BPlace {
  int64_t id = 0;
  double lat = 0, lon = 0;
  bool has_coord = false;
  std::string name;
  std::vector<std::string> names;  // every spelling to index (name included)
  int64_t population = 0;
  std::string fcode;
  char fclass = 0;
  Level level = Level::kLocality;
  uint8_t flags = 0;               // format::kFlag*
  std::string cc, a1code, a2code;  // GeoNames codes
  std::string region, county;      // village layer: WOF admin-1 and district names
  int admin1 = -1, admin2 = -1, admin3 = -1;
  bool coord_from_capital = false;
};

struct CountryRow {
  std::string iso2, iso3, name, region;
  int numeric = 0;
  int64_t geonameid = 0;
  std::vector<std::string> aliases;
  int place = -1;
};

struct Admin1Override {
  std::string name, capital;
  std::vector<std::string> aliases;
};

// Kinds of input, in the order they are read.
enum class Kind {
  kCountries,
  kAdmin1Names,
  kAcled,
  kStopNames,
  kWords,
  kAdmin1Codes,
  kAdmin2Codes,
  kGeonames,
  kVillages,
  kOsGovernorates,
  kOsDistricts,
  kOsSubdistricts,
  kAlternateNames,
  kUnknown
};

std::string Basename(const std::string& path);
void SplitTabs(std::string_view line, std::vector<std::string_view>* cols);
bool ParseInt(std::string_view s, int64_t* out);
bool ParseDouble(std::string_view s, double* out);
std::vector<std::string> SplitList(std::string_view s, char sep);
// An admin name without its generic words ("Izra District" -> "Izra"); empty when there
// are none, or nothing else.
std::string StripGenericWords(std::string_view name);
Level LevelOfFeature(char fclass, std::string_view fcode);

class Builder {
 public:
  explicit Builder(BuildReport* report) : report_(report) {}

  Status Run(const std::vector<std::string>& inputs, const std::string& out_path);

 private:
  void Warn(const std::string& file, size_t line, const std::string& why) {
    if (report_->warnings.size() < 1000) {
      report_->warnings.push_back(file + ":" + std::to_string(line) + ": " + why);
    } else if (report_->warnings.size() == 1000) {
      report_->warnings.push_back("... further warnings suppressed");
    }
  }
  Kind Classify(const std::string& path, std::string* error);
  Status ReadCountries(const std::string& path);
  Status ReadAdmin1Names(const std::string& path);
  Status ReadAcled(const std::string& path);
  Status ReadStopNames(const std::string& path);
  Status ReadWords(const std::string& path);
  Status ReadAdminCodes(const std::string& path, int level);
  void AddAdmin1FromOverrides();
  Status ReadGeonames(const std::string& path);
  Status ReadVillages(const std::string& path);
  Status ReadOpenSyria(const std::string& path, Kind kind);
  Status ReadAlternateNames(const std::string& path);

  // link.cc
  void Finish();
  void LinkCodes();
  void LinkVillageAdmins();
  void LinkSyrianSubdistricts();
  void PlaceAdminsAtCapitals();

  Status Write(const std::string& out_path);

  int AddPlace(BPlace p) {
    const int idx = static_cast<int>(places_.size());
    if (p.id != 0) by_id_.emplace(p.id, idx);
    places_.push_back(std::move(p));
    return idx;
  }
  static void AddName(BPlace* p, std::string_view n) {
    if (n.empty() || n.size() > 200) return;
    for (const auto& have : p->names) {
      if (have == n) return;
    }
    p->names.emplace_back(n);
  }

  BuildReport* report_;
  std::vector<BPlace> places_;
  std::unordered_map<int64_t, int> by_id_;
  std::unordered_map<std::string, int> admin1_by_code_, admin2_by_code_;
  std::vector<CountryRow> countries_;
  std::unordered_map<std::string, int> country_by_iso2_;
  std::map<std::string, Admin1Override> admin1_overrides_;  // "SY.06" -> spelling
  std::string acled_lines_;
  std::unordered_set<std::string> stop_loose_;
  std::unordered_set<std::string> common_words_;           // loose keys of lower-case English words
  std::unordered_map<std::string, int> os_gov_, os_dist_;  // OpenSyria id -> place
};

}  // namespace sitrep::geo::internal
