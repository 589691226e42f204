// The public gazetteer API of include/sitrep/gazetteer.h: a thin wrapper over Gazetteer.
#include <algorithm>
#include <cctype>

#include "geo/geo.h"
#include "sitrep/gazetteer.h"

namespace sitrep {
namespace {

PlaceLevel ToPublic(geo::Level level) {
  switch (level) {
    case geo::Level::kCountry:
      return PlaceLevel::kCountry;
    case geo::Level::kAdmin1:
      return PlaceLevel::kAdmin1;
    case geo::Level::kAdmin2:
      return PlaceLevel::kAdmin2;
    case geo::Level::kAdmin3:
      return PlaceLevel::kAdmin3;
    case geo::Level::kLocality:
      return PlaceLevel::kLocality;
  }
  return PlaceLevel::kLocality;
}

GazetteerPlace ToPublic(const geo::Place& p) {
  GazetteerPlace out;
  out.name = p.name;
  out.country = p.country;
  out.country_code = p.country_code;
  out.admin1 = p.admin1;
  out.admin2 = p.admin2;
  out.admin3 = p.admin3;
  out.latitude = p.latitude;
  out.longitude = p.longitude;
  out.level = ToPublic(p.level);
  out.population = p.population;
  out.feature_code = p.feature_code;
  out.id = p.id;
  return out;
}

void AddOnce(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

}  // namespace

const char* PlaceLevelName(PlaceLevel level) {
  switch (level) {
    case PlaceLevel::kCountry:
      return "country";
    case PlaceLevel::kAdmin1:
      return "admin1";
    case PlaceLevel::kAdmin2:
      return "admin2";
    case PlaceLevel::kAdmin3:
      return "admin3";
    case PlaceLevel::kLocality:
      return "locality";
  }
  return "?";
}

struct Geocoder::Impl {
  std::shared_ptr<const geo::Gazetteer> gazetteer;
};

Geocoder::Geocoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Geocoder::~Geocoder() = default;

Result<std::unique_ptr<Geocoder>> Geocoder::Open(const std::string& data_dir) {
  auto g = geo::Gazetteer::Open(data_dir);
  if (!g.ok()) return g.status();
  auto impl = std::make_unique<Impl>();
  impl->gazetteer = *g;
  return std::unique_ptr<Geocoder>(new Geocoder(std::move(impl)));
}

std::vector<PlaceCandidate> Geocoder::Lookup(std::string_view name,
                                             const PlaceContext& context) const {
  geo::GeoContext ctx;
  ctx.country_codes = context.country_codes;
  ctx.admin1_names = context.admin1_names;
  std::vector<PlaceCandidate> out;
  for (const auto& c : impl_->gazetteer->Lookup(name, ctx))
    out.push_back({ToPublic(c.place), c.score, c.exact, c.why});
  return out;
}

std::string Geocoder::CountryCode(std::string_view name) const {
  auto c = impl_->gazetteer->FindCountry(name);
  return c ? c->country_code : std::string();
}

PlaceContext Geocoder::ContextFromText(std::string_view text) const {
  // Words, with an empty word at every separator so that phrases never cross punctuation.
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'' ||
        (static_cast<unsigned char>(c) & 0x80)) {
      cur.push_back(c);
    } else {
      flush();
      words.push_back("");
    }
  }
  flush();
  PlaceContext ctx;
  const geo::Gazetteer& g = *impl_->gazetteer;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string phrase;
    for (size_t n = 0; n < 3 && i + n < words.size() && !words[i + n].empty(); ++n) {
      if (!phrase.empty()) phrase.push_back(' ');
      phrase += words[i + n];
      if (!std::isupper(static_cast<unsigned char>(phrase[0]))) break;
      if (auto c = g.FindCountry(phrase)) {
        AddOnce(&ctx.country_codes, c->country_code);
      } else if (auto a = g.FindAdmin1(phrase)) {
        AddOnce(&ctx.admin1_names, phrase);
        AddOnce(&ctx.country_codes, a->country_code);
      }
    }
  }
  return ctx;
}

std::string FoldPlaceName(std::string_view name) { return geo::FoldPlaceName(name); }

}  // namespace sitrep
