// Readers of gazetteer sources, one per kind: sitrep's tables, GeoNames admin codes and
// dumps, the village layer (GeoNames rows with Who's On First's region and district),
// OpenSyria JSON and GeoNames alternate names. Each adds entries and names to the Builder;
// a malformed line is a warning, an unreadable file an error.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "geo/builder.h"
#include "geo/line_reader.h"
#include "util/text.h"

namespace sitrep::geo::internal {

using Json = nlohmann::json;

namespace {

// A reader stops at the end of its file or at an error (corrupt compressed data, a
// runaway line): the error fails the build, naming the file.
Status EndOfFile(const LineReader& r) {
  return r.error().empty() ? Status::Ok() : Status::InvalidInput(r.error());
}

}  // namespace

std::string Basename(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

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
namespace {
bool IsGenericAdminWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "district", "distrikt", "subdistrict", "sub-district", "governorate", "province",
      "municipality", "region", "state", "county", "nahiya", "nahiyat", "nahiyah", "mantiqat",
      "muhafazat", "qadaa", "qada", "wilayat", "wilayah", "department", "prefecture", "محافظة",
      "منطقة", "ناحية", "قضاء", "ولاية",
      // GeoNames' admin2 names in Spanish, Portuguese, French: "Municipio de Acapulco de
      // Juárez", "Partido de La Matanza", "Département de Bama".
      "municipio", "departamento", "provincia", "partido", "distrito", "département", "commune",
      "daïra", "ward",
      // Pakistan's agencies and tehsils, Ethiopia's zones and woredas, Congo's territories,
      // Mali's cercles, Bangladesh's upazilas, Nigeria's LGAs: "Bajaur Agency" -> "Bajaur".
      "agency", "tehsil", "zone", "woreda", "territory", "territoire", "cercle", "upazila",
      "sub-prefecture", "lga"};
  std::string lower;
  for (char c : w) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (auto k : kWords) {
    if (lower == k) return true;
  }
  return false;
}
}  // namespace

// French article words after a generic word: "Province du Soum", "Province de la Tapoa",
// "Région de l'Est".
// The article or preposition after a kind word: "Province du Nord", "Province of Samar",
// "Municipio de Acapulco", "Provincia di Roma", "Distrito do Porto".
bool IsArticleAfterKind(std::string_view w) {
  return w == "du" || w == "de" || w == "la" || w == "des" || w == "le" || w == "les" ||
         w == "of" || w == "del" || w == "di" || w == "do" || w == "da" || w == "dos" || w == "das";
}

// "l'Oudalan", "l’Oudalan", "d'Ivoire": the name after the elided article.
std::string_view WithoutElidedArticle(std::string_view w) {
  if (w.size() > 2 && (w[0] == 'l' || w[0] == 'd') && w[1] == '\'') return w.substr(2);
  if (w.size() > 4 && (w[0] == 'l' || w[0] == 'd') && w.substr(1, 3) == "\xE2\x80\x99")
    return w.substr(4);
  return w;
}

std::string StripGenericWords(std::string_view name) {
  std::string out;
  size_t kept = 0, total = 0;
  bool after_generic = false;
  for (auto w : SplitString(name, ' ')) {
    if (w.empty()) continue;
    ++total;
    if (IsGenericAdminWord(w)) {
      after_generic = true;
      continue;
    }
    if (after_generic && IsArticleAfterKind(w)) continue;
    if (after_generic) w = WithoutElidedArticle(w);
    after_generic = false;
    if (!out.empty()) out.push_back(' ');
    out.append(w);
    ++kept;
  }
  return (kept > 0 && kept < total) ? out : std::string();
}

Status Builder::ReadCountries(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
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
  return EndOfFile(r);
}

Status Builder::ReadAdmin1Names(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
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
  return EndOfFile(r);
}

Status Builder::ReadAcled(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
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
  return EndOfFile(r);
}

Status Builder::ReadStopNames(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
  std::string_view line;
  std::string loose, skel;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    FoldPlaceKeys(line, &loose, &skel);
    if (!loose.empty()) stop_loose_.insert(loose);
  }
  return EndOfFile(r);
}

// A word list, one word a line (Debian's /usr/share/dict/words): the lower-case entries are
// ordinary words, which never name a village; capitalised entries are names and skipped.
Status Builder::ReadWords(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
  std::string_view line;
  std::string loose, skel;
  while (r.Next(&line)) {
    if (line.size() < 3 ||
        !std::all_of(line.begin(), line.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      continue;
    FoldPlaceKeys(line, &loose, &skel);
    if (loose.size() >= 3) common_words_.insert(loose);
  }
  return EndOfFile(r);
}

Status Builder::ReadAdminCodes(const std::string& path, int level) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
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
    if (level == 1) {
      auto o = admin1_overrides_.find(code);
      if (o != admin1_overrides_.end() && o->second.name == "-") continue;  // obsolete division
    }
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
    if (level == 2) {
      std::string stripped = StripGenericWords(display);
      if (!stripped.empty()) display = stripped;
    }
    display.erase(std::remove(display.begin(), display.end(), '\''), display.end());
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
  return EndOfFile(r);
}

// admin1_names.tsv rows whose code no admin1 table has: divisions GeoNames dropped but
// towns and news still use (South Sudan's ten states, the codes of its cities500 rows).
void Builder::AddAdmin1FromOverrides() {
  for (const auto& [code, o] : admin1_overrides_) {
    if (o.name == "-" || admin1_by_code_.count(code)) continue;
    const size_t dot = code.find('.');
    BPlace p;
    p.id = -static_cast<int64_t>(Fnv1a64(code) & 0x7FFFFFFFFFFFull);
    p.level = Level::kAdmin1;
    p.fcode = "ADM1";
    p.fclass = 'A';
    p.cc = code.substr(0, dot);
    p.a1code = code.substr(dot + 1);
    p.name = o.name;
    AddName(&p, o.name);
    for (const auto& a : o.aliases) AddName(&p, a);
    admin1_by_code_[code] = AddPlace(std::move(p));
  }
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
  if (!r.ok()) return Status::IoError(r.error());
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
  return EndOfFile(r);
}

// The village layer: GeoNames' 19 columns, then Who's On First's id, place type, region,
// county and current flag (docs/gazetteer.md, "Sources"). A row whose GeoNames id a dump
// already gave only adds its names (the dump's point and population are newer); a row
// without a GeoNames id is keyed on its WOF id.
Status Builder::ReadVillages(const std::string& path) {
  LineReader r(path);
  if (!r.ok()) return Status::IoError(r.error());
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    if (cols.size() < 24) {
      Warn(
          path, r.line_no(),
          "expected 24 tab-separated columns (GeoNames + WOF), got " + std::to_string(cols.size()));
      continue;
    }
    int64_t gid = 0, wof_id = 0, pop = 0;
    double lat = 0, lon = 0;
    if ((!cols[0].empty() && !ParseInt(cols[0], &gid)) || !ParseInt(cols[19], &wof_id) ||
        wof_id <= 0) {
      Warn(path, r.line_no(), "bad geonameid or WOF id");
      continue;
    }
    if (gid < 0) gid = 0;  // WOF's "-1": no GeoNames record
    if (!ParseDouble(cols[4], &lat) || !ParseDouble(cols[5], &lon) || std::abs(lat) > 90 ||
        std::abs(lon) > 180) {
      Warn(path, r.line_no(), "bad latitude/longitude");
      continue;
    }
    if (!IsValidUtf8(line)) {
      Warn(path, r.line_no(), "invalid UTF-8");
      continue;
    }
    if (cols[1].empty() || cols[8].size() != 2) {
      Warn(path, r.line_no(), "empty name or country code");
      continue;
    }
    const int64_t id = gid > 0 ? gid : -wof_id;
    int idx = -1;
    if (auto it = by_id_.find(id); it != by_id_.end()) {
      idx = it->second;
      BPlace& known = places_[idx];
      if (!(known.flags & format::kFlagVillage)) {
        // A town a GeoNames dump already gave keeps that dump's names: WOF adds dozens of
        // transliterations in other languages ("Chudaida" for Al Hudaydah) whose
        // consonants meet unrelated press spellings; the region and district still help.
        ++report_->villages_merged;
        if (known.region.empty()) known.region = std::string(cols[21]);
        if (known.county.empty()) known.county = std::string(cols[22]);
        continue;
      }
    } else {
      if (!cols[14].empty() && !ParseInt(cols[14], &pop)) pop = 0;
      BPlace p;
      p.id = id;
      // The ASCII spelling without ayn/hamza marks reads best in CSVs; a WOF-only row's
      // "ASCII" name may be Cyrillic: then the GeoNames name.
      std::string_view display = cols[2];
      if (display.empty() ||
          std::any_of(display.begin(), display.end(), [](char c) { return c & 0x80; }))
        display = cols[1];
      p.name = std::string(display);
      std::erase_if(p.name, [](char c) { return c == '\'' || c == '`'; });
      p.has_coord = true;
      p.lat = lat;
      p.lon = lon;
      p.population = pop;
      p.fclass = 'P';
      p.fcode = std::string(cols[7].substr(0, 5));
      p.level = Level::kLocality;
      p.flags = format::kFlagVillage;
      if (cols[23] == "0" || p.fcode == "PPLQ" || p.fcode == "PPLW" || p.fcode == "PPLH")
        p.flags |= format::kFlagNotCurrent;
      p.cc = std::string(cols[8]);
      p.a1code = std::string(cols[10]);
      p.a2code = std::string(cols[11]);
      idx = AddPlace(std::move(p));
    }
    BPlace& p = places_[idx];
    if (p.region.empty()) p.region = std::string(cols[21]);
    if (p.county.empty()) p.county = std::string(cols[22]);
    AddName(&p, cols[1]);
    AddName(&p, cols[2]);
    for (auto alt : SplitString(cols[3], ',')) {
      if (alt.size() >= 3 && alt.find("http") == std::string_view::npos) AddName(&p, alt);
    }
  }
  return EndOfFile(r);
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
  if (!r.ok()) return Status::IoError(r.error());
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
  return EndOfFile(r);
}

}  // namespace sitrep::geo::internal
