// Choosing among a name's gazetteer candidates with what the text says around the name.
// The gazetteer ranks candidates by the article's context (its countries, the provinces
// it names, other places); this step adds the mention's own evidence (a place named in the
// same sentence: "between Namer and Kherbet Ghazalaeh", "Koutougou, in Soum") and decides
// whether the winner is certain enough. A village (a place only the village layer knows,
// of unknown size) must be supported by the text and must clearly beat every far-away
// namesake; otherwise the name falls back to the area all its candidates share.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "geo/geo.h"

namespace sitrep::places {

// What the text says around one place name.
struct MentionEvidence {
  bool locality_cue = false;      // "X town", "the village of X"
  bool village_cue = false;       // "the village of X": no city reached by another spelling
  bool near = false;              // "near X", "between X and Y"
  bool site_preposition = false;  // "in X", "at X", "outside X"
  // Places resolved in the same sentence (towns, villages, districts), as points.
  std::vector<std::pair<double, double>> same_sentence;
  // Places resolved anywhere in the article (towns, villages, districts).
  std::span<const std::pair<double, double>> article;
  std::span<const std::string> provinces;  // admin1 names the article names
};

enum class Verdict {
  kAccept,      // candidates[index] is the place
  kDefer,       // a village that the article's other places may decide: ask again later
  kAmbiguous,   // namesakes far apart that nothing in the text tells apart
  kUnsupported  // a village the text does not present as a place (a word, a person)
};

struct Choice {
  Verdict verdict = Verdict::kUnsupported;
  size_t index = 0;
  // Ambiguous: the admin1 (and country) every close candidate lies in, when they share one.
  std::string common_admin1, common_country_code;
  std::string why;  // for --explain
};

// Within this distance two candidates are one place for ACLED's precision 2: picking
// either is not a guess.
inline constexpr double kSamePlaceKm = 10.0;
// A rival within this score of the winner is not beaten by the context.
inline constexpr double kDecisiveMargin = 0.5;

// Re-ranks `candidates` (best first, from Gazetteer::Lookup) by nearness to the places of
// the same sentence, then decides. `final_pass`: the article's other places are known, so
// a village is decided now rather than deferred.
Choice ChooseCandidate(std::vector<geo::Candidate>* candidates, const MentionEvidence& evidence,
                       bool final_pass);

}  // namespace sitrep::places
