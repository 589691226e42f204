// Builds the binary gazetteer index from GeoNames dumps, OpenSyria JSON and sitrep's own
// tables. Inputs are classified first and read in a fixed order (tables, admin codes,
// GeoNames dumps, OpenSyria, alternate names), so the index does not depend on the order
// of the command line; entries are merged by GeoNames id, so a dump read twice adds
// nothing.
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "geo/geo.h"
#include "geo/index_format.h"
#include "util/text.h"

namespace sitrep::geo {
namespace {

namespace fmt = format;
using Json = nlohmann::json;

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
  std::string cc, a1code, a2code;  // GeoNames codes
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

enum class Kind {
  kCountries,
  kAdmin1Names,
  kAcled,
  kStopNames,
  kAdmin1Codes,
  kAdmin2Codes,
  kGeonames,
  kOsGovernorates,
  kOsDistricts,
  kOsSubdistricts,
  kAlternateNames,
  kUnknown
};

std::string Basename(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Reads lines with POSIX getline: dumps can be gigabytes.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : f_(std::fopen(path.c_str(), "rb")) {}
  ~LineReader() {
    if (f_) std::fclose(f_);
    std::free(buf_);
  }
  bool ok() const { return f_ != nullptr; }
  bool Next(std::string_view* line) {
    const ssize_t n = ::getline(&buf_, &cap_, f_);
    if (n < 0) return false;
    size_t len = static_cast<size_t>(n);
    while (len > 0 && (buf_[len - 1] == '\n' || buf_[len - 1] == '\r')) --len;
    *line = std::string_view(buf_, len);
    ++line_no_;
    return true;
  }
  size_t line_no() const { return line_no_; }

 private:
  FILE* f_;
  char* buf_ = nullptr;
  size_t cap_ = 0;
  size_t line_no_ = 0;
};

void SplitTabs(std::string_view line, std::vector<std::string_view>* cols) {
  cols->clear();
  size_t p = 0;
  while (true) {
    const size_t t = line.find('\t', p);
    if (t == std::string_view::npos) {
      cols->push_back(line.substr(p));
      return;
    }
    cols->push_back(line.substr(p, t - p));
    p = t + 1;
  }
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  int64_t v = 0;
  bool neg = false;
  size_t i = 0;
  if (s[0] == '-') {
    neg = true;
    i = 1;
  }
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
    if (v > (int64_t{1} << 53)) return false;
  }
  *out = neg ? -v : v;
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty() || s.size() > 40) return false;
  char buf[48];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  char* end = nullptr;
  *out = std::strtod(buf, &end);
  return end == buf + s.size() && std::isfinite(*out);
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (auto part : SplitString(s, sep)) {
    auto t = TrimWhitespace(part);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

// Generic words of admin-area names; an admin name is also indexed without them
// ("Izra District" -> "Izra", "Muhafazat Dar'a" -> "Dar'a").
bool IsGenericAdminWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "district",     "distrikt",   "subdistrict", "sub-district", "governorate", "province",
      "municipality", "region",     "state",       "county",       "nahiya",      "nahiyat",
      "nahiyah",      "mantiqat",   "muhafazat",   "qadaa",        "qada",        "wilayat",
      "wilayah",      "department", "prefecture",  "محافظة",       "منطقة",       "ناحية",
      "قضاء",         "ولاية"};
  std::string lower;
  for (char c : w) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (auto k : kWords) {
    if (lower == k) return true;
  }
  return false;
}

std::string StripGenericWords(std::string_view name) {
  std::string out;
  size_t kept = 0, total = 0;
  for (auto w : SplitString(name, ' ')) {
    if (w.empty()) continue;
    ++total;
    if (IsGenericAdminWord(w)) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(w);
    ++kept;
  }
  return (kept > 0 && kept < total) ? out : std::string();
}

struct KeyEntry {
  uint64_t hash;
  uint32_t place;
  bool operator<(const KeyEntry& o) const {
    return hash != o.hash ? hash < o.hash : place < o.place;
  }
  bool operator==(const KeyEntry& o) const { return hash == o.hash && place == o.place; }
};

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
  Status ReadAdminCodes(const std::string& path, int level);
  Status ReadGeonames(const std::string& path);
  Status ReadOpenSyria(const std::string& path, Kind kind);
  Status ReadAlternateNames(const std::string& path);
  void Finish();
  Status Write(const std::string& out_path);

  int AddPlace(BPlace p) {
    const int idx = static_cast<int>(places_.size());
    if (p.id != 0) by_id_.emplace(p.id, idx);
    places_.push_back(std::move(p));
    return idx;
  }
  void AddName(BPlace* p, std::string_view n) {
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
  std::unordered_map<std::string, int> os_gov_, os_dist_;  // OpenSyria id -> place
};

Kind Builder::Classify(const std::string& path, std::string* error) {
  const std::string base = Basename(path);
  if (base == "countries.tsv") return Kind::kCountries;
  if (base == "admin1_names.tsv") return Kind::kAdmin1Names;
  if (base == "acled_admin1.tsv") return Kind::kAcled;
  if (base == "stopnames.tsv") return Kind::kStopNames;
  if (base.find("governorates") != std::string::npos && base.ends_with(".json"))
    return Kind::kOsGovernorates;
  if (base.find("subdistricts") != std::string::npos && base.ends_with(".json"))
    return Kind::kOsSubdistricts;
  if (base.find("districts") != std::string::npos && base.ends_with(".json"))
    return Kind::kOsDistricts;
  if (base == "countryInfo.txt") {
    *error = path +
             ": countryInfo.txt is read through countries.tsv (regenerate it with "
             "data/gazetteer/make_countries.py), not imported directly";
    return Kind::kUnknown;
  }
  // Otherwise a GeoNames text file: decide by the first data line's columns.
  LineReader r(path);
  if (!r.ok()) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return Kind::kUnknown;
  }
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    if (cols.size() >= 19) return Kind::kGeonames;
    if (cols.size() == 4) {
      const size_t dots = std::count(cols[0].begin(), cols[0].end(), '.');
      int64_t v;
      if (dots == 1) return Kind::kAdmin1Codes;
      if (dots == 2) return Kind::kAdmin2Codes;
      if (ParseInt(cols[0], &v)) return Kind::kAlternateNames;
    }
    if (cols.size() >= 4 && cols.size() <= 10) {
      int64_t a, b;
      if (ParseInt(cols[0], &a) && ParseInt(cols[1], &b)) return Kind::kAlternateNames;
    }
    break;
  }
  *error = path +
           ": not a recognised gazetteer file (expected a GeoNames dump with 19 "
           "columns, admin1CodesASCII.txt, admin2Codes.txt, alternateNames, or "
           "OpenSyria JSON)";
  return Kind::kUnknown;
}

Status Builder::ReadCountries(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    int64_t num = 0, gid = 0;
    if (cols.size() < 6 || cols[0].size() != 2 || cols[1].size() != 3 || !ParseInt(cols[2], &num) ||
        !ParseInt(cols[3], &gid)) {
      Warn(path, r.line_no(), "expected iso2, iso3, numeric, geonameid, name, region, aliases");
      continue;
    }
    CountryRow c;
    c.iso2 = std::string(cols[0]);
    c.iso3 = std::string(cols[1]);
    c.numeric = static_cast<int>(num);
    c.geonameid = gid;
    c.name = std::string(cols[4]);
    c.region = std::string(cols[5]);
    if (cols.size() > 6) c.aliases = SplitList(cols[6], ';');
    if (country_by_iso2_.count(c.iso2)) continue;
    BPlace p;
    p.id = gid;
    p.name = c.name;
    p.level = Level::kCountry;
    p.fcode = "PCLI";
    p.fclass = 'A';
    p.cc = c.iso2;
    AddName(&p, c.name);
    for (const auto& a : c.aliases) AddName(&p, a);
    c.place = AddPlace(std::move(p));
    country_by_iso2_[c.iso2] = static_cast<int>(countries_.size());
    countries_.push_back(std::move(c));
  }
  return Status::Ok();
}

Status Builder::ReadAdmin1Names(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    if (cols.size() < 2 || cols[0].find('.') == std::string_view::npos || cols[1].empty()) {
      Warn(path, r.line_no(), "expected code, name, capital, aliases");
      continue;
    }
    Admin1Override o;
    o.name = std::string(cols[1]);
    if (cols.size() > 2) o.capital = std::string(cols[2]);
    if (cols.size() > 3) o.aliases = SplitList(cols[3], ';');
    admin1_overrides_[std::string(cols[0])] = std::move(o);
  }
  return Status::Ok();
}

Status Builder::ReadAcled(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    if (cols.size() != 3 || cols[0].size() != 2 || cols[1].empty() || cols[2].empty()) {
      Warn(path, r.line_no(), "expected country code, admin1, ACLED admin1");
      continue;
    }
    acled_lines_.append(std::string(cols[0]) + "\t" + std::string(cols[1]) + "\t" +
                        std::string(cols[2]) + "\n");
  }
  return Status::Ok();
}

Status Builder::ReadStopNames(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::string loose, skel;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    FoldPlaceKeys(line, &loose, &skel);
    if (!loose.empty()) stop_loose_.insert(loose);
  }
  return Status::Ok();
}

Status Builder::ReadAdminCodes(const std::string& path, int level) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    int64_t gid = 0;
    const size_t dots = cols.empty() ? 0 : std::count(cols[0].begin(), cols[0].end(), '.');
    if (cols.size() != 4 || static_cast<int>(dots) != level || !ParseInt(cols[3], &gid) ||
        cols[1].empty() || !IsValidUtf8(line)) {
      Warn(path, r.line_no(),
           level == 1 ? "expected CC.A1, name, asciiname, geonameid"
                      : "expected CC.A1.A2, name, asciiname, geonameid");
      continue;
    }
    const std::string code(cols[0]);
    auto& by_code = level == 1 ? admin1_by_code_ : admin2_by_code_;
    if (by_code.count(code)) continue;  // same dump twice
    auto parts = SplitString(cols[0], '.');
    BPlace p;
    p.id = gid;
    p.level = level == 1 ? Level::kAdmin1 : Level::kAdmin2;
    p.fcode = level == 1 ? "ADM1" : "ADM2";
    p.fclass = 'A';
    p.cc = std::string(parts[0]);
    p.a1code = std::string(parts[1]);
    if (level == 2) p.a2code = std::string(parts[2]);
    std::string display = std::string(cols[2]);  // ASCII spelling reads best in CSVs
    display.erase(std::remove(display.begin(), display.end(), '\''), display.end());
    if (level == 2) {
      std::string stripped = StripGenericWords(display);
      if (!stripped.empty()) display = stripped;
    }
    // "Tartar Rayon", "Al Jawf Region", "South Governorate": ACLED names a province without
    // its kind word ("Tartar", "Al Jawf", "South"); the full name stays a searchable alias.
    std::string full_name;
    if (level == 1) {
      for (std::string_view kind : {" Rayon", " Region", " Governorate", " Province", " Oblast"}) {
        if (display.size() > kind.size() + 2 &&
            std::string_view(display).substr(display.size() - kind.size()) == kind) {
          full_name = display;
          display.resize(display.size() - kind.size());
          break;
        }
      }
    }
    p.name = display;
    if (!full_name.empty()) AddName(&p, full_name);
    if (level == 1) {
      auto it = admin1_overrides_.find(code);
      if (it != admin1_overrides_.end()) {
        p.name = it->second.name;
        for (const auto& a : it->second.aliases) AddName(&p, a);
      }
    }
    AddName(&p, p.name);
    AddName(&p, cols[1]);
    AddName(&p, cols[2]);
    const auto existing = by_id_.find(gid);
    if (existing != by_id_.end()) {
      for (const auto& n : p.names) AddName(&places_[existing->second], n);
      by_code[code] = existing->second;
      continue;
    }
    by_code[code] = AddPlace(std::move(p));
  }
  return Status::Ok();
}

Level LevelOfFeature(char fclass, std::string_view fcode) {
  if (fclass == 'A') {
    if (fcode == "ADM1" || fcode == "ADM1H") return Level::kAdmin1;
    if (fcode == "ADM2" || fcode == "ADM2H") return Level::kAdmin2;
    if (fcode == "ADM3" || fcode == "ADM3H") return Level::kAdmin3;
    if (fcode.starts_with("PCL")) return Level::kCountry;
  }
  return Level::kLocality;
}

Status Builder::ReadGeonames(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    int64_t gid = 0, pop = 0;
    double lat = 0, lon = 0;
    if (cols.size() < 19) {
      Warn(path, r.line_no(),
           "expected 19 tab-separated GeoNames columns, got " + std::to_string(cols.size()));
      continue;
    }
    if (!ParseInt(cols[0], &gid) || gid <= 0) {
      Warn(path, r.line_no(), "bad geonameid");
      continue;
    }
    if (!ParseDouble(cols[4], &lat) || !ParseDouble(cols[5], &lon) || std::abs(lat) > 90 ||
        std::abs(lon) > 180) {
      Warn(path, r.line_no(), "bad latitude/longitude");
      continue;
    }
    if (!IsValidUtf8(line)) {
      Warn(path, r.line_no(), "invalid UTF-8");
      continue;
    }
    if (cols[1].empty()) {
      Warn(path, r.line_no(), "empty name");
      continue;
    }
    if (!cols[14].empty() && !ParseInt(cols[14], &pop)) pop = 0;
    const char fclass = cols[6].empty() ? 0 : cols[6][0];
    const Level level = LevelOfFeature(fclass, cols[7]);
    int idx = -1;
    if (auto it = by_id_.find(gid); it != by_id_.end()) {
      idx = it->second;
    } else {
      BPlace p;
      p.id = gid;
      // The ASCII spelling without ayn/hamza marks reads best in CSVs ("Dar'a" -> "Dara").
      p.name = std::string(cols[2].empty() ? cols[1] : cols[2]);
      p.name.erase(std::remove_if(p.name.begin(), p.name.end(),
                                  [](char c) { return c == '\'' || c == '`'; }),
                   p.name.end());
      p.level = level;
      p.fclass = fclass;
      p.fcode = std::string(cols[7].substr(0, 7));
      p.cc = std::string(cols[8]);
      p.a1code = std::string(cols[10]);
      p.a2code = std::string(cols[11]);
      idx = AddPlace(std::move(p));
    }
    BPlace& p = places_[idx];
    if (!p.has_coord) {
      p.lat = lat;
      p.lon = lon;
      p.has_coord = true;
    }
    p.population = std::max(p.population, pop);
    AddName(&p, cols[1]);
    AddName(&p, cols[2]);
    for (auto alt : SplitString(cols[3], ',')) {
      if (alt.size() >= 3 && alt.find("http") == std::string_view::npos) AddName(&p, alt);
    }
  }
  return Status::Ok();
}

Status Builder::ReadOpenSyria(const std::string& path, Kind kind) {
  std::string text, error;
  if (!ReadFileToString(path, &text, &error)) return Status::IoError(error);
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    Warn(path, 1, "not a JSON array; skipped");
    return Status::Ok();
  }
  const int cc_index = country_by_iso2_.count("SY") ? country_by_iso2_["SY"] : -1;
  size_t row_no = 0;
  for (const auto& row : doc) {
    ++row_no;
    if (!row.is_object() || !row.contains("name") || !row["name"].is_object()) {
      Warn(path, row_no, "row without name (row number given)");
      continue;
    }
    const std::string en = row["name"].value("en", "");
    const std::string ar = row["name"].value("ar", "");
    const std::string os_id = row.value("id", "");
    if (en.empty() || os_id.empty()) {
      Warn(path, row_no, "row without name.en or id (row number given)");
      continue;
    }
    int64_t gid = 0;
    if (row.contains("externalIds") && row["externalIds"].is_object()) {
      const auto& ext = row["externalIds"];
      if (ext.contains("geonames") && ext["geonames"].is_string()) {
        ParseInt(ext["geonames"].get<std::string>(), &gid);
      }
    }
    double lat = 0, lon = 0;
    bool has_coord = false;
    if (row.contains("centroid") && row["centroid"].is_object()) {
      const auto& c = row["centroid"];
      if (c.contains("latitude") && c["latitude"].is_number() && c.contains("longitude") &&
          c["longitude"].is_number()) {
        lat = c["latitude"].get<double>();
        lon = c["longitude"].get<double>();
        has_coord = true;
      }
    }
    int64_t pop = 0;
    if (row.contains("population") && row["population"].is_object() &&
        row["population"].contains("value") && row["population"]["value"].is_number()) {
      pop = row["population"]["value"].get<int64_t>();
    }
    int idx = -1;
    if (gid != 0) {
      if (auto it = by_id_.find(gid); it != by_id_.end()) idx = it->second;
    }
    // A GeoNames id of a locality (not an admin area) must not absorb the admin row.
    const Level want = kind == Kind::kOsGovernorates ? Level::kAdmin1
                       : kind == Kind::kOsDistricts  ? Level::kAdmin2
                                                     : Level::kAdmin3;
    if (idx >= 0 && places_[idx].level != want) idx = -1;
    if (idx < 0) {
      BPlace p;
      p.id = (gid != 0 && !by_id_.count(gid))
                 ? gid
                 : -static_cast<int64_t>(Fnv1a64(os_id) & 0x7FFFFFFFFFFFull);
      p.name = en;
      p.level = want;
      p.fclass = 'A';
      p.fcode = want == Level::kAdmin1 ? "ADM1" : want == Level::kAdmin2 ? "ADM2" : "ADM3";
      p.cc = "SY";
      idx = AddPlace(std::move(p));
    } else if (want != Level::kAdmin1) {
      places_[idx].name = en;  // OCHA spelling for districts, like ACLED's admin2
    }
    BPlace& p = places_[idx];
    if (has_coord && (!p.has_coord || want != Level::kAdmin1)) {
      p.lat = lat;
      p.lon = lon;
      p.has_coord = true;
    }
    p.population = std::max(p.population, pop);
    AddName(&p, en);
    if (!ar.empty()) AddName(&p, ar);
    if (row.contains("aliases") && row["aliases"].is_array()) {
      for (const auto& a : row["aliases"]) {
        if (a.is_object() && a.contains("value") && a["value"].is_string()) {
          AddName(&p, a["value"].get<std::string>());
        }
      }
    }
    (void)cc_index;
    if (kind == Kind::kOsGovernorates) {
      os_gov_[os_id] = idx;
    } else if (kind == Kind::kOsDistricts) {
      os_dist_[os_id] = idx;
      const std::string gov = row.value("governorateId", "");
      if (auto g = os_gov_.find(gov); g != os_gov_.end()) {
        p.admin1 = g->second;
        p.a1code = places_[g->second].a1code;
      }
    } else {
      const std::string gov = row.value("governorateId", "");
      const std::string dist = row.value("districtId", "");
      if (auto g = os_gov_.find(gov); g != os_gov_.end()) {
        p.admin1 = g->second;
        p.a1code = places_[g->second].a1code;
      }
      if (auto d = os_dist_.find(dist); d != os_dist_.end()) p.admin2 = d->second;
    }
  }
  return Status::Ok();
}

Status Builder::ReadAlternateNames(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError("cannot open " + path);
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    int64_t alt_id = 0, gid = 0;
    if (cols.size() < 4 || !ParseInt(cols[0], &alt_id) || !ParseInt(cols[1], &gid) ||
        cols[3].empty()) {
      Warn(path, r.line_no(), "expected alternateNameId, geonameid, isolanguage, name");
      continue;
    }
    const std::string_view lang = cols[2];
    if (lang == "link" || lang == "post" || lang == "iata" || lang == "icao" || lang == "faac" ||
        lang == "abbr" || lang == "wkdt" || lang == "unlc" || lang == "tcid" || lang == "phon" ||
        lang == "piny") {
      continue;
    }
    if (cols.size() > 7 && cols[7] == "1") continue;  // historic names mislead today's news
    auto it = by_id_.find(gid);
    if (it == by_id_.end() || !IsValidUtf8(cols[3])) continue;
    AddName(&places_[it->second], cols[3]);
  }
  return Status::Ok();
}

void Builder::Finish() {
  // Link codes to admin entries.
  for (auto& p : places_) {
    if (p.level == Level::kCountry || p.cc.empty()) continue;
    if (p.admin1 < 0 && !p.a1code.empty() && p.level != Level::kAdmin1) {
      auto it = admin1_by_code_.find(p.cc + "." + p.a1code);
      if (it != admin1_by_code_.end()) p.admin1 = it->second;
    }
    if (p.admin2 < 0 && !p.a2code.empty() && p.level >= Level::kAdmin3) {
      auto it = admin2_by_code_.find(p.cc + "." + p.a1code + "." + p.a2code);
      if (it != admin2_by_code_.end()) p.admin2 = it->second;
    }
  }
  // Entries with GeoNames ADM rows get linked to themselves at their level.
  for (size_t i = 0; i < places_.size(); ++i) {
    auto& p = places_[i];
    if (p.level == Level::kAdmin1) p.admin1 = static_cast<int>(i);
    if (p.level == Level::kAdmin2 && p.admin1 < 0 && !p.a1code.empty()) {
      auto it = admin1_by_code_.find(p.cc + "." + p.a1code);
      if (it != admin1_by_code_.end()) p.admin1 = it->second;
    }
    if (p.level == Level::kAdmin2) p.admin2 = static_cast<int>(i);
    if (p.level == Level::kAdmin3) p.admin3 = static_cast<int>(i);
  }
  // Admin3 layer (OpenSyria sub-districts) without polygons: a locality inside a known
  // admin1 but no admin2 takes the nearest sub-district centre of the same admin1.
  std::unordered_map<int, std::vector<int>> admin3_by_admin1;
  for (size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    if (p.level == Level::kAdmin3 && p.has_coord && p.admin1 >= 0) {
      admin3_by_admin1[p.admin1].push_back(static_cast<int>(i));
    }
  }
  for (auto& p : places_) {
    // Populated places only: a region or mountain range spans sub-districts.
    if (p.level != Level::kLocality || p.fclass != 'P' || p.admin2 >= 0 || p.admin1 < 0 ||
        !p.has_coord)
      continue;
    auto it = admin3_by_admin1.find(p.admin1);
    if (it == admin3_by_admin1.end()) continue;
    double best = 1e18;
    int best_idx = -1;
    for (int a3 : it->second) {
      const double d = DistanceKm(p.lat, p.lon, places_[a3].lat, places_[a3].lon);
      if (d < best) {
        best = d;
        best_idx = a3;
      }
    }
    if (best_idx >= 0 && best < 60) {
      p.admin3 = best_idx;
      p.admin2 = places_[best_idx].admin2;
    }
  }
  // Admin1 coordinates: the provincial capital (ACLED rule).
  std::unordered_map<int, int> capital_of;  // admin1 -> best PPLA/PPLC
  std::unordered_map<int, int> biggest_in;  // admin1 or admin2 -> most populous locality
  std::unordered_map<int, int> ppla2_of;
  for (size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    if (p.level != Level::kLocality || !p.has_coord) continue;
    auto better = [&](std::unordered_map<int, int>& m, int key) {
      auto [it, inserted] = m.emplace(key, static_cast<int>(i));
      if (!inserted && places_[it->second].population < p.population) it->second = i;
    };
    if (p.admin1 >= 0) {
      if (p.fcode == "PPLA" || p.fcode == "PPLC") better(capital_of, p.admin1);
      better(biggest_in, p.admin1);
    }
    if (p.admin2 >= 0) {
      if (p.fcode == "PPLA2") better(ppla2_of, p.admin2);
      better(biggest_in, p.admin2);
    }
  }
  // Explicit capitals from admin1_names.tsv (e.g. Rural Damascus -> Damascus).
  std::unordered_map<int, std::string> capital_name;
  for (const auto& [code, o] : admin1_overrides_) {
    auto it = admin1_by_code_.find(code);
    if (it != admin1_by_code_.end() && !o.capital.empty()) capital_name[it->second] = o.capital;
  }
  for (size_t i = 0; i < places_.size(); ++i) {
    auto& p = places_[i];
    const int key = static_cast<int>(i);
    if (p.level == Level::kAdmin1) {
      int cap = -1;
      if (auto cn = capital_name.find(key); cn != capital_name.end()) {
        for (size_t j = 0; j < places_.size(); ++j) {
          const auto& q = places_[j];
          if (q.level == Level::kLocality && q.cc == p.cc && q.has_coord && q.name == cn->second &&
              (cap < 0 || places_[cap].population < q.population)) {
            cap = static_cast<int>(j);
          }
        }
      }
      if (cap < 0) {
        if (auto c = capital_of.find(key); c != capital_of.end()) cap = c->second;
      }
      if (cap < 0 && !p.has_coord) {
        if (auto c = biggest_in.find(key); c != biggest_in.end()) cap = c->second;
      }
      if (cap >= 0) {
        p.lat = places_[cap].lat;
        p.lon = places_[cap].lon;
        p.has_coord = true;
        p.coord_from_capital = true;
      }
    } else if (p.level == Level::kAdmin2 && !p.has_coord) {
      int src = -1;
      if (auto c = ppla2_of.find(key); c != ppla2_of.end())
        src = c->second;
      else if (auto b = biggest_in.find(key); b != biggest_in.end())
        src = b->second;
      if (src >= 0) {
        p.lat = places_[src].lat;
        p.lon = places_[src].lon;
        p.has_coord = true;
      } else if (p.admin1 >= 0 && places_[p.admin1].has_coord) {
        p.lat = places_[p.admin1].lat;
        p.lon = places_[p.admin1].lon;
        p.has_coord = true;
      }
    }
  }
  // Country coordinates: the capital.
  std::unordered_map<std::string, int> capital_of_country;
  for (size_t j = 0; j < places_.size(); ++j) {
    const auto& q = places_[j];
    if (q.fcode != "PPLC" || !q.has_coord) continue;
    auto [it, inserted] = capital_of_country.emplace(q.cc, static_cast<int>(j));
    if (!inserted && places_[it->second].population < q.population) it->second = j;
  }
  for (auto& c : countries_) {
    auto& cp = places_[c.place];
    if (cp.has_coord) continue;
    if (auto it = capital_of_country.find(c.iso2); it != capital_of_country.end()) {
      cp.lat = places_[it->second].lat;
      cp.lon = places_[it->second].lon;
      cp.has_coord = true;
    }
  }
  // Admin names get a generic-word-free variant too.
  for (auto& p : places_) {
    if (p.level == Level::kLocality || p.level == Level::kCountry) continue;
    const size_t n = p.names.size();
    for (size_t k = 0; k < n; ++k) {
      std::string s = StripGenericWords(p.names[k]);
      if (!s.empty()) AddName(&p, s);
    }
  }
}

Status Builder::Write(const std::string& out_path) {
  if (places_.size() >= fmt::kMaxPlaces) {
    return Status::Unsupported("gazetteer too large: " + std::to_string(places_.size()) +
                               " entries (the index holds up to " +
                               std::to_string(fmt::kMaxPlaces - 1) +
                               "); import country dumps rather than the whole world");
  }
  std::string strings;
  auto add_string = [&](std::string_view s) {
    const uint32_t off = static_cast<uint32_t>(strings.size());
    strings.append(s);
    return off;
  };
  std::vector<fmt::PlaceRec> recs(places_.size());
  std::vector<KeyEntry> loose_entries, skel_entries;
  std::string loose, skel;
  size_t name_pairs = 0;
  for (size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    auto& r = recs[i];
    std::memset(&r, 0, sizeof(r));
    r.id = p.id;
    r.lat_e6 = p.has_coord ? static_cast<int32_t>(std::lround(p.lat * 1e6)) : INT32_MIN;
    r.lon_e6 = p.has_coord ? static_cast<int32_t>(std::lround(p.lon * 1e6)) : INT32_MIN;
    std::string_view name = p.name;
    if (name.size() > 255) name = name.substr(0, 255);
    r.name_off = add_string(name);
    r.name_len = static_cast<uint8_t>(name.size());
    r.population = static_cast<uint32_t>(std::clamp<int64_t>(p.population, 0, UINT32_MAX));
    r.admin1 = p.admin1 >= 0 ? p.admin1 : fmt::kNone;
    r.admin2 = p.admin2 >= 0 ? p.admin2 : fmt::kNone;
    r.admin3 = p.admin3 >= 0 ? p.admin3 : fmt::kNone;
    auto c = country_by_iso2_.find(p.cc);
    r.country = c != country_by_iso2_.end() ? static_cast<uint16_t>(c->second) : 0xFFFF;
    r.level = static_cast<uint8_t>(p.level);
    std::memcpy(r.feature_code, p.fcode.data(), std::min<size_t>(p.fcode.size(), 7));
    r.feature_code[7] = p.fclass;
    for (const auto& n : p.names) {
      FoldPlaceKeys(n, &loose, &skel);
      if (loose.size() < 3) continue;
      // Common words that are also tiny villages somewhere ("Police", "Sunday") only
      // name countries and admin areas.
      if (p.level == Level::kLocality && stop_loose_.count(loose)) continue;
      ++name_pairs;
      const uint32_t posting = (std::min<uint32_t>(r.country, fmt::kNoCountry) << fmt::kPlaceBits) |
                               static_cast<uint32_t>(i);
      loose_entries.push_back({Fnv1a64(loose, fmt::kLooseSeed) | 1, posting});
      if (!skel.empty()) {
        skel_entries.push_back({Fnv1a64(skel, fmt::kSkeletonSeed) | 1, posting});
      }
    }
  }
  std::vector<KeyEntry> entries;
  entries.reserve(loose_entries.size() + skel_entries.size());
  entries.insert(entries.end(), loose_entries.begin(), loose_entries.end());
  entries.insert(entries.end(), skel_entries.begin(), skel_entries.end());
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  // Group by hash into runs: count, then place indices. Run 0 is the empty run that
  // stop names point at.
  std::vector<uint32_t> postings = {0};
  postings.reserve(entries.size() * 2);
  struct Group {
    uint64_t hash;
    uint32_t run;
  };
  std::vector<Group> groups;
  for (size_t i = 0; i < entries.size();) {
    size_t j = i;
    const uint32_t run = static_cast<uint32_t>(postings.size());
    postings.push_back(0);
    while (j < entries.size() && entries[j].hash == entries[i].hash) {
      postings.push_back(entries[j].place);
      ++j;
    }
    postings[run] = static_cast<uint32_t>(j - i);
    groups.push_back({entries[i].hash, run});
    i = j;
  }
  for (const auto& stop : stop_loose_) groups.push_back({Fnv1a64(stop, fmt::kStopSeed) | 1, 0});
  std::sort(groups.begin(), groups.end(),
            [](const Group& a, const Group& b) { return a.hash < b.hash; });
  uint64_t slot_count = 16;
  while (slot_count < groups.size() * 2) slot_count <<= 1;  // load <= 0.5
  std::vector<fmt::KeySlot> slots(slot_count, fmt::KeySlot{0, 0});
  for (const auto& g : groups) {
    uint64_t s = g.hash & (slot_count - 1);
    while (slots[s].tag != 0) s = (s + 1) & (slot_count - 1);
    slots[s] = {fmt::TagOf(g.hash), g.run};
  }
  std::vector<fmt::CountryRec> crecs(countries_.size());
  for (size_t i = 0; i < countries_.size(); ++i) {
    const auto& c = countries_[i];
    auto& r = crecs[i];
    std::memset(&r, 0, sizeof(r));
    std::memcpy(r.iso2, c.iso2.data(), 2);
    std::memcpy(r.iso3, c.iso3.data(), 3);
    r.iso_numeric = static_cast<uint16_t>(c.numeric);
    r.name_off = add_string(c.name);
    r.name_len = static_cast<uint8_t>(std::min<size_t>(c.name.size(), 255));
    r.region_off = add_string(c.region);
    r.region_len = static_cast<uint8_t>(std::min<size_t>(c.region.size(), 255));
    r.place = static_cast<uint32_t>(c.place);
  }
  const uint64_t acled_off = add_string(acled_lines_);

  fmt::Header h;
  std::memset(&h, 0, sizeof(h));
  std::memcpy(h.magic, fmt::kMagic, 8);
  h.version = fmt::kVersion;
  h.place_count = static_cast<uint32_t>(recs.size());
  h.slot_count = slot_count;
  h.posting_count = postings.size();
  h.country_count = static_cast<uint32_t>(crecs.size());
  auto align8 = [](uint64_t v) { return (v + 7) & ~uint64_t{7}; };
  h.places_off = align8(sizeof(h));
  h.slots_off = align8(h.places_off + recs.size() * sizeof(fmt::PlaceRec));
  h.postings_off = align8(h.slots_off + slots.size() * sizeof(fmt::KeySlot));
  h.countries_off = align8(h.postings_off + postings.size() * sizeof(uint32_t));
  h.strings_off = align8(h.countries_off + crecs.size() * sizeof(fmt::CountryRec));
  h.strings_size = strings.size();
  h.acled_off = acled_off;
  h.acled_size = acled_lines_.size();
  h.file_size = h.strings_off + strings.size();

  std::string buf(h.file_size, '\0');
  std::memcpy(buf.data(), &h, sizeof(h));
  std::memcpy(buf.data() + h.places_off, recs.data(), recs.size() * sizeof(fmt::PlaceRec));
  std::memcpy(buf.data() + h.slots_off, slots.data(), slots.size() * sizeof(fmt::KeySlot));
  std::memcpy(buf.data() + h.postings_off, postings.data(), postings.size() * sizeof(uint32_t));
  std::memcpy(buf.data() + h.countries_off, crecs.data(), crecs.size() * sizeof(fmt::CountryRec));
  std::memcpy(buf.data() + h.strings_off, strings.data(), strings.size());

  // Write to a temporary file and rename, so readers never see half an index.
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (!out) return Status::IoError("write failed: " + tmp);
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    return Status::IoError("cannot rename " + tmp + " to " + out_path + ": " +
                           std::strerror(errno));
  }
  report_->places = recs.size();
  report_->names = name_pairs;
  report_->keys = groups.size();
  report_->index_bytes = buf.size();
  return Status::Ok();
}

Status Builder::Run(const std::vector<std::string>& inputs, const std::string& out_path) {
  std::map<Kind, std::vector<std::string>> by_kind;
  std::set<std::string> seen;
  for (const auto& path : inputs) {
    if (!seen.insert(path).second) continue;  // the same file twice
    std::string error;
    const Kind k = Classify(path, &error);
    if (k == Kind::kUnknown) return Status::InvalidInput(error);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return Status::IoError("cannot open " + path);
    by_kind[k].push_back(path);
    report_->inputs.push_back(path);
  }
  static constexpr Kind kOrder[] = {
      Kind::kCountries,   Kind::kAdmin1Names,    Kind::kAcled,         Kind::kStopNames,
      Kind::kAdmin1Codes, Kind::kAdmin2Codes,    Kind::kGeonames,      Kind::kOsGovernorates,
      Kind::kOsDistricts, Kind::kOsSubdistricts, Kind::kAlternateNames};
  for (Kind k : kOrder) {
    auto& paths = by_kind[k];
    std::sort(paths.begin(), paths.end());  // the command line's order does not matter
    for (const auto& path : paths) {
      Status st;
      switch (k) {
        case Kind::kCountries:
          st = ReadCountries(path);
          break;
        case Kind::kAdmin1Names:
          st = ReadAdmin1Names(path);
          break;
        case Kind::kAcled:
          st = ReadAcled(path);
          break;
        case Kind::kStopNames:
          st = ReadStopNames(path);
          break;
        case Kind::kAdmin1Codes:
          st = ReadAdminCodes(path, 1);
          break;
        case Kind::kAdmin2Codes:
          st = ReadAdminCodes(path, 2);
          break;
        case Kind::kGeonames:
          st = ReadGeonames(path);
          break;
        case Kind::kOsGovernorates:
        case Kind::kOsDistricts:
        case Kind::kOsSubdistricts:
          st = ReadOpenSyria(path, k);
          break;
        case Kind::kAlternateNames:
          st = ReadAlternateNames(path);
          break;
        case Kind::kUnknown:
          break;
      }
      SITREP_RETURN_IF_ERROR(st);
    }
  }
  if (places_.empty()) return Status::InvalidInput("no gazetteer entries read from the inputs");
  Finish();
  return Write(out_path);
}

}  // namespace

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

Status BuildIndex(const std::vector<std::string>& inputs, const std::string& out_path,
                  BuildReport* report) {
  BuildReport local;
  Builder b(report ? report : &local);
  return b.Run(inputs, out_path);
}

}  // namespace sitrep::geo
