// The draft that the event passes share. The passes run in order (events.cc):
//
//   sources    -> which agency each sentence speaks for         (sources.cc)
//   groups     -> the triggers of each clause, one group each   (groups.cc)
//   arguments  -> each group's actors, date and place           (arguments.cc)
//   casualties -> each group's figures; later the event's toll  (casualties.cc)
//   merge      -> groups that tell one incident become one      (merge.cc)
//   classify   -> the incident's type, sub-type and actors      (classify.cc)
//   place      -> the incident's location                       (place.cc)
//   notes      -> ACLED-style notes, and the --explain trace    (notes.cc)
//
// Each pass is a small class deriving from Pass, which gives it the draft and the helpers
// several passes share (draft.cc).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/events.h"
#include "mentions/mentions.h"
#include "mentions/taxonomy.h"
#include "sitrep/event.h"

namespace sitrep::events {

using mentions::EventType;
using mentions::SubEventType;
using text::Word;

// A resolved actor: canonical name with "{country}" filled in. The strings are the
// knowledge's or the draft's (Draft::names), so actors copy without allocating.
struct Actor {
  std::string_view name;
  int inter = 0;
  std::string_view unit;
  uint32_t b = 0, e = 0;  // token range of the mention
};

// Strings made while a draft lives (actor names with their slots filled), in blocks that never
// move, so that views of them stay valid: a document allocates once for them, not per name.
class NamePool {
 public:
  std::string_view Add(std::string_view s) {
    if (s.empty()) return {};
    if (blocks_.empty() || used_ + s.size() > size_) {
      size_ = std::max<size_t>(1024, s.size());
      blocks_.push_back(std::make_unique<char[]>(size_));
      used_ = 0;
    }
    char* p = blocks_.back().get() + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_ = 0, size_ = 0;
};

struct Figure {
  std::optional<int> value;
  bool vague = false;  // "several", "dozens": reported but no number
  uint32_t b = 0, e = 0;
};

// What one source said about one incident mention.
struct SourceFigures {
  int source = -1;  // agency index, -1 = the publisher
  Figure killed, injured;
  uint32_t sentence = 0;
  bool claims_responsibility = false;
  // The dead or hurt are others besides those already counted: "7 militants were also
  // killed", "2 other policemen were killed".
  bool additional = false;
  // Told in a clause of its own that only gives a toll ("3 fatalities.", "The death toll rose
  // to 9."): the source's latest total.
  bool toll_only = false;
};

// The triggers of one clause, with the arguments found in that clause.
struct Group {
  uint32_t sentence = 0;
  uint32_t clause_b = 0, clause_e = 0;  // token range
  std::vector<uint32_t> triggers;       // indices into doc.triggers
  int best = -1;                        // index into doc.triggers of the most specific trigger
  bool anaphoric = false;               // "the attack", "back then": refers to a known event
  bool headline = false;                // the title: a summary of the main incident
  bool indefinite = false;
  bool trend = false;
  bool attribution = false;  // says who did it: "claimed", "blamed the al Shabaab group"
  std::optional<Actor> actor1, actor2;
  std::vector<std::string_view> assoc1, assoc2;
  int date = -1;      // index into doc.dates
  int place = -1;     // index into doc.places
  int province = -1;  // index into doc.places: a province named in the clause
  SourceFigures figures;
  bool has_figures = false;
  int weight = 0;
  int priority = 0;  // weight, raised for violence and lowered for taken people (arguments.cc)
  // Index into doc.triggers of the act this clause follows, told elsewhere ("اعتقلت الشرطة
  // ثلاثة رجال عقب الهجوم": the attack), or -1.
  int aftermath_of = -1;
  // "The attack came a week after gunmen killed six people": this clause, split from the one
  // before it at "a week after", happened that many days from the incident of that clause
  // (negative: before it).
  std::optional<int> days_from_head;
};

// The sentences of an incident, in order: the few operations of a std::set the passes use, on a
// sorted vector (an incident has a few sentences; a set made a node for each).
class SentenceSet {
 public:
  using const_iterator = std::vector<uint32_t>::const_iterator;
  const_iterator begin() const { return v_.begin(); }
  const_iterator end() const { return v_.end(); }
  bool empty() const { return v_.empty(); }
  size_t size() const { return v_.size(); }
  const_iterator lower_bound(uint32_t s) const { return std::lower_bound(v_.begin(), v_.end(), s); }
  size_t count(uint32_t s) const { return std::binary_search(v_.begin(), v_.end(), s) ? 1 : 0; }
  std::pair<const_iterator, bool> insert(uint32_t s) {
    if (v_.empty()) v_.reserve(4);
    auto it = std::lower_bound(v_.begin(), v_.end(), s);
    if (it != v_.end() && *it == s) return {it, false};
    return {v_.insert(it, s), true};
  }

 private:
  std::vector<uint32_t> v_;
};

struct Incident {
  std::vector<size_t> groups;  // indices into groups, in text order once merging is done
  SentenceSet sentences;       // sentences that mention it
  int date = -1;
  int place = -1;
  int province = -1;
  std::optional<Actor> actor1, actor2;
  bool actor1_from_anaphor = false, actor2_from_anaphor = false;
  std::vector<std::string_view> assoc1, assoc2;
  int best_group = -1;
  // Dated by the incident it followed ("in the wake of the bombing"): that day, but no day of
  // its own, so at week precision.
  bool date_from_earlier = false;
  // Days to add to `date` ("a week after ..." told of an incident: -7), at week precision.
  int date_offset_days = 0;
  // Sources that told of it only in passing, in a clause about what followed it: (agency
  // index, sentence).
  std::vector<std::pair<int, uint32_t>> told_in_passing;
};

// The incidents told in each sentence, newest first: a list per sentence, linked through one
// array (a vector per sentence made an allocation for each sentence that tells one).
class IncidentsBySentence {
 public:
  void Reset(size_t sentences) {
    last_.assign(sentences, -1);
    links_.clear();
  }
  size_t size() const { return last_.size(); }  // sentences
  bool Empty(size_t s) const { return last_[s] < 0; }
  size_t Newest(size_t s) const { return links_[last_[s]].incident; }
  void Add(size_t s, size_t incident) {
    links_.push_back({incident, last_[s]});
    last_[s] = static_cast<int32_t>(links_.size() - 1);
  }
  // f(incident) for the incidents of sentence `s`, newest first, while it returns true.
  template <class F>
  void NewestFirst(size_t s, const F& f) const {
    for (int32_t k = last_[s]; k >= 0; k = links_[k].prev)
      if (!f(links_[k].incident)) return;
  }

 private:
  struct Link {
    size_t incident;
    int32_t prev;  // the sentence's link before this one, or -1
  };
  std::vector<int32_t> last_;
  std::vector<Link> links_;
};

struct Draft {
  Draft(const mentions::Document& d, const EventContext& c)
      : doc(d), ctx(c), k(*c.knowledge), taxonomy(c.knowledge->taxonomy) {}
  const mentions::Document& doc;
  const EventContext& ctx;
  const mentions::Knowledge& k;
  const mentions::Taxonomy& taxonomy;
  std::vector<int> sentence_source;  // per sentence: agency index, -1 = the publisher
  std::vector<Group> groups;
  std::vector<Incident> incidents;
  IncidentsBySentence by_sentence;  // incidents mentioned in each sentence
  std::vector<int> provinces;       // place indices of named provinces
  int most_named_province = -1;
  NamePool names;            // actor names made for this document
  std::string name_scratch;  // (MakeActor's)
  struct NotesBuffers {      // (the notes of every event of the document reuse them)
    std::string date, what_key, what, figures, part;
  } notes_buffers;
};

// What every pass sees of the draft, and the helpers several passes share.
class Pass {
 protected:
  explicit Pass(Draft& d)
      : draft_(d), doc_(d.doc), ctx_(d.ctx), k_(d.k), groups_(d.groups), incidents_(d.incidents) {}

  bool Is(Word w, uint32_t t) const { return doc_.Is(w, t); }
  const mentions::TriggerEntry& TriggerOf(uint32_t trigger_index) const {
    return k_.triggers[doc_.triggers[trigger_index].trigger];
  }
  EventType EventTypeOf(const Group& g) const { return TriggerOf(g.best).type; }
  bool IsGeneric(const Group& g) const { return TriggerOf(g.best).generic; }
  bool Violent(EventType t) const { return mentions::IsPoliticalViolence(draft_.taxonomy, t); }
  bool Demonstration(EventType t) const {
    return draft_.taxonomy.DisorderOf(t) == mentions::DisorderType::kDemonstrations;
  }

  // The rioters (inter 5), protesters (6) or civilians (7) of the article's country, as
  // actors.tsv names them ("Rioters (Lebanon)"), with the tokens that tell of them.
  Actor CrowdActor(int inter, uint32_t b, uint32_t e) const;
  Actor MakeActor(const mentions::ActorMention& am) const;
  // "officers" alone ("a police vehicle was hit ..., wounding three officers"): a member of
  // the state force its sentence names before it, if any.
  bool IsForceMember(const mentions::ActorMention& am) const;
  const mentions::ActorMention* ForceNamedBefore(const mentions::ActorMention& am) const;
  // An unidentified actor ("gunmen"), whose name starts with a word of class
  // unidentified_actor: it may be any named one.
  bool Unidentified(const Actor& a) const;
  static void AddUnique(std::vector<std::string_view>* v, std::string_view s);

  // How specific (and how surely a site) a place mention is.
  int PlaceRank(const mentions::PlaceMention& p) const;
  int PlaceRankNoContainer(const mentions::PlaceMention& p) const;

  bool InClause(const Group& g, uint32_t tok) const {
    return tok >= g.clause_b && tok < g.clause_e;
  }
  bool IsHeadline(uint32_t sentence) const;
  // Is every trigger of `g` something done to a crowd (dispersal, arrests on the spot)?
  bool ActsOnACrowd(const Group& g) const;
  // "14 protesters were arrested": people taken at the scene of a protest.
  bool ArrestAtTheScene(const mentions::TriggerMention& tm) const;
  // Is token `t` part of what a protest is about ("demanding the release of those detained",
  // "over a youth who was killed") rather than what happened at it?
  bool InCause(uint32_t t) const;
  // A clause that only tells a toll adds its figures to an incident told nearby.
  bool CasualtyOnly(const Group& g) const;
  // Sentences between `g` and the nearest mention of `inc` (mentions before `g` nearer).
  uint32_t Distance(const Group& g, const Incident& inc) const;
  void AddEvidence(Event* ev, const std::string& field, uint32_t tb, uint32_t te) const;

  Draft& draft_;
  const mentions::Document& doc_;
  const EventContext& ctx_;
  const mentions::Knowledge& k_;
  std::vector<Group>& groups_;
  std::vector<Incident>& incidents_;
};

// The passes, in order.
void AssignSources(Draft* d);       // sources.cc
void BuildGroups(Draft* d);         // groups.cc
void FillArguments(Draft* d);       // arguments.cc (calls CountFigures for each group)
void MergeIntoIncidents(Draft* d);  // merge.cc

// One group's casualty figures (casualties.cc), used by FillArguments.
void CountFigures(Draft* d, Group* g);

// The event an incident becomes (events.cc assembles it from the passes below).
struct Classification {
  EventType type = EventType::kBattles;
  SubEventType sub = SubEventType::kArmedClash;
  std::optional<Actor> actor1, actor2;
};
Classification Classify(Draft* d, const Incident& inc);     // classify.cc
void PlaceEvent(Draft* d, const Incident& inc, Event* ev);  // place.cc
void IndexProvinces(Draft* d);                              // place.cc
// "took control of the town of A and the villages of B and C": the places taken, or empty.
std::vector<int> PlacesTaken(Draft* d, const Incident& inc);     // place.cc
void CountCasualties(Draft* d, const Incident& inc, Event* ev);  // casualties.cc
// "12 killed in A and one in B": (place, toll) per place, or empty.
std::vector<std::pair<int, Figure>> TollsByPlace(Draft* d, const Incident& inc);  // casualties.cc
std::string Notes(Draft& d, const Event& ev);                                     // notes.cc
// An actor mention's ACLED name, as the events use it (draft.cc).
std::string ActorName(Draft* d, const mentions::ActorMention& am);
void Trace(Draft* d);  // notes.cc

}  // namespace sitrep::events
