// Pass 7, place: where an incident happened. Its most specific place when the gazetteer
// knows it; a name the gazetteer lacks is kept as written (with its facility word: "al-Habil
// oil field") and placed at the narrowest area known (the place the text puts it in, else
// the province, geo_precision 2); with no place, the nearest province named (geo_precision 3),
// else the article's country.
#include <algorithm>
#include <map>

#include "events/draft.h"

namespace sitrep::events {
namespace {

class PlacePass : public Pass {
 public:
  explicit PlacePass(Draft& d) : Pass(d) {}

  // Provinces named in the article (place indices in text order) and the most named one.
  void IndexProvinces() {
    std::map<std::string, std::pair<int, int>> counts;
    for (size_t i = 0; i < doc_.places.size(); ++i) {
      const auto& p = doc_.places[i];
      if (!p.place || p.hospital) continue;
      if (p.place->level == geo::Level::kAdmin1 || p.province)
        draft_.provinces.push_back(static_cast<int>(i));
      if (p.place->level == geo::Level::kAdmin1) {
        auto& c = counts[p.place->admin1.empty() ? p.place->name : p.place->admin1];
        if (c.first++ == 0) c.second = static_cast<int>(i);
      }
    }
    int most = 0;
    for (const auto& [name, c] : counts)
      if (c.first > most) most = c.first, draft_.most_named_province = c.second;
  }

  // The first name written as a site in the clauses of the incident, -1 if none.
  int SiteOf(const Incident& inc) const {
    for (size_t gi : inc.groups) {
      const Group& g = groups_[gi];
      auto [pb, pe] = doc_.Range(doc_.places, g.clause_b, g.clause_e);
      for (size_t i = pb; i < pe; ++i)
        if (doc_.places[i].site) return static_cast<int>(i);
    }
    return -1;
  }

  void Place(const Incident& inc, Event* ev) const {
    const Group& first = groups_[inc.groups.front()];
    int province = inc.province >= 0 ? inc.province : ProvinceFor(doc_.triggers[first.best].b);
    // A province named with the event beats a bare country ("in northern Kirkuk, Iraq").
    bool country_only = inc.place >= 0 && doc_.places[inc.place].place &&
                        doc_.places[inc.place].place->level == geo::Level::kCountry;
    int place = inc.place;
    if (place < 0) place = PlaceNamedAgain(inc);
    if (place < 0) place = PlaceOfTheSentenceBefore(inc, province);
    if (place < 0 && SiteOf(inc) < 0) place = HeadlineTown(province);
    if (place >= 0 && !(country_only && inc.province >= 0)) {
      const auto& pm = doc_.places[place];
      AddEvidence(ev, "location", pm.b, pm.e);
      if (pm.place) {
        SetFromPlace(*pm.place, ev);
        ev->location = pm.place->name;
        ev->geo_precision = pm.near ? 2 : 1;
        if (pm.place->level == geo::Level::kCountry) ev->geo_precision = 3;
        if (pm.place->level == geo::Level::kAdmin1) ev->geo_precision = 3;
        return;
      }
      ev->location = pm.written;
      // A facility keeps its kind word: "al-Habil oil field", "Mezzeh airport".
      for (uint32_t t = pm.e, end = doc_.PhraseEnd(Word::kFacility, pm.e); t < end; ++t)
        ev->location += " " + std::string(doc_.LowerToken(t));
      ev->geo_precision = 2;
      if (pm.container >= 0 && doc_.places[pm.container].place)
        SetFromPlace(*doc_.places[pm.container].place, ev);
      else if (province >= 0 && doc_.places[province].place)
        SetFromPlace(*doc_.places[province].place, ev);
      else if (!doc_.country.empty())
        ev->country = doc_.country;
      return;
    }
    // With no place the gazetteer knows, a name written as the site ("clashes in Rashad")
    // is the location as written, inside the province named, else the article's country.
    if (int site = SiteOf(inc); site >= 0) {
      const auto& pm = doc_.places[site];
      AddEvidence(ev, "location", pm.b, pm.e);
      ev->location = pm.written;
      ev->geo_precision = 2;
      if (province >= 0 && doc_.places[province].place)
        SetFromPlace(*doc_.places[province].place, ev);
      else if (!doc_.country.empty())
        ev->country = doc_.country;
      return;
    }
    if (province >= 0 && doc_.places[province].place) {
      const auto& pm = doc_.places[province];
      SetFromPlace(*pm.place, ev);
      ev->location = ev->admin1.empty() ? pm.place->name : ev->admin1;
      ev->geo_precision = 3;
      AddEvidence(ev, "location", pm.b, pm.e);
      return;
    }
    if (!doc_.country.empty()) {
      ev->country = doc_.country;
      ev->location = doc_.country;
      ev->geo_precision = 3;
      if (ctx_.gazetteer) {
        if (auto c = ctx_.gazetteer->FindCountry(doc_.country)) {
          SetFromPlace(*c, ev);
          ev->admin1.clear();
        }
      }
    }
  }

 private:
  // "the fourth drone strike in the area", "another bomb went off in the same village": the
  // place of the nearest incident told before, when the incident's clause names its place
  // by such a phrase only.
  int PlaceNamedAgain(const Incident& inc) const {
    bool anaphor = false;
    for (size_t gi : inc.groups)
      for (uint32_t t = groups_[gi].clause_b; t < groups_[gi].clause_e && !anaphor; ++t)
        anaphor = doc_.PhraseEnd(Word::kPlaceAnaphor, t) != 0;
    if (!anaphor || inc.sentences.empty()) return -1;
    const uint32_t first = *inc.sentences.begin();
    int best = -1;
    uint32_t best_sentence = 0;
    for (const Incident& other : incidents_) {
      if (&other == &inc || other.place < 0 || other.sentences.empty()) continue;
      const uint32_t s = *other.sentences.begin();
      if (s < first && (best < 0 || s > best_sentence)) best = other.place, best_sentence = s;
    }
    return best;
  }

  // "On 8 May, in X, police carried out an operation. A shoot-out broke out ...": a report
  // that sets the scene in a sentence with no event of its own places what follows there.
  // With no place of its own, an incident takes the last town the sentence before it names,
  // unless that town is another incident's place or lies outside the incident's province.
  int PlaceOfTheSentenceBefore(const Incident& inc, int province) const {
    if (inc.sentences.empty() || *inc.sentences.begin() == 0) return -1;
    const uint32_t s = *inc.sentences.begin() - 1;
    // (by_sentence lists the incidents told in each sentence: no scan of them all.)
    if (s < draft_.by_sentence.size() && !draft_.by_sentence.Empty(s)) return -1;
    auto [pb, pe] = doc_.Range(doc_.places, doc_.sentence_begin[s], doc_.sentence_begin[s + 1]);
    for (size_t i = pe; i-- > pb;) {
      const auto& pm = doc_.places[i];
      if (!pm.place || pm.hospital || pm.dateline || pm.province ||
          pm.place->level == geo::Level::kCountry || pm.place->level == geo::Level::kAdmin1)
        continue;
      // "in Niteroi, Rio de Janeiro": a city that names the province of the town before it
      // stands for the province.
      if (i > pb && doc_.places[i - 1].place && doc_.places[i - 1].e + 1 == pm.b &&
          doc_.TokenText(pm.b - 1) == "," &&
          geo::FoldPlaceName(doc_.places[i - 1].place->admin1) == geo::FoldPlaceName(pm.written))
        continue;
      if (province >= 0 && doc_.places[province].place &&
          doc_.places[province].place->admin1 != pm.place->admin1)
        return -1;
      return static_cast<int>(i);
    }
    return -1;
  }

  // "Mogadishu security roundup: ..." then "security forces stopped a minibus at a
  // checkpoint": an incident the body places nowhere happened in the one town the headline
  // names, unless that town lies outside the incident's province.
  int HeadlineTown(int province) const {
    if (doc_.sentence_begin.size() < 3 || !IsHeadline(0)) return -1;
    auto [pb, pe] = doc_.Range(doc_.places, doc_.sentence_begin[0], doc_.sentence_begin[1]);
    int town = -1;
    for (size_t i = pb; i < pe; ++i) {
      const auto& pm = doc_.places[i];
      if (!pm.place || pm.hospital || pm.province) continue;
      if (pm.place->level != geo::Level::kLocality) continue;
      if (town >= 0 && doc_.places[town].place->name != pm.place->name) return -1;
      town = static_cast<int>(i);
    }
    if (town >= 0 && province >= 0 && doc_.places[province].place &&
        doc_.places[province].place->admin1 != doc_.places[town].place->admin1)
      return -1;
    return town;
  }

  // The nearest province named before `token`, else the article's most named province.
  int ProvinceFor(uint32_t token) const {
    const auto& provinces = draft_.provinces;
    auto it = std::lower_bound(provinces.begin(), provinces.end(), token,
                               [&](int i, uint32_t t) { return doc_.places[i].b < t; });
    if (it != provinces.begin()) return *std::prev(it);
    return draft_.most_named_province;
  }

  static void SetFromPlace(const geo::Place& p, Event* ev) {
    ev->country = p.country;
    ev->iso = p.iso_numeric;
    ev->region = p.region;
    ev->admin1 = p.level == geo::Level::kAdmin1 && p.admin1.empty() ? p.name : p.admin1;
    ev->admin2 = p.admin2;
    ev->admin3 = p.admin3;
    ev->latitude = p.latitude;
    ev->longitude = p.longitude;
  }
};

}  // namespace

std::vector<int> PlacesTaken(Draft* d, const Incident& inc) {
  const mentions::Document& doc = d->doc;
  const Group& g = d->groups[inc.best_group];
  const auto& tm = doc.triggers[g.best];
  if (!d->k.triggers[tm.trigger].territory || tm.negated_or_trend) return {};
  // The places named after the verb, in one list: "took control of the town of A and the
  // villages of B, C and D" (nothing between them but commas and the words of a list).
  std::vector<int> out;
  auto [pb, pe] = doc.Range(doc.places, tm.e, g.clause_e);
  uint32_t last_end = tm.e;
  for (size_t i = pb; i < pe; ++i) {
    const auto& p = doc.places[i];
    if (p.hospital || p.dateline || p.province) break;
    if (p.place && p.place->level != geo::Level::kLocality) break;
    for (uint32_t t = last_end; t < p.b; ++t)
      if (doc.TokenText(t) != "," && !doc.Is(Word::kPlaceListJoiner, t))
        return out.size() >= 2 ? out : std::vector<int>{};
    out.push_back(static_cast<int>(i));
    last_end = p.e;
  }
  return out.size() >= 2 ? out : std::vector<int>{};
}

void IndexProvinces(Draft* d) { PlacePass(*d).IndexProvinces(); }

void PlaceEvent(Draft* d, const Incident& inc, Event* ev) { PlacePass(*d).Place(inc, ev); }

}  // namespace sitrep::events
