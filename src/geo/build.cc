// The index builder: classifies the inputs, reads them by kind in a fixed order (tables,
// admin codes, GeoNames dumps, villages, OpenSyria, alternate names), so the index does
// not depend on the order of the command line, links entries to their admin areas
// (link.cc) and writes the binary index (layout in index_format.h). Entries are merged by
// GeoNames id, so a dump read twice adds nothing.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

#include "geo/builder.h"
#include "geo/line_reader.h"
#include "geo/score.h"
#include "util/text.h"

namespace sitrep::geo {
namespace internal {

namespace fmt = format;

namespace {

struct KeyEntry {
  uint64_t hash;
  uint32_t place;
  bool operator<(const KeyEntry& o) const {
    return hash != o.hash ? hash < o.hash : place < o.place;
  }
  bool operator==(const KeyEntry& o) const { return hash == o.hash && place == o.place; }
};

}  // namespace

Kind Builder::Classify(const std::string& path, std::string* error) {
  const std::string base = Basename(path);
  if (base == "countries.tsv") return Kind::kCountries;
  if (base == "admin1_names.tsv") return Kind::kAdmin1Names;
  if (base == "acled_admin1.tsv") return Kind::kAcled;
  if (base == "stopnames.tsv") return Kind::kStopNames;
  if (base == "words" || base == "american-english" || base == "british-english" ||
      base.ends_with(".words"))
    return Kind::kWords;
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
    *error = "cannot open " + r.error();
    return Kind::kUnknown;
  }
  std::string_view line;
  std::vector<std::string_view> cols;
  while (r.Next(&line)) {
    if (line.empty() || line[0] == '#') continue;
    SplitTabs(line, &cols);
    int64_t wof_id;
    if (cols.size() >= 24 && ParseInt(cols[19], &wof_id)) return Kind::kVillages;
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
  if (!r.error().empty()) {
    *error = r.error();
    return Kind::kUnknown;
  }
  *error = path +
           ": not a recognised gazetteer file (expected a GeoNames dump with 19 "
           "columns, a village file with 24, admin1CodesASCII.txt, admin2Codes.txt, "
           "alternateNames, or OpenSyria JSON; plain, .xz or .gz)";
  return Kind::kUnknown;
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
  std::unordered_set<uint64_t> country_loose;  // loose keys of country entries
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
    // The name's shape and skeleton (PlaceShape) follow it, each after its length byte,
    // for the spelling-variant test (length 255: not stored, fold the name).
    {
      std::string shape_skeleton;
      std::string shape = PlaceShape(name, &shape_skeleton);
      for (std::string* part : {&shape, &shape_skeleton}) {
        const bool fits = part->size() < 255;
        strings.push_back(static_cast<char>(fits ? part->size() : 255));
        if (fits) strings.append(*part);
      }
    }
    r.population = static_cast<uint32_t>(std::clamp<int64_t>(p.population, 0, UINT32_MAX));
    r.admin1 = p.admin1 >= 0 ? p.admin1 : fmt::kNone;
    r.admin2 = p.admin2 >= 0 ? p.admin2 : fmt::kNone;
    r.admin3 = p.admin3 >= 0 ? p.admin3 : fmt::kNone;
    auto c = country_by_iso2_.find(p.cc);
    r.country = c != country_by_iso2_.end() ? static_cast<uint16_t>(c->second) : 0xFFFF;
    r.level = static_cast<uint8_t>(p.level);
    std::memcpy(r.feature_code, p.fcode.data(), std::min<size_t>(p.fcode.size(), 5));
    r.feature_class = p.fclass;
    r.flags = p.flags;
    for (const auto& n : p.names) {
      FoldPlaceKeys(n, &loose, &skel);
      if (loose.size() < 3) continue;
      // Common words that are also tiny villages somewhere ("Police", "Sunday") only
      // name countries and admin areas.
      if (p.level == Level::kLocality && stop_loose_.count(loose)) continue;
      ++name_pairs;
      const uint32_t posting = (std::min<uint32_t>(r.country, fmt::kNoCountry) << fmt::kPlaceBits) |
                               ((p.flags & fmt::kFlagVillage) ? fmt::kPostingVillage : 0) |
                               static_cast<uint32_t>(i);
      loose_entries.push_back({Fnv1a64(loose, fmt::kLooseSeed) | 1, posting});
      if (p.level == Level::kCountry) country_loose.insert(loose_entries.back().hash);
      // A village is matched under a selective skeleton only (IsSelectiveSkeleton): the
      // others would only lengthen the postings of short keys.
      const bool village = (p.flags & fmt::kFlagVillage) != 0;
      if (!skel.empty() && (!village || IsSelectiveSkeleton(skel))) {
        skel_entries.push_back({Fnv1a64(skel, fmt::kSkeletonSeed) | 1, posting});
      }
    }
  }
  std::vector<KeyEntry> entries = std::move(loose_entries);
  entries.insert(entries.end(), skel_entries.begin(), skel_entries.end());
  std::vector<KeyEntry>().swap(skel_entries);  // (the village layer makes these large)
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
  // Stop names and English words flag the slot of their loose key (a new slot with the
  // empty run when no entry has that key).
  std::unordered_map<uint64_t, uint32_t> flags;
  for (const auto& stop : stop_loose_) flags[Fnv1a64(stop, fmt::kLooseSeed) | 1] |= fmt::kSlotStop;
  for (const auto& word : common_words_)
    flags[Fnv1a64(word, fmt::kLooseSeed) | 1] |= fmt::kSlotWord;
  for (auto& g : groups) {
    if (auto it = flags.find(g.hash); it != flags.end()) {
      g.run |= it->second;
      flags.erase(it);
    }
  }
  for (const auto& [hash, f] : flags) groups.push_back({hash, f});
  if (postings.size() > fmt::kRunMask)
    return Status::Unsupported("gazetteer too large: " + std::to_string(postings.size()) +
                               " postings (the index holds up to " + std::to_string(fmt::kRunMask) +
                               ")");
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
  std::vector<uint32_t> major_villages;  // ascending
  for (size_t i = 0; i < recs.size(); ++i) {
    if ((recs[i].flags & fmt::kFlagVillage) && score::IsMajorOrDistrict(recs[i]))
      major_villages.push_back(static_cast<uint32_t>(i));
  }
  std::vector<fmt::CountryRec> crecs(countries_.size());
  // FindCountry's answer for every loose key of a country, found as it would find it: the
  // first posting that is a country's own entry (its posting's country points back at it,
  // or the country is past the posting's 8 bits), unless the key is a stop name.
  std::vector<fmt::CountryKey> country_keys;
  {
    std::vector<std::pair<uint64_t, uint32_t>> named;
    for (const auto& g : groups) {
      if (!country_loose.count(g.hash) || (g.run & fmt::kSlotStop)) continue;
      const uint32_t run = g.run & fmt::kRunMask;
      for (uint32_t k = 0; k < postings[run]; ++k) {
        const uint32_t country = postings[run + 1 + k] >> fmt::kPlaceBits;
        const uint32_t place = postings[run + 1 + k] & fmt::kPlaceMask;
        const bool own =
            country == fmt::kNoCountry ||
            (country < countries_.size() && countries_[country].place == static_cast<int>(place));
        if (own && place < places_.size() && places_[place].level == Level::kCountry) {
          named.emplace_back(g.hash, place);
          break;
        }
      }
    }
    uint64_t count = 16;
    while (count < named.size() * 2) count <<= 1;  // load <= 0.5
    country_keys.assign(count, fmt::CountryKey{0, 0});
    for (const auto& [hash, place] : named) {
      uint64_t s = hash & (count - 1);
      while (country_keys[s].tag != 0) s = (s + 1) & (count - 1);
      country_keys[s] = {fmt::TagOf(hash), place};
    }
  }
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
  h.country_key_count = static_cast<uint32_t>(country_keys.size());
  auto align8 = [](uint64_t v) { return (v + 7) & ~uint64_t{7}; };
  h.places_off = align8(sizeof(h));
  h.slots_off = align8(h.places_off + recs.size() * sizeof(fmt::PlaceRec));
  h.postings_off = align8(h.slots_off + slots.size() * sizeof(fmt::KeySlot));
  h.countries_off = align8(h.postings_off + postings.size() * sizeof(uint32_t));
  h.country_keys_off = align8(h.countries_off + crecs.size() * sizeof(fmt::CountryRec));
  h.major_villages_off = align8(h.country_keys_off + country_keys.size() * sizeof(fmt::CountryKey));
  h.major_village_count = static_cast<uint32_t>(major_villages.size());
  h.strings_off = align8(h.major_villages_off + major_villages.size() * sizeof(uint32_t));
  h.strings_size = strings.size();
  h.acled_off = acled_off;
  h.acled_size = acled_lines_.size();
  h.file_size = h.strings_off + strings.size();

  // Write the sections in order (zero padding between them) to a temporary file, then
  // rename, so readers never see half an index.
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
    uint64_t at = 0;
    auto section = [&](uint64_t offset, const void* data, size_t bytes) {
      static constexpr char kZeros[8] = {};
      out.write(kZeros, static_cast<std::streamsize>(offset - at));
      out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
      at = offset + bytes;
    };
    section(0, &h, sizeof(h));
    section(h.places_off, recs.data(), recs.size() * sizeof(fmt::PlaceRec));
    section(h.slots_off, slots.data(), slots.size() * sizeof(fmt::KeySlot));
    section(h.postings_off, postings.data(), postings.size() * sizeof(uint32_t));
    section(h.countries_off, crecs.data(), crecs.size() * sizeof(fmt::CountryRec));
    section(h.country_keys_off, country_keys.data(), country_keys.size() * sizeof(fmt::CountryKey));
    section(h.major_villages_off, major_villages.data(), major_villages.size() * sizeof(uint32_t));
    section(h.strings_off, strings.data(), strings.size());
    if (!out || at != h.file_size) return Status::IoError("write failed: " + tmp);
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    return Status::IoError("cannot rename " + tmp + " to " + out_path + ": " +
                           std::strerror(errno));
  }
  report_->places = recs.size();
  report_->names = name_pairs;
  report_->keys = groups.size();
  report_->index_bytes = h.file_size;
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
      Kind::kCountries,     Kind::kAdmin1Names,    Kind::kAcled,       Kind::kStopNames,
      Kind::kWords,         Kind::kAdmin1Codes,    Kind::kAdmin2Codes, Kind::kGeonames,
      Kind::kVillages,      Kind::kOsGovernorates, Kind::kOsDistricts, Kind::kOsSubdistricts,
      Kind::kAlternateNames};
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
        case Kind::kWords:
          st = ReadWords(path);
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
        case Kind::kVillages:
          st = ReadVillages(path);
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
    if (k == Kind::kAdmin1Codes) AddAdmin1FromOverrides();
  }
  if (places_.empty()) return Status::InvalidInput("no gazetteer entries read from the inputs");
  if (!by_kind[Kind::kVillages].empty() && by_kind[Kind::kWords].empty()) {
    report_->notes.push_back(
        "no English word list read (/usr/share/dict/words, Debian package wamerican): "
        "villages named like English words are not filtered");
  }
  Finish();
  return Write(out_path);
}

}  // namespace internal

Status BuildIndex(const std::vector<std::string>& inputs, const std::string& out_path,
                  BuildReport* report) {
  BuildReport local;
  internal::Builder b(report ? report : &local);
  return b.Run(inputs, out_path);
}

}  // namespace sitrep::geo
