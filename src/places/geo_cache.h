// The gazetteer as one thread's documents use it: the context-free questions (is this name a
// country? a province? which places bear it, whatever the article?) are answered once per
// distinct name, and the answers outlive the document (reports name the same towns and
// countries again and again). Questions in the article's context are asked directly: that
// context changes with nearly every place resolved, so a cache of them hits about 3 % of the
// time and costs more than it saves.
// A GeoCache lives as long as one document's place finding; not shared between threads.
#pragma once

#include <cstdint>
#include <functional>
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

// Answers to the context-free questions, by name. References to answers stay valid while
// the GeoCaches that use the store live (it is emptied only when none does).
struct GeoAnswers {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  template <class T>
  using ByName = std::unordered_map<std::string, T, Hash, std::equal_to<>>;

  uint64_t gazetteer_serial = 0;  // Gazetteer::serial() of the gazetteer that answered
  int users = 0;                  // GeoCaches alive that read it
  ByName<std::vector<geo::Candidate>> lookups;
  ByName<std::optional<geo::Place>> countries;
  ByName<std::optional<geo::Place>> admin1s;
  size_t size() const { return lookups.size() + countries.size() + admin1s.size(); }
};

class GeoCache {
 public:
  explicit GeoCache(const geo::Gazetteer& gazetteer);
  ~GeoCache();
  GeoCache(const GeoCache&) = delete;
  GeoCache& operator=(const GeoCache&) = delete;

  // Gazetteer::Lookup without context, remembered by name and options.
  const std::vector<geo::Candidate>& LookupAnywhere(std::string_view name,
                                                    const geo::LookupOptions& options);
  // Gazetteer::FindCountry, remembered by name.
  const std::optional<geo::Place>& FindCountry(std::string_view name);
  // Gazetteer::FindAdmin1, remembered by name, country and said_province.
  const std::optional<geo::Place>& FindAdmin1(std::string_view name,
                                              std::string_view country_code = {},
                                              bool said_province = false);

  const geo::Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  const geo::Gazetteer& gazetteer_;
  // The thread's answers when they are this gazetteer's (the usual case), else own_.
  GeoAnswers* answers_;
  GeoAnswers own_;
  std::string key_;  // scratch for composite keys
};

}  // namespace sitrep::places
