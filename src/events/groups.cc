// Pass 2, groups: the triggers of a sentence form one group (one incident mention), unless a
// later trigger is indefinite and coordinated ("... and an explosion", "in addition to an
// attempted detonation"), or set beside the first ("coincided with"): then it starts a new
// group. Instruments ("using an explosive vest") never do. Each group's clause runs to the
// next group; what follows "days after" is an earlier incident, a clause of its own.
#include <algorithm>
#include <optional>

#include "events/draft.h"

namespace sitrep::events {
namespace {

class GroupsPass : public Pass {
 public:
  explicit GroupsPass(Draft& d) : Pass(d) {}

  void Run() {
    size_t ti = 0;
    groups_.reserve(doc_.triggers.size());  // (a group has a trigger of its own at least)
    std::vector<Group> in_sentence;         // (one buffer for every sentence)
    for (size_t s = 0; s + 1 < doc_.sentence_begin.size(); ++s) {
      SentenceGroups(static_cast<uint32_t>(s), &ti, &in_sentence);
      SplitAtEarlierIncident(&in_sentence);
      for (auto& g : in_sentence) groups_.push_back(std::move(g));
    }
  }

 private:
  void SentenceGroups(uint32_t s, size_t* next_trigger, std::vector<Group>* groups) {
    size_t& ti = *next_trigger;
    uint32_t b = doc_.sentence_begin[s], e = doc_.sentence_begin[s + 1];
    std::vector<Group>& in_sentence = *groups;
    in_sentence.clear();
    // Casualty-only triggers ("were killed") count only in a sentence with no other trigger.
    bool other_trigger = false;
    for (size_t tj = ti; tj < doc_.triggers.size() && doc_.triggers[tj].b < e; ++tj)
      other_trigger |= doc_.triggers[tj].b >= b && !TriggerOf(tj).casualty;
    while (ti < doc_.triggers.size() && doc_.triggers[ti].b < e) {
      const auto& tm = doc_.triggers[ti];
      const auto& entry = TriggerOf(ti);
      if (other_trigger && entry.casualty) {
        ++ti;
        continue;
      }
      // A trigger word inside a date ("March 9") is the date.
      bool in_date = doc_.At(doc_.date_at, tm.b) >= 0;
      // A capitalised trigger inside a name ("Engineering and Missiles Brigade") is part of
      // the name, except in headline-style title case.
      bool in_name = doc_.tokens[tm.b].is(mentions::kCapitalized) && tm.b > b && !TitleCase(b, e) &&
                     (doc_.tokens[tm.b - 1].is(mentions::kCapitalized) ||
                      (tm.e < e && doc_.tokens[tm.e].is(mentions::kCapitalized)) ||
                      Is(Word::kNameJoiner, tm.b - 1));
      if (tm.b >= b && !in_date && !in_name) {
        // "using an explosive vest", "with two improvised explosive devices": the instrument
        // of the same attack, not a new one. A new incident in the same sentence is
        // coordinated: "... and an explosion", "in addition to an attempted detonation";
        // "sparking a gunfight" is the same one.
        bool instrument = false, coordinated = false;
        for (uint32_t back = 1; back <= 3 && tm.b >= back + b; ++back) {
          instrument |= Is(Word::kInstrumentMarker, tm.b - back);
          coordinated |= Is(Word::kCoordinator, tm.b - back);
        }
        // "The Houthi attack coincided with a coalition's ... aerial bombardment": a second
        // incident set beside the first; its clause starts after the marker, so its actors
        // come with it.
        // So is one with an agent of its own after the marker ("jets killed three in A,
        // while helicopters killed two in B").
        int beside_at = -1;
        if (!in_sentence.empty()) {
          uint32_t prev_end = doc_.triggers[in_sentence.back().triggers.back()].e;
          for (uint32_t t = prev_end; t < tm.b; ++t)
            if (Is(Word::kBesideMarker, t)) beside_at = static_cast<int>(t);
          bool own_agent = false;
          for (uint32_t t = beside_at + 1; beside_at >= 0 && t < tm.b; ++t) {
            int32_t ai = doc_.At(doc_.actor_at, t);
            int inter = ai >= 0 ? k_.actors[doc_.actors[ai].actor].inter : 0;
            own_agent |= inter >= 1 && inter <= 4;
          }
          if (entry.weight < 7 && !own_agent) beside_at = -1;
        }
        bool new_group =
            in_sentence.empty() || beside_at >= 0 ||
            (tm.indefinite && coordinated && !instrument && entry.weight >= 4 && !entry.generic);
        if (new_group) {
          Group g;
          g.sentence = s;
          g.clause_b = in_sentence.empty() ? b : tm.b;
          if (beside_at >= 0) g.clause_b = static_cast<uint32_t>(beside_at) + 1;
          g.triggers.reserve(4);  // (one allocation for most groups' triggers)
          in_sentence.push_back(std::move(g));
        }
        in_sentence.back().triggers.push_back(static_cast<uint32_t>(ti));
      }
      ++ti;
    }
    for (size_t i = 0; i < in_sentence.size(); ++i)
      in_sentence[i].clause_e = i + 1 < in_sentence.size() ? in_sentence[i + 1].clause_b : e;
  }

  // "The demonstration took place days after three protesters were wounded by gunfire": what
  // follows "days after" is an earlier incident, a clause of its own.
  void SplitAtEarlierIncident(std::vector<Group>* in_sentence) const {
    for (size_t i = 0; i < in_sentence->size(); ++i) {
      Group& g = (*in_sentence)[i];
      if (SplitAtInterval(in_sentence, i)) continue;
      auto [db, de] = doc_.Range(doc_.dates, g.clause_b, g.clause_e);
      for (size_t di = db; di < de; ++di) {
        const auto& d = doc_.dates[di];
        if (d.d.kind != dates::DateKind::kRelativeSpan || !Is(Word::kBeforeOrAfter, d.e - 1))
          continue;
        // ("days after": two days or more; dated from the head's incident as "two days
        // after" is, within the day's margin of error.)
        std::optional<int> days;
        if (d.e >= 2 && Is(Word::kIntervalDays, d.e - 2))
          days = Is(Word::kAfterWord, d.e - 1) ? -2 : 2;
        SplitOff(in_sentence, i, d.e, d.e, d.b, days);
        break;
      }
    }
  }

  // Moves the triggers of group `i` that start at `from` or later into a group of their own
  // right after it: its clause from `tail_b`, the head's now ending at `head_e`, dated
  // `days` from the head's incident when given. False, and nothing moved, unless both keep a
  // trigger.
  bool SplitOff(std::vector<Group>* in_sentence, size_t i, uint32_t from, uint32_t head_e,
                uint32_t tail_b, std::optional<int> days) const {
    Group& g = (*in_sentence)[i];
    // (A group's triggers are in text order: the later ones are a tail of them.)
    const auto first_later = std::find_if(g.triggers.begin(), g.triggers.end(),
                                          [&](uint32_t ti) { return doc_.triggers[ti].b >= from; });
    if (first_later == g.triggers.begin() || first_later == g.triggers.end()) return false;
    Group tail;
    tail.sentence = g.sentence;
    tail.clause_b = tail_b;
    tail.clause_e = g.clause_e;
    tail.triggers.assign(first_later, g.triggers.end());
    tail.days_from_head = days;
    g.triggers.erase(first_later, g.triggers.end());
    g.clause_e = head_e;
    in_sentence->insert(in_sentence->begin() + static_cast<ptrdiff_t>(i) + 1, std::move(tail));
    return true;
  }

  // "The attack came a week after gunmen killed six people in Dablo", "two days before
  // militants stormed ...": a count of days, weeks or months then "after" or "before" splits
  // the clause, and what follows happened that long before (after) the act before it. A
  // vague count ("days after") is a date mention, split above without an offset.
  bool SplitAtInterval(std::vector<Group>* in_sentence, size_t i) const {
    Group& g = (*in_sentence)[i];
    // (Between two of the clause's triggers: most clauses have one.)
    if (g.triggers.size() < 2) return false;
    const uint32_t from = std::max(g.clause_b + 2, doc_.triggers[g.triggers.front()].e);
    const uint32_t to = std::min(g.clause_e, doc_.triggers[g.triggers.back()].b);
    for (uint32_t t = from; t < to; ++t) {
      if (!Is(Word::kBeforeOrAfter, t)) continue;
      const uint32_t unit = t - 1;
      const int per = Is(Word::kIntervalHours, unit)    ? 0
                      : Is(Word::kIntervalDays, unit)   ? 1
                      : Is(Word::kIntervalWeeks, unit)  ? 7
                      : Is(Word::kIntervalMonths, unit) ? 30
                                                        : -1;
      if (per < 0) continue;
      int count = 0;
      uint32_t b = unit;
      if (Is(Word::kIndefiniteDeterminer, unit - 1) && doc_.LowerToken(unit - 1) != "another") {
        count = 1, b = unit - 1;
      } else if (int32_t ni = doc_.At(doc_.number_end_at, unit); ni >= 0) {
        const auto& n = doc_.numbers[ni].n;
        if (!n.value || n.vague || *n.value <= 0 || *n.value > 400) continue;
        count = *n.value, b = doc_.numbers[ni].b;
      } else {
        continue;
      }
      const int sign = Is(Word::kAfterWord, t) ? -1 : 1;
      return SplitOff(in_sentence, i, t + 1, b, b, sign * count * per);
    }
    return false;
  }

  // A headline-style sentence: most of its words are capitalised.
  bool TitleCase(uint32_t b, uint32_t e) const {
    int words = 0, caps = 0;
    for (uint32_t t = b; t < e; ++t) {
      if (!doc_.tokens[t].is(mentions::kWord) || doc_.tokens[t].is(mentions::kDigit)) continue;
      ++words;
      if (doc_.tokens[t].is(mentions::kCapitalized)) ++caps;
    }
    return words > 0 && caps * 10 >= words * 6;
  }
};

}  // namespace

void BuildGroups(Draft* d) { GroupsPass(*d).Run(); }

}  // namespace sitrep::events
