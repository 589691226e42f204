// Helpers several event passes share: actors as ACLED names them, place ranks, headlines,
// what is done to a crowd, distances between mentions, evidence.
#include "events/draft.h"

#include <algorithm>

namespace sitrep::events {
namespace {

// ACLED writes "Military Forces of the United States", "... of the Philippines": a country
// named after one of the words of `article_before` takes "the" when its name starts with a
// phrase of `article_prefix` or is one of `article_country`.
bool TakesArticle(const text::WordClasses& words, std::string_view country) {
  std::string lower = AsciiLowerCopy(country);
  for (const auto& name : words.Entries(Word::kCountryTakingArticle))
    if (lower == name) return true;
  for (const auto& prefix : words.Entries(Word::kCountryPrefixTakingArticle))
    if (lower.size() > prefix.size() && lower.compare(0, prefix.size(), prefix) == 0 &&
        lower[prefix.size()] == ' ')
      return true;
  return false;
}

// The word before the "{country}" slot of an actor name ("of" in "Military Forces of
// {country}").
std::string_view WordBefore(std::string_view name, size_t pos) {
  if (pos < 2 || name[pos - 1] != ' ') return {};
  size_t start = name.rfind(' ', pos - 2);
  start = start == std::string_view::npos ? 0 : start + 1;
  return name.substr(start, pos - 1 - start);
}

}  // namespace

Actor Pass::CrowdActor(int inter, uint32_t b, uint32_t e) const {
  std::string& name = draft_.name_scratch;
  name = k_.CrowdName(inter);
  if (!doc_.country.empty()) name.append(" (").append(doc_.country).append(")");
  return Actor{draft_.names.Add(name), inter, "", b, e};
}

Actor Pass::MakeActor(const mentions::ActorMention& am) const {
  std::string_view alias = doc_.TokenSpan(am.b, am.e).of(doc_.text);
  const auto& entry = k_.actors[k_.ResolveActor(am.actor, alias, doc_.country)];
  if (entry.inter == 1 && IsForceMember(am)) {
    if (const mentions::ActorMention* force = ForceNamedBefore(am)) {
      Actor a = MakeActor(*force);
      a.b = am.b;
      a.e = am.e;
      a.unit = {};  // (of that force, not of its unit: "an officer" near "4th Division")
      return a;
    }
  }
  Actor a;
  a.inter = entry.inter;
  a.unit = entry.unit;
  a.b = am.b;
  a.e = am.e;
  if (entry.canonical.find('{') == std::string::npos) {  // (no slot: most actors)
    a.name = entry.canonical;
    return a;
  }
  // (The name is made in the draft's scratch and kept in its pool only when a slot changed it.)
  std::string& name = draft_.name_scratch;
  name = entry.canonical;
  if (size_t slot = name.find("{name}"); slot != std::string::npos) name.replace(slot, 6, am.name);
  std::string country = !am.country.empty() ? am.country : doc_.country;
  size_t pos = name.find("{country}");
  if (pos != std::string::npos) {
    std::string before = AsciiLowerCopy(WordBefore(name, pos));
    bool article_slot = false;
    for (const auto& w : k_.words.Entries(Word::kArticleBeforeCountry)) article_slot |= before == w;
    if (article_slot && TakesArticle(k_.words, country)) country = "the " + country;
    if (country.empty()) {
      // With the country unknown the actor keeps its kind, which decides the event's type:
      // "Civilians ({country})" -> "Civilians", "Military Forces of {country}" -> "Military
      // Forces".
      if (name.find(" ({country})") != std::string::npos)
        name.erase(name.find(" ({country})"), 12);
      else if (!before.empty() && pos >= before.size() + 2)
        name.erase(pos - before.size() - 2);
      else
        name.clear();
    } else {
      name.replace(pos, 9, country);
    }
  }
  a.name = name == entry.canonical ? std::string_view(entry.canonical) : draft_.names.Add(name);
  return a;
}

bool Pass::Unidentified(const Actor& a) const {
  std::string_view first = std::string_view(a.name).substr(0, a.name.find(' '));
  for (const auto& w : k_.words.Entries(Word::kUnidentifiedActor))
    if (first.size() == w.size() && AsciiLowerCopy(first) == w) return true;
  return false;
}

void Pass::AddUnique(std::vector<std::string_view>* v, std::string_view s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

// A name the text marks as a town or as near the event beats a bare name, which may stand for
// a government ("reconciled with Damascus"); a name the text puts inside another ("Gajiram in
// the Nganzai area") is the site.
int Pass::PlaceRank(const mentions::PlaceMention& p) const {
  // (A country is inside no town: "the movement in Lebanon in Sidon".)
  const bool broad = p.place && p.place->level == geo::Level::kCountry;
  bool inside = !broad && p.container >= 0 && PlaceRankNoContainer(doc_.places[p.container]) >= 2;
  int rank = PlaceRankNoContainer(p);
  return inside && rank >= 0 ? std::max(rank, 4) + 3 : rank;
}

int Pass::PlaceRankNoContainer(const mentions::PlaceMention& p) const {
  bool cued = p.locality_cue || p.near;
  if (p.place) {
    switch (p.place->level) {
      case geo::Level::kLocality:
        return cued ? 6 : 4;
      case geo::Level::kAdmin3:
        return cued ? 5 : 3;
      case geo::Level::kAdmin2:
        return cued ? 5 : 2;
      case geo::Level::kAdmin1:
        return 1;
      case geo::Level::kCountry:
        return 0;
    }
  }
  return cued ? 5 : -1;
}

// The first sentence is a headline when it ends without a full stop at a line break.
bool Pass::IsHeadline(uint32_t sentence) const {
  uint32_t b = doc_.sentence_begin[sentence], e = doc_.sentence_begin[sentence + 1];
  if (e <= b || e >= doc_.tokens.size()) return false;
  std::string_view last = doc_.TokenText(e - 1);
  return last != "." && doc_.tokens[e].is(mentions::kNewlineBefore);
}

bool Pass::ActsOnACrowd(const Group& g) const {
  bool acted = false;
  for (uint32_t ti : g.triggers) {
    const auto& tm = doc_.triggers[ti];
    const auto& t = TriggerOf(ti);
    if (tm.negated_or_trend) return false;
    if (t.crowd) continue;  // the crowd acted on: "hit protesters with sticks"
    // the protest referred to: "dispersed the march"
    if (tm.definite && (t.type == EventType::kProtests || t.type == EventType::kRiots)) continue;
    if (t.sub != SubEventType::kProtestWithIntervention &&
        t.sub != SubEventType::kExcessiveForceAgainstProtesters &&
        !(t.sub == SubEventType::kArrests && ArrestAtTheScene(tm)))
      return false;
    acted = true;
  }
  return acted;
}

// "14 protesters were arrested", "police arrested 60 of them": people taken at the scene,
// not "demanding the release of a leader in house arrest".
bool Pass::ArrestAtTheScene(const mentions::TriggerMention& tm) const {
  if (tm.negated_or_trend || tm.e != tm.b + 1) return false;
  if (!Is(Word::kArrestVerb, tm.b)) return false;
  bool prev = tm.b > 0 && Is(Word::kArrestLead, tm.b - 1);
  bool next = tm.e < doc_.tokens.size() && Is(Word::kArrestObject, tm.e);
  if (!(prev || (tm.e < doc_.number_at.size() && doc_.number_at[tm.e] >= 0) || next)) return false;
  // ("demanding the release of activists who were detained last month": the protest's cause.)
  return !InCause(tm.b);
}

bool Pass::InCause(uint32_t t) const {
  uint32_t sb = doc_.sentence_begin[doc_.SentenceOf(t)];
  for (uint32_t k = t; k > sb && t - k < 6; --k) {
    std::string_view text = doc_.TokenText(k - 1);
    if (text == "," || text == ";") break;
    if (Is(Word::kCauseMarker, k - 1) || Is(Word::kRelativePronoun, k - 1)) return true;
  }
  return false;
}

bool Pass::CasualtyOnly(const Group& g) const {
  return std::all_of(g.triggers.begin(), g.triggers.end(),
                     [&](uint32_t ti) { return TriggerOf(ti).casualty; });
}

uint32_t Pass::Distance(const Group& g, const Incident& inc) const {
  uint32_t nearest = 1u << 30;
  auto it = inc.sentences.lower_bound(g.sentence);
  if (it != inc.sentences.end()) nearest = 2 * (*it - g.sentence);
  if (it != inc.sentences.begin()) nearest = std::min(nearest, g.sentence - *std::prev(it));
  return nearest;
}

void Pass::AddEvidence(Event* ev, const std::string& field, uint32_t tb, uint32_t te) const {
  if (te <= tb) return;
  Span s = doc_.TokenSpan(tb, te);
  ev->evidence.push_back({field, s.begin, s.end, std::string(s.of(doc_.text))});
}

bool Pass::IsForceMember(const mentions::ActorMention& am) const {
  return am.e == am.b + 1 && Is(Word::kForceMember, am.b);
}

// The state force named last before `am` in its sentence or the two before it (not itself a
// bare rank noun: "... attacked a police station ... He said two attackers were killed when
// officers returned fire"), or null.
const mentions::ActorMention* Pass::ForceNamedBefore(const mentions::ActorMention& am) const {
  const mentions::ActorMention* first = doc_.actors.data();
  if (&am < first || &am >= first + doc_.actors.size()) return nullptr;
  const uint32_t sentence = doc_.SentenceOf(am.b);
  const uint32_t sentence_b = doc_.sentence_begin[sentence >= 2 ? sentence - 2 : 0];
  for (size_t i = static_cast<size_t>(&am - first); i-- > 0 && doc_.actors[i].b >= sentence_b;) {
    const mentions::ActorMention& prev = doc_.actors[i];
    if (k_.actors[prev.actor].inter == 1 && !IsForceMember(prev)) return &prev;
  }
  return nullptr;
}

namespace {
class Naming : public Pass {
 public:
  explicit Naming(Draft& d) : Pass(d) {}
  std::string Name(const mentions::ActorMention& am) const {
    return std::string(MakeActor(am).name);
  }
};
}  // namespace

std::string ActorName(Draft* d, const mentions::ActorMention& am) { return Naming(*d).Name(am); }

}  // namespace sitrep::events
