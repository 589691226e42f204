// Fuzz target: place names and the gazetteer (FoldPlaceName, Geocoder::Lookup with and
// without context, ContextFromText, CountryCode). The input is split at the first NUL:
// a name, then the text of an article around it. Every candidate is a real place.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_support.h"
#include "sitrep/gazetteer.h"
#include "util/text.h"

namespace {

const sitrep::Geocoder& Geo() {
  static const std::unique_ptr<sitrep::Geocoder> geo = [] {
    auto g = sitrep::Geocoder::Open(sitrep::fuzz::DataDir());
    if (!g.ok()) sitrep::fuzz::Fail(g.status().message());
    return std::move(g).value();
  }();
  return *geo;
}

void CheckCandidates(const std::vector<sitrep::PlaceCandidate>& candidates) {
  using sitrep::fuzz::Check;
  for (const auto& c : candidates) {
    Check(std::isfinite(c.score), "a score that is no number");
    Check(std::abs(c.place.latitude) <= 90 && std::abs(c.place.longitude) <= 180,
          "coordinates out of range for " + c.place.name);
    Check(sitrep::IsValidUtf8(c.place.name), "a place name that is not UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const sitrep::Geocoder& geo = Geo();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string_view name = input.substr(0, std::min(nul, size_t{256}));
  std::string_view text = nul == std::string_view::npos ? input : input.substr(nul + 1);
  (void)sitrep::FoldPlaceName(name);
  (void)geo.CountryCode(name);
  CheckCandidates(geo.Lookup(name, {}));
  sitrep::PlaceContext context = geo.ContextFromText(text);
  for (const auto& cc : context.country_codes)
    sitrep::fuzz::Check(cc.size() == 2, "a country code that is not ISO alpha-2: " + cc);
  CheckCandidates(geo.Lookup(name, context));
  return 0;
}
