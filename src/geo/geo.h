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
  std::string why;  // human-readable reasons, for `sitrep geocode`
};

// What the article says around a name, used to rank homonyms.
struct GeoContext {
  std::vector<std::string> country_codes;  // countries the article is about (ISO2), best first
  std::vector<std::string> admin1_names;   // provinces named in the text ("Daraa")
  std::vector<std::pair<double, double>> nearby;  // coordinates of other places resolved
};

class Gazetteer {
 public:
  // Opens the gazetteer under `data_dir` (the compact index; see docs/gazetteer.md).
  // A missing or stale index fails with a message saying how to build it.
  static Result<std::shared_ptr<const Gazetteer>> Open(const std::string& data_dir);
  virtual ~Gazetteer() = default;

  // Entries any of whose names match `name` under spelling-variant folding, best first
  // (scored with `context`). Empty when nothing matches.
  virtual std::vector<Candidate> Lookup(std::string_view name, const GeoContext& context) const = 0;

  // The first-level division (province/governorate/state) called `name`, optionally
  // restricted to a country; its coordinates are the provincial capital's (ACLED rule).
  virtual std::optional<Place> FindAdmin1(std::string_view name,
                                          std::string_view country_code = {}) const = 0;

  // The country called `name` ("Syria", "Syrian Arab Republic", "SY").
  virtual std::optional<Place> FindCountry(std::string_view name) const = 0;

  // Fast pre-check used while scanning text: could `name` be any gazetteer name?
  virtual bool MayContain(std::string_view name) const = 0;
};

// The variant-folding key used for matching ("Melihit al-Atash" and "Mlihat al Atash"
// give the same key). Exposed for tests and tools.
std::string FoldPlaceName(std::string_view name);

}  // namespace sitrep::geo
