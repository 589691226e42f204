// The gazetteer as one document uses it: the context-free questions (is this name a
// country? which places bear it, whatever the article?) are answered once per distinct
// name (a report names the same towns and countries again and again). Questions in the
// article's context are asked directly: that context changes with nearly every place
// resolved, so a cache of them hits about 3 % of the time and costs more than it saves.
// Lives as long as the document's place finding; not shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/geo.h"
#include "places/choose.h"

namespace sitrep::places {

// Lookups for ranking: no explanation text, and only as many candidates as the choice
// can use (a same-sentence place adds at most 2 to a score; the margin is 0.5).
constexpr geo::LookupOptions kWinnerOnly{.max_candidates = 1, .explain = false};
constexpr geo::LookupOptions kRunnersUp{.max_candidates = 8, .explain = false};
// (A village's rivals count only within kDecisiveMargin of it: ChooseCandidate.)
constexpr geo::LookupOptions kWinnerOrVillageRivals{.max_candidates = 1,
                                                    .village_candidates = 8,
                                                    .village_rivals_within = kDecisiveMargin,
                                                    .explain = false};

class GeoCache {
 public:
  explicit GeoCache(const geo::Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  // Gazetteer::Lookup without context, remembered by name and options.
  const std::vector<geo::Candidate>& LookupAnywhere(std::string_view name,
                                                    const geo::LookupOptions& options);
  // Gazetteer::FindCountry, remembered by name.
  const std::optional<geo::Place>& FindCountry(std::string_view name);

  const geo::Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  const geo::Gazetteer& gazetteer_;
  std::unordered_map<std::string, std::vector<geo::Candidate>> lookups_;
  std::unordered_map<std::string, std::optional<geo::Place>> countries_;
};

}  // namespace sitrep::places
