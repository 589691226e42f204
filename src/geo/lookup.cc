// Ranking a name's candidates against the article's context (docs/gazetteer.md,
// "Ranking"): the scores, the filters that keep villages and spelling variants to the
// article's countries and provinces, and the candidates' materialisation.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "geo/mapped.h"
#include "geo/score.h"
#include "util/text.h"

namespace sitrep::geo::mapped {
namespace {

using score::EditDistanceWithin;
using score::FeatureBonus;
using score::IsBig;
using score::IsMajor;
using score::IsMajorOrDistrict;
using score::kAlternateNamePenalty;
using score::kMajorExactPenalty;
using score::kVillagePenalty;
using score::PopulationBonus;
using score::RecordPenalty;
using score::VariantYieldsToExactVillage;

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

struct Scored {
  double score;
  uint32_t place;
  uint32_t population;  // the record's, as the order of equal scores asks (with level)
  uint8_t level;
  bool exact;
  bool village;    // the record's kFlagVillage
  bool alternate;  // exact, but one of the place's other names
};

}  // namespace

std::vector<uint32_t> MappedGazetteer::ContextAdmin1(const GeoContext& context) const {
  std::vector<uint32_t> out;
  std::vector<Hit> hits;
  for (const auto& a1 : context.admin1_names) {
    ExactHits(a1, &hits);
    for (const auto& hit : hits) {
      if (Rec(hit.place).level == static_cast<uint8_t>(Level::kAdmin1) && hit.exact) {
        out.push_back(hit.place);
      }
    }
  }
  return out;
}

void MappedGazetteer::CollectRemembered(std::string_view name,
                                        const std::vector<std::string>& country_codes,
                                        const CountryFilter* filter, std::vector<Hit>* hits,
                                        QueryKind* query, bool* major_exact) const {
  // What Collect found for a name and the countries that filtered it, kept by the thread
  // across documents: reports name the same places in the same countries again and again,
  // and each Collect walks the index's slots and postings (cache misses in a table of
  // tens of MB). Direct-mapped by the hash of the question; a name of many hits is not kept.
  struct Slot {
    uint64_t gazetteer = 0;  // serial(); 0: empty
    std::string question;
    std::vector<Hit> hits;
    QueryKind query;
    bool major_exact = false;
  };
  static constexpr size_t kSlots = 1024, kMaxHits = 64;
  thread_local std::vector<Slot> slots(kSlots);
  thread_local std::string question;
  question.assign(name);
  question += '\0';
  if (filter == nullptr) {
    question += '*';
  } else {
    for (const std::string& code : country_codes) (question += code) += ',';
  }
  Slot& slot = slots[Fnv1a64(question) & (kSlots - 1)];
  if (slot.gazetteer == serial() && slot.question == question) {
    hits->assign(slot.hits.begin(), slot.hits.end());
    *query = slot.query;
    *major_exact = slot.major_exact;
    return;
  }
  Collect(name, hits, query, filter, major_exact);
  if (hits->size() > kMaxHits) return;
  slot.gazetteer = serial();
  slot.question = question;
  slot.hits.assign(hits->begin(), hits->end());
  slot.query = *query;
  slot.major_exact = *major_exact;
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
  // The working vectors, kept by the thread for its next lookup (a document makes dozens).
  struct Scratch {
    std::vector<Hit> hits;
    std::vector<NearbyPoint> nearby;
    std::vector<Scored> scored;
  };
  thread_local Scratch scratch;
  if (scratch.hits.capacity() > 4096) scratch = Scratch();  // (a rare name of many places)
  std::vector<Hit>& hits = scratch.hits;
  QueryKind query;
  CountryFilter countries;
  MakeCountryFilter(context.country_codes, &countries);
  const bool by_country = !context.country_codes.empty();
  // "ERBIL" names Erbil, not a Syrian village that has "Arbil" among its spellings.
  // (So does a district's or province's exact name: "Tapoa" is Burkina Faso's province, not
  // a spelling of Taipei.)
  bool major_exact = false;
  CollectRemembered(name, context.country_codes, by_country ? &countries : nullptr, &hits, &query,
                    &major_exact);
  if (hits.empty()) return {};
  // (Resolved once per set of names: see GeoContext::admin1_entries.)
  uint64_t names_hash = 1;
  for (const auto& a1 : context.admin1_names) names_hash = Fnv1a64(a1, names_hash * 31 + 7);
  if (context.admin1_entries_of != names_hash) {
    context.admin1_entries = ContextAdmin1(context);
    context.admin1_entries_of = names_hash;
  }
  const std::vector<uint32_t>& admin1s = context.admin1_entries;
  std::vector<NearbyPoint>& nearby = scratch.nearby;
  nearby.clear();
  nearby.reserve(context.nearby.size());
  for (const auto& [lat, lon] : context.nearby) {
    nearby.push_back({lat, lon, std::cos(lat * 3.14159265358979323846 / 180.0)});
  }
  std::vector<Scored>& scored = scratch.scored;
  scored.clear();
  scored.reserve(hits.size());
  // A spelling variant must lie in one of the article's countries when it names any:
  // decided from the posting, before the place record is read.
  auto variant_in_countries = [&](const Hit& hit) { return Passes(countries, hit.country); };
  // 1 + the place of a record's country in the context's countries; 0 when not there.
  auto context_rank = [&](const fmt::PlaceRec& r) -> size_t {
    if (r.country >= h_.country_count) return 0;
    if (r.country < 256) return countries.rank[r.country];
    for (size_t k = 0; k < context.country_codes.size(); ++k)
      if (context.country_codes[k] == std::string_view(countries_[r.country].iso2, 2)) return k + 1;
    return 0;
  };
  // A variant must look like the name it stands for: consonant keys alone make "Miniyeh"
  // Managua and "Banque" Bangkok.
  // (Computed once, and only when a variant survives the cheaper tests.)
  std::string query_shape, query_skeleton, computed_shape, computed_skeleton;
  bool query_folded = false;
  // Returns the distance of shapes, or -1 when they are too far apart.
  auto shape_distance = [&](uint32_t place) -> int {
    if (!query_folded) query_shape = PlaceShape(name, &query_skeleton), query_folded = true;
    if (query_shape.empty()) return 0;
    // (The index stores each name's shape: folding it here was a fifth of a lookup.)
    std::string_view shape, skeleton;
    if (!StoredShape(place, &shape, &skeleton)) {
      computed_skeleton.clear();
      computed_shape = PlaceShape(NameOf(place), &computed_skeleton);
      shape = computed_shape, skeleton = computed_skeleton;
    }
    if (shape.empty()) return 0;
    const size_t longest = std::max(shape.size(), query_shape.size());
    // Same consonants as the place's own name: a vowel spelling ("Kfar Nabl", "Kafranbel").
    if (skeleton.size() >= 4 && skeleton == query_skeleton) return shape == query_shape ? 0 : 1;
    // Short names must agree exactly: one letter is a fifth of "mana" ("Munich").
    const size_t limit = longest <= 5 ? 0 : longest / 4;
    const size_t d = EditDistanceWithin(query_shape, shape, limit);
    return d <= limit ? static_cast<int>(d) : -1;
  };
  // Whether the name is one of the place's other names, not its own (see below). (The
  // query's key once; a record's name folded for exact hits only.)
  std::string query_loose, record_loose, unused_skeleton;
  auto another_name_of = [&](uint32_t place) {
    const std::string_view own = NameOf(place);
    if (own == name) return false;  // (most own names are written as asked)
    if (query_loose.empty()) FoldPlaceKeysCached(name, &query_loose, &unused_skeleton);
    FoldPlaceKeysCached(own, &record_loose, &unused_skeleton);
    return record_loose != query_loose;
  };
  // Start loading the records the loops below will read, so that their cache misses
  // overlap (the hits' records lie anywhere in a table of tens of MB).
  size_t prefetched = 0;
  for (const auto& hit : hits) {
    if (prefetched == 32) break;
    if (!hit.village || (!query.common_word && (hit.exact || query.selective))) {
      __builtin_prefetch(PeekRec(hit.place));
      ++prefetched;
    }
  }
  // (A village's posting says enough: the index lists the few villages that count.)
  for (const auto& hit : hits) {
    if (!hit.exact || major_exact) continue;
    major_exact = hit.village ? IsMajorVillage(hit.place) : IsMajorOrDistrict(Rec(hit.place));
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
    const auto& r = Rec(hit.place);
    double s = hit.exact ? 2.0 : 1.0;
    bool in_context = false;
    if (const size_t rank = context_rank(r); rank > 0) {
      s += rank == 1 ? 3.0 : 2.0;
      in_context = true;
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
    scored.push_back({s, hit.place, r.population, r.level, hit.exact,
                      (r.flags & fmt::kFlagVillage) != 0, false});
  }
  // Among the candidates of the exact spelling, the one that bears it as its own name comes
  // first ("Gao" is Mali's town before one of Guantanamo's names; "Ambala" the city before a
  // village that lists it); with none of them, another name still beats a mere spelling
  // variant ("Aley", a name of Aaley, is not Oulu).
  // (Only the best candidates of the exact spelling, within the step of the best of them,
  // are told apart by it: only their names are folded and compared.)
  double best_exact = -1e9;
  size_t best_count = 0;
  for (const auto& sc : scored)
    if (sc.exact) best_exact = std::max(best_exact, sc.score);
  for (const auto& sc : scored)
    if (sc.exact && sc.score > best_exact - kAlternateNamePenalty) ++best_count;
  bool own_name_exact = false, any_alternate = false;
  if (best_count > 1) {
    for (auto& sc : scored) {
      if (!sc.exact || sc.score <= best_exact - kAlternateNamePenalty) continue;
      sc.alternate = another_name_of(sc.place);
      own_name_exact |= !sc.alternate;
      any_alternate |= sc.alternate;
    }
  }
  own_name_exact = own_name_exact && any_alternate;
  if (own_name_exact) {
    // (A step among the exact spellings only: never below a variant it outranked.)
    double best_variant = -1e9;
    for (const auto& sc : scored)
      if (!sc.exact) best_variant = std::max(best_variant, sc.score);
    for (auto& sc : scored)
      if (sc.alternate)
        sc.score = sc.score > best_variant ? std::max(sc.score - kAlternateNamePenalty,
                                                      std::nextafter(best_variant, 1e9))
                                           : sc.score - kAlternateNamePenalty;
  }
  // "Mansila" is the Burkinabe village of that spelling before China's Manzhouli: a town
  // reached by a spelling variant does not outrank a village of the exact spelling by its
  // size alone (a major place still does).
  const bool exact_village = std::any_of(scored.begin(), scored.end(),
                                         [&](const Scored& sc) { return sc.exact && sc.village; });
  if (exact_village) {
    for (auto& sc : scored)
      if (VariantYieldsToExactVillage(sc.exact, Rec(sc.place))) sc.score -= kVillagePenalty;
  }
  auto better = [&](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.level != b.level) return a.level > b.level;  // the town before its district
    if (a.population != b.population) return a.population > b.population;
    return a.place < b.place;
  };
  size_t keep = std::min(options.max_candidates, scored.size());
  bool village_rivals = false;
  if (options.village_candidates > keep && !scored.empty()) {
    const auto best = std::min_element(scored.begin(), scored.end(), better);
    if (best->village) {
      keep = std::min(options.village_candidates, scored.size());
      village_rivals = true;
    }
  }
  std::partial_sort(scored.begin(), scored.begin() + keep, scored.end(), better);
  scored.resize(keep);
  if (village_rivals) {
    const double least = scored.front().score - options.village_rivals_within;
    size_t within = 1;
    while (within < scored.size() && !(scored[within].score < least)) ++within;
    scored.resize(within);
  }
  // What MakePlace reads besides the record: the name and the admin entries, for every
  // candidate at once (their misses then overlap).
  for (const auto& sc : scored) {
    const fmt::PlaceRec& r = Rec(sc.place);
    __builtin_prefetch(
        file_->Peek(h_.strings_off + std::min<uint64_t>(r.name_off, h_.strings_size)));
    for (uint32_t admin : {r.admin1, r.admin2, r.admin3})
      if (admin < h_.place_count) __builtin_prefetch(PeekRec(admin));
  }
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
    const auto& r = Rec(sc.place);
    std::string& why = cand.why;
    why = sc.exact ? "exact spelling +2" : "spelling variant +1";
    if (own_name_exact && sc.alternate)
      why += "; another name of the place, after its own-name namesakes";
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

}  // namespace sitrep::geo::mapped
