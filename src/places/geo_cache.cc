#include "places/geo_cache.h"

#include <cstring>

namespace sitrep::places {
namespace {

// The cache key: the options and every field of the context, then the name.
std::string Key(std::string_view name, const geo::GeoContext& context,
                const geo::LookupOptions& options) {
  std::string key;
  key.reserve(name.size() + 64);
  key += std::to_string(options.max_candidates);
  key += options.explain ? 'e' : '-';
  for (const auto& cc : context.country_codes) key += cc + ',';
  key += '|';
  for (const auto& a : context.admin1_names) key += a + ',';
  key += '|';
  for (const auto& [lat, lon] : context.nearby) {
    char buf[2 * sizeof(double)];
    std::memcpy(buf, &lat, sizeof(double));
    std::memcpy(buf + sizeof(double), &lon, sizeof(double));
    key.append(buf, sizeof(buf));
  }
  key += '|';
  key += name;
  return key;
}

}  // namespace

const std::vector<geo::Candidate>& GeoCache::Lookup(std::string_view name,
                                                    const geo::GeoContext& context,
                                                    const geo::LookupOptions& options) {
  std::string key = Key(name, context, options);
  auto it = lookups_.find(key);
  if (it == lookups_.end())
    it = lookups_.emplace(std::move(key), gazetteer_.Lookup(name, context, options)).first;
  return it->second;
}

const std::optional<geo::Place>& GeoCache::FindCountry(std::string_view name) {
  auto it = countries_.find(std::string(name));
  if (it == countries_.end())
    it = countries_.emplace(std::string(name), gazetteer_.FindCountry(name)).first;
  return it->second;
}

}  // namespace sitrep::places
