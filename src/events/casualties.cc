// Casualties, every figure rule in one place: the count that goes with each casualty word of
// a clause ("the death of eight", "three soldiers were killed", "killing a young man"), tolls
// given place by place, and an incident's figures from its groups: one claim per source, the
// first source with a figure giving the event's figures, others killed "also" added, a lethal
// verb with no count meaning one dead.
#include <algorithm>

#include "events/draft.h"

namespace sitrep::events {
namespace {

using mentions::CasualtyKind;

class CasualtyCounter : public Pass {
 public:
  explicit CasualtyCounter(Draft& d) : Pass(d) {}

  // The figures of one group, from the casualty words of its clause.
  void Count(Group* g) const {
    g->figures.source = draft_.sentence_source[g->sentence];
    g->figures.sentence = g->sentence;
    g->figures.toll_only = CasualtyOnly(*g);
    auto [cb, ce] = doc_.Range(doc_.casualties, g->clause_b, g->clause_e);
    for (size_t ci = cb; ci < ce; ++ci) {
      const auto& cm = doc_.casualties[ci];
      const auto& entry = k_.casualties[cm.entry];
      Figure f = CountFor(cm, entry, *g);
      if (!f.value && !f.vague) continue;
      // The dead a protest is about ("demanding action after a gas leak killed 11") are its
      // cause, not its toll.
      if (g->best >= 0 && TriggerOf(g->best).type == EventType::kProtests && InCause(f.b)) continue;
      Figure* slot = entry.kind == CasualtyKind::kKilled    ? &g->figures.killed
                     : entry.kind == CasualtyKind::kInjured ? &g->figures.injured
                                                            : nullptr;
      if (!slot) continue;
      if (!slot->value) {
        *slot = f;
        if (f.value && IsAdditionalCount(cm, f)) g->figures.additional = true;
      }
      g->has_figures = true;
    }
  }

  // The incident's figures and claims (events.cc has set actor1, which decides which claim is
  // a claim of responsibility).
  void Fill(const Incident& inc, Event* ev) const;

  std::vector<std::pair<int, Figure>> TollsByPlace(const Incident& inc) const;

 private:
  // "were also killed", "also 13 militants were killed", "2 other policemen were killed".
  bool IsAdditionalCount(const mentions::CasualtyMention& cm, const Figure& f) const {
    if (Is(Word::kToll, cm.e - 1)) return false;  // "the toll also rose to 9" replaces, not adds
    if (cm.b > 0 && Is(Word::kAlso, cm.b - 1)) return true;
    if (f.b > 0 && Is(Word::kAlso, f.b - 1)) return true;
    return f.e < doc_.tokens.size() && Is(Word::kOtherMore, f.e) && f.e < cm.b;
  }

  // A one-person noun phrase at `k`: "a soldier", "a young man".
  bool IsPersonNoun(uint32_t k) const { return Is(Word::kPersonNoun, k); }

  // The number that counts the casualties of one casualty word.
  Figure CountFor(const mentions::CasualtyMention& cm, const mentions::CasualtyEntry& entry,
                  const Group& g) const {
    Figure f;
    auto usable = [&](const mentions::NumberMention& n) {
      return !n.n.is_year_like && !n.n.is_ordinal && InClause(g, n.b);
    };
    if (entry.count_after) {
      if (CountAfter(cm, g, usable, &f)) return f;
      // "قتلت امرأة" (a woman was killed): Arabic writes no article.
      if (doc_.tokens[cm.b].is(mentions::kArabic) && cm.e < g.clause_e && IsPersonNoun(cm.e) &&
          doc_.At(doc_.number_at, cm.e) < 0) {
        f.value = 1;
        f.b = cm.e, f.e = cm.e + 1;
        return f;
      }
      // "shot a judge, seriously wounding him"
      if (cm.e < g.clause_e && Is(Word::kOnePersonPronoun, cm.e)) {
        f.value = 1;
        f.b = cm.e, f.e = cm.e + 1;
        return f;
      }
      // "killing a young man", "killing the commander"
      if (cm.e + 1 < g.clause_e &&
          (Is(Word::kIndefiniteArticle, cm.e) || Is(Word::kSingularDeterminer, cm.e))) {
        uint32_t k = cm.e + 1;
        while (k + 1 < g.clause_e && Is(Word::kPersonAdjective, k)) ++k;
        // ("killed a drug suspect", "a taxi driver": one word naming the person's kind; not a
        // force's, "a police officer and a civilian", whose count goes on.)
        if (!IsPersonNoun(k) && k + 1 < g.clause_e && IsPersonNoun(k + 1) &&
            !doc_.tokens[k].is(mentions::kPunct) && doc_.At(doc_.number_at, k) < 0) {
          const int32_t ai = doc_.At(doc_.actor_at, k);
          if (ai < 0 || k_.actors[doc_.actors[ai].actor].inter == 7) ++k;
        }
        if (IsPersonNoun(k)) {
          f.value = 1;
          f.b = cm.e, f.e = k + 1;
          return f;
        }
      }
    }
    if (entry.count_before) CountBefore(cm, g, usable, &f);
    return f;
  }

  // "killing eight", "the death of eight", "killed 12 people", "toll rose to 9"; "killing at
  // least 60 Afghans and 13 US service members" adds the second count, "two security guards
  // and a police officer" one more.
  template <class Usable>
  bool CountAfter(const mentions::CasualtyMention& cm, const Group& g, const Usable& usable,
                  Figure* f) const {
    const uint32_t from = AfterArabicSubject(cm, g);
    uint32_t limit = from + (Is(Word::kToll, cm.e - 1) ? 5 : 3);
    auto [nb, ne] = doc_.Range(doc_.numbers, from, limit + 1);
    for (size_t ni = nb; ni < ne; ++ni) {
      const auto& n = doc_.numbers[ni];
      if (!usable(n)) continue;
      bool clean_gap = true;
      for (uint32_t t = from; t < n.b; ++t) clean_gap &= Is(Word::kCountGap, t);
      if (!clean_gap) continue;
      f->value = n.n.value;
      f->vague = n.n.vague;
      f->b = n.b, f->e = n.e;
      for (uint32_t t = n.e; f->value && t < n.e + 6 && t + 1 < g.clause_e; ++t) {
        if (doc_.TokenText(t) == "," || Is(Word::kCountListEnd, t)) break;
        if (!Is(Word::kAnd, t)) continue;
        if (Is(Word::kIndefiniteArticle, t + 1) && t + 2 < g.clause_e &&
            (IsPersonNoun(t + 2) || doc_.At(doc_.actor_at, t + 2) >= 0)) {
          f->value = *f->value + 1;
          f->e = t + 3;
          break;
        }
        int32_t ni2 = doc_.At(doc_.number_at, t + 1);
        if (ni2 < 0) break;
        const auto& n2 = doc_.numbers[ni2];
        if (usable(n2) && n2.n.value && !n2.n.vague) {
          f->value = *f->value + *n2.n.value;
          f->e = n2.e;
        }
        break;
      }
      return true;
    }
    return false;
  }

  // Arabic puts the subject between the verb and its object: "قتل مسلحون مجهولون سبعة مدنيين",
  // "قتل مسلحون من قوات الدعم السريع ١١ مدنياً". The token after the subject actor (and the
  // words that lead to it); after the casualty word when no actor follows it.
  uint32_t AfterArabicSubject(const mentions::CasualtyMention& cm, const Group& g) const {
    if (!doc_.tokens[cm.b].is(mentions::kArabic)) return cm.e;
    uint32_t k = cm.e;
    while (k < g.clause_e && k < cm.e + 3 && doc_.At(doc_.actor_at, k) < 0 &&
           Is(Word::kSubjectLead, k))
      ++k;
    int32_t ai = doc_.At(doc_.actor_at, k);
    // (A dual noun is both the people and their count: "أصيب شخصان".)
    if (ai < 0 || doc_.actors[ai].b != k || doc_.At(doc_.number_at, k) >= 0) return cm.e;
    return doc_.actors[ai].e;
  }

  // "eight soldiers were killed", "Five former leaders of the Free Syrian Army (FSA) were
  // killed": the count and the word may be a long noun phrase apart; a clause boundary or
  // another verb blocks. "a judge was killed", "a soldier was killed": one.
  template <class Usable>
  void CountBefore(const mentions::CasualtyMention& cm, const Group& g, const Usable& usable,
                   Figure* f) const {
    const mentions::NumberMention* found = nullptr;
    auto [nb, ne] = doc_.Range(doc_.numbers, cm.b >= 40 ? cm.b - 40 : 0, cm.b);
    for (size_t ni = nb; ni < ne; ++ni) {
      const auto& n = doc_.numbers[ni];
      if (n.e > cm.b || n.e + 12 < cm.b || !usable(n)) continue;
      bool blocked = false;
      for (uint32_t t = n.e; t < cm.b; ++t) {
        // "and" ends the phrase of a count only when another count follows it ("two civilians
        // and three soldiers"), not in "five soldiers and civilians"; "3 civilians including
        // a former commander were killed" is an aside without a count.
        bool count_next = doc_.At(doc_.number_at, t + 1) >= 0;
        if ((Is(Word::kAnd, t) || Is(Word::kIncluding, t)) && !count_next) continue;
        std::string_view text = doc_.TokenText(t);
        if (text == "," || text == ";" || text == "." || Is(Word::kCountBlocker, t)) blocked = true;
      }
      if (!blocked) found = &n;
    }
    if (!found && cm.b >= 1 && cm.b - 1 > g.clause_b && Is(Word::kWas, cm.b - 1)) {
      f->value = 1;
      f->b = cm.b - 1, f->e = cm.e;
      return;
    }
    if (!found && cm.b >= 3) {
      for (uint32_t k = cm.b - 1; k + 4 > cm.b && k > g.clause_b; --k) {
        if (Is(Word::kIndefiniteArticle, k) && IsPersonNoun(k + 1)) {
          f->value = 1;
          f->b = k, f->e = k + 2;
          return;
        }
      }
      // "a farmer and his brother were killed": two.
      for (uint32_t k = cm.b - 1; k + 8 > cm.b && k > g.clause_b; --k) {
        if (Is(Word::kIndefiniteArticle, k) && IsPersonNoun(k + 1) && k + 2 < cm.b &&
            Is(Word::kAnd, k + 2) && OnePersonMore(k + 2, cm.b)) {
          f->value = 2;
          f->b = k, f->e = cm.b;
          return;
        }
      }
    }
    if (!found) return;
    f->value = found->n.value;
    f->vague = found->n.vague;
    f->b = found->b, f->e = found->e;
    // "two civilians and three soldiers were killed": add the first count (not when it has its
    // own casualty word: "Eight were killed and 27 wounded").
    auto [pb, pe] = doc_.Range(doc_.numbers, found->b >= 12 ? found->b - 12 : 0, found->b);
    for (size_t ni = pb; ni < pe; ++ni) {
      const auto& n = doc_.numbers[ni];
      if (&n == found || n.e > found->b || n.e + 4 < found->b || !usable(n) || !n.n.value) continue;
      bool own_word = false;
      for (uint32_t t = n.e; t < found->b; ++t) own_word |= Is(Word::kCasualtyWord, t);
      if (!own_word && found->b >= 1 && Is(Word::kAnd, found->b - 1) && f->value) {
        f->value = *f->value + *n.n.value;
        f->b = n.b;
      }
    }
    // "two women and a man were killed": one more after the counted ones.
    if (!f->value || f->vague) return;
    for (uint32_t t = found->e; t + 2 < cm.b && t < found->e + 4; ++t) {
      if (!Is(Word::kAnd, t)) continue;
      if (OnePersonMore(t, cm.b)) {
        f->value = *f->value + 1;
        f->e = t + 3;
      }
      break;
    }
  }

  // After "and" at `t`, one more person before `end`: "a man", "a police officer", "his
  // brother".
  bool OnePersonMore(uint32_t t, uint32_t end) const {
    if (t + 2 >= end + 1 ||
        !(Is(Word::kIndefiniteArticle, t + 1) || Is(Word::kPossessiveDeterminer, t + 1)))
      return false;
    return IsPersonNoun(t + 2) || (t + 3 < end && IsPersonNoun(t + 3));
  }

  // "al-Shabaab assassinated the deputy commissioner": the verb itself tells of a death; "...
  // abducted 11 coal miners ... and shot them dead": all those counted before.
  void LethalVerbToll(const Incident& inc, Event* ev) const;
};

void CasualtyCounter::Fill(const Incident& inc, Event* ev) const {
  // One claim per source, in order of first appearance. Others killed besides those counted,
  // in another clause, are added to the toll. The title's figures come last: "Two killed as
  // police fire on protesters" may sum incidents the body tells apart.
  std::vector<SourceFigures> per_source;
  std::optional<int> more_killed, more_injured;
  bool counted_before = false;
  // (The title's groups after the others, each in text order: what a stable partition gives,
  // without its buffer.)
  std::vector<size_t> order;
  order.reserve(inc.groups.size());
  for (size_t gi : inc.groups)
    if (!groups_[gi].headline) order.push_back(gi);
  for (size_t gi : inc.groups)
    if (groups_[gi].headline) order.push_back(gi);
  per_source.reserve(order.size() + inc.told_in_passing.size());
  for (size_t gi : order) {
    const SourceFigures& f = groups_[gi].figures;
    if (f.additional && counted_before) {
      if (f.killed.value) more_killed = more_killed.value_or(0) + *f.killed.value;
      if (f.injured.value) more_injured = more_injured.value_or(0) + *f.injured.value;
      continue;
    }
    counted_before |= f.killed.value.has_value() || f.injured.value.has_value();
    auto it = std::find_if(per_source.begin(), per_source.end(),
                           [&](const SourceFigures& x) { return x.source == f.source; });
    if (it == per_source.end()) {
      per_source.push_back(f);
      continue;
    }
    if (!it->killed.value && (f.killed.value || f.killed.vague)) it->killed = f.killed;
    // A toll the same source tells on its own, later and higher, is its total ("Three men
    // were killed ... A fourth person died later. 4 fatalities.").
    else if (f.toll_only && f.killed.value && it->killed.value &&
             *f.killed.value > *it->killed.value)
      it->killed = f.killed;
    if (!it->injured.value && (f.injured.value || f.injured.vague)) it->injured = f.injured;
    it->claims_responsibility |= f.claims_responsibility;
  }
  // A source that told of it only in passing names it, with no figures.
  for (const auto& [told_source, sentence] : inc.told_in_passing) {
    const int source = told_source;  // (clang cannot capture a structured binding)
    if (std::none_of(per_source.begin(), per_source.end(),
                     [&](const SourceFigures& x) { return x.source == source; })) {
      SourceFigures sf;
      sf.source = source;
      sf.sentence = sentence;
      per_source.push_back(sf);
    }
  }
  if (!ctx_.publisher.empty()) ev->sources.push_back(ctx_.publisher);
  bool primary_set = false;
  for (const auto& sf : per_source) {
    bool has = sf.killed.value || sf.injured.value;
    if (has && !primary_set) {
      ev->fatalities = sf.killed.value;
      ev->injuries = sf.injured.value;
      primary_set = true;
      if (sf.killed.value) AddEvidence(ev, "fatalities", sf.killed.b, sf.killed.e);
      if (sf.injured.value) AddEvidence(ev, "injuries", sf.injured.b, sf.injured.e);
    }
    if (sf.source < 0) continue;
    const auto& agency = k_.agencies[sf.source];
    if (!agency.unnamed &&
        std::find(ev->sources.begin(), ev->sources.end(), agency.name) == ev->sources.end())
      ev->sources.push_back(agency.name);
    Claim c;
    c.source = agency.name;
    bool affiliated = !agency.affiliation.empty() && agency.affiliation == ev->actor1;
    c.claim = affiliated ? "responsibility" : "report";
    c.fatalities = sf.killed.value;
    c.injuries = sf.injured.value;
    c.text = std::string(doc_.sentences[sf.sentence].of(doc_.text));
    ev->claims.push_back(std::move(c));
  }
  // A figure the first source does not give comes from the next one that does ("it had
  // counted 90 bodies and more than 125 wounded").
  for (const auto& sf : per_source) {
    if (!primary_set) break;
    if (!ev->fatalities && sf.killed.value) {
      ev->fatalities = sf.killed.value;
      AddEvidence(ev, "fatalities", sf.killed.b, sf.killed.e);
    }
    if (!ev->injuries && sf.injured.value) {
      ev->injuries = sf.injured.value;
      AddEvidence(ev, "injuries", sf.injured.b, sf.injured.e);
    }
  }
  if (!ev->fatalities) LethalVerbToll(inc, ev);
  // The range spans every source's figure and the event's own (GED's low <= best <= high):
  // the publisher's figure is the event's but no claim.
  auto widen = [&](const std::optional<int>& figure) {
    if (!figure) return;
    if (!ev->fatalities_low || *figure < *ev->fatalities_low) ev->fatalities_low = figure;
    if (!ev->fatalities_high || *figure > *ev->fatalities_high) ev->fatalities_high = figure;
  };
  for (const auto& c : ev->claims) widen(c.fatalities);
  widen(ev->fatalities);
  if (more_killed) {
    ev->fatalities = ev->fatalities.value_or(0) + *more_killed;
    if (ev->fatalities_low) *ev->fatalities_low += *more_killed;
    if (ev->fatalities_high) *ev->fatalities_high += *more_killed;
  }
  if (more_injured) ev->injuries = ev->injuries.value_or(0) + *more_injured;
  if (ev->fatalities && !ev->fatalities_low)
    ev->fatalities_low = ev->fatalities_high = ev->fatalities;
  if (!ev->fatalities) ev->fatalities_low = ev->fatalities_high = std::nullopt;
}

void CasualtyCounter::LethalVerbToll(const Incident& inc, Event* ev) const {
  for (size_t gi = 0; gi < inc.groups.size() && !ev->fatalities; ++gi) {
    const Group& g = groups_[inc.groups[gi]];
    if (g.trend || g.best < 0) continue;
    // The clause's head, else any lethal verb of it ("abducted ... and shot them dead").
    int lethal = g.best;
    if (!TriggerOf(lethal).lethal)
      for (uint32_t ti : g.triggers)
        if (TriggerOf(ti).lethal) lethal = static_cast<int>(ti);
    const auto& tm = doc_.triggers[lethal];
    if (!TriggerOf(lethal).lethal || tm.negated_or_trend) continue;
    // "tried to assassinate the judge": a lethal verb only attempted kills no one.
    bool attempted = false;
    for (uint32_t t = tm.b; t > 0 && tm.b - t < 3; --t) attempted |= Is(Word::kAttemptWord, t - 1);
    if (attempted) continue;
    ev->fatalities = 1;
    bool them = false;
    for (uint32_t t = tm.b; t < tm.e; ++t) them |= Is(Word::kThem, t);
    if (them) {
      auto [nb, ne] = doc_.Range(doc_.numbers, doc_.sentence_begin[g.sentence], tm.b);
      for (size_t ni = nb; ni < ne; ++ni) {
        const auto& n = doc_.numbers[ni];
        if (n.n.value && !n.n.is_year_like && !n.n.is_ordinal && !n.n.vague &&
            doc_.At(doc_.date_at, n.b) < 0 && *n.n.value > 1) {
          ev->fatalities = *n.n.value;
          break;
        }
      }
    }
    AddEvidence(ev, "fatalities", tm.b, tm.e);
  }
}

// "12 civilians were killed in Kfar Nabl and one in Maaret al-Numaan" -> (Kfar Nabl, 12),
// (Maaret al-Numaan, 1). Empty when there is no such split.
std::vector<std::pair<int, Figure>> CasualtyCounter::TollsByPlace(const Incident& inc) const {
  std::vector<std::pair<int, Figure>> out;
  for (size_t gi : inc.groups) {
    const Group& g = groups_[gi];
    const Figure& first = g.figures.killed;
    if (!first.value) continue;
    auto [pb, pe] = doc_.Range(doc_.places, g.clause_b, g.clause_e);
    out.clear();
    for (size_t i = pb; i < pe; ++i) {
      const auto& p = doc_.places[i];
      if (p.hospital || p.province || p.dateline || p.b < 2 || !Is(Word::kIn, p.b - 1)) continue;
      if (out.empty()) {
        // The first place follows the clause's own toll: "12 civilians were killed in".
        if (first.e <= p.b && p.b <= first.e + 5) out.emplace_back(static_cast<int>(i), first);
        continue;
      }
      // A later one: "and one in Maaret al-Numaan".
      int32_t ni = doc_.At(doc_.number_end_at, p.b - 1);
      if (ni < 0) continue;
      const auto& n = doc_.numbers[ni];
      if (!n.n.value || n.b < 1 || !Is(Word::kAnd, n.b - 1)) continue;
      Figure f;
      f.value = n.n.value;
      f.b = n.b, f.e = n.e;
      out.emplace_back(static_cast<int>(i), f);
    }
    if (out.size() >= 2) return out;
  }
  return {};
}

}  // namespace

void CountFigures(Draft* d, Group* g) { CasualtyCounter(*d).Count(g); }

void CountCasualties(Draft* d, const Incident& inc, Event* ev) {
  CasualtyCounter(*d).Fill(inc, ev);
}

std::vector<std::pair<int, Figure>> TollsByPlace(Draft* d, const Incident& inc) {
  return CasualtyCounter(*d).TollsByPlace(inc);
}

}  // namespace sitrep::events
