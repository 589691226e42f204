// The reports of one incident -> one event (docs/merge.md, "What the merged event says").
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "merge/merge_internal.h"

namespace sitrep {

namespace {

bool Latin(const std::string& s) {
  return !s.empty() && static_cast<unsigned char>(s[0]) < 0x80;
}

// Places within about a kilometre (coordinates to two decimals) or, without coordinates,
// of the same name count as one place.
std::string PlaceKey(const Event& e) {
  if (!merge::HasPlace(e)) return "name:" + e.location;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f,%.2f", *e.latitude, *e.longitude);
  return buf;
}

// How many agreements with the other reports each report has, on date, sub-type, actors
// and place (counted per value, so linear in the number of reports).
std::vector<int> Agreements(const std::vector<const Event*>& all) {
  std::map<std::string, int> date, sub, actor1, actor2, place;
  for (const Event* e : all) {
    ++date[e->event_date], ++sub[e->sub_event_type], ++place[PlaceKey(*e)];
    if (!e->actor1.empty()) ++actor1[e->actor1];
    if (!e->actor2.empty()) ++actor2[e->actor2];
  }
  std::vector<int> out;
  for (const Event* e : all) {
    int n = date[e->event_date] - 1 + sub[e->sub_event_type] - 1 + place[PlaceKey(*e)] - 1;
    if (!e->actor1.empty()) n += actor1[e->actor1] - 1;
    if (!e->actor2.empty()) n += actor2[e->actor2] - 1;
    out.push_back(n);
  }
  return out;
}

// The report whose what, where and when the event takes: the one most others agree with,
// then the most precise, then an English place name (ACLED's), then the earliest.
const Event& Primary(const std::vector<const Event*>& reports) {
  const std::vector<int> agree = Agreements(reports);
  auto rank = [&](size_t i) {
    const Event* e = reports[i];
    return std::make_tuple(-agree[i], e->geo_precision, merge::KeyOf(*e).cls, !Latin(e->location),
                           e->published.empty(), e->published, e->event_id);
  };
  size_t best = 0;
  for (size_t i = 1; i < reports.size(); ++i)
    if (rank(i) < rank(best)) best = i;
  return *reports[best];
}

// Best: the figure most reports give (ties: the lower, as ACLED's conservative count);
// low/high: the lowest and highest any report or claim gives (UCDP GED's range).
struct Figures {
  std::optional<int> best, low, high;
};
Figures Combine(const std::vector<const Event*>& reports, std::optional<int> Event::*best,
                std::optional<int> Event::*low, std::optional<int> Event::*high,
                std::optional<int> Claim::*claimed) {
  std::map<int, int> votes;
  Figures f;
  auto see = [&](const std::optional<int>& v) {
    if (!v) return;
    f.low = f.low ? std::min(*f.low, *v) : *v;
    f.high = f.high ? std::max(*f.high, *v) : *v;
  };
  for (const Event* r : reports) {
    if (r->*best) ++votes[*(r->*best)];
    see(r->*best);
    if (low) see(r->*low);
    if (high) see(r->*high);
    if (claimed)
      for (const Claim& c : r->claims) see(c.*claimed);
  }
  int most = 0;
  for (const auto& [value, count] : votes)  // ascending: the first of the most is the lower
    if (count > most) most = count, f.best = value;
  return f;
}

void AddUnique(std::vector<std::string>* v, const std::string& x) {
  if (!x.empty() && std::find(v->begin(), v->end(), x) == v->end()) v->push_back(x);
}

std::string JoinAssoc(const std::vector<const Event*>& reports, std::string Event::*field) {
  std::vector<std::string> names;
  for (const Event* r : reports) {
    const std::string& s = r->*field;
    for (size_t b = 0; b < s.size();) {
      size_t e = s.find("; ", b);
      if (e == std::string::npos) e = s.size();
      AddUnique(&names, s.substr(b, e - b));
      b = e + 2;
    }
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "; ") + n;
  return out;
}

std::string ClaimPhrase(const Claim& c) {
  auto figure = [](int n, const char* what) { return std::to_string(n) + " " + what; };
  std::string s;
  if (c.fatalities) s = figure(*c.fatalities, *c.fatalities == 1 ? "fatality" : "fatalities");
  if (c.injuries) s += (s.empty() ? "" : " and ") + figure(*c.injuries, "injured");
  if (s.empty()) return c.source + (c.claim == "denial" ? " denied it" : " reported it without figures");
  return s + (c.claim == "responsibility" ? " claimed by " : c.claim == "denial" ? " denied by " : " per ") +
         c.source;
}

std::string RangePhrase(const char* what, const Figures& f) {
  if (!f.low || f.low == f.high) return "";
  return std::string(what) + " reported from " + std::to_string(*f.low) + " to " +
         std::to_string(*f.high);
}

}  // namespace

std::vector<const Event*> DetailedReports(const std::vector<const Event*>& reports) {
  std::vector<const Event*> ordered = InPublicationOrder(reports);
  const Event* primary = &Primary(ordered);
  if (ordered.size() > kMaxDetailedReports) ordered.resize(kMaxDetailedReports);
  if (std::find(ordered.begin(), ordered.end(), primary) == ordered.end())
    ordered.push_back(primary);
  return ordered;
}

std::vector<const Event*> InPublicationOrder(const std::vector<const Event*>& reports) {
  std::vector<const Event*> ordered = reports;
  std::sort(ordered.begin(), ordered.end(), [](const Event* a, const Event* b) {
    return std::make_tuple(a->published.empty(), a->published, a->event_id) <
           std::make_tuple(b->published.empty(), b->published, b->event_id);
  });
  return ordered;
}

Event CombineReports(const std::vector<const Event*>& reports) {
  if (reports.size() == 1) return *reports[0];
  // Reports in publication order (then id): the order of article_ids, sources and claims.
  const std::vector<const Event*> ordered = InPublicationOrder(reports);
  const Event& primary = Primary(ordered);
  // Claims, evidence and associated actors come from these (every report of a usual event).
  const std::vector<const Event*> detailed = DetailedReports(reports);
  Event e = primary;
  e.event_id = IdHolder(ordered).event_id;
  const Event& first = *ordered.front();
  e.published = first.published;
  e.published_inferred = first.published_inferred;

  // A named actor from any report fills a side the primary leaves open.
  auto fill_actor = [&](std::string Event::*actor, int Event::*inter) {
    if (!(e.*actor).empty() && (e.*actor).rfind("Unidentified", 0) != 0) return;
    std::map<std::string, std::pair<int, int>> named;  // name -> (count, inter)
    for (const Event* r : ordered) {
      const std::string& a = r->*actor;
      if (!a.empty() && a.rfind("Unidentified", 0) != 0) {
        ++named[a].first;
        named[a].second = r->*inter;
      }
    }
    int most = 0;
    for (const auto& [name, c] : named)
      if (c.first > most) most = c.first, e.*actor = name, e.*inter = c.second;
  };
  fill_actor(&Event::actor1, &Event::inter1);
  fill_actor(&Event::actor2, &Event::inter2);
  e.assoc_actor_1 = JoinAssoc(detailed, &Event::assoc_actor_1);
  e.assoc_actor_2 = JoinAssoc(detailed, &Event::assoc_actor_2);

  e.article_ids.clear();
  e.sources.clear();
  for (const Event* r : ordered)
    for (const auto& a : r->article_ids) AddUnique(&e.article_ids, a);
  // Each report's own outlet comes first in its sources; the outlets, then the agencies.
  for (const Event* r : ordered)
    if (!r->sources.empty()) AddUnique(&e.sources, r->sources.front());
  for (const Event* r : ordered)
    for (const auto& s : r->sources) AddUnique(&e.sources, s);

  // Every distinct claim once, with the article that carried it; a claim without figures
  // gives way to the same source's claim with figures.
  e.claims.clear();
  std::set<std::tuple<std::string, std::string, std::optional<int>, std::optional<int>>> seen;
  std::set<std::pair<std::string, std::string>> with_figures;
  for (const Event* r : detailed)
    for (const Claim& c : r->claims)
      if (c.fatalities || c.injuries) with_figures.insert({c.source, c.claim});
  for (const Event* r : detailed) {
    for (Claim c : r->claims) {
      if (!c.fatalities && !c.injuries && with_figures.count({c.source, c.claim})) continue;
      if (!seen.insert({c.source, c.claim, c.fatalities, c.injuries}).second) continue;
      if (c.article_id.empty() && !r->article_ids.empty()) c.article_id = r->article_ids.front();
      e.claims.push_back(std::move(c));
    }
  }

  // Votes from every report; the claims' figures widen the range (claims of the detailed
  // reports; a report's own range already spans its claims).
  Figures killed = Combine(ordered, &Event::fatalities, &Event::fatalities_low,
                           &Event::fatalities_high, nullptr);
  Figures hurt = Combine(ordered, &Event::injuries, nullptr, nullptr, nullptr);
  for (const Claim& c : e.claims) {
    for (auto [v, f] : {std::pair{c.fatalities, &killed}, std::pair{c.injuries, &hurt}}) {
      if (!v) continue;
      f->low = f->low ? std::min(*f->low, *v) : *v;
      f->high = f->high ? std::max(*f->high, *v) : *v;
    }
  }
  e.fatalities = killed.best;
  e.fatalities_low = killed.low;
  e.fatalities_high = killed.high;
  e.injuries = hurt.best;

  e.evidence.clear();
  for (const Event* r : detailed)
    for (Evidence ev : r->evidence) {
      if (ev.article_id.empty() && !r->article_ids.empty()) ev.article_id = r->article_ids.front();
      e.evidence.push_back(std::move(ev));
    }

  // Notes: what happened (the primary's first clause), every claim, the ranges, who reported.
  std::string what = primary.notes.substr(0, primary.notes.find("; "));
  if (!what.empty() && what.back() == '.') what.pop_back();
  std::vector<std::string> parts = {what};
  for (const Claim& c : e.claims) parts.push_back(ClaimPhrase(c));
  if (auto r = RangePhrase("fatalities", killed); !r.empty()) parts.push_back(r);
  if (auto r = RangePhrase("injured", hurt); !r.empty()) parts.push_back(r);
  std::string notes;
  for (const auto& p : parts)
    if (!p.empty()) notes += (notes.empty() ? "" : "; ") + p;
  notes += ". " + std::to_string(e.article_ids.size()) + " reports: ";
  std::vector<std::string> outlets;
  for (const Event* r : ordered)
    if (!r->sources.empty()) AddUnique(&outlets, r->sources.front());
  for (size_t i = 0; i < outlets.size(); ++i) notes += (i ? ", " : "") + outlets[i];
  e.notes = notes + ".";
  e.timestamp = 0;
  return e;
}

MergeResult MergeReports(const std::vector<Event>& reports, const MergeOptions& options) {
  MergeResult out;
  for (const auto& group : ClusterReports(reports, options)) {
    std::vector<const Event*> members;
    for (size_t i : group) members.push_back(&reports[i]);
    Event merged = CombineReports(members);
    for (const Event* m : members)
      if (m->event_id != merged.event_id)
        out.deleted.push_back({m->event_id, merged.event_id, 0});
    out.events.push_back(std::move(merged));
  }
  std::sort(out.events.begin(), out.events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.event_date, a.event_id) < std::tie(b.event_date, b.event_id);
  });
  std::sort(out.deleted.begin(), out.deleted.end(),
            [](const DeletedEvent& a, const DeletedEvent& b) { return a.event_id < b.event_id; });
  return out;
}

}  // namespace sitrep
