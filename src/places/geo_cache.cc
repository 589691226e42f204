#include "places/geo_cache.h"

namespace sitrep::places {
namespace {

// A thread's store holds at most about this many answers: it is emptied, when no GeoCache
// reads it, once it has more (a few MB at most; the names a corpus repeats come back).
constexpr size_t kMaxAnswers = 8192;

GeoAnswers& ThreadAnswers() {
  thread_local GeoAnswers answers;
  return answers;
}

// The store for `answers` by name and `make` to answer a miss.
template <class T, class Make>
const T& Remember(GeoAnswers::ByName<T>* by_name, std::string_view key, Make make) {
  auto it = by_name->find(key);
  if (it == by_name->end()) it = by_name->emplace(std::string(key), make()).first;
  return it->second;
}

}  // namespace

GeoCache::GeoCache(const geo::Gazetteer& gazetteer) : gazetteer_(gazetteer), answers_(&own_) {
  GeoAnswers& shared = ThreadAnswers();
  if (shared.users == 0 &&
      (shared.gazetteer_serial != gazetteer.serial() || shared.size() > kMaxAnswers)) {
    shared = GeoAnswers();
    shared.gazetteer_serial = gazetteer.serial();
  }
  if (shared.gazetteer_serial == gazetteer.serial()) {
    answers_ = &shared;
    ++shared.users;
  }
}

GeoCache::~GeoCache() {
  if (answers_ != &own_) --answers_->users;
}

const std::vector<geo::Candidate>& GeoCache::LookupAnywhere(std::string_view name,
                                                            const geo::LookupOptions& options) {
  key_ = std::to_string(options.max_candidates) + (options.explain ? "e|" : "-|");
  key_ += name;
  return Remember(&answers_->lookups, key_,
                  [&] { return gazetteer_.Lookup(name, geo::GeoContext{}, options); });
}

const std::optional<geo::Place>& GeoCache::FindCountry(std::string_view name) {
  return Remember(&answers_->countries, name, [&] { return gazetteer_.FindCountry(name); });
}

const std::optional<geo::Place>& GeoCache::FindAdmin1(std::string_view name,
                                                      std::string_view country_code,
                                                      bool said_province) {
  key_.assign(country_code);
  key_ += said_province ? '!' : '|';
  key_ += name;
  return Remember(&answers_->admin1s, key_,
                  [&] { return gazetteer_.FindAdmin1(name, country_code, said_province); });
}

}  // namespace sitrep::places
