// The memory-mapped gazetteer: Open() maps gazetteer.idx and checks its header; lookups
// fold the name, probe the key table and score the candidates against the context.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "geo/geo.h"
#include "geo/index_format.h"
#include "geo/score.h"
#include "util/text.h"

namespace sitrep::geo {
namespace {

namespace fmt = format;
using score::EditDistance;
using score::FeatureBonus;
using score::IsBig;
using score::IsMajor;
using score::IsMajorOrDistrict;
using score::kMajorExactPenalty;
using score::kVillagePenalty;
using score::PopulationBonus;
using score::RecordPenalty;
using score::VariantYieldsToExactVillage;

std::string BuildHint(const std::string& data_dir) {
  return "build it with `sitrep gazetteer build --data-dir " + data_dir +
         "` (or run scripts/install-gazetteer.sh)";
}

// Files whose change makes an index stale (relative to <data_dir>/gazetteer).
constexpr const char* kWatchedFiles[] = {"countries.tsv", "admin1_names.tsv", "acled_admin1.tsv",
                                         "stopnames.tsv", "extra_places.txt", "imports.tsv"};

class MappedGazetteer final : public Gazetteer {
 public:
  MappedGazetteer(void* base, size_t size) : base_(static_cast<const char*>(base)), size_(size) {
    std::memcpy(&h_, base_, sizeof(h_));
    places_ = reinterpret_cast<const fmt::PlaceRec*>(base_ + h_.places_off);
    slots_ = reinterpret_cast<const fmt::KeySlot*>(base_ + h_.slots_off);
    postings_ = reinterpret_cast<const uint32_t*>(base_ + h_.postings_off);
    countries_ = reinterpret_cast<const fmt::CountryRec*>(base_ + h_.countries_off);
    country_keys_ = reinterpret_cast<const fmt::CountryKey*>(base_ + h_.country_keys_off);
    major_villages_ = reinterpret_cast<const uint32_t*>(base_ + h_.major_villages_off);
    strings_ = base_ + h_.strings_off;
    ParseAcled();
  }
  ~MappedGazetteer() override { ::munmap(const_cast<char*>(base_), size_); }

  // Checks that every section lies inside the file.
  static bool Valid(const fmt::Header& h, size_t size) {
    auto in = [&](uint64_t off, uint64_t bytes) { return off <= size && bytes <= size - off; };
    return h.file_size == size && (h.slot_count & (h.slot_count - 1)) == 0 && h.slot_count > 0 &&
           in(h.places_off, uint64_t{h.place_count} * sizeof(fmt::PlaceRec)) &&
           in(h.slots_off, h.slot_count * sizeof(fmt::KeySlot)) &&
           in(h.postings_off, h.posting_count * sizeof(uint32_t)) &&
           in(h.countries_off, uint64_t{h.country_count} * sizeof(fmt::CountryRec)) &&
           (h.country_key_count & (h.country_key_count - 1)) == 0 && h.country_key_count > 0 &&
           in(h.country_keys_off, uint64_t{h.country_key_count} * sizeof(fmt::CountryKey)) &&
           in(h.major_villages_off, uint64_t{h.major_village_count} * sizeof(uint32_t)) &&
           in(h.strings_off, h.strings_size) && h.acled_off + h.acled_size <= h.strings_size;
  }

  using Gazetteer::Lookup;
  std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context,
                                const LookupOptions& options) const override;
  std::optional<Candidate> LookupBest(std::string_view name,
                                      const GeoContext& context) const override;
  std::optional<Place> FindAdmin1(std::string_view name,
                                  std::string_view country_code) const override;
  std::optional<Place> FindCountry(std::string_view name) const override;
  bool MayContain(std::string_view name) const override;
  std::string AcledAdmin1Name(const Place& place) const override;
  size_t size() const override { return h_.place_count; }

 private:
  struct Hit {
    uint32_t place;
    uint8_t country;  // CountryRec index from the posting, kNoCountry when unknown
    bool exact;
    bool village;  // from the posting (kPostingVillage)
  };

  // The slot of a key hash, or nullptr.
  const fmt::KeySlot* Find(uint64_t hash) const {
    hash |= 1;
    const uint32_t tag = fmt::TagOf(hash);
    uint64_t s = hash & (h_.slot_count - 1);
    for (uint64_t n = 0; n < h_.slot_count; ++n, s = (s + 1) & (h_.slot_count - 1)) {
      const auto& slot = slots_[s];
      if (slot.tag == 0) return nullptr;
      if (slot.tag == tag) return &slot;
    }
    return nullptr;  // a full table: only in a damaged file
  }

  // Postings of one key hash (empty span when absent).
  // The postings of a key and its slot's flags (kSlotStop, kSlotWord).
  struct Run {
    const uint32_t* postings = nullptr;
    uint32_t count = 0;
    uint32_t flags = 0;
  };
  Run Probe(uint64_t hash) const {
    const fmt::KeySlot* slot = Find(hash);
    if (slot == nullptr) return {};
    const uint32_t run = slot->run & fmt::kRunMask;
    const uint32_t flags = slot->run & ~fmt::kRunMask;
    if (run >= h_.posting_count) return {nullptr, 0, flags};
    const uint32_t count = postings_[run];
    if (uint64_t{run} + 1 + count > h_.posting_count) return {nullptr, 0, flags};
    return {postings_ + run + 1, count, flags};
  }

  // What a query's keys say about the variants it may stand for.
  struct QueryKind {
    // The variants came from a skeleton selective enough for villages: at least four
    // Latin consonants (not the vowel-class key of a short name) or three Arabic letters.
    bool selective = false;
    bool one_word = false;
    bool common_word = false;  // a lower-case English word ("Command"): never a village
  };

  // Hits of `name`'s loose key only: the exact spellings, without walking the (longer)
  // postings of its skeleton. For callers that take exact hits only.
  void ExactHits(std::string_view name, std::vector<Hit>* hits) const {
    std::string loose, skel;
    FoldPlaceKeys(name, &loose, &skel);
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

  // Hits of `name`'s loose key (exact) and skeleton (variants).
  void Collect(std::string_view name, std::vector<Hit>* hits, QueryKind* kind = nullptr) const {
    std::string loose, skel;
    FoldPlaceKeys(name, &loose, &skel);
    hits->clear();
    if (loose.size() < 3) return;
    const Run exact = Probe(Fnv1a64(loose, fmt::kLooseSeed));
    if (kind != nullptr) {
      kind->selective = IsSelectiveSkeleton(skel);
      kind->one_word = loose.find(' ') == std::string::npos;
      kind->common_word = (exact.flags & fmt::kSlotWord) != 0;
    }
    if (exact.flags & fmt::kSlotStop) return;
    const uint32_t* lp = exact.postings;
    const uint32_t ln = exact.count;
    hits->reserve(ln);
    for (uint32_t i = 0; i < ln; ++i) {
      const uint32_t place = lp[i] & fmt::kPlaceMask;
      if (place < h_.place_count) {
        hits->push_back({place, static_cast<uint8_t>(lp[i] >> fmt::kPlaceBits), true,
                         (lp[i] & fmt::kPostingVillage) != 0});
      }
    }
    auto add_variants = [&](const std::string& key) {
      const Run variants = Probe(Fnv1a64(key, fmt::kSkeletonSeed));
      const uint32_t* sp = variants.postings;
      const uint32_t sn = variants.count;
      hits->reserve(hits->size() + sn);
      // Runs are sorted by place index: a merge walk skips the exact hits.
      uint32_t k = 0;
      for (uint32_t i = 0; i < sn; ++i) {
        const uint32_t place = sp[i] & fmt::kPlaceMask;
        if (place >= h_.place_count) continue;
        while (k < ln && lp[k] < sp[i]) ++k;
        if (k < ln && lp[k] == sp[i]) continue;
        hits->push_back({place, static_cast<uint8_t>(sp[i] >> fmt::kPlaceBits), false,
                         (sp[i] & fmt::kPostingVillage) != 0});
      }
    };
    if (!skel.empty()) add_variants(skel);
    // Arabic script with no Arabic spelling indexed: try its Latin consonants.
    if (hits->empty() && static_cast<unsigned char>(loose[0]) >= 0xD8) {
      const std::string latin = LatinSkeletonOfArabic(name);
      if (!latin.empty()) add_variants(latin);
      if (kind != nullptr) kind->selective = IsSelectiveSkeleton(latin);
    }
  }

  std::string_view Str(uint32_t off, uint32_t len) const {
    if (off > h_.strings_size || len > h_.strings_size - off) return {};
    return std::string_view(strings_ + off, len);
  }
  std::string_view NameOf(uint32_t idx) const {
    if (idx >= h_.place_count) return {};
    return Str(places_[idx].name_off, places_[idx].name_len);
  }
  const fmt::CountryRec* CountryOf(const fmt::PlaceRec& r) const {
    return r.country < h_.country_count ? &countries_[r.country] : nullptr;
  }
  bool HasCoord(const fmt::PlaceRec& r) const { return r.lat_e6 != INT32_MIN; }

  Place MakePlace(uint32_t idx) const {
    const auto& r = places_[idx];
    Place p;
    p.name = std::string(NameOf(idx));
    if (const auto* c = CountryOf(r)) {
      p.country = std::string(Str(c->name_off, c->name_len));
      p.country_code = std::string(c->iso2, 2);
      p.iso_numeric = c->iso_numeric;
      p.region = std::string(Str(c->region_off, c->region_len));
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

  void ParseAcled() {
    std::string_view all =
        Str(static_cast<uint32_t>(h_.acled_off), static_cast<uint32_t>(h_.acled_size));
    for (auto line : SplitString(all, '\n')) {
      auto cols = SplitString(line, '\t');
      if (cols.size() != 3) continue;
      acled_[std::string(cols[0]) + "\t" + std::string(cols[1])] = std::string(cols[2]);
    }
  }

  std::vector<Candidate> LookupImpl(std::string_view name, const GeoContext& context,
                                    const LookupOptions& options) const;

  // Admin1 entries named in the context, for the province bonus.
  std::vector<uint32_t> ContextAdmin1(const GeoContext& context) const;

  const char* base_;
  size_t size_;
  fmt::Header h_;
  const fmt::PlaceRec* places_;
  const fmt::KeySlot* slots_;
  const uint32_t* postings_;
  const fmt::CountryRec* countries_;
  const fmt::CountryKey* country_keys_;
  const uint32_t* major_villages_;  // ascending
  const char* strings_;
  std::unordered_map<std::string, std::string> acled_;  // "CC\tadmin1" -> ACLED spelling
};

std::vector<uint32_t> MappedGazetteer::ContextAdmin1(const GeoContext& context) const {
  std::vector<uint32_t> out;
  std::vector<Hit> hits;
  for (const auto& a1 : context.admin1_names) {
    ExactHits(a1, &hits);
    for (const auto& hit : hits) {
      if (places_[hit.place].level == static_cast<uint8_t>(Level::kAdmin1) && hit.exact) {
        out.push_back(hit.place);
      }
    }
  }
  return out;
}

// Within 200 km of a context point, by the equirectangular approximation (within 1 % of
// the great circle at this range) after a bounding-box test: this runs for every hit.
struct NearbyPoint {
  double lat, lon, cos_lat;
};
constexpr double kNearKm = 200.0;
constexpr double kKmPerDegree = 111.195;

double NearestKm(const std::vector<NearbyPoint>& points, double lat, double lon) {
  constexpr double kBoxDeg = kNearKm / kKmPerDegree;
  double best = 1e9;
  for (const auto& p : points) {
    const double dlat = std::abs(lat - p.lat);
    if (dlat > kBoxDeg) continue;
    double dlon = std::abs(lon - p.lon);
    if (dlon > 180) dlon = 360 - dlon;
    dlon *= p.cos_lat;
    if (dlon > kBoxDeg) continue;
    best = std::min(best, kKmPerDegree * std::sqrt(dlat * dlat + dlon * dlon));
  }
  return best;
}

std::vector<Candidate> MappedGazetteer::Lookup(std::string_view name, const GeoContext& context,
                                               const LookupOptions& options) const {
  return LookupImpl(name, context, options);
}

std::optional<Candidate> MappedGazetteer::LookupBest(std::string_view name,
                                                     const GeoContext& context) const {
  auto c = LookupImpl(name, context, LookupOptions{.max_candidates = 1, .explain = true});
  if (c.empty()) return std::nullopt;
  return std::move(c.front());
}

std::vector<Candidate> MappedGazetteer::LookupImpl(std::string_view name, const GeoContext& context,
                                                   const LookupOptions& options) const {
  std::vector<Hit> hits;
  QueryKind query;
  Collect(name, &hits, &query);
  if (hits.empty()) return {};
  // (Resolved once per set of names: see GeoContext::admin1_entries.)
  uint64_t names_hash = 1;
  for (const auto& a1 : context.admin1_names) names_hash = Fnv1a64(a1, names_hash * 31 + 7);
  if (context.admin1_entries_of != names_hash) {
    context.admin1_entries = ContextAdmin1(context);
    context.admin1_entries_of = names_hash;
  }
  const std::vector<uint32_t>& admin1s = context.admin1_entries;
  std::vector<NearbyPoint> nearby;
  nearby.reserve(context.nearby.size());
  for (const auto& [lat, lon] : context.nearby) {
    nearby.push_back({lat, lon, std::cos(lat * 3.14159265358979323846 / 180.0)});
  }
  struct Scored {
    double score;
    uint32_t place;
    bool exact;
  };
  std::vector<Scored> scored;
  scored.reserve(hits.size());
  // A spelling variant must lie in one of the article's countries when it names any:
  // decided from the posting, before the place record is read.
  auto variant_in_countries = [&](const Hit& hit) {
    if (hit.country >= h_.country_count) return true;  // unknown: judge it below
    const fmt::CountryRec& c = countries_[hit.country];
    for (const auto& cc : context.country_codes) {
      if (cc == std::string_view(c.iso2, 2)) return true;
    }
    return false;
  };
  // A variant must look like the name it stands for: consonant keys alone make "Miniyeh"
  // Managua and "Banque" Bangkok.
  // (Computed once, and only when a variant survives the cheaper tests.)
  std::string query_shape, query_skeleton, skeleton;
  bool query_folded = false;
  // Returns the distance of shapes, or -1 when they are too far apart.
  auto shape_distance = [&](uint32_t place) -> int {
    if (!query_folded) query_shape = PlaceShape(name, &query_skeleton), query_folded = true;
    if (query_shape.empty()) return 0;
    skeleton.clear();
    const std::string shape = PlaceShape(NameOf(place), &skeleton);
    if (shape.empty()) return 0;
    const size_t longest = std::max(shape.size(), query_shape.size());
    const size_t d = EditDistance(query_shape, shape);
    // Same consonants as the place's own name: a vowel spelling ("Kfar Nabl", "Kafranbel").
    if (skeleton.size() >= 4 && skeleton == query_skeleton) return std::min<int>(d, 1);
    // Short names must agree exactly: one letter is a fifth of "mana" ("Munich").
    return d <= (longest <= 5 ? 0 : longest / 4) ? static_cast<int>(d) : -1;
  };
  // "ERBIL" names Erbil, not a Syrian village that has "Arbil" among its spellings.
  // (So does a district's or province's exact name: "Tapoa" is Burkina Faso's province, not
  // a spelling of Taipei.)
  bool major_exact = false;
  // (A village's posting says enough: the index lists the few villages that count.)
  for (const auto& hit : hits) {
    if (!hit.exact || major_exact) continue;
    major_exact = hit.village
                      ? std::binary_search(major_villages_,
                                           major_villages_ + h_.major_village_count, hit.place)
                      : IsMajorOrDistrict(places_[hit.place]);
  }
  const bool has_context =
      !context.country_codes.empty() || !admin1s.empty() || !context.nearby.empty();
  for (const auto& hit : hits) {
    if (!hit.exact && !context.country_codes.empty() && !variant_in_countries(hit)) continue;
    // A village is a candidate only in the article's countries, and only under its own
    // spelling or a selective variant of it: 20 times more places than towns make every
    // short name and many words someone's village. (Decided from the posting: the villages
    // of other countries that share a name are many, and their records are not read.)
    const bool village = hit.village;
    if (village &&
        (query.common_word || (!context.country_codes.empty() && !variant_in_countries(hit)) ||
         (!hit.exact && !query.selective)))
      continue;
    const auto& r = places_[hit.place];
    const auto* c = CountryOf(r);
    double s = hit.exact ? 2.0 : 1.0;
    bool in_context = false;
    if (c != nullptr) {
      for (size_t k = 0; k < context.country_codes.size(); ++k) {
        if (context.country_codes[k] == std::string_view(c->iso2, 2)) {
          s += k == 0 ? 3.0 : 2.0;
          in_context = true;
          break;
        }
      }
    }
    if (!context.country_codes.empty() && !in_context) s -= 2.0;
    if (std::find(admin1s.begin(), admin1s.end(), r.admin1) != admin1s.end()) {
      s += 3.0;
      in_context = true;
    }
    bool in_province_or_near = in_context && !admin1s.empty() &&
                               std::find(admin1s.begin(), admin1s.end(), r.admin1) != admin1s.end();
    if (HasCoord(r) && !nearby.empty()) {
      const double best = NearestKm(nearby, r.lat_e6 / 1e6, r.lon_e6 / 1e6);
      if (best < kNearKm) {
        s += 2.0 * (1.0 - best / kNearKm);
        in_context = true;
        in_province_or_near = true;
      }
    }
    if (!hit.exact) {
      // A variant spelling of a small place far from the provinces the article names is
      // more often another name ("Kareto" ~ "Okoroete" across Nigeria).
      if (!admin1s.empty() && !in_province_or_near && !IsBig(r)) continue;
      if (major_exact && !village) s -= kMajorExactPenalty;
    }
    // A mere spelling variant far from everything the article is about is noise
    // ("Sunday" ~ "Sandai"): drop it when there is context to judge by; so is a village.
    if ((!hit.exact || village) && has_context && !in_context) continue;
    // With nothing to judge by, only a big place is worth a guess at its spelling.
    if (!hit.exact && !has_context && !IsBig(r)) continue;
    if (!hit.exact) {
      const int shape_d = shape_distance(hit.place);
      if (shape_d < 0) continue;
      // One word that is a village only up to its vowels is more often a word ("Monitor"
      // ~ Muntar); several words that share a skeleton rarely are ("Mleiha al-Atash").
      if (village && shape_d > 0 && query.one_word) continue;
      s -= 0.5 * shape_d;  // the closer spelling first
    }
    s += FeatureBonus(r);
    s += PopulationBonus(r);
    s -= RecordPenalty(r, major_exact);
    scored.push_back({s, hit.place, hit.exact});
  }
  // "Mansila" is the Burkinabe village of that spelling before China's Manzhouli: a town
  // reached by a spelling variant does not outrank a village of the exact spelling by its
  // size alone (a major place still does).
  const bool exact_village = std::any_of(scored.begin(), scored.end(), [&](const Scored& sc) {
    return sc.exact && (places_[sc.place].flags & fmt::kFlagVillage);
  });
  if (exact_village) {
    for (auto& sc : scored)
      if (VariantYieldsToExactVillage(sc.exact, places_[sc.place])) sc.score -= kVillagePenalty;
  }
  auto better = [&](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (places_[a.place].level != places_[b.place].level)  // the town before its district
      return places_[a.place].level > places_[b.place].level;
    if (places_[a.place].population != places_[b.place].population)
      return places_[a.place].population > places_[b.place].population;
    return a.place < b.place;
  };
  size_t keep = std::min(options.max_candidates, scored.size());
  if (options.village_candidates > keep && !scored.empty()) {
    const auto best = std::min_element(scored.begin(), scored.end(), better);
    if (places_[best->place].flags & fmt::kFlagVillage)
      keep = std::min(options.village_candidates, scored.size());
  }
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(), better);
  scored.resize(keep);
  std::vector<Candidate> out;
  out.reserve(scored.size());
  for (const auto& sc : scored) {
    Candidate cand;
    cand.place = MakePlace(sc.place);
    cand.score = sc.score;
    cand.exact = sc.exact;
    if (!options.explain) {
      out.push_back(std::move(cand));
      continue;
    }
    const auto& r = places_[sc.place];
    std::string& why = cand.why;
    why = sc.exact ? "exact spelling +2" : "spelling variant +1";
    for (size_t k = 0; k < context.country_codes.size(); ++k) {
      if (context.country_codes[k] == cand.place.country_code) {
        why += "; in article country " + cand.place.country_code + (k == 0 ? " +3" : " +2");
        break;
      }
      if (k + 1 == context.country_codes.size()) why += "; outside article countries -2";
    }
    if (std::find(admin1s.begin(), admin1s.end(), r.admin1) != admin1s.end()) {
      why += "; in named province " + cand.place.admin1 + " +3";
    }
    if (HasCoord(r) && !nearby.empty()) {
      const double best = NearestKm(nearby, r.lat_e6 / 1e6, r.lon_e6 / 1e6);
      if (best < kNearKm)
        why += "; " + std::to_string(static_cast<int>(best)) + " km from other places";
    }
    if (!sc.exact && major_exact && !cand.place.village)
      why += "; a major place has this exact spelling -4";
    if (cand.place.village) {
      why += "; village of unknown size -1";
      if (major_exact) why += "; a major place has this exact spelling -4";
    }
    if (exact_village && VariantYieldsToExactVillage(sc.exact, r))
      why += "; a village has this exact spelling -1";
    if (!cand.place.current) why += "; abandoned or historical -0.5";
    char buf[96];
    std::snprintf(buf, sizeof(buf), "; feature %s +%.1f; population %u",
                  cand.place.feature_code.c_str(), FeatureBonus(r), r.population);
    why += buf;
    out.push_back(std::move(cand));
  }
  return out;
}

std::optional<Place> MappedGazetteer::FindAdmin1(std::string_view name,
                                                 std::string_view country_code) const {
  std::vector<Hit> hits;
  Collect(name, &hits);
  // The exact name of a country is not a spelling variant of a province ("Syria" is not
  // Estonia's Saare).
  bool names_country = false;
  for (const auto& hit : hits) {
    names_country |= hit.exact && places_[hit.place].level == static_cast<uint8_t>(Level::kCountry);
  }
  const Hit* best = nullptr;
  for (const auto& hit : hits) {
    const auto& r = places_[hit.place];
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
  FoldPlaceKeys(name, &loose, &skel);
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
  FoldPlaceKeys(name, &loose, &skel);
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

}  // namespace

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
  void* base = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (base == MAP_FAILED) {
    return Status::IoError("cannot map " + path + ": " + std::strerror(errno));
  }
  // Lookups probe the index at random: no read-ahead around a page fault, so that a cold
  // index is read page by page and only the pages the lookups touch become resident.
  ::madvise(base, size, MADV_RANDOM);
  format::Header h;
  std::memcpy(&h, base, sizeof(h));
  if (std::memcmp(h.magic, format::kMagic, 8) != 0 || h.version != format::kVersion ||
      !MappedGazetteer::Valid(h, size)) {
    ::munmap(base, size);
    return Status::InvalidInput("gazetteer index " + path +
                                " is stale or from another sitrep version (format " +
                                std::to_string(h.version) + ", expected " +
                                std::to_string(format::kVersion) + "); re" + BuildHint(data_dir));
  }
  return std::shared_ptr<const Gazetteer>(std::make_shared<MappedGazetteer>(base, size));
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
