// The gazetteer on its own: build or extend the index, and look names up with the reasons
// behind each candidate (what `sitrep geocode` and `sitrep gazetteer` print). Extraction
// uses it through Resources; this header is for tools. Implemented by src/geo/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/status.h"

namespace sitrep {

enum class PlaceLevel { kCountry, kAdmin1, kAdmin2, kAdmin3, kLocality };

// "country", "admin1", "admin2", "admin3", "locality".
const char* PlaceLevelName(PlaceLevel level);

struct GazetteerPlace {
  std::string name;          // the gazetteer's preferred English name
  std::string country;       // as ACLED spells it ("Syria")
  std::string country_code;  // ISO 3166 alpha-2
  std::string admin1, admin2, admin3;
  double latitude = 0, longitude = 0;
  PlaceLevel level = PlaceLevel::kLocality;
  int64_t population = 0;
  std::string feature_code;  // GeoNames feature code ("PPL", "ADM1", ...)
  int64_t id = 0;            // GeoNames id or internal id
};

struct PlaceCandidate {
  GazetteerPlace place;
  double score = 0;
  bool exact = false;  // the name as written (up to case, accents, articles), not a variant
  std::string why;     // the reasons for the score, in words
};

// What an article says around a name, used to rank homonyms.
struct PlaceContext {
  std::vector<std::string> country_codes;  // ISO2, best first
  std::vector<std::string> admin1_names;   // provinces named in the text
};

class Geocoder {
 public:
  // Opens the index of `data_dir` (see GazetteerIndexPath); a missing or stale index fails
  // with a message saying how to build it.
  static Result<std::unique_ptr<Geocoder>> Open(const std::string& data_dir);
  ~Geocoder();

  // Every candidate for `name`, best first; empty when nothing matches.
  std::vector<PlaceCandidate> Lookup(std::string_view name, const PlaceContext& context) const;
  // ISO2 code of the country called `name` ("Syria", "SY"); empty when none.
  std::string CountryCode(std::string_view name) const;
  // The countries and provinces a free text names (runs of one to three capitalised words).
  PlaceContext ContextFromText(std::string_view text) const;

 private:
  struct Impl;
  explicit Geocoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The matching key of a name ("Melihit al-Atash" and "Mlihat al Atash" give the same one).
std::string FoldPlaceName(std::string_view name);

// What an index build read and skipped (malformed lines as "FILE:LINE: reason").
struct GazetteerBuildReport {
  size_t places = 0, names = 0, keys = 0, index_bytes = 0;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // links the build could not make (usable, less precise)
  std::vector<std::string> inputs;
};

// Where the index of `data_dir` lives.
std::string GazetteerIndexPath(const std::string& data_dir);

// BuildGazetteer and ImportGazetteer live in the builder library
// (sitrep::gazetteer_builder), which tools link next to sitrep::core.

// Builds the index at `output` (empty: GazetteerIndexPath(data_dir)) from `inputs` (empty:
// the default sources of `data_dir`).
Status BuildGazetteer(const std::string& data_dir, const std::vector<std::string>& inputs,
                      const std::string& output, GazetteerBuildReport* report);

// Adds GeoNames dumps to the default sources of `data_dir` and rebuilds the index; importing
// the same file again changes nothing (report->inputs is then empty).
Status ImportGazetteer(const std::string& data_dir, const std::vector<std::string>& files,
                       GazetteerBuildReport* report);

}  // namespace sitrep
