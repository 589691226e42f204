// The gazetteer: Open() checks gazetteer.idx's header and reads the rest page by page as
// lookups reach it (paged_file.h); lookups fold the name, probe the key table and score
// the candidates against the context.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "geo/geo.h"
#include "geo/index_format.h"
#include "geo/mapped.h"
#include "util/text.h"

namespace sitrep::geo {
namespace {

using mapped::MappedGazetteer;

std::string BuildHint(const std::string& data_dir) {
  return "build it with `sitrep gazetteer build --data-dir " + data_dir +
         "` (or run scripts/install-gazetteer.sh)";
}

// Files whose change makes an index stale (relative to <data_dir>/gazetteer).
constexpr const char* kWatchedFiles[] = {"countries.tsv", "admin1_names.tsv", "acled_admin1.tsv",
                                         "stopnames.tsv", "extra_places.txt", "imports.tsv"};

}  // namespace

namespace mapped {

void MappedGazetteer::ExactHits(std::string_view name, std::vector<Hit>* hits) const {
  std::string loose, skel;
  FoldPlaceKeysCached(name, &loose, &skel);
  hits->clear();
  if (loose.size() < 3) return;
  const Run exact = Probe(Fnv1a64(loose, fmt::kLooseSeed));
  if (exact.flags & fmt::kSlotStop) return;
  for (uint32_t i = 0; i < exact.count; ++i) {
    const uint32_t place = exact.postings[i] & fmt::kPlaceMask;
    if (place < h_.place_count) {
      hits->push_back({place, static_cast<uint8_t>(exact.postings[i] >> fmt::kPlaceBits), true,
                       (exact.postings[i] & fmt::kPostingVillage) != 0});
    }
  }
}

void MappedGazetteer::Collect(std::string_view name, std::vector<Hit>* hits, QueryKind* kind,
                              const CountryFilter* filter, bool* major_elsewhere,
                              bool through_stop) const {
  std::string loose, skel;
  FoldPlaceKeysCached(name, &loose, &skel);
  hits->clear();
  if (loose.size() < 3) return;
  // Both slots, then both runs, are loaded side by side: the misses overlap.
  const uint64_t loose_hash = Fnv1a64(loose, fmt::kLooseSeed);
  const uint64_t skel_hash = skel.empty() ? 0 : Fnv1a64(skel, fmt::kSkeletonSeed);
  if (!skel.empty()) PrefetchSlot(skel_hash);
  const fmt::KeySlot* loose_slot = Find(loose_hash);
  const fmt::KeySlot* skel_slot = skel.empty() ? nullptr : Find(skel_hash);
  PrefetchRun(loose_slot);
  PrefetchRun(skel_slot);
  const Run exact = RunOf(loose_slot);
  if (kind != nullptr) {
    kind->selective = IsSelectiveSkeleton(skel);
    kind->one_word = loose.find(' ') == std::string::npos;
    kind->common_word = (exact.flags & fmt::kSlotWord) != 0;
  }
  if ((exact.flags & fmt::kSlotStop) && !through_stop) return;
  const uint32_t* lp = exact.postings;
  const uint32_t ln = exact.count;
  bool any = false;  // a hit, filtered or not
  hits->reserve(ln);
  for (uint32_t i = 0; i < ln; ++i) {
    const uint32_t place = lp[i] & fmt::kPlaceMask;
    if (place >= h_.place_count) continue;
    any = true;
    const bool village = (lp[i] & fmt::kPostingVillage) != 0;
    const uint32_t country = lp[i] >> fmt::kPlaceBits;
    if (filter != nullptr && village && !Passes(*filter, country)) {
      if (major_elsewhere != nullptr && !*major_elsewhere) *major_elsewhere = IsMajorVillage(place);
      continue;
    }
    hits->push_back({place, static_cast<uint8_t>(country), true, village});
  }
  auto add_variants = [&](const Run& variants) {
    const uint32_t* const end = variants.postings + variants.count;
    // Runs are sorted (by country, then place): a merge walk skips the exact hits.
    const uint32_t* lk = lp;
    auto take = [&](const uint32_t* from, const uint32_t* to) {
      for (const uint32_t* p = from; p < to; ++p) {
        const uint32_t place = *p & fmt::kPlaceMask;
        if (place >= h_.place_count) continue;
        while (lk < lp + ln && *lk < *p) ++lk;
        if (lk < lp + ln && *lk == *p) continue;
        any = true;
        hits->push_back({place, static_cast<uint8_t>(*p >> fmt::kPlaceBits), false,
                         (*p & fmt::kPostingVillage) != 0});
      }
    };
    if (filter == nullptr) return take(variants.postings, end);
    // The filter's countries' blocks, then the block of unknown countries.
    if (!any) {
      any = std::any_of(variants.postings, end,
                        [&](uint32_t p) { return (p & fmt::kPlaceMask) < h_.place_count; });
    }
    const uint32_t* from = variants.postings;
    for (size_t i = 0; i < filter->named_count; ++i) {
      const uint64_t country = filter->named[i];
      from = std::lower_bound(from, end, static_cast<uint32_t>(country << fmt::kPlaceBits));
      const uint32_t* to =
          country + 1 < 256
              ? std::lower_bound(from, end, static_cast<uint32_t>((country + 1) << fmt::kPlaceBits))
              : end;
      take(from, to);
      from = to;
    }
    if (h_.country_count < 256) {
      take(std::lower_bound(from, end, h_.country_count << fmt::kPlaceBits), end);
    }
  };
  if (!skel.empty()) add_variants(RunOf(skel_slot));
  // Arabic script with no Arabic spelling indexed: try its Latin consonants.
  if (!any && static_cast<unsigned char>(loose[0]) >= 0xD8) {
    const std::string latin = LatinSkeletonOfArabic(name);
    if (!latin.empty()) add_variants(Probe(Fnv1a64(latin, fmt::kSkeletonSeed)));
    if (kind != nullptr) kind->selective = IsSelectiveSkeleton(latin);
  }
}

void MappedGazetteer::IndexIso2() {
  iso2_index_.fill(0xFFFF);
  iso2_indexed_ = h_.country_count <= 256;
  for (uint32_t i = 0; i < h_.country_count && iso2_indexed_; ++i) {
    const char a = countries_[i].iso2[0], b = countries_[i].iso2[1];
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
      iso2_indexed_ = false;
      break;
    }
    uint16_t& slot = iso2_index_[(a - 'A') * 26 + (b - 'A')];
    if (slot != 0xFFFF) iso2_indexed_ = false;
    slot = static_cast<uint16_t>(i);
  }
}

void MappedGazetteer::MakeCountryFilter(const std::vector<std::string>& country_codes,
                                        CountryFilter* filter) const {
  for (size_t k = 0; k < country_codes.size(); ++k) {
    const std::string& cc = country_codes[k];
    const uint8_t rank = static_cast<uint8_t>(std::min<size_t>(k + 1, 255));
    auto mark = [&](uint32_t i) {
      if (i < 256 && filter->rank[i] == 0) {
        filter->rank[i] = rank;
        filter->named[filter->named_count++] = static_cast<uint8_t>(i);
      }
    };
    if (iso2_indexed_) {
      // (Every code in the index is two capitals: any other string names no country.)
      if (cc.size() == 2 && cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z') {
        const uint16_t i = iso2_index_[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
        if (i != 0xFFFF) mark(i);
      }
    } else {
      for (uint32_t i = 0; i < h_.country_count; ++i)
        if (cc == std::string_view(countries_[i].iso2, 2)) mark(i);
    }
  }
  std::sort(filter->named.begin(), filter->named.begin() + filter->named_count);
}

Place MappedGazetteer::MakePlace(uint32_t idx) const {
  const fmt::PlaceRec r = Rec(idx);  // (a copy: each read of the index checks its page)
  Place p;
  p.name = std::string(Str(r.name_off, r.name_len));
  if (const auto* c = CountryOf(r)) {
    p.country = std::string(country_names_[2 * r.country]);
    p.country_code = std::string(c->iso2, 2);
    p.iso_numeric = c->iso_numeric;
    p.region = std::string(country_names_[2 * r.country + 1]);
  }
  p.admin1 = std::string(NameOf(r.admin1));
  p.admin2 = std::string(NameOf(r.admin2));
  p.admin3 = std::string(NameOf(r.admin3));
  if (HasCoord(r)) {
    p.latitude = r.lat_e6 / 1e6;
    p.longitude = r.lon_e6 / 1e6;
  }
  p.level = static_cast<Level>(std::min<uint8_t>(r.level, 4));
  p.population = r.population;
  p.feature_code = std::string(r.feature_code, strnlen(r.feature_code, sizeof(r.feature_code)));
  p.village = (r.flags & fmt::kFlagVillage) != 0;
  p.current = (r.flags & fmt::kFlagNotCurrent) == 0;
  p.id = r.id;
  return p;
}

void MappedGazetteer::ParseAcled() {
  std::string_view all =
      Str(static_cast<uint32_t>(h_.acled_off), static_cast<uint32_t>(h_.acled_size));
  for (auto line : SplitString(all, '\n')) {
    auto cols = SplitString(line, '\t');
    if (cols.size() != 3) continue;
    acled_[std::string(cols[0]) + "\t" + std::string(cols[1])] = std::string(cols[2]);
  }
}

std::optional<Place> MappedGazetteer::FindAdmin1(std::string_view name,
                                                 std::string_view country_code,
                                                 bool said_province) const {
  std::vector<Hit> hits;
  Collect(name, &hits, nullptr, nullptr, nullptr, said_province);
  // The exact name of a country is not a spelling variant of a province ("Syria" is not
  // Estonia's Saare).
  bool names_country = false;
  for (const auto& hit : hits) {
    names_country |= hit.exact && Rec(hit.place).level == static_cast<uint8_t>(Level::kCountry);
  }
  const Hit* best = nullptr;
  for (const auto& hit : hits) {
    const auto& r = Rec(hit.place);
    if (r.level != static_cast<uint8_t>(Level::kAdmin1)) continue;
    if (!hit.exact && names_country) continue;
    if (!country_code.empty()) {
      const auto* c = CountryOf(r);
      if (c == nullptr || std::string_view(c->iso2, 2) != country_code) continue;
    }
    if (best == nullptr || (hit.exact && !best->exact)) best = &hit;
  }
  if (best == nullptr) return std::nullopt;
  return MakePlace(best->place);
}

std::optional<Place> MappedGazetteer::FindCountry(std::string_view name) const {
  name = TrimWhitespace(name);
  if ((name.size() == 2 || name.size() == 3) && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c));
      })) {
    for (uint32_t i = 0; i < h_.country_count; ++i) {
      const auto& c = countries_[i];
      if ((name.size() == 2 && name == std::string_view(c.iso2, 2)) ||
          (name.size() == 3 && name == std::string_view(c.iso3, 3))) {
        if (c.place < h_.place_count) return MakePlace(c.place);
      }
    }
  }
  // The index's country-key table holds the answer for every loose key that names a
  // country (the big key table is not touched: most words asked about are no country).
  std::string loose, skel;
  FoldPlaceKeysCached(name, &loose, &skel);
  if (loose.size() < 3) return std::nullopt;
  const uint64_t hash = Fnv1a64(loose, fmt::kLooseSeed) | 1;
  const uint32_t tag = fmt::TagOf(hash);
  const uint64_t mask = h_.country_key_count - 1;
  for (uint64_t n = 0, s = hash & mask; n <= mask; ++n, s = (s + 1) & mask) {
    const fmt::CountryKey& key = country_keys_[s];
    if (key.tag == 0) break;
    if (key.tag == tag) {
      if (key.place < h_.place_count) return MakePlace(key.place);
      break;
    }
  }
  return std::nullopt;
}

bool MappedGazetteer::MayContain(std::string_view name) const {
  std::string loose, skel;
  FoldPlaceKeysCached(name, &loose, &skel);
  if (loose.size() < 3) return false;
  const Run exact = Probe(Fnv1a64(loose, fmt::kLooseSeed));
  if (exact.flags & fmt::kSlotStop) return false;
  if (exact.count > 0) return true;
  return !skel.empty() && Probe(Fnv1a64(skel, fmt::kSkeletonSeed)).count > 0;
}

std::string MappedGazetteer::AcledAdmin1Name(const Place& place) const {
  auto it = acled_.find(place.country_code + "\t" + place.admin1);
  return it != acled_.end() ? it->second : place.admin1;
}

}  // namespace mapped

uint64_t Gazetteer::NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string IndexPath(const std::string& data_dir) { return data_dir + "/gazetteer/gazetteer.idx"; }

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Open(const std::string& data_dir) {
  const std::string path = IndexPath(data_dir);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::NotFound("gazetteer index " + path + " not found (" + std::strerror(errno) +
                            "); " + BuildHint(data_dir));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || static_cast<size_t>(st.st_size) < sizeof(format::Header)) {
    ::close(fd);
    return Status::InvalidInput("gazetteer index " + path + " is truncated; " +
                                BuildHint(data_dir));
  }
  // An index older than the tables it was built from is stale.
  for (const char* f : kWatchedFiles) {
    struct stat fs;
    const std::string src = data_dir + "/gazetteer/" + f;
    if (::stat(src.c_str(), &fs) == 0 &&
        (fs.st_mtim.tv_sec > st.st_mtim.tv_sec ||
         (fs.st_mtim.tv_sec == st.st_mtim.tv_sec && fs.st_mtim.tv_nsec > st.st_mtim.tv_nsec))) {
      ::close(fd);
      return Status::InvalidInput("gazetteer index " + path + " is stale: " + src +
                                  " changed after it was built; re" + BuildHint(data_dir));
    }
  }
  const size_t size = static_cast<size_t>(st.st_size);
  auto file = PagedFile::Adopt(fd, size);
  if (!file.ok()) return file.status();
  format::Header h;
  std::memcpy(&h, (*file)->At(0, sizeof(h)), sizeof(h));
  const bool ours = std::memcmp(h.magic, format::kMagic, 8) == 0 && h.version == format::kVersion;
  if (ours && h.file_size != size) {
    return Status::InvalidInput("gazetteer index " + path + " is truncated or damaged (" +
                                std::to_string(size) + " bytes, its header says " +
                                std::to_string(h.file_size) + "); re" + BuildHint(data_dir));
  }
  if (!ours || !MappedGazetteer::Valid(h, size)) {
    return Status::InvalidInput("gazetteer index " + path +
                                " is stale or from another sitrep version (format " +
                                std::to_string(h.version) + ", expected " +
                                std::to_string(format::kVersion) + "); re" + BuildHint(data_dir));
  }
  return std::shared_ptr<const Gazetteer>(std::make_shared<MappedGazetteer>(std::move(*file), h));
}

std::string AcledAdmin1(const Gazetteer& gazetteer, const Place& place) {
  return gazetteer.AcledAdmin1Name(place);
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

}  // namespace sitrep::geo
