// The parts of a candidate's score that come from its own record (feature, population,
// village and current flags) and the spelling-distance helper of the variant test;
// the context's part is gazetteer.cc's. Tables in docs/gazetteer.md, "Ranking".
#pragma once

#include <cstddef>
#include <string_view>

#include "geo/index_format.h"

namespace sitrep::geo::score {

// The Levenshtein distance of a and b (short strings: place-name shapes) when it is at most
// `limit`, else limit + 1 (without filling the whole
// table: a limit of 0 is a comparison, and a row whose every cell is past the limit ends it).
size_t EditDistanceWithin(std::string_view a, std::string_view b, size_t limit);
// A place most readers would think of first under its exact name.
bool IsMajor(const format::PlaceRec& r);
// An exact spelling that keeps the spelling variants of far towns away: a major place's,
// or a district's ("Tapoa" is Burkina Faso's province, not a spelling of Taipei).
bool IsMajorOrDistrict(const format::PlaceRec& r);
// Worth keeping as a spelling variant outside the provinces the article names.
bool IsBig(const format::PlaceRec& r);
double FeatureBonus(const format::PlaceRec& r);
double PopulationBonus(const format::PlaceRec& r);
// What a village's size and state cost it (see score.cc).
double RecordPenalty(const format::PlaceRec& r, bool major_exact);
inline constexpr double kMajorExactPenalty = 4.0;
inline constexpr double kVillagePenalty = 1.0;
// A name that is one of the place's other names, not its own: a small step, that decides
// between places of like size and kind ("Gao" is Mali's town before Guantanamo).
inline constexpr double kAlternateNamePenalty = 0.1;
// A town reached by a spelling variant, when a village has the exact spelling: it loses
// the size advantage (kVillagePenalty) that would let it outrank that village.
bool VariantYieldsToExactVillage(bool exact, const format::PlaceRec& r);

}  // namespace sitrep::geo::score
