#include "places/geo_cache.h"

namespace sitrep::places {

const std::vector<geo::Candidate>& GeoCache::LookupAnywhere(std::string_view name,
                                                            const geo::LookupOptions& options) {
  std::string key = std::to_string(options.max_candidates) + (options.explain ? "e|" : "-|");
  key += name;
  auto it = lookups_.find(key);
  if (it == lookups_.end())
    it =
        lookups_.emplace(std::move(key), gazetteer_.Lookup(name, geo::GeoContext{}, options)).first;
  return it->second;
}

const std::optional<geo::Place>& GeoCache::FindCountry(std::string_view name) {
  auto it = countries_.find(std::string(name));
  if (it == countries_.end())
    it = countries_.emplace(std::string(name), gazetteer_.FindCountry(name)).first;
  return it->second;
}

}  // namespace sitrep::places
