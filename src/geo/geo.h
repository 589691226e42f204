// Gazetteer and geocoder: resolves place names (any common spelling, Latin or Arabic
// script) to GeoNames/OpenSyria entries with admin1/admin2 and coordinates, using the
// article's context (named province, country, other places) to pick among homonyms.
#pragma once

#include <cstdint>
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
  virtual std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context) const = 0;

  // The first-level division (province/governorate/state) called `name`, optionally
  // restricted to a country; its coordinates are the provincial capital's (ACLED rule).
  virtual std::optional<Place> FindAdmin1(std::string_view name,
                                          std::string_view country_code = {}) const = 0;

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
};

// The variant-folding key used for matching ("Melihit al-Atash" and "Mlihat al Atash"
// give the same key). Exposed for tests and tools.
std::string FoldPlaceName(std::string_view name);

// ---- Additions (h2): index building, ACLED spellings, data locations ----

// What BuildIndex read and skipped. Malformed lines are reported as "FILE:LINE: reason"
// and skipped; the build goes on.
struct BuildReport {
  size_t places = 0;  // entries in the index (countries, admin areas, localities)
  size_t names = 0;   // distinct (entry, name) pairs indexed
  size_t keys = 0;    // distinct lookup keys
  size_t index_bytes = 0;
  std::vector<std::string> warnings;
  std::vector<std::string> inputs;  // files read, in order
};

// Builds the compact binary index at `out_path` from gazetteer sources. Each input is
// recognised by its name and columns: GeoNames dumps (allCountries.txt, SY.txt,
// cities500.txt, cities1000.txt ...: 19 tab-separated columns), admin1CodesASCII.txt,
// admin2Codes.txt, alternateNamesV2.txt / alternateNames.txt, OpenSyria
// governorates/districts/subdistricts.json, and sitrep's countries.tsv,
// admin1_names.tsv, acled_admin1.tsv and stopnames.tsv (extra_places.txt is a GeoNames
// dump). Kinds are read in a fixed order, files of one kind sorted by path; entries are
// merged by GeoNames id, so reading the same dump twice changes nothing and the output is
// byte-identical for the same inputs in any order.
Status BuildIndex(const std::vector<std::string>& inputs, const std::string& out_path,
                  BuildReport* report = nullptr);

// Where the index of `data_dir` lives: <data_dir>/gazetteer/gazetteer.idx.
std::string IndexPath(const std::string& data_dir);

// The default sources under `data_dir` (shipped files, the npm GeoNames cities500 if
// installed, else the shipped Levant extract, then every file listed in
// <data_dir>/gazetteer/imports.tsv). Missing required files fail with a message.
Result<std::vector<std::string>> DefaultSources(const std::string& data_dir);

// Records `files` in <data_dir>/gazetteer/imports.tsv (absolute paths, once each) and
// rebuilds the index from DefaultSources. Importing the same file again changes nothing.
Status ImportAndRebuild(const std::string& data_dir, const std::vector<std::string>& files,
                        BuildReport* report = nullptr);

// The admin1 name as ACLED spells it ("Daraa" -> "Dar'a"), from
// data/gazetteer/acled_admin1.tsv; the gazetteer's own name when the table has none.
std::string AcledAdmin1(const Gazetteer& gazetteer, const Place& place);

// Great-circle distance in km.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

// The two folding keys: `loose` keeps vowels (case, diacritics, apostrophes, hyphens and
// the Arabic article folded), `skeleton` is FoldPlaceName's consonant skeleton. Either
// may be empty (e.g. no letters, or a skeleton too short to be selective).
void FoldPlaceKeys(std::string_view name, std::string* loose, std::string* skeleton);

// The consonants of a Latin-script name with each run of vowels as one 'a' ("Miniyeh" ->
// "mana"): close shapes are spellings of one name, distant ones only share consonants.
// Empty for Arabic script. `skeleton`, if given, receives FoldPlaceKeys's skeleton.
std::string PlaceShape(std::string_view name, std::string* skeleton = nullptr);

// The Latin consonant skeleton of an Arabic-script name ("مليحة العطش" -> "mlhts", the
// skeleton of "Melihit al-Atash"), used when no Arabic spelling of a place is indexed.
// Empty for non-Arabic names and for skeletons under three consonants.
std::string LatinSkeletonOfArabic(std::string_view name);

}  // namespace sitrep::geo
