// Pass 5, merge: groups that tell one incident become one. Dated groups found incidents and
// join an earlier one only on strong evidence (same place and day, matching actors); undated
// groups and anaphors ("the attack", "back then") then attach to the incident they fit best,
// ties going to the incident told nearest before them. Mentions that conflict in date, place,
// actor or (specific) type never merge. Each group is compared only with the main incident
// and those told within 30 sentences, so the cost stays linear in the article's length.
#include <algorithm>
#include <cstdlib>

#include "events/draft.h"
#include "events/links.h"

namespace sitrep::events {
namespace {

class MergePass : public IncidentLinks {
 public:
  explicit MergePass(Draft& d) : IncidentLinks(d) {}

  void Run() {
    draft_.by_sentence.Reset(doc_.sentence_begin.size());
    incidents_.reserve(groups_.size());  // (at most one per group)
    undated_.reserve(groups_.size());
    BorrowAcrossCoordination();
    AnchorHoursToPreviousEvent();
    MergeDated();
    AttachUndated();
    MainEventWithoutDate();
    for (auto& inc : incidents_) std::sort(inc.groups.begin(), inc.groups.end());
    std::sort(incidents_.begin(), incidents_.end(), [](const Incident& a, const Incident& b) {
      return a.groups.front() < b.groups.front();
    });
  }

 private:
  // "the detonation of a bus and an explosion ... on July 17": the first of two coordinated
  // groups without a date of its own takes the date of the second.
  void BorrowAcrossCoordination() {
    // "On Monday, jets killed three in A, while helicopters killed two in B": a later group of
    // the sentence, set beside the first, happened on its day.
    for (size_t i = 1; i < groups_.size(); ++i) {
      Group& g = groups_[i];
      const Group& prev = groups_[i - 1];
      if (g.date < 0 && prev.date >= 0 && prev.sentence == g.sentence &&
          g.clause_b > prev.clause_b && Is(Word::kBesideMarker, g.clause_b - 1))
        g.date = prev.date;
    }
    for (size_t i = 0; i + 1 < groups_.size(); ++i) {
      Group& g = groups_[i];
      Group& next = groups_[i + 1];
      if (g.date >= 0 || next.sentence != g.sentence || next.date < 0) continue;
      uint32_t first = doc_.triggers[next.triggers.front()].b;
      for (uint32_t t = first >= 3 ? first - 3 : 0; t < first; ++t) {
        if (Is(Word::kAnd, t)) {
          g.date = next.date;
          break;
        }
      }
    }
  }

  // "The incident came just hours after al-Shabaab assassinated ...": hours before or after an
  // event told earlier is that event's day, not the day of the report.
  void AnchorHoursToPreviousEvent() {
    int last_dated = -1;
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      Group& g = groups_[gi];
      if (g.date < 0) continue;
      const auto& d = doc_.dates[g.date];
      bool hours = false, relative = false;
      for (uint32_t t = d.b; t < d.e && t < d.b + 3; ++t) hours |= Is(Word::kHoursOrMinutes, t);
      for (uint32_t t = d.b; t < d.e; ++t) relative |= Is(Word::kRelativeTimeWord, t);
      if (hours && relative && last_dated >= 0) {
        g.date = groups_[last_dated].date;
      } else if (!d.report && !g.headline) {
        last_dated = static_cast<int>(gi);
      }
    }
  }

  // The date of an event told in the one or two sentences before the group, if any.
  int CarriedDate(const Group& g) const {
    const uint32_t first = doc_.triggers[g.triggers.front()].b;
    int found = -1;
    for (size_t di = 0; di < doc_.dates.size(); ++di) {
      const auto& d = doc_.dates[di];
      if (d.b >= first) break;
      if (d.report || d.after_since || d.dateline || !d.d.date ||
          d.d.precision != dates::Precision::kDay)
        continue;
      if (doc_.SentenceOf(d.b) + 2 < g.sentence) continue;
      found = static_cast<int>(di);
    }
    return found;
  }

  std::optional<dates::CivilDate> DateOf(int date_index) const {
    if (date_index < 0) return std::nullopt;
    return doc_.dates[date_index].d.date;
  }

  // Do two dates of day precision name different days?
  bool OtherDayNamed(int a, int b) const {
    auto da = DateOf(a), db = DateOf(b);
    return da && db && doc_.dates[a].d.precision == dates::Precision::kDay &&
           doc_.dates[b].d.precision == dates::Precision::kDay && *da != *db;
  }

  bool DatesCompatible(int a, int b) const {
    auto da = DateOf(a), db = DateOf(b);
    if (!da || !db) return true;
    int64_t diff = std::llabs(dates::DaysFromCivil(*da) - dates::DaysFromCivil(*db));
    auto pa = doc_.dates[a].d.precision, pb = doc_.dates[b].d.precision;
    if (pa == dates::Precision::kDay && pb == dates::Precision::kDay) return diff <= 1;
    return diff <= 10;
  }

  // The place's key ("name|admin1", or the name as written, lower-cased) into `key`.
  void PlaceKey(int place, std::string* key) const {
    key->clear();
    if (place < 0) return;
    const auto& p = doc_.places[place];
    if (p.place) {
      key->append(p.place->name).append("|").append(p.place->admin1);
    } else {
      key->assign(p.written);
      AsciiLowerInPlace(key->data(), key->size());
    }
  }
  // (Into two buffers the pass keeps: merging compares places of every pair it weighs.)
  bool SamePlaceKey(int a, int b) const {
    PlaceKey(a, &key_a_);
    PlaceKey(b, &key_b_);
    return key_a_ == key_b_;
  }

  // Same place, or one contains the other ("Afghanistan" and "Shortepa", "Daraa" province and
  // a town in it).
  bool PlacesCompatible(int a, int b) const {
    if (a < 0 || b < 0) return true;
    if (SamePlaceKey(a, b)) return true;
    const auto& pa = doc_.places[a].place;
    const auto& pb = doc_.places[b].place;
    // A name the gazetteer lacks may lie inside a named province (or a provincial capital
    // standing for it) or the article's country; not inside another country.
    auto wide = [&](const std::optional<geo::Place>& p) {
      if (!p) return false;
      if (p->level == geo::Level::kCountry)
        return doc_.country_code.empty() || p->country_code == doc_.country_code;
      if (p->level == geo::Level::kAdmin1) return true;
      return p->level == geo::Level::kLocality && !p->admin1.empty() &&
             geo::FoldPlaceName(p->name) == geo::FoldPlaceName(p->admin1);
    };
    if ((!pa && wide(pb)) || (!pb && wide(pa))) return true;
    if (!pa || !pb) return false;
    auto contains = [](const geo::Place& big, const geo::Place& small) {
      if (big.level == geo::Level::kCountry) return big.country_code == small.country_code;
      // A provincial capital named like its province ("Raqqa") may stand for the province.
      bool capital_as_province = big.level == geo::Level::kLocality && !big.admin1.empty() &&
                                 geo::FoldPlaceName(big.name) == geo::FoldPlaceName(big.admin1);
      if (big.level == geo::Level::kAdmin1 || capital_as_province)
        return big.country_code == small.country_code &&
               (big.admin1.empty() ? big.name : big.admin1) == small.admin1;
      return false;
    };
    return contains(*pa, *pb) || contains(*pb, *pa);
  }

  std::string Admin1Of(int place) const {
    if (place < 0 || !doc_.places[place].place) return "";
    const auto& p = *doc_.places[place].place;
    return p.admin1.empty() ? p.name : p.admin1;
  }

  int Fit(const Group& g, const Incident& inc, size_t inc_index) const;

  bool OnlyCountryOrProvince(int place) const {
    const auto& p = doc_.places[place];
    return p.province || (p.place && (p.place->level == geo::Level::kCountry ||
                                      p.place->level == geo::Level::kAdmin1));
  }

  // Incidents worth comparing with `g`: the article's first (main) one and those mentioned
  // within a window of sentences around it, most recent first, at most kMaxCandidates.
  // (In a buffer the pass keeps, valid until the next call.)
  const std::vector<size_t>& Candidates(const Group& g) {
    static constexpr uint32_t kWindow = 30;
    static constexpr size_t kMaxCandidates = 64;
    const auto& by_sentence = draft_.by_sentence;
    std::vector<size_t>& out = candidates_;
    out.clear();
    if (!incidents_.empty()) out.push_back(0);
    uint32_t lo = g.sentence > kWindow ? g.sentence - kWindow : 0;
    uint32_t hi =
        std::min<uint32_t>(g.sentence + kWindow + 1, static_cast<uint32_t>(by_sentence.size()));
    for (uint32_t s = hi; s-- > lo && out.size() < kMaxCandidates;) {
      by_sentence.NewestFirst(s, [&](size_t inc) {
        if (std::find(out.begin(), out.end(), inc) == out.end()) out.push_back(inc);
        return out.size() < kMaxCandidates;
      });
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void Absorb(Incident* inc, size_t inc_index, size_t gi);
  void StartIncident(size_t gi) {
    incidents_.emplace_back();
    incidents_.back().groups.reserve(4);  // (one allocation for most incidents' groups)
    Absorb(&incidents_.back(), incidents_.size() - 1, gi);
  }

  // Groups that carry a date of their own found or join incidents; the others wait.
  void MergeDated() {
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      const Group& g = groups_[gi];
      if (g.trend && !g.has_figures && !g.headline) continue;
      // ("... days after three protesters were wounded": dated from the incident before it,
      // not by the vague span's own reading.)
      if (g.date < 0 || g.headline || CasualtyOnly(g) || g.days_from_head || RefersBack(g)) {
        undated_.push_back(gi);
        continue;
      }
      // "the fourth drone strike in the area in the past two days": the others of a series,
      // dated by the span, are events of their own.
      if (LaterOfASeries(g)) {
        StartIncident(gi);
        continue;
      }
      int best = -1, best_score = -1;
      for (size_t ii : Candidates(g)) {
        int s = Fit(g, incidents_[ii], ii);
        // A dated mention joins an earlier incident only on strong evidence, or as an anaphor.
        int needed = g.anaphoric ? 1 : 3;
        if (s >= needed && s > best_score) best = static_cast<int>(ii), best_score = s;
      }
      if (best >= 0)
        Absorb(&incidents_[best], best, gi);
      else
        StartIncident(gi);
    }
  }

  // Is the group's head trigger counted as the second or a later one of its kind ("the fourth
  // Turkish drone strike", "the third attack")? An ordinal up to four words before it.
  bool LaterOfASeries(const Group& g) const {
    const uint32_t b = doc_.triggers[g.best].b;
    const uint32_t sb = doc_.sentence_begin[g.sentence];
    for (uint32_t t = b; t > sb && b - t < 4; --t) {
      const int32_t ni = doc_.At(doc_.number_at, t - 1);
      if (ni < 0) continue;
      const auto& n = doc_.numbers[ni].n;
      return n.is_ordinal && n.value && *n.value >= 2;
    }
    return false;
  }

  // Undated mentions attach to the incident they fit best: anaphors ("the attack", "back
  // then") prefer the latest incident before them, others the best fit anywhere.
  void AttachUndated() {
    for (size_t gi : undated_) {
      const Group& g = groups_[gi];
      // (Only an act told with a place or a toll of its own: "a week after the clashes" is
      // context, not another event.)
      if (const int head = (g.place >= 0 || g.has_figures) ? IncidentOfHead(gi) : -1; head >= 0) {
        // "The attack came a week after gunmen killed six people": dated from the incident
        // of the clause before, by the interval told; the incident of that day if the
        // article tells it too ("... three days after the insurgents overran it. The Taliban
        // seized Kunduz on Monday").
        const int offset = *g.days_from_head;
        const dates::CivilDate day = dates::AddDays(*DateOf(incidents_[head].date), offset);
        int same = -1;
        for (size_t ii = 0; ii < incidents_.size() && same < 0; ++ii) {
          const auto d = static_cast<int>(ii) == head ? std::nullopt : DateOf(incidents_[ii].date);
          if (d && *d == day && !incidents_[ii].date_offset_days && Fit(g, incidents_[ii], ii) >= 0)
            same = static_cast<int>(ii);
        }
        if (same >= 0) {
          Absorb(&incidents_[same], same, gi);
          continue;
        }
        groups_[gi].date = incidents_[head].date;
        StartIncident(gi);
        incidents_.back().date_from_earlier = true;
        incidents_.back().date_offset_days = offset;
        continue;
      }
      const int followed = FollowedIncident(g);
      if (followed >= 0 && draft_.sentence_source[g.sentence] >= 0)
        incidents_[followed].told_in_passing.push_back(
            {draft_.sentence_source[g.sentence], g.sentence});
      if (CasualtyOnly(g)) {
        AttachToll(gi);
        continue;
      }
      // A trend told with its toll ("clashes between farmers and herders have killed
      // thousands in recent years") is no part of any incident: it would retype the one it
      // joined.
      if (g.trend && !g.headline) continue;
      int best = -1, best_score = -1, best_rank = -1;
      for (size_t ii : Candidates(g)) {
        int s = Fit(g, incidents_[ii], ii);
        if (s < 0) continue;
        if (g.anaphoric && *incidents_[ii].sentences.begin() <= g.sentence) s += 1;
        // Ties go to the incident told nearest before the mention.
        int rank =
            s * 1000 - static_cast<int>(std::min<uint32_t>(999, Distance(g, incidents_[ii])));
        if (rank > best_rank) best = static_cast<int>(ii), best_score = s, best_rank = rank;
      }
      // "Russian jets also struck the outskirts of the city of Idlib": another act, at a town
      // the incident does not name, told as of its time.
      if (const int also_of = best >= 0 ? best : LatestDatedBefore(g);
          also_of >= 0 && AlsoElsewhere(g, incidents_[also_of])) {
        groups_[gi].date = incidents_[also_of].date;
        StartIncident(gi);
        incidents_.back().date_from_earlier = true;
        continue;
      }
      bool strong = g.weight >= 5 || g.has_figures || g.place >= 0;
      // (The first fight of a report whose day the sentence before gave, "On 8 May, in X,
      // police carried out an operation. A shoot-out broke out.", is no weak mention.)
      const bool set_scene = incidents_.empty() && g.weight >= 4 &&
                             EventTypeOf(g) != EventType::kStrategicDevelopments &&
                             CarriedDate(g) >= 0;
      // A weak undated mention ("the deal", "attacks") joins only on some evidence; one told
      // as another incident ("In a separate incident, ...") never does.
      if (best >= 0 && !OpensAsSeparate(g) && (best_score >= 1 || (strong && g.anaphoric))) {
        Absorb(&incidents_[best], best, gi);
      } else if ((strong || set_scene) && !g.trend && !CasualtyOnly(g) && !g.headline) {
        // A first mention told after its date ("On 8 May, police raided X. A shoot-out broke
        // out"): the date of the sentence just before carries over.
        int carried = incidents_.empty() ? CarriedDate(g) : -1;
        if (carried >= 0 || g.has_figures || ctx_.keep_undated) {
          // ("On 8 May, troops killed 20 insurgents in A. In a separate incident, four
          // soldiers were killed in B": told as of the time of the one before, like the
          // linked acts below, though its toll would make it an incident of its own.)
          const int linked = carried >= 0 ? -1 : LinkedIncident(g);
          if (carried >= 0) groups_[gi].date = carried;
          if (linked >= 0) groups_[gi].date = incidents_[linked].date;
          StartIncident(gi);
          if (linked >= 0) incidents_.back().date_from_earlier = true;
        } else if (followed >= 0) {
          // "... arrested three men after the attack": an act of its own, on the heels of one
          // told already, and dated by it.
          groups_[gi].date = incidents_[followed].date;
          StartIncident(gi);
          Incident& inc = incidents_.back();
          inc.date_from_earlier = true;
          // ("... raided the town after the attack": where it followed it, unless told.)
          if (inc.place < 0) inc.place = incidents_[followed].place;
        } else if (const int linked = LinkedIncident(g); linked >= 0) {
          // "Meanwhile, in neighbouring Haryana, farmers blocked a highway": told as of the
          // time of the incident before it, and dated by it.
          groups_[gi].date = incidents_[linked].date;
          StartIncident(gi);
          incidents_.back().date_from_earlier = true;
        } else if (const int at = SamePlaceIncident(g); at >= 0) {
          groups_[gi].date = incidents_[at].date;
          StartIncident(gi);
          incidents_.back().date_from_earlier = true;
        } else if (const int answer = AnsweredIncident(g); answer >= 0) {
          groups_[gi].date = incidents_[answer].date;
          if (!g.actor1) groups_[gi].actor1 = incidents_[answer].actor2;
          StartIncident(gi);
          Incident& inc = incidents_.back();
          inc.date_from_earlier = true;
          if (inc.place < 0) inc.place = incidents_[answer].place;
        }
      }
    }
  }

  // Is `g` an act told with "also", by a named agent, at a town that `inc` does not name?
  bool AlsoElsewhere(const Group& g, const Incident& inc) const {
    // (Its agent named: "They also burnt tyres" goes on with the incident.)
    if (g.place < 0 || inc.date < 0 || !g.actor1 || g.trend || g.anaphoric || g.headline)
      return false;
    const auto& town = doc_.places[g.place].place;
    // (a town: so resolved, or so called, "the city of Idlib")
    if (!town || (town->level != geo::Level::kLocality && !doc_.places[g.place].locality_cue))
      return false;
    // ("also" right before the act: "Russian jets also struck", not "also gathered ... during
    // riots in Tripoli")
    const uint32_t act = doc_.triggers[g.best].b;
    bool also = false;
    for (uint32_t t = act >= 2 ? std::max(act - 2, g.clause_b) : g.clause_b; t < act && !also; ++t)
      also = Is(Word::kAlsoWord, t);
    if (!also) return false;
    for (size_t gi : inc.groups) {
      if (groups_[gi].headline) continue;  // (a title's place is the story's, not the act's)
      const int p = groups_[gi].place;
      if (p >= 0 && doc_.places[p].place && doc_.places[p].place->name == town->name) return false;
    }
    return true;
  }

  // "X attacked the town of A on Monday. ... Police then launched an arrest campaign in A": a
  // sweep of arrests that names no day, by a known actor, in the very town (or village) of an
  // incident told before it, is an act of its own in that story (not the arrests made at the
  // scene): dated by it at week precision. -1 when there is none.
  int SamePlaceIncident(const Group& g) const {
    if (g.place < 0 || !g.actor1 || Unidentified(*g.actor1) || g.trend || g.headline ||
        g.anaphoric || !ArrestCampaign(g))
      return -1;
    const auto& pm = doc_.places[g.place];
    if (!pm.place || pm.place->level == geo::Level::kCountry ||
        pm.place->level == geo::Level::kAdmin1 || pm.hospital || pm.near)
      return -1;
    if (PluralTrend(g)) return -1;
    for (size_t ii = incidents_.size(); ii-- > 0;) {
      const Incident& inc = incidents_[ii];
      if (inc.date < 0 || inc.date_from_earlier || *inc.sentences.begin() > g.sentence) continue;
      if (inc.place >= 0 && SamePlaceKey(g.place, inc.place)) return static_cast<int>(ii);
    }
    return -1;
  }

  bool ArrestCampaign(const Group& g) const {
    const auto& tm = doc_.triggers[g.best];
    if (TriggerOf(g.best).sub != SubEventType::kArrests || tm.negated_or_trend) return false;
    const uint32_t sb = doc_.sentence_begin[g.sentence], se = doc_.sentence_begin[g.sentence + 1];
    for (uint32_t t = tm.b >= sb + 3 ? tm.b - 3 : sb; t < std::min(tm.e + 3, se); ++t)
      if (Is(Word::kCampaignNoun, t)) return true;
    return false;
  }

  // A trigger flagged plural, written in the plural ("roadside bombs remain ..."): a tally or
  // trend, not one act.
  bool PluralTrend(const Group& g) const {
    std::string_view last = doc_.LowerToken(doc_.triggers[g.best].e - 1);
    return TriggerOf(g.best).plural && !last.empty() && last.back() == 's';
  }

  // A report that names no day ("Teachers held a demonstration in Nairobi.") still reports
  // its main event: with no incident found, its first concrete mention is one, dated by the
  // publication date (or left undated).
  void MainEventWithoutDate() {
    if (!incidents_.empty()) return;
    for (size_t gi : undated_) {
      const Group& g = groups_[gi];
      // A concrete incident: one (not "roadside bombs remain ..."), somewhere named, with
      // someone who did it, a toll, or a crowd that acted.
      const bool plural = PluralTrend(g);
      bool concrete = g.place >= 0 && (g.actor1 || g.has_figures || Demonstration(EventTypeOf(g)));
      if (concrete && !plural && !g.trend && !g.headline && !g.anaphoric && !CasualtyOnly(g)) {
        StartIncident(gi);
        return;
      }
    }
  }

  // A toll told in its own clause belongs to the incident of the clause just before
  // ("Seven other people were wounded" may come a sentence later still).
  void AttachToll(size_t gi) {
    const Group& g = groups_[gi];
    const auto& by_sentence = draft_.by_sentence;
    int target = -1;
    // (A bare toll, "3 fatalities.", may close a report a sentence later still.)
    bool bare_toll = g.place < 0 && !g.actor1 && !g.actor2;
    uint32_t back2 =
        (g.figures.additional || bare_toll) && g.sentence > 1 ? g.sentence - 2 : g.sentence;
    for (uint32_t s : {g.sentence, g.sentence > 0 ? g.sentence - 1 : g.sentence, back2}) {
      if (s < by_sentence.size() && !by_sentence.Empty(s)) {
        target = static_cast<int>(by_sentence.Newest(s));
        break;
      }
    }
    if (target >= 0 && DatesCompatible(g.date, incidents_[target].date) && g.has_figures) {
      Absorb(&incidents_[target], target, gi);
      return;
    }
    // With no incident told before it, a toll that says who caused it ("a shepherd was killed
    // by Afghan forces", "three soldiers died in an ambush by militants") is an incident.
    if (target < 0 && g.has_figures && g.actor1 && !g.trend) StartIncident(gi);
  }

  std::vector<size_t> undated_;
  std::vector<size_t> candidates_;
  mutable std::string key_a_, key_b_;
};

// How well group `g` fits incident `inc`; negative = it cannot be the same incident.
int MergePass::Fit(const Group& g, const Incident& inc, size_t inc_index) const {
  if (!DatesCompatible(g.date, inc.date)) return -1;
  const Group& head = groups_[inc.best_group];
  const EventType ta = EventTypeOf(g), tb = EventTypeOf(head);
  if (g.headline) {
    // A headline summarises the main incident; its wording of actors and places may differ
    // ("Boko Haram" in the title, "ISWAP" in the body).
    if (ta != tb && !(Violent(ta) && Violent(tb))) return -1;
    return 1 + (inc_index == 0 ? 1 : 0);
  }
  bool place_conflict = !PlacesCompatible(g.place, inc.place);
  // "2 other policemen were killed when they arrived as reinforcements": the others are dead
  // of the incident just told.
  if (!place_conflict && g.figures.additional && !g.indefinite && Distance(g, inc) <= 2 &&
      Violent(tb))
    return 5;
  // "Police intervened.", "Some were detained by the police.": what the police did to the
  // crowd just described is part of that protest.
  // (Not on another day the text names: "blocked a convoy on Friday. On Saturday, gendarmes
  // fired tear gas" are two days of a protest, two events.)
  if (!place_conflict && ActsOnACrowd(g) && Distance(g, inc) <= 2 &&
      (tb == EventType::kProtests || tb == EventType::kRiots) && !OtherDayNamed(g.date, inc.date))
    return 5;
  // An anaphor ("the attack adopted today") may name a wider place than the incident.
  if (place_conflict && !g.anaphoric) return -1;
  if (place_conflict && g.place >= 0 && inc.place >= 0 && !Admin1Of(g.place).empty() &&
      Admin1Of(g.place) != Admin1Of(inc.place) && !Admin1Of(inc.place).empty())
    return -1;
  if (!ActorsCompatible(g.actor1, inc.actor1) && !ActorsCompatible(g.actor1, inc.actor2)) return -1;
  // Two indefinite triggers of one sentence are two incidents ("a detonation ... and an
  // explosion").
  if (g.indefinite && inc.sentences.count(g.sentence)) return -1;
  bool same_place = g.place >= 0 && inc.place >= 0 && !place_conflict;
  // (A protest is told day by day, and ACLED codes each day: "blocked a convoy on Friday. On
  // Saturday, gendarmes fired tear gas" are two dates. Violence a day apart may be one
  // incident: "late on Friday", "early Saturday", "over the past 24 hours".)
  bool same_date =
      g.date >= 0 && inc.date >= 0 && !(Demonstration(tb) && OtherDayNamed(g.date, inc.date));
  // Violent types refine each other (a "confrontation" that was a suicide bombing); a protest
  // or a strategic development is a different incident unless place and day agree. Two
  // specific triggers of different kinds (a missile strike and an air strike) are two
  // incidents even at one place and day; "explosions", "blast" (weight 5) say only that
  // something exploded: any explosive kind.
  bool violent_a = Violent(ta), violent_b = Violent(tb);
  bool weak = std::min(g.weight, head.weight) <= 5;
  // A protest and its rioting refine each other ("workers staged a demonstration ... They
  // also burnt tires"); so do a protest and violence done to its crowd ("Four protesters were
  // wounded by gunfire"); not across days ("after the riots of the previous week").
  bool same_day = g.date < 0 || inc.date < 0 ||
                  (doc_.dates[g.date].d.precision == dates::Precision::kDay &&
                   doc_.dates[inc.date].d.precision == dates::Precision::kDay &&
                   DateOf(g.date) == DateOf(inc.date));
  // ("... were injured in the clashes", undated, just after the protest: its clashes.)
  bool crowd_pair =
      Demonstration(tb) && same_day &&
      (Demonstration(ta) ||
       (violent_a && !g.indefinite && g.date < 0 &&
        ((g.actor2 && g.actor2->inter == 6) || (g.anaphoric && Distance(g, inc) <= 2))));
  bool type_ok =
      ta == tb || crowd_pair ||
      (violent_a && violent_b && (IsGeneric(g) || IsGeneric(head) || weak || g.anaphoric));
  // The same toll told twice ("8 killed, 27 wounded" in the title, then "Eight people were
  // killed and 27 wounded after ballistic missiles and drones ...") is one incident, even when
  // the two mentions name different weapons.
  if (g.figures.killed.value && g.figures.injured.value && violent_a && violent_b) {
    for (size_t gi : inc.groups) {
      const auto& f = groups_[gi].figures;
      if (f.killed.value == g.figures.killed.value && f.injured.value == g.figures.injured.value)
        return 6;
    }
  }
  if (!type_ok) return -1;
  if (!weak && !g.anaphoric && TriggerOf(g.best).sub != TriggerOf(head.best).sub &&
      std::min(g.weight, head.weight) >= 7)
    return -1;
  int score = place_conflict ? -2 : 0;
  if (same_place) score += 3;
  if (same_date) score += 2;
  if (g.actor1 && inc.actor1 && g.actor1->name == inc.actor1->name) score += 2;
  if (g.actor2 && inc.actor2 && g.actor2->name == inc.actor2->name) score += 1;
  // Nearness in the text: an anaphor refers to what was just told.
  uint32_t nearest = Distance(g, inc);
  if (nearest <= 1) score += 1;
  // With nothing told just before it, an anaphor means the article's main incident; so does
  // a sentence that says who did it ("officials blamed the al Shabaab group").
  if ((g.anaphoric || (g.attribution && g.actor1)) && inc_index == 0 && nearest > 1) score += 1;
  return std::max(score, 0);
}

void MergePass::Absorb(Incident* inc, size_t inc_index, size_t gi) {
  const Group& g = groups_[gi];
  inc->groups.push_back(gi);
  if (inc->sentences.insert(g.sentence).second) draft_.by_sentence.Add(g.sentence, inc_index);
  // A date of the event itself beats the date it was reported; then the more precise wins.
  if (g.date >= 0) {
    const auto& gd = doc_.dates[g.date];
    bool better = inc->date < 0 || (doc_.dates[inc->date].report && !gd.report) ||
                  (doc_.dates[inc->date].report == gd.report &&
                   gd.d.precision < doc_.dates[inc->date].d.precision);
    if (better) inc->date = g.date;
  }
  // An anaphor's place ("the attack in Daraa") does not override the incident's own, unless
  // that is only a country or province ("... attacked a police station in Pakistan's
  // northwest. The attack happened in the Lakki Marwat district").
  if (g.place >= 0 &&
      (inc->place < 0 || ((!g.anaphoric || OnlyCountryOrProvince(inc->place)) &&
                          PlaceRank(doc_.places[g.place]) > PlaceRank(doc_.places[inc->place]))))
    inc->place = g.place;
  if (inc->province < 0) inc->province = g.province;
  // Actors told by an anaphor ("the attack ... after notifying Iraqi forces") give way to
  // those of a mention that tells the incident itself.
  bool replace1 =
      (inc->actor1_from_anaphor && !g.anaphoric && !g.headline) ||
      (inc->actor1 && Unidentified(*inc->actor1) && g.actor1 && !Unidentified(*g.actor1));
  bool replace2 =
      (inc->actor2_from_anaphor && !g.anaphoric && !g.headline) ||
      (inc->actor2 && Unidentified(*inc->actor2) && g.actor2 && !Unidentified(*g.actor2));
  if ((!inc->actor1 || replace1) && g.actor1 &&
      (!inc->actor2 || inc->actor2->name != g.actor1->name)) {
    inc->actor1 = g.actor1;
    inc->actor1_from_anaphor = g.anaphoric || g.headline;
  }
  // The force that acted on a crowd ("Police intervened") is the protest's actor2. (The
  // crowd's own members, "teachers held a sit-in", are no counterpart.)
  if ((!inc->actor2 || inc->actor2->inter == 7) && g.actor1 && inc->actor1 &&
      inc->actor1->name != g.actor1->name && (inc->actor1->inter == 5 || inc->actor1->inter == 6) &&
      g.actor1->inter == 1 && ActsOnACrowd(g))
    inc->actor2 = g.actor1;
  if ((!inc->actor2 || replace2) && g.actor2 &&
      (!inc->actor1 || inc->actor1->name != g.actor2->name)) {
    inc->actor2 = g.actor2;
    inc->actor2_from_anaphor = g.anaphoric || g.headline;
  }
  for (const auto& u : g.assoc1) AddUnique(&inc->assoc1, u);
  for (const auto& u : g.assoc2) AddUnique(&inc->assoc2, u);
  if (inc->best_group < 0 || g.priority > groups_[inc->best_group].priority)
    inc->best_group = static_cast<int>(gi);
}

}  // namespace

void MergeIntoIncidents(Draft* d) { MergePass(*d).Run(); }

}  // namespace sitrep::events
