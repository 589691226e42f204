// The gazetteer as one document uses it: each distinct name is geocoded once per state of
// the document's context (a report names the same towns and provinces again and again).
// Lives as long as the document's place finding; not shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/geo.h"

namespace sitrep::places {

class GeoCache {
 public:
  explicit GeoCache(const geo::Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  // Gazetteer::Lookup, remembered by name, context and options.
  const std::vector<geo::Candidate>& Lookup(std::string_view name, const geo::GeoContext& context,
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
