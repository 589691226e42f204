// Gazetteer and geocoder: resolves place names (any common spelling, Latin or Arabic
// script) to GeoNames/OpenSyria entries with admin1/admin2 and coordinates, using the
// article's context (named province, country, other places) to pick among homonyms.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::geo {

enum class Level { kCountry = 0, kAdmin1 = 1, kAdmin2 = 2, kAdmin3 = 3, kLocality = 4 };

struct Place {
  std::string name;          // the gazetteer's preferred English name
  std::string country;       // English country name as ACLED spells it ("Syria")
  std::string country_code;  // ISO 3166 alpha-2 ("SY")
  int iso_numeric = 0;       // ISO 3166 numeric (760)
  std::string region;        // ACLED region ("Middle East")
  std::string admin1, admin2, admin3;
  double latitude = 0, longitude = 0;
  Level level = Level::kLocality;
  int64_t population = 0;
  std::string feature_code;  // GeoNames feature code ("PPL", "ADM1", ...)
  int64_t id = 0;            // GeoNames id or internal id
  bool village = false;      // known from the village layer only (a place of unknown size)
  bool current = true;       // false: abandoned, destroyed or historical
};

struct Candidate {
  Place place;
  double score = 0;
  bool exact = false;  // the name as written (up to case, accents, articles), not a variant
  std::string why;     // human-readable reasons, for `sitrep geocode`
};

// What the article says around a name, used to rank homonyms.
struct GeoContext {
  std::vector<std::string> country_codes;  // countries the article is about (ISO2), best first
  std::vector<std::string> admin1_names;   // provinces named in the text ("Daraa")
  std::vector<std::pair<double, double>> nearby;  // coordinates of other places resolved

  // The gazetteer's own memo of the admin1 entries `admin1_names` names, filled on first
  // use and renewed when the names change (a document looks up many names in one context;
  // callers leave these alone). A context is used by one thread at a time.
  mutable std::vector<uint32_t> admin1_entries;
  mutable uint64_t admin1_entries_of = 0;  // hash of the names they were found for
};

// How much of a lookup to materialise: callers that only rank want few candidates and no
// explanation text.
struct LookupOptions {
  size_t max_candidates = 12;
  // When the winner is a village: up to this many candidates (at least max_candidates),
  // for callers that must see a village's namesakes before they take it.
  size_t village_candidates = 0;
  // With village_candidates: only the namesakes that score at least the winner's score less
  // this (a caller that weighs rivals within a margin of the winner reads no others).
  double village_rivals_within = std::numeric_limits<double>::infinity();
  bool explain = true;  // fill Candidate::why
};

// Immutable once opened: every method is const and safe to call from many threads.
class Gazetteer {
 public:
  // Opens the gazetteer under `data_dir` (the compact index; see docs/gazetteer.md).
  // A missing or stale index fails with a message saying how to build it.
  static Result<std::shared_ptr<const Gazetteer>> Open(const std::string& data_dir);
  virtual ~Gazetteer() = default;

  // Entries any of whose names match `name` under spelling-variant folding, best first
  // (scored with `context`). Empty when nothing matches. Scores of 3 and more mean the
  // place lies in the context's countries or provinces (docs/gazetteer.md, "Ranking").
  std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context) const {
    return Lookup(name, context, LookupOptions{});
  }
  virtual std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context,
                                        const LookupOptions& options) const = 0;

  // The first-level division (province/governorate/state) called `name`, optionally
  // restricted to a country; its coordinates are the provincial capital's (ACLED rule).
  // `said_province`: the text calls the name a province ("Unity State", "the Somali
  // region"), so a name the stop list keeps from matching in running text is found too.
  virtual std::optional<Place> FindAdmin1(std::string_view name, std::string_view country_code = {},
                                          bool said_province = false) const = 0;

  // The country called `name` ("Syria", "Syrian Arab Republic", "SY").
  virtual std::optional<Place> FindCountry(std::string_view name) const = 0;

  // Fast pre-check used while scanning text: could `name` be any gazetteer name?
  virtual bool MayContain(std::string_view name) const = 0;

  // (Added) Lookup(name, context).front(), without materialising the other candidates:
  // the cheap call when only the winner matters.
  virtual std::optional<Candidate> LookupBest(std::string_view name,
                                              const GeoContext& context) const {
    auto c = Lookup(name, context);
    if (c.empty()) return std::nullopt;
    return std::move(c.front());
  }

  // (Added) The admin1 spelling ACLED uses for `place`'s admin1; see AcledAdmin1().
  // Not pure, so test doubles of Gazetteer keep compiling.
  virtual std::string AcledAdmin1Name(const Place& place) const { return place.admin1; }
  // (Added) Number of entries, for tools and benchmarks.
  virtual size_t size() const { return 0; }

  // Distinct for every gazetteer made in this process (never reused, unlike an address): a
  // cache that outlives documents checks whose answers it holds.
  uint64_t serial() const { return serial_; }

 private:
  static uint64_t NextSerial();
  uint64_t serial_ = NextSerial();
};

// The variant-folding key used for matching ("Melihit al-Atash" and "Mlihat al Atash"
// give the same key). Exposed for tests and tools.
std::string FoldPlaceName(std::string_view name);

// Where the index of `data_dir` lives: <data_dir>/gazetteer/gazetteer.idx. (Building it
// is geo/build.h's job, in the separate builder library.)
std::string IndexPath(const std::string& data_dir);

// The admin1 name as ACLED spells it ("Daraa" -> "Dar'a"), from
// data/gazetteer/acled_admin1.tsv; the gazetteer's own name when the table has none.
std::string AcledAdmin1(const Gazetteer& gazetteer, const Place& place);

// Great-circle distance in km.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

// The two folding keys: `loose` keeps vowels (case, diacritics, apostrophes, hyphens and
// the Arabic article folded), `skeleton` is FoldPlaceName's consonant skeleton. Either
// may be empty (e.g. no letters, or a skeleton too short to be selective).
void FoldPlaceKeys(std::string_view name, std::string* loose, std::string* skeleton);
// The same keys, from a per-thread cache of the names folded last (queries ask about the
// same names in article after article; the index builder folds each name once and calls
// FoldPlaceKeys).
void FoldPlaceKeysCached(std::string_view name, std::string* loose, std::string* skeleton);

// Is `skeleton` (FoldPlaceKeys's) selective enough to stand for a village: at least four
// Latin consonants (not the vowel-class key of a short name) or three Arabic letters?
// Villages are indexed and matched under such skeletons only.
bool IsSelectiveSkeleton(std::string_view skeleton);

// The consonants of a Latin-script name with each run of vowels as one 'a' ("Miniyeh" ->
// "mana"): close shapes are spellings of one name, distant ones only share consonants.
// Empty for Arabic script. `skeleton`, if given, receives FoldPlaceKeys's skeleton.
std::string PlaceShape(std::string_view name, std::string* skeleton = nullptr);

// The Latin consonant skeleton of an Arabic-script name ("مليحة العطش" -> "mlhts", the
// skeleton of "Melihit al-Atash"), used when no Arabic spelling of a place is indexed.
// Empty for non-Arabic names and for skeletons under three consonants.
std::string LatinSkeletonOfArabic(std::string_view name);

}  // namespace sitrep::geo
