// How the incidents of an article link up: which incident an act followed, answered, or is
// told as of the time of ("Meanwhile", "on the same day", "a week after", "in response to"),
// and which actors may be one. The merge pass (merge.cc) asks; each answer reads the groups
// and the incidents made so far.
#pragma once

#include <algorithm>
#include <optional>
#include <string_view>

#include "events/draft.h"

namespace sitrep::events {

class IncidentLinks : public Pass {
 public:
  explicit IncidentLinks(Draft& d) : Pass(d) {}

 protected:
  // An unidentified actor ("gunmen") may be any named one.
  // (A branch is its group: "Islamic State" of a raid in Nigeria is the "Islamic State West
  // Africa Province" the next sentence names.)
  bool ActorsCompatible(const std::optional<Actor>& x, const std::optional<Actor>& y) const {
    return !x || !y || x->name == y->name || Unidentified(*x) || Unidentified(*y) ||
           BranchOf(x->name, y->name) || BranchOf(y->name, x->name);
  }
  static bool BranchOf(std::string_view branch, std::string_view group) {
    return branch.size() > group.size() + 1 && branch.starts_with(group) &&
           branch[group.size()] == ' ';
  }

  // The dated incident that the clause of `g` says it followed ("عقب الهجوم": after the
  // attack): the nearest one told before it whose kind the aftermath's trigger names (any
  // violence for a violent word), or -1.
  int FollowedIncident(const Group& g) const {
    if (g.aftermath_of < 0) return -1;
    const EventType named = TriggerOf(static_cast<uint32_t>(g.aftermath_of)).type;
    int best = -1;
    uint32_t best_distance = 0;
    for (size_t ii = 0; ii < incidents_.size(); ++ii) {
      const Incident& inc = incidents_[ii];
      if (inc.date < 0 || inc.date_from_earlier || *inc.sentences.begin() > g.sentence) continue;
      const EventType told = EventTypeOf(groups_[inc.best_group]);
      if (told != named && !(Violent(told) && Violent(named))) continue;
      const uint32_t d = Distance(g, inc);
      if (best < 0 || d < best_distance) best = static_cast<int>(ii), best_distance = d;
    }
    return best;
  }

  // The latest dated incident told before `g`, or -1.
  int LatestDatedBefore(const Group& g) const {
    int best = -1;
    for (size_t ii = 0; ii < incidents_.size(); ++ii) {
      const Incident& inc = incidents_[ii];
      if (inc.date < 0 || inc.sentences.empty() || *inc.sentences.begin() >= g.sentence) continue;
      if (best < 0 || *inc.sentences.begin() > *incidents_[best].sentences.begin())
        best = static_cast<int>(ii);
    }
    return best;
  }

  // "Today, in response to the gunfire, people turned out in larger numbers": an act named
  // as what something answered, "the" act, is one told already; the sentence's date is the
  // answer's, not its own.
  bool RefersBack(const Group& g) const {
    if (!g.anaphoric) return false;
    const uint32_t b = doc_.triggers[g.triggers.front()].b;
    for (uint32_t t = b >= 5 ? b - 5 : 0; t < b; ++t)
      if (const uint32_t end = doc_.PhraseEnd(Word::kResponseTo, t); end != 0 && end + 1 >= b)
        return true;
    return false;
  }

  // The dated incident of the clause a group was split from at "a week after" (the group
  // just before it in its sentence), or -1.
  int IncidentOfHead(size_t gi) const {
    const Group& g = groups_[gi];
    if (!g.days_from_head || gi == 0 || groups_[gi - 1].sentence != g.sentence) return -1;
    for (size_t ii = 0; ii < incidents_.size(); ++ii) {
      const Incident& inc = incidents_[ii];
      if (inc.date < 0 || inc.date_offset_days ||
          std::find(inc.groups.begin(), inc.groups.end(), gi - 1) == inc.groups.end())
        continue;
      // (Not past the calendar's first year: "days after" a date of year 1.)
      const auto& head = doc_.dates[inc.date].d.date;
      if (!head || dates::AddDays(*head, *g.days_from_head).year < 1) return -1;
      return static_cast<int>(ii);
    }
    return -1;
  }

  // "ISWAP raided the base on Sunday ... Fighter jets attacked the attackers as they fled":
  // a specific act of war (an air strike, a shelling: weight 7 and up) that fits no incident,
  // done by a named side to the side that acted in the incident just told, is that side's
  // answer, an event of its own at the incident's time. The latest dated incident before it
  // whose actor1 is the act's actor2, or -1.
  // (With no agent named, "airstrikes against the fleeing ISWAP fighters", the side the
  // incident's attackers attacked answered: its actor2.)
  int AnsweredIncident(const Group& g) const {
    if (g.weight < 7 || !g.actor2 || g.anaphoric || (g.actor1 && Unidentified(*g.actor1)))
      return -1;
    const int before = LatestDatedBefore(g);
    if (before < 0) return -1;
    const Incident& inc = incidents_[before];
    if (!inc.actor1 || Unidentified(*inc.actor1) || !ActorsCompatible(g.actor2, inc.actor1))
      return -1;
    if (g.actor1 ? ActorsCompatible(g.actor1, inc.actor1)
                 : !inc.actor2 || inc.actor2->inter < 1 || inc.actor2->inter > 4)
      return -1;
    return before;
  }

  // Does `g`'s sentence open by calling what it tells another incident ("In a separate
  // incident", "In another attack")?
  bool OpensAsSeparate(const Group& g) const {
    const uint32_t sb = doc_.sentence_begin[g.sentence];
    for (uint32_t t = sb; t < sb + 2 && t < doc_.sentence_begin[g.sentence + 1]; ++t)
      if (doc_.PhraseEnd(Word::kSeparateIncident, t) != 0) return true;
    return false;
  }

  // The latest dated incident told before `g` when `g`'s sentence opens with a link of time
  // ("Meanwhile", "Separately", "In neighbouring X"), or -1.
  // So does one that says it was the same day anywhere ("In Harare, teachers marched to the
  // ministry on the same day").
  int LinkedIncident(const Group& g) const {
    const uint32_t sb = doc_.sentence_begin[g.sentence], se = doc_.sentence_begin[g.sentence + 1];
    bool linked = false;
    for (uint32_t t = sb; t < sb + 2 && t < se && !linked; ++t)
      linked = doc_.PhraseEnd(Word::kSameTimeLink, t) != 0;
    for (uint32_t t = sb; t < se && !linked; ++t)
      linked = doc_.PhraseEnd(Word::kSameDayAnaphor, t) != 0;
    return linked ? LatestDatedBefore(g) : -1;
  }
};

}  // namespace sitrep::events
