#include "geo/score.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <vector>

#include "geo/geo.h"

namespace sitrep::geo::score {

namespace fmt = format;

size_t EditDistanceWithin(std::string_view a, std::string_view b, size_t limit) {
  if (limit == 0) return a == b ? 0 : 1;
  const size_t longer = std::max(a.size(), b.size()), shorter = std::min(a.size(), b.size());
  if (longer - shorter > limit) return limit + 1;
  size_t stack_row[64];
  std::vector<size_t> heap_row;
  size_t* row = stack_row;
  if (b.size() + 1 > std::size(stack_row)) {
    heap_row.resize(b.size() + 1);
    row = heap_row.data();
  }
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    size_t row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
      row_min = std::min(row_min, row[j]);
    }
    // (No cell of a later row is below this row's least.)
    if (row_min > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

// A place most readers would think of first under its exact name.
bool IsMajor(const fmt::PlaceRec& r) {
  const std::string_view code(r.feature_code, strnlen(r.feature_code, sizeof(r.feature_code)));
  return r.level <= static_cast<uint8_t>(Level::kAdmin1) || code == "PPLC" || code == "PPLA" ||
         r.population >= 100000;
}

bool IsMajorOrDistrict(const fmt::PlaceRec& r) {
  return IsMajor(r) || r.level == static_cast<uint8_t>(Level::kAdmin2);
}

// Worth keeping as a spelling variant outside the provinces the article names.
bool IsBig(const fmt::PlaceRec& r) {
  return IsMajor(r) || r.level == static_cast<uint8_t>(Level::kAdmin2) || r.population >= 50000;
}

double FeatureBonus(const fmt::PlaceRec& r) {
  const std::string_view code(r.feature_code, strnlen(r.feature_code, sizeof(r.feature_code)));
  double b = 0;
  switch (static_cast<Level>(r.level)) {
    case Level::kCountry:
      b = 1.0;
      break;
    // A province outranks a small foreign town that lists its name among its spellings
    // (Borno, Taraba), but not its own capital (the town is named before its province).
    case Level::kAdmin1:
      b = 1.2;
      break;
    // A district named after its town should yield to the town itself.
    case Level::kAdmin2:
      b = 0.0;
      break;
    case Level::kAdmin3:
      b = 0.0;
      break;
    case Level::kLocality:
      if (code == "PPLC")
        b = 1.0;
      else if (code == "PPLA")
        b = 0.8;
      else if (code == "PPLA2")
        b = 0.6;
      else if (r.feature_class == 'P')
        b = 0.4;
      else
        b = 0.1;
      break;
  }
  return b;
}

// Up to +1 for 10 million; an admin area's population is not a town's, so it counts half.
double PopulationBonus(const fmt::PlaceRec& r) {
  const double b = std::min(1.0, std::log10(1.0 + r.population) / 7.0);
  const auto level = static_cast<Level>(r.level);
  if (level == Level::kLocality || level == Level::kCountry) return b;
  return level == Level::kAdmin1 ? b / 2 : b / 4;
}

// What a village's size and state cost it: a place of unknown size is seldom what a bare
// name means, and never before a major place of that exact name ("Najran" is the Saudi
// city, not a hamlet of Marib); an abandoned or historical place yields to a living one.
constexpr double kNotCurrentPenalty = 0.5;

double RecordPenalty(const fmt::PlaceRec& r, bool major_exact) {
  double p = 0;
  if (r.flags & fmt::kFlagVillage) p += kVillagePenalty + (major_exact ? kMajorExactPenalty : 0);
  if (r.flags & fmt::kFlagNotCurrent) p += kNotCurrentPenalty;
  return p;
}

bool VariantYieldsToExactVillage(bool exact, const fmt::PlaceRec& r) {
  return !exact && !(r.flags & fmt::kFlagVillage) &&
         r.level == static_cast<uint8_t>(Level::kLocality) && !IsMajor(r);
}

}  // namespace sitrep::geo::score
