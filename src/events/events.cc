#include "events/events.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "util/text.h"

namespace sitrep::events {
namespace {

using mentions::CasualtyKind;
using mentions::Document;
using mentions::Knowledge;

bool IsOneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  for (auto x : words)
    if (w == x) return true;
  return false;
}

// A resolved actor: canonical name with "{country}" filled in.
struct Actor {
  std::string name;
  int inter = 0;
  std::string unit;
  uint32_t b = 0, e = 0;  // token range of the mention
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
  std::vector<std::string> assoc1, assoc2;
  int date = -1;      // index into doc.dates
  int place = -1;     // index into doc.places
  int province = -1;  // index into doc.places: a province named in the clause
  SourceFigures figures;
  bool has_figures = false;
  int weight = 0;
  int priority = 0;  // weight, raised for violence and lowered for taken people (see FillGroup)
};

struct Incident {
  std::vector<size_t> groups;    // indices into groups, in text order once merging is done
  std::set<uint32_t> sentences;  // sentences that mention it
  int date = -1;
  int place = -1;
  int province = -1;
  std::optional<Actor> actor1, actor2;
  bool actor1_from_anaphor = false, actor2_from_anaphor = false;
  std::vector<std::string> assoc1, assoc2;
  int best_group = -1;
};

class Builder {
 public:
  Builder(const Document& doc, const EventContext& ctx)
      : doc_(doc), ctx_(ctx), k_(*ctx.knowledge) {}

  std::vector<Event> Run() {
    AssignSources();
    IndexProvinces();
    by_sentence_.assign(doc_.sentence_begin.size(), {});
    BuildGroups();
    for (auto& g : groups_) FillGroup(&g);
    BorrowAcrossCoordination();
    AnchorHoursToPreviousEvent();
    MergeIntoIncidents();
    if (ctx_.trace) Trace();
    std::vector<Event> out;
    for (const auto& inc : incidents_) {
      // "12 civilians were killed in Kfar Nabl and one in Maaret al-Numaan": one event per
      // place, each with its own toll.
      if (auto splits = TollsByPlace(inc); splits.size() >= 2) {
        for (const auto& [place, toll] : splits) {
          Incident part = inc;
          part.place = place;
          auto ev = Finalize(part);
          if (!ev) continue;
          ev->fatalities = ev->fatalities_low = ev->fatalities_high = toll.value;
          std::erase_if(ev->evidence, [](const auto& e) { return e.field == "fatalities"; });
          AddEvidence(&*ev, "fatalities", toll.b, toll.e);
          ev->claims.clear();
          ev->notes = Notes(*ev);
          out.push_back(std::move(*ev));
        }
        continue;
      }
      auto ev = Finalize(inc);
      if (!ev) continue;
      // Background known only by its year ("In 2014, IS launched an offensive") is history,
      // not an event to code, unless the text gives its toll.
      if (ev->date_precision == "year" && !ev->fatalities) continue;
      out.push_back(std::move(*ev));
    }
    return out;
  }

 private:
  // ---- sources -------------------------------------------------------------------------
  // The source of each sentence: a cited agency, "the agency"/"it" continuing the last
  // one, else the publisher (-1).
  void AssignSources() {
    size_t ns = doc_.sentence_begin.size() - 1;
    sentence_source_.assign(ns, -1);
    int last = -1;
    size_t ai = 0;
    for (size_t s = 0; s < ns; ++s) {
      uint32_t b = doc_.sentence_begin[s], e = doc_.sentence_begin[s + 1];
      int found = -1;
      while (ai < doc_.agencies.size() && doc_.agencies[ai].b < e) {
        if (doc_.agencies[ai].b >= b && found < 0)
          found = static_cast<int>(doc_.agencies[ai].agency);
        ++ai;
      }
      if (found >= 0) {
        sentence_source_[s] = last = found;
        continue;
      }
      // "The Agency added that ...", "It said ...", "back then, said"
      if (last >= 0 && e > b) {
        std::string_view w0 = doc_.LowerToken(b);
        std::string_view w1 = b + 1 < e ? doc_.LowerToken(b + 1) : "";
        if ((w0 == "the" && IsOneOf(w1, {"agency", "monitor", "observatory", "statement"})) ||
            (w0 == "it" && b + 1 < e && IsOneOf(w1, {"said", "added", "reported", "stated"})))
          sentence_source_[s] = last;
      }
    }
  }

  // ---- groups --------------------------------------------------------------------------
  void BuildGroups() {
    size_t ti = 0;
    for (size_t s = 0; s + 1 < doc_.sentence_begin.size(); ++s) {
      uint32_t b = doc_.sentence_begin[s], e = doc_.sentence_begin[s + 1];
      std::vector<Group> in_sentence;
      // Casualty-only triggers ("were killed") count only in a sentence with no other trigger.
      bool other_trigger = false;
      for (size_t tj = ti; tj < doc_.triggers.size() && doc_.triggers[tj].b < e; ++tj)
        other_trigger |=
            doc_.triggers[tj].b >= b && !k_.triggers[doc_.triggers[tj].trigger].casualty;
      while (ti < doc_.triggers.size() && doc_.triggers[ti].b < e) {
        const auto& tm = doc_.triggers[ti];
        if (other_trigger && k_.triggers[tm.trigger].casualty) {
          ++ti;
          continue;
        }
        // A trigger word inside a date ("March 9") is the date.
        bool in_date = doc_.At(doc_.date_at, tm.b) >= 0;
        // A capitalised trigger inside a name ("Engineering and Missiles Brigade") is part
        // of the name, except in headline-style title case.
        bool in_name = doc_.tokens[tm.b].is(mentions::kCapitalized) && tm.b > b &&
                       !TitleCase(b, e) &&
                       (doc_.tokens[tm.b - 1].is(mentions::kCapitalized) ||
                        (tm.e < e && doc_.tokens[tm.e].is(mentions::kCapitalized)) ||
                        IsOneOf(doc_.LowerToken(tm.b - 1), {"and", "of"}));
        if (tm.b >= b && !in_date && !in_name) {
          // "using an explosive vest", "with two improvised explosive devices": the
          // instrument of the same attack, not a new one.
          bool instrument = false;
          for (uint32_t back = 1; back <= 3 && tm.b >= back + b; ++back) {
            std::string_view w = doc_.LowerToken(tm.b - back);
            if (IsOneOf(w, {"using", "with", "by", "wearing", "via", "carrying"}))
              instrument = true;
          }
          // A new incident in the same sentence is coordinated: "... and an explosion",
          // "in addition to an attempted detonation"; "sparking a gunfight" is the same one.
          bool coordinated = false;
          for (uint32_t back = 1; back <= 3 && tm.b >= back + b; ++back) {
            std::string_view w = doc_.LowerToken(tm.b - back);
            if (IsOneOf(w, {"and", "addition", "also", ";", "while", "another"}))
              coordinated = true;
          }
          // "The Houthi attack coincided with a coalition's ... aerial bombardment": a second
          // incident set beside the first.
          bool beside = false;
          if (!in_sentence.empty() && k_.triggers[tm.trigger].weight >= 7) {
            uint32_t prev_end = doc_.triggers[in_sentence.back().triggers.back()].e;
            for (uint32_t t = prev_end; t < tm.b; ++t)
              if (IsOneOf(doc_.LowerToken(t),
                          {"coincided", "meanwhile", "separately", "whereas", "while"}))
                beside = true;
          }
          bool new_group =
              in_sentence.empty() || beside ||
              (tm.indefinite && coordinated && !instrument && k_.triggers[tm.trigger].weight >= 4 &&
               !k_.triggers[tm.trigger].generic);
          if (new_group) {
            Group g;
            g.sentence = static_cast<uint32_t>(s);
            g.clause_b = in_sentence.empty() ? b : tm.b;
            // "coincided with a coalition's declaration of ... bombardment": the second
            // incident's clause starts after the marker, so its actors come with it.
            if (beside) {
              uint32_t prev_end = doc_.triggers[in_sentence.back().triggers.back()].e;
              for (uint32_t t = prev_end; t < tm.b; ++t)
                if (IsOneOf(doc_.LowerToken(t),
                            {"coincided", "meanwhile", "separately", "whereas", "while"}))
                  g.clause_b = t + 1;
            }
            in_sentence.push_back(g);
          }
          in_sentence.back().triggers.push_back(static_cast<uint32_t>(ti));
        }
        ++ti;
      }
      for (size_t i = 0; i < in_sentence.size(); ++i)
        in_sentence[i].clause_e = i + 1 < in_sentence.size() ? in_sentence[i + 1].clause_b : e;
      // "The demonstration took place days after three protesters were wounded by gunfire":
      // what follows "days after" is an earlier incident, a clause of its own.
      for (size_t i = 0; i < in_sentence.size(); ++i) {
        Group& g = in_sentence[i];
        auto [db, de] = doc_.Range(doc_.dates, g.clause_b, g.clause_e);
        for (size_t di = db; di < de; ++di) {
          const auto& d = doc_.dates[di];
          std::string_view last = doc_.LowerToken(d.e - 1);
          if (d.d.kind != dates::DateKind::kRelativeSpan || (last != "after" && last != "before"))
            continue;
          std::vector<uint32_t> later;
          for (uint32_t ti : g.triggers)
            if (doc_.triggers[ti].b >= d.e) later.push_back(ti);
          if (later.empty() || later.size() == g.triggers.size()) break;
          Group tail;
          tail.sentence = g.sentence;
          tail.clause_b = d.b;
          tail.clause_e = g.clause_e;
          tail.triggers = later;
          g.triggers.resize(g.triggers.size() - later.size());
          g.clause_e = d.e;
          in_sentence.insert(in_sentence.begin() + static_cast<ptrdiff_t>(i) + 1, std::move(tail));
          break;
        }
      }
      for (auto& g : in_sentence) groups_.push_back(std::move(g));
    }
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

  // The first sentence is a headline when it ends without a full stop at a line break.
  bool IsHeadline(uint32_t sentence) const {
    uint32_t b = doc_.sentence_begin[sentence], e = doc_.sentence_begin[sentence + 1];
    if (e <= b || e >= doc_.tokens.size()) return false;
    std::string_view last = doc_.TokenText(e - 1);
    return last != "." && doc_.tokens[e].is(mentions::kNewlineBefore);
  }

  bool InClause(const Group& g, uint32_t tok) const {
    return tok >= g.clause_b && tok < g.clause_e;
  }

  // A crowd or civilians of the article's country ("Rioters (Lebanon)"), with the tokens
  // that tell of them.
  Actor CountryGroup(std::string_view base, int inter, uint32_t b, uint32_t e) const {
    std::string name(base);
    if (!doc_.country.empty()) name += " (" + doc_.country + ")";
    return Actor{std::move(name), inter, "", b, e};
  }

  Actor MakeActor(const mentions::ActorMention& am) const {
    std::string_view alias = doc_.TokenSpan(am.b, am.e).of(doc_.text);
    const auto& entry = k_.actors[k_.ResolveActor(am.actor, alias, doc_.country)];
    Actor a;
    a.name = entry.canonical;
    a.inter = entry.inter;
    a.unit = entry.unit;
    a.b = am.b;
    a.e = am.e;
    std::string country = !am.country.empty() ? am.country : doc_.country;
    size_t pos = a.name.find("{country}");
    if (pos != std::string::npos) {
      // ACLED writes "Military Forces of the United States", "... of the Philippines".
      if (a.name.compare(pos - 3, 3, "of ") == 0 &&
          (country.rfind("United ", 0) == 0 || country.rfind("Democratic Republic", 0) == 0 ||
           country.rfind("Central African", 0) == 0 || country.rfind("Republic of", 0) == 0 ||
           country == "Philippines" || country == "Netherlands" || country == "Gambia"))
        country = "the " + country;
      if (country.empty()) {
        // "Civilians ({country})" -> "Civilians"; "Military Forces of {country}" stays unknown.
        if (a.name.find(" ({country})") != std::string::npos)
          a.name.erase(a.name.find(" ({country})"), 12);
        else
          a.name.clear();
      } else {
        a.name.replace(pos, 9, country);
      }
    }
    return a;
  }

  // Is the actor at `am` the patient of the event (a victim or target)?
  bool IsPatient(const mentions::ActorMention& am, uint32_t trigger_b, uint32_t clause_b) const {
    // Words between the actor and the trigger (or just before the actor) that make it a target.
    // The word governing the actor: step back over determiners and counts ("killing the
    // three", "targeted two Syrian army") to the verb or preposition.
    uint32_t k = am.b;
    while (k > clause_b) {
      std::string_view w = doc_.LowerToken(k - 1);
      if (int32_t ni = doc_.At(doc_.number_end_at, k); ni >= 0 && doc_.numbers[ni].b < k) {
        k = doc_.numbers[ni].b;
        continue;
      }
      if (!IsOneOf(w, {"the", "a", "an", "some", "several", "many", "dozens", "other", "more",
                       "members", "of", "elements", "two", "its", "their", "his", "her"}))
        break;
      if (w == "of") {  // "members of the SDF", "the death of eight of the Assad forces"
        if (k >= 2) {
          std::string_view prev = doc_.LowerToken(k - 2);
          bool count_before = doc_.At(doc_.number_end_at, k - 1) >= 0;
          if (count_before ||
              IsOneOf(prev, {"death",        "deaths",    "killing",  "injury",     "members",
                             "member",       "personnel", "dozens",   "some",       "several",
                             "many",         "convoy",    "patrol",   "position",   "positions",
                             "headquarters", "leaders",   "leader",   "commanders", "commander",
                             "fighters",     "soldiers",  "officers", "officer",    "elements",
                             "vehicle",      "vehicles",  "base",     "post",       "checkpoint",
                             "detachment",   "ranks"}))
            return true;
        }
      }
      --k;
    }
    if (k > clause_b) {
      std::string_view w = doc_.LowerToken(k - 1);
      if (IsOneOf(w,
                  {"targeted", "targeting", "against",  "on",           "killing",   "killed",
                   "wounding", "injuring",  "hit",      "struck",       "abducting", "kidnapping",
                   "ambushed", "stormed",   "attacked", "assassinated", "abducted",  "kidnapped",
                   "executed", "at",        "shelled",  "bombed",       "raided",    "besieged"}))
        return true;
    }
    // Headline passive: "Five ex-FSA commanders assassinated in southern Syria".
    if (am.e <= trigger_b && trigger_b <= am.e + 2) {
      std::string_view tw = doc_.LowerToken(trigger_b);
      uint32_t after = trigger_b + 1;
      while (after < doc_.tokens.size() && doc_.TokenText(after) != " " &&
             IsOneOf(doc_.LowerToken(after), {"dead"}))
        ++after;
      if (tw.size() > 2 && tw.substr(tw.size() - 2) == "ed" && after < doc_.tokens.size() &&
          IsOneOf(doc_.LowerToken(after),
                  {"in", "near", "at", "by", "on", "after", "during", "as"}))
        return true;
    }
    // "More than a dozen soldiers died", "soldiers were killed": the subject of a casualty verb.
    // ("ISWAP killed six soldiers" is active: a two-way word like "killed" needs "were".)
    auto [cb, ce] = doc_.Range(doc_.casualties, am.e, am.e + 4);
    for (size_t ci = cb; ci < ce; ++ci) {
      const auto& cm = doc_.casualties[ci];
      const auto& entry = k_.casualties[cm.entry];
      if (!entry.count_before) continue;
      bool direct = true, auxiliary = false;
      for (uint32_t t = am.e; t < cm.b; ++t) {
        std::string_view w = doc_.LowerToken(t);
        direct &= IsOneOf(w, {"were", "was", "have", "has", "been", "reportedly", "also", "all"});
        auxiliary |= IsOneOf(w, {"were", "was", "been"});
      }
      if (direct && (auxiliary || !entry.count_after)) return true;
    }
    if (am.e <= trigger_b) {
      for (uint32_t t = am.e; t < trigger_b && t < am.e + 12; ++t) {
        std::string_view w = doc_.LowerToken(t);
        if (IsOneOf(w, {"target", "targeted", "victim", "victims", "under", "were", "was"})) {
          // "were killed", "was the target of", "came under"
          if (w == "were" || w == "was") {
            uint32_t k = t + 1;
            while (k < trigger_b && IsOneOf(doc_.LowerToken(k),
                                            {"feared", "reportedly", "allegedly", "also", "later",
                                             "believed", "all", "both", "then", "being", "been"}))
              ++k;
            if (k < trigger_b + 1) {
              std::string_view n = doc_.LowerToken(k);
              if (IsOneOf(n, {"killed", "wounded", "injured", "targeted", "the", "hit", "attacked",
                              "ambushed", "abducted", "kidnapped", "assassinated", "executed",
                              "shot", "arrested", "detained", "struck", "also", "reportedly"}))
                return true;
            }
            continue;
          }
          return true;
        }
      }
    }
    return false;
  }

  // An actor written as an owner of something else: "IS-affiliated Amaaq Agency".
  bool IsAffiliationOfAgency(const mentions::ActorMention& am) const {
    if (am.e + 2 >= doc_.tokens.size() || doc_.TokenText(am.e) != "-") return false;
    std::string_view w = doc_.LowerToken(am.e + 1);
    if (!IsOneOf(w, {"affiliated", "linked", "run", "held"})) return false;
    return doc_.At(doc_.agency_at, am.e + 2) >= 0 || doc_.At(doc_.agency_at, am.e + 3) >= 0;
  }

  void FillGroup(Group* g) {
    // Most specific trigger; violence and protest outrank a strategic development told in
    // the same clause ("clashes broke out ... after the SDF arrested X").
    for (uint32_t ti : g->triggers) {
      const auto& tm = doc_.triggers[ti];
      const auto& entry = k_.triggers[tm.trigger];
      // (A specific one outranks a generic word: "an arson attack targeting a factory" is
      // property destruction.)
      int boost = entry.event_type != "Strategic developments"                                  ? 10
                  : entry.sub_event_type == "Looting/property destruction" && entry.weight >= 6 ? 8
                                                                                                : 0;
      int w = entry.weight + boost - (tm.instrument ? 8 : 0);
      // "captured 13 policemen": people taken, not territory.
      if (entry.territory && tm.e + 1 < doc_.tokens.size()) {
        bool people = false;
        for (uint32_t t = tm.e; t <= tm.e + 2; ++t)
          people |= doc_.At(doc_.number_at, t) >= 0 || doc_.At(doc_.actor_at, t) >= 0;
        if (people) w -= 10;
      }
      if (g->best < 0 || w > g->weight) {
        g->weight = w;
        g->best = static_cast<int>(ti);
      }
    }
    const auto& best = doc_.triggers[g->best];
    g->priority = g->weight;
    g->weight = k_.triggers[best.trigger].weight;
    g->indefinite = best.indefinite;
    g->trend = best.negated_or_trend;
    // The head (first) trigger decides: "The attack adopted today ... who once fought".
    g->anaphoric = doc_.triggers[g->triggers.front()].definite;
    g->headline = g->sentence == 0 && IsHeadline(0);
    for (uint32_t t = doc_.sentence_begin[g->sentence]; t + 1 < g->clause_e; ++t) {
      if (doc_.LowerToken(t) == "back" && doc_.LowerToken(t + 1) == "then") g->anaphoric = true;
    }

    // Actors: agents before the clause's first trigger, patients after it or marked as
    // targets. The first trigger is the clause's main verb or noun; later ones tend to be
    // consequences ("attacked an army base ..., adding that others were abducted").
    uint32_t tb = doc_.triggers[g->triggers.front()].b;
    bool claim = false, blame = false;
    for (uint32_t t = g->clause_b; t < g->clause_e; ++t) {
      std::string_view w = doc_.LowerToken(t);
      if (w.size() < 6 || (w[0] != 'c' && w[0] != 'a' && w[0] != 'b')) continue;  // cheap test
      if (t + 1 < g->clause_e && IsOneOf(w, {"claimed", "adopts", "adopted", "announced"}))
        claim = true;
      else if (IsOneOf(w, {"blamed", "blaming", "accused", "attributed"}))
        blame = true;
    }
    g->attribution = claim || blame;
    std::vector<Actor> agents, patients;
    auto [ab, ae] = doc_.Range(doc_.actors, g->clause_b, g->clause_e);
    for (size_t ai = ab; ai < ae; ++ai) {
      const auto& am = doc_.actors[ai];
      if (IsAffiliationOfAgency(am)) continue;
      Actor a = MakeActor(am);
      if (a.name.empty()) continue;
      // "According to two military commanders, ...": a source, not a party.
      bool source = false;
      for (uint32_t k = am.b >= 4 ? am.b - 4 : 0; k + 1 < am.b; ++k)
        source |= doc_.LowerToken(k) == "according" && doc_.LowerToken(k + 1) == "to";
      if (am.e < doc_.tokens.size() &&
          IsOneOf(doc_.LowerToken(am.e),
                  {"sources", "source", "officials", "spokesman", "statement"}))
        source = true;
      // "one of the officers told AFP", "the army said": the speaker, not a party.
      if (am.e < doc_.tokens.size() &&
          IsOneOf(doc_.LowerToken(am.e),
                  {"told", "said", "says", "stated", "added", "confirmed", "denied"})) {
        source = true;
        // "The Baloch Liberation Army said ... that its fighters carried out the attack": a
        // speaker that claims the act for itself is its agent.
        for (uint32_t k = am.e + 1; k < tb && k < am.e + 8; ++k)
          if (IsOneOf(doc_.LowerToken(k), {"its", "it", "their", "they", "we", "our"}))
            source = false;
      }
      if (source) continue;
      bool patient = a.inter == 7 || IsPatient(am, tb, g->clause_b) || am.b > tb;
      // "officials blamed the al Shabaab group", "accused Houthi forces": the one blamed acted.
      for (uint32_t k = std::max(am.b >= 8 ? am.b - 8 : 0, g->clause_b); k < am.b; ++k)
        if (IsOneOf(doc_.LowerToken(k), {"blamed", "blaming", "accused", "accusing", "attributed"}))
          patient = false;
      // "by X" after the trigger is the agent: "conducted by", "fired by the Houthis", "by
      // presumed LNA forces".
      if (am.b > tb) {
        uint32_t k = am.b;
        // (Also over the capitalised words of a unit's name: "by a Government Railway
        // Police official".)
        while (
            k > tb + 1 && am.b - k < 4 &&
            (IsOneOf(doc_.LowerToken(k - 1), {"the", "a", "an", "presumed", "suspected", "alleged",
                                              "unknown", "unidentified", "armed"}) ||
             (doc_.tokens[k - 1].is(mentions::kCapitalized) && doc_.At(doc_.actor_at, k - 1) < 0)))
          --k;
        if (k > 0 && doc_.LowerToken(k - 1) == "by") patient = false;
        // "... was shot dead when police opened fire": the subject of a later violent verb.
        if (am.e < g->clause_e &&
            IsOneOf(doc_.LowerToken(am.e), {"opened", "fired", "shot", "attacked", "stormed",
                                            "raided", "shelled", "bombed"}))
          patient = false;
      }
      if (a.inter == 6 && k_.triggers[best.trigger].event_type == "Protests") patient = false;
      (patient ? patients : agents).push_back(a);
    }
    // "clashes (broke out) between the SDF and Arab tribes": the first named is actor1.
    if (agents.empty() && patients.size() >= 2) {
      uint32_t first_trigger_end = doc_.triggers[g->triggers.front()].e;
      bool between = false;
      for (uint32_t t = first_trigger_end;
           t < doc_.tokens.size() && t < first_trigger_end + 4 && t < patients.front().b; ++t)
        between |= doc_.LowerToken(t) == "between";
      if (between) {
        agents.push_back(patients.front());
        patients.erase(patients.begin());
      }
    }
    // The first agent acts; the first patient that is someone else is acted on (an armed
    // actor before civilians: "killing four civilians" after "targeted soldiers" is rarer).
    if (!agents.empty()) g->actor1 = agents.front();
    for (const Actor& a : patients) {
      if (g->actor1 && a.name == g->actor1->name) continue;
      if (!g->actor2 || (g->actor2->inter == 7 && a.inter != 7 && a.inter != 0)) g->actor2 = a;
    }
    for (const Actor& a : agents)
      if (!a.unit.empty() && g->actor1 && a.name == g->actor1->name) AddUnique(&g->assoc1, a.unit);
    for (const Actor& a : patients)
      if (!a.unit.empty() && g->actor2 && a.name == g->actor2->name) AddUnique(&g->assoc2, a.unit);
    g->figures.claims_responsibility = claim;
    // "The Saudi-led coalition said it carried out air strikes": a source that speaks for
    // an actor and says "it" or "we" did it is the agent.
    int src = sentence_source_[g->sentence];
    if (!g->actor1 && src >= 0 && !k_.agencies[src].affiliation.empty()) {
      for (uint32_t t = g->clause_b; t + 1 < tb; ++t) {
        std::string_view w = doc_.LowerToken(t), n = doc_.LowerToken(t + 1);
        // "CENTCOM announced the killing of five militants", "IS claimed responsibility".
        bool claim_kill = IsOneOf(w, {"announced", "claimed"}) && t + 2 < tb + 2 &&
                          IsOneOf(n, {"the", "responsibility"}) &&
                          (n == "responsibility" || doc_.LowerToken(t + 2) == "killing");
        if ((IsOneOf(w, {"said", "says", "announced", "claimed", "stated"}) &&
             IsOneOf(n, {"it", "its", "we"})) ||
            claim_kill) {
          Actor a;
          a.name = k_.agencies[src].affiliation;
          a.inter = a.name.rfind("Military Forces", 0) == 0 || a.name.rfind("Police Forces", 0) == 0
                        ? 1
                        : 2;
          a.b = t + 1, a.e = t + 2;
          g->actor1 = a;
          break;
        }
      }
    }

    // Date: the one nearest the trigger, "since ..." after the trigger excluded.
    // A date of the report ("reported on Wednesday") counts only when nothing else dates the
    // event, and never for an anaphor (the report is later than the event it recalls).
    int best_dist = 1 << 30;
    auto [db, de] = doc_.Range(doc_.dates, g->clause_b, g->clause_e);
    for (size_t i = db; i < de; ++i) {
      const auto& d = doc_.dates[i];
      if (!d.d.date || d.dateline) continue;
      if (d.after_since && d.b > tb) continue;
      if (d.report && g->anaphoric) continue;
      if (ctx_.published && *d.d.date > dates::AddDays(*ctx_.published, 1)) continue;
      int dist = std::abs(static_cast<int>(d.b) - static_cast<int>(tb)) + (d.report ? 1000 : 0);
      if (dist < best_dist) best_dist = dist, g->date = static_cast<int>(i);
    }

    // Place: the most specific place of the clause, hospitals excluded.
    int best_rank = -1;
    auto [pb, pe] = doc_.Range(doc_.places, g->clause_b, g->clause_e);
    for (size_t i = pb; i < pe; ++i) {
      const auto& p = doc_.places[i];
      if (p.hospital || p.dateline) continue;
      if (p.province) {
        if (g->province < 0) g->province = static_cast<int>(i);
        continue;
      }
      int rank = PlaceRank(p);
      if (rank > best_rank) best_rank = rank, g->place = static_cast<int>(i);
    }

    // Casualties.
    g->figures.source = sentence_source_[g->sentence];
    g->figures.sentence = g->sentence;
    auto [cb, ce] = doc_.Range(doc_.casualties, g->clause_b, g->clause_e);
    for (size_t ci = cb; ci < ce; ++ci) {
      const auto& cm = doc_.casualties[ci];
      const auto& entry = k_.casualties[cm.entry];
      Figure f = CountFor(cm, entry, *g);
      if (!f.value && !f.vague) continue;
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
    // Those counted among the dead are the ones acted on: "killing at least 79 people",
    // "five soldiers were killed".
    const Figure* counted = g->figures.killed.value    ? &g->figures.killed
                            : g->figures.injured.value ? &g->figures.injured
                                                       : nullptr;
    if (counted) {
      for (uint32_t t = counted->e; t < counted->e + 3 && t < g->clause_e; ++t) {
        int32_t ai = doc_.At(doc_.actor_at, t);
        if (ai < 0) continue;
        Actor victim = MakeActor(doc_.actors[ai]);
        // ("killing two people" among protesters: they stay the protesters)
        bool keeps_protesters = g->actor2 && g->actor2->inter == 6 && victim.inter == 7;
        if (!victim.name.empty() && !keeps_protesters &&
            (!g->actor1 || g->actor1->name != victim.name))
          g->actor2 = victim;
        break;
      }
    }
  }

  // "were also killed", "also 13 militants were killed", "2 other policemen were killed".
  bool IsAdditionalCount(const mentions::CasualtyMention& cm, const Figure& f) const {
    std::string_view entry = doc_.LowerToken(cm.e - 1);
    if (entry == "toll") return false;  // "the toll also rose to 9" replaces, not adds
    if (cm.b > 0 && doc_.LowerToken(cm.b - 1) == "also") return true;
    if (f.b > 0 && doc_.LowerToken(f.b - 1) == "also") return true;
    return f.e < doc_.tokens.size() && IsOneOf(doc_.LowerToken(f.e), {"other", "more"}) &&
           f.e < cm.b;
  }

  // A noun for one person, so that "killing a young man" counts one.
  static bool IsPersonNoun(std::string_view w) {
    return IsOneOf(
        w, {"man",        "woman",     "child",      "boy",       "girl",       "soldier",
            "officer",    "policeman", "civilian",   "member",    "fighter",    "commander",
            "leader",     "resident",  "farmer",     "shepherd",  "journalist", "doctor",
            "teacher",    "student",   "person",     "militant",  "major",      "colonel",
            "lieutenant", "captain",   "sergeant",   "general",   "judge",      "official",
            "employee",   "worker",    "driver",     "guard",     "elder",      "cleric",
            "imam",       "young",     "senior",     "local",     "former",     "prominent",
            "youth",      "villager",  "herder",     "trader",    "merchant",   "pastor",
            "priest",     "chief",     "activist",   "lawyer",    "nurse",      "policewoman",
            "gendarme",   "suspect",   "pedestrian", "passenger", "husband",    "wife",
            "father",     "mother",    "son",        "daughter",  "brother",    "teenager",
            "individual", "mayor",     "councillor", "councilor"});
  }

  static void AddUnique(std::vector<std::string>* v, const std::string& s) {
    if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
  }

  // How specific (and how surely a site) a place mention is: a name the text marks as a
  // town or as near the event beats a bare name, which may stand for a government
  // ("reconciled with Damascus").
  int PlaceRank(const mentions::PlaceMention& p) const {
    // A name the text puts inside another ("Gajiram in the Nganzai area") is the site.
    bool inside = p.container >= 0 && PlaceRankNoContainer(doc_.places[p.container]) >= 2;
    int rank = PlaceRankNoContainer(p);
    return inside && rank >= 0 ? std::max(rank, 4) + 3 : rank;
  }
  int PlaceRankNoContainer(const mentions::PlaceMention& p) const {
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

  // The number that counts the casualties of one casualty word.
  Figure CountFor(const mentions::CasualtyMention& cm, const mentions::CasualtyEntry& entry,
                  const Group& g) const {
    Figure f;
    auto usable = [&](const mentions::NumberMention& n) {
      return !n.n.is_year_like && !n.n.is_ordinal && InClause(g, n.b);
    };
    if (entry.count_after) {
      // "killing eight", "the death of eight", "killed 12 people", "toll rose to 9"
      uint32_t limit = cm.e + (doc_.LowerToken(cm.e - 1) == "toll" ? 5 : 3);
      auto [nb, ne] = doc_.Range(doc_.numbers, cm.e, limit + 1);
      for (size_t ni = nb; ni < ne; ++ni) {
        const auto& n = doc_.numbers[ni];
        if (!usable(n)) continue;
        bool clean_gap = true;
        for (uint32_t t = cm.e; t < n.b; ++t) {
          std::string_view w = doc_.LowerToken(t);
          if (!IsOneOf(w, {"the", "of", "at", "least", "rose", "risen", "has", "to", "climbed",
                           "reached", "a", "an", "another", "some", "about", "nearly"}))
            clean_gap = false;
        }
        if (!clean_gap) continue;
        f.value = n.n.value;
        f.vague = n.n.vague;
        f.b = n.b, f.e = n.e;
        // "killing at least 60 Afghans and 13 US service members": add the second count.
        for (uint32_t t = n.e; f.value && t < n.e + 6 && t + 1 < g.clause_e; ++t) {
          std::string_view w = doc_.LowerToken(t);
          if (doc_.TokenText(t) == "," || IsOneOf(w, {"including", "among", "of", "in", "on"}))
            break;
          if (w != "and") continue;
          // "two security guards and a police officer": one more.
          if (IsOneOf(doc_.LowerToken(t + 1), {"a", "an"}) && t + 2 < g.clause_e &&
              (IsPersonNoun(doc_.LowerToken(t + 2)) || doc_.At(doc_.actor_at, t + 2) >= 0)) {
            f.value = *f.value + 1;
            f.e = t + 3;
            break;
          }
          int32_t ni2 = doc_.At(doc_.number_at, t + 1);
          if (ni2 < 0) break;
          const auto& n2 = doc_.numbers[ni2];
          if (usable(n2) && n2.n.value && !n2.n.vague) {
            f.value = *f.value + *n2.n.value;
            f.e = n2.e;
          }
          break;
        }
        return f;
      }
    }
    if (entry.count_after && cm.e + 1 < g.clause_e) {
      std::string_view w = doc_.LowerToken(cm.e);
      uint32_t k = cm.e + 1;
      while (k + 1 < g.clause_e &&
             IsOneOf(doc_.LowerToken(k), {"young", "senior", "local", "former", "prominent"}))
        ++k;
      if ((w == "a" || w == "an") && IsPersonNoun(doc_.LowerToken(k))) {
        f.value = 1;
        f.b = cm.e, f.e = k + 1;
        return f;
      }
    }
    if (entry.count_before) {
      // "eight soldiers were killed", "12 civilians were killed", "three protesters were wounded"
      // The count and the word may be a long noun phrase apart: "Five former leaders of the
      // Free Syrian Army (FSA) were killed"; a clause boundary or another verb blocks.
      const mentions::NumberMention* found = nullptr;
      auto [nb, ne] = doc_.Range(doc_.numbers, cm.b >= 40 ? cm.b - 40 : 0, cm.b);
      for (size_t ni = nb; ni < ne; ++ni) {
        const auto& n = doc_.numbers[ni];
        if (n.e > cm.b || n.e + 12 < cm.b || !usable(n)) continue;
        bool blocked = false;
        for (uint32_t t = n.e; t < cm.b; ++t) {
          std::string_view w = doc_.LowerToken(t);
          // "and" ends the phrase of a count only when another count follows it ("two
          // civilians and three soldiers"), not in "five soldiers and civilians".
          if (w == "and" && doc_.At(doc_.number_at, t + 1) < 0) continue;
          // "3 civilians including a former commander were killed": an aside without a count.
          if (w == "including" && doc_.At(doc_.number_at, t + 1) < 0) continue;
          if (doc_.TokenText(t) == "," || doc_.TokenText(t) == ";" || doc_.TokenText(t) == "." ||
              IsOneOf(w, {"and",  "after", "when",  "while", "killed", "wounded", "injured",
                          "dead", "said",  "says",  "that",  "who",    "which",   "including",
                          "than", "from",  "since", "in",    "on",     "at"}))
            blocked = true;
        }
        if (!blocked) found = &n;
      }
      // "a judge of a provincial court was killed": a singular verb with no count is one.
      if (!found && cm.b >= 1 && cm.b - 1 > g.clause_b && doc_.LowerToken(cm.b - 1) == "was") {
        f.value = 1;
        f.b = cm.b - 1, f.e = cm.e;
        return f;
      }
      // "a soldier was killed", "killing a young man": one person.
      if (!found && entry.count_before && cm.b >= 3) {
        for (uint32_t k = cm.b - 1; k + 4 > cm.b && k > g.clause_b; --k) {
          std::string_view w = doc_.LowerToken(k);
          if ((w == "a" || w == "an") && IsPersonNoun(doc_.LowerToken(k + 1))) {
            f.value = 1;
            f.b = k, f.e = k + 2;
            return f;
          }
        }
      }
      if (found) {
        f.value = found->n.value;
        f.vague = found->n.vague;
        f.b = found->b, f.e = found->e;
        // "two civilians and three soldiers were killed": add the first count.
        auto [pb, pe] = doc_.Range(doc_.numbers, found->b >= 12 ? found->b - 12 : 0, found->b);
        for (size_t ni = pb; ni < pe; ++ni) {
          const auto& n = doc_.numbers[ni];
          if (&n == found || n.e > found->b || n.e + 4 < found->b || !usable(n) || !n.n.value)
            continue;
          // Not when the first count has its own casualty word: "Eight were killed and 27 wounded".
          bool own_word = false;
          for (uint32_t t = n.e; t < found->b; ++t)
            own_word |= IsOneOf(doc_.LowerToken(t),
                                {"killed", "dead", "died", "wounded", "injured", "hurt"});
          if (!own_word && found->b >= 1 && doc_.LowerToken(found->b - 1) == "and" && f.value) {
            f.value = *f.value + *n.n.value;
            f.b = n.b;
          }
        }
        return f;
      }
    }
    return f;
  }

  // "The incident came just hours after al-Shabaab assassinated ...": hours before or after
  // an event told earlier is that event's day, not the day of the report.
  void AnchorHoursToPreviousEvent() {
    int last_dated = -1;
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      Group& g = groups_[gi];
      if (g.date < 0) continue;
      const auto& d = doc_.dates[g.date];
      bool hours = false;
      for (uint32_t t = d.b; t < d.e && t < d.b + 3; ++t)
        hours |= IsOneOf(doc_.LowerToken(t), {"hours", "minutes"});
      bool relative = false;
      for (uint32_t t = d.b; t < d.e; ++t)
        relative |= IsOneOf(doc_.LowerToken(t), {"after", "before", "earlier", "later"});
      if (hours && relative && last_dated >= 0) {
        g.date = groups_[last_dated].date;
      } else if (!d.report && !g.headline) {
        last_dated = static_cast<int>(gi);
      }
    }
  }

  // The civilians a generic attack of `inc` was aimed at, when its object is a village, a
  // town by name, a home or a vehicle ("attacked the village of X", "attacked Muaja",
  // "a truck was attacked").
  std::optional<Actor> CivilianObjectOfAttack(const Incident& inc) const {
    auto civilian_thing = [](std::string_view w) {
      return IsOneOf(w, {"village",   "villages",   "town",   "hamlet",   "settlement", "house",
                         "houses",    "home",       "homes",  "compound", "bus",        "minibus",
                         "truck",     "trucks",     "car",    "cars",     "vehicle",    "vehicles",
                         "ambulance", "motorcycle", "church", "mosque",   "market",     "farm",
                         "farms",     "shop",       "shops",  "locality", "localities", "camp",
                         "school"});
    };
    auto make = [&](uint32_t b, uint32_t e) { return CountryGroup("Civilians", 7, b, e); };
    for (size_t gi : inc.groups) {
      for (uint32_t ti : groups_[gi].triggers) {
        const auto& tm = doc_.triggers[ti];
        if (!k_.triggers[tm.trigger].generic || tm.negated_or_trend) continue;
        // Active: the words right after the verb.
        uint32_t t = tm.e;
        while (t < doc_.tokens.size() && t < tm.e + 3 &&
               IsOneOf(doc_.LowerToken(t), {"the", "a", "an", "several", "two", "three"}))
          ++t;
        if (t < doc_.tokens.size()) {
          if (civilian_thing(doc_.LowerToken(t)) && doc_.At(doc_.actor_at, t) < 0)
            return make(t, t + 1);
          auto [pb, pe] = doc_.Range(doc_.places, t, t + 1);
          if (pb < pe && doc_.places[pb].b == t && !doc_.places[pb].province &&
              doc_.At(doc_.actor_at, t) < 0) {
            // "attacked Kabul's police headquarters": a named place followed by its target.
            uint32_t after = doc_.places[pb].e;
            if (after < doc_.tokens.size() && doc_.TokenText(after) == "'") continue;
            if (after < doc_.tokens.size() && doc_.At(doc_.actor_at, after) >= 0) continue;
            return make(t, after);
          }
        }
        // Passive: "a truck was attacked".
        if (tm.b >= 2 && IsOneOf(doc_.LowerToken(tm.b - 1), {"was", "were"}) &&
            civilian_thing(doc_.LowerToken(tm.b - 2)))
          return make(tm.b - 2, tm.b - 1);
      }
    }
    return std::nullopt;
  }

  // Is every trigger of `g` something done to a crowd (dispersal, arrests on the spot)?
  bool ActsOnACrowd(const Group& g) const {
    if (g.triggers.empty()) return false;
    for (uint32_t ti : g.triggers) {
      const auto& tm = doc_.triggers[ti];
      const auto& t = k_.triggers[tm.trigger];
      if (tm.negated_or_trend) return false;
      if (t.sub_event_type != "Protest with intervention" &&
          t.sub_event_type != "Excessive force against protesters" &&
          !(t.sub_event_type == "Arrests" && ArrestAtTheScene(tm)))
        return false;
    }
    return true;
  }

  // "14 protesters were arrested", "police arrested 60 of them": people taken at the scene,
  // not "demanding the release of a leader in house arrest".
  bool ArrestAtTheScene(const mentions::TriggerMention& tm) const {
    if (tm.negated_or_trend || tm.e != tm.b + 1) return false;
    std::string_view w = doc_.LowerToken(tm.b);
    if (!IsOneOf(w, {"arrested", "detained"})) return false;
    std::string_view prev = tm.b > 0 ? doc_.LowerToken(tm.b - 1) : "";
    std::string_view next = tm.e < doc_.tokens.size() ? doc_.LowerToken(tm.e) : "";
    return IsOneOf(prev, {"were", "was", "been", "police", "and", "then", "later", "also"}) ||
           (tm.e < doc_.number_at.size() && doc_.number_at[tm.e] >= 0) ||
           IsOneOf(next, {"protesters", "demonstrators", "people", "participants", "them", "some",
                          "several", "dozens", "the"});
  }

  // Tolls a clause gives place by place: "12 civilians were killed in Kfar Nabl and one in
  // Maaret al-Numaan" -> (Kfar Nabl, 12), (Maaret al-Numaan, 1). Empty when there is no
  // such split.
  std::vector<std::pair<int, Figure>> TollsByPlace(const Incident& inc) const {
    std::vector<std::pair<int, Figure>> out;
    for (size_t gi : inc.groups) {
      const Group& g = groups_[gi];
      const Figure& first = g.figures.killed;
      if (!first.value) continue;
      auto [pb, pe] = doc_.Range(doc_.places, g.clause_b, g.clause_e);
      out.clear();
      for (size_t i = pb; i < pe; ++i) {
        const auto& p = doc_.places[i];
        if (p.hospital || p.province || p.dateline || p.b < 2 || doc_.LowerToken(p.b - 1) != "in")
          continue;
        if (out.empty()) {
          // The first place follows the clause's own toll: "12 civilians were killed in".
          if (first.e <= p.b && p.b <= first.e + 5) out.emplace_back(static_cast<int>(i), first);
          continue;
        }
        // A later one: "and one in Maaret al-Numaan".
        int32_t ni = doc_.At(doc_.number_end_at, p.b - 1);
        if (ni < 0) continue;
        const auto& n = doc_.numbers[ni];
        if (!n.n.value || n.b < 1 || doc_.LowerToken(n.b - 1) != "and") continue;
        Figure f;
        f.value = n.n.value;
        f.b = n.b, f.e = n.e;
        out.emplace_back(static_cast<int>(i), f);
      }
      if (out.size() >= 2) return out;
    }
    return {};
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

  // "the detonation of a bus and an explosion ... on July 17": the first of two coordinated
  // groups without a date of its own takes the date of the second.
  void BorrowAcrossCoordination() {
    for (size_t i = 0; i + 1 < groups_.size(); ++i) {
      Group& g = groups_[i];
      Group& next = groups_[i + 1];
      if (g.date >= 0 || next.sentence != g.sentence || next.date < 0) continue;
      uint32_t first = doc_.triggers[next.triggers.front()].b;
      for (uint32_t t = first >= 3 ? first - 3 : 0; t < first; ++t) {
        if (doc_.LowerToken(t) == "and") {
          g.date = next.date;
          break;
        }
      }
    }
  }

  // ---- merging -------------------------------------------------------------------------
  std::optional<dates::CivilDate> DateOf(int date_index) const {
    if (date_index < 0) return std::nullopt;
    return doc_.dates[date_index].d.date;
  }

  bool DatesCompatible(int a, int b) const {
    auto da = DateOf(a), db = DateOf(b);
    if (!da || !db) return true;
    int64_t diff = std::llabs(dates::DaysFromCivil(*da) - dates::DaysFromCivil(*db));
    auto pa = doc_.dates[a].d.precision, pb = doc_.dates[b].d.precision;
    if (pa == dates::Precision::kDay && pb == dates::Precision::kDay) return diff <= 1;
    return diff <= 10;
  }

  std::string PlaceKey(int place) const {
    if (place < 0) return "";
    const auto& p = doc_.places[place];
    if (p.place) return p.place->name + "|" + p.place->admin1;
    return AsciiLowerCopy(p.written);
  }

  // Same place, or one contains the other ("Afghanistan" and "Shortepa", "Daraa" province
  // and a town in it).
  bool PlacesCompatible(int a, int b) const {
    if (a < 0 || b < 0) return true;
    if (PlaceKey(a) == PlaceKey(b)) return true;
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

  // An unidentified actor ("gunmen") may be any named one.
  static bool Unidentified(const Actor& a) { return a.name.rfind("Unidentified", 0) == 0; }
  bool ActorsCompatible(const std::optional<Actor>& x, const std::optional<Actor>& y) const {
    return !x || !y || x->name == y->name || Unidentified(*x) || Unidentified(*y);
  }

  // How well group `g` fits incident `inc`; negative = it cannot be the same incident.
  int Fit(const Group& g, const Incident& inc, size_t inc_index) const {
    if (!DatesCompatible(g.date, inc.date)) return -1;
    if (g.headline) {
      // A headline summarises the main incident; its wording of actors and places may differ
      // ("Boko Haram" in the title, "ISWAP" in the body).
      const std::string& ta = EventTypeOf(g);
      const std::string& tb = EventTypeOf(groups_[inc.best_group]);
      bool violent =
          DisorderType(ta) == "Political violence" && DisorderType(tb) == "Political violence";
      if (ta != tb && !violent) return -1;
      return 1 + (inc_index == 0 ? 1 : 0);
    }
    bool place_conflict = !PlacesCompatible(g.place, inc.place);
    // "2 other policemen were killed when they arrived as reinforcements": the others are
    // dead of the incident just told.
    if (!place_conflict && g.figures.additional && !g.indefinite && Distance(g, inc) <= 2 &&
        DisorderType(EventTypeOf(groups_[inc.best_group])) == "Political violence")
      return 5;
    // "Police intervened.", "Some were detained by the police.": what the police did to the
    // crowd just described is part of that protest.
    if (!place_conflict && ActsOnACrowd(g) && Distance(g, inc) <= 2) {
      const std::string& tb = EventTypeOf(groups_[inc.best_group]);
      if (tb == "Protests" || tb == "Riots") return 5;
    }
    // An anaphor ("the attack adopted today") may name a wider place than the incident.
    if (place_conflict && !g.anaphoric) return -1;
    if (place_conflict && g.place >= 0 && inc.place >= 0 && !Admin1Of(g.place).empty() &&
        Admin1Of(g.place) != Admin1Of(inc.place) && !Admin1Of(inc.place).empty())
      return -1;
    if (!ActorsCompatible(g.actor1, inc.actor1) && !ActorsCompatible(g.actor1, inc.actor2))
      return -1;
    // Two indefinite triggers of one sentence are two incidents ("a detonation ... and an
    // explosion").
    if (g.indefinite && inc.sentences.count(g.sentence)) return -1;
    bool same_place = g.place >= 0 && inc.place >= 0 && !place_conflict;
    bool same_date = g.date >= 0 && inc.date >= 0;
    const std::string& ta = EventTypeOf(g);
    const std::string& tb = EventTypeOf(groups_[inc.best_group]);
    // Violent types refine each other (a "confrontation" that was a suicide bombing);
    // a protest or a strategic development is a different incident unless place and day agree.
    bool violent_a = DisorderType(ta) == "Political violence";
    bool violent_b = DisorderType(tb) == "Political violence";
    // Two specific triggers of different kinds (a missile strike and an air strike) are two
    // incidents even at one place and day.
    // "explosions", "blast" (weight 5) say only that something exploded: any explosive kind.
    bool weak = std::min(g.weight, groups_[inc.best_group].weight) <= 5;
    // A protest and its rioting refine each other ("workers staged a demonstration ... They
    // also burnt tires").
    // So do a protest and violence done to its crowd ("Four protesters were wounded by
    // gunfire").
    // (Not across days: "after the riots of the previous week".)
    bool same_day = g.date < 0 || inc.date < 0 ||
                    (doc_.dates[g.date].d.precision == dates::Precision::kDay &&
                     doc_.dates[inc.date].d.precision == dates::Precision::kDay &&
                     DateOf(g.date) == DateOf(inc.date));
    bool crowd_pair =
        DisorderType(tb) == "Demonstrations" && same_day &&
        (DisorderType(ta) == "Demonstrations" ||
         (violent_a && g.actor2 && g.actor2->inter == 6 && !g.indefinite && g.date < 0));
    bool type_ok = ta == tb || crowd_pair ||
                   (violent_a && violent_b &&
                    (IsGeneric(g) || IsGeneric(groups_[inc.best_group]) || weak || g.anaphoric));
    // The same toll told twice ("8 killed, 27 wounded" in the title, then "Eight people were
    // killed and 27 wounded after ballistic missiles and drones ...") is one incident, even
    // when the two mentions name different weapons.
    if (g.figures.killed.value && g.figures.injured.value && violent_a && violent_b) {
      for (size_t gi : inc.groups) {
        const auto& f = groups_[gi].figures;
        if (f.killed.value == g.figures.killed.value && f.injured.value == g.figures.injured.value)
          return 6;
      }
    }
    if (!type_ok) return -1;
    if (!weak && !g.anaphoric &&
        k_.triggers[doc_.triggers[g.best].trigger].sub_event_type !=
            k_.triggers[doc_.triggers[groups_[inc.best_group].best].trigger].sub_event_type &&
        std::min(g.weight, groups_[inc.best_group].weight) >= 7)
      return -1;
    int score = place_conflict ? -2 : 0;
    if (same_place) score += 3;
    if (same_date) score += 2;
    if (g.actor1 && inc.actor1 && g.actor1->name == inc.actor1->name) score += 2;
    if (g.actor2 && inc.actor2 && g.actor2->name == inc.actor2->name) score += 1;
    // Nearness in the text: an anaphor refers to what was just told.
    uint32_t nearest = Distance(g, inc);
    if (nearest <= 1) score += 1;
    // With nothing told just before it, an anaphor means the article's main incident; so
    // does a sentence that says who did it ("officials blamed the al Shabaab group").
    if ((g.anaphoric || (g.attribution && g.actor1)) && inc_index == 0 && nearest > 1) score += 1;
    return std::max(score, 0);
  }

  // Sentences between `g` and the nearest mention of `inc`; mentions before `g` count
  // as nearer than mentions after it.
  uint32_t Distance(const Group& g, const Incident& inc) const {
    uint32_t nearest = 1u << 30;
    auto it = inc.sentences.lower_bound(g.sentence);
    if (it != inc.sentences.end()) nearest = 2 * (*it - g.sentence);
    if (it != inc.sentences.begin()) nearest = std::min(nearest, g.sentence - *std::prev(it));
    return nearest;
  }

  // Incidents worth comparing with `g`: the article's first (main) one and those mentioned
  // within a window of sentences around it, most recent first, at most kMaxCandidates.
  // Keeps merging linear in the length of the article.
  std::vector<size_t> Candidates(const Group& g) const {
    static constexpr uint32_t kWindow = 30;
    static constexpr size_t kMaxCandidates = 64;
    std::vector<size_t> out;
    if (!incidents_.empty()) out.push_back(0);
    uint32_t lo = g.sentence > kWindow ? g.sentence - kWindow : 0;
    uint32_t hi =
        std::min<uint32_t>(g.sentence + kWindow + 1, static_cast<uint32_t>(by_sentence_.size()));
    for (uint32_t s = hi; s-- > lo && out.size() < kMaxCandidates;) {
      const auto& list = by_sentence_[s];
      for (size_t k = list.size(); k-- > 0 && out.size() < kMaxCandidates;)
        if (std::find(out.begin(), out.end(), list[k]) == out.end()) out.push_back(list[k]);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // A clause that only tells a toll ("at least 12 protesters were killed there") adds its
  // figures to an incident told nearby; it never makes one of its own.
  bool CasualtyOnly(const Group& g) const {
    return std::all_of(g.triggers.begin(), g.triggers.end(), [&](uint32_t ti) {
      return k_.triggers[doc_.triggers[ti].trigger].casualty;
    });
  }

  const std::string& EventTypeOf(const Group& g) const {
    return k_.triggers[doc_.triggers[g.best].trigger].event_type;
  }
  bool IsGeneric(const Group& g) const {
    return k_.triggers[doc_.triggers[g.best].trigger].generic;
  }

  void Absorb(Incident* inc, size_t inc_index, size_t gi) {
    const Group& g = groups_[gi];
    inc->groups.push_back(gi);
    if (inc->sentences.insert(g.sentence).second) by_sentence_[g.sentence].push_back(inc_index);
    // A date of the event itself beats the date it was reported; then the more precise wins.
    if (g.date >= 0) {
      const auto& gd = doc_.dates[g.date];
      bool better = inc->date < 0 || (doc_.dates[inc->date].report && !gd.report) ||
                    (doc_.dates[inc->date].report == gd.report &&
                     gd.d.precision < doc_.dates[inc->date].d.precision);
      if (better) inc->date = g.date;
    }
    // An anaphor's place ("the attack in Daraa") does not override the incident's own.
    if (g.place >= 0 &&
        (inc->place < 0 ||
         (!g.anaphoric && PlaceRank(doc_.places[g.place]) > PlaceRank(doc_.places[inc->place]))))
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
    // The force that acted on a crowd ("Police intervened") is the protest's actor2.
    // (The crowd's own members, "teachers held a sit-in", are no counterpart.)
    if ((!inc->actor2 || inc->actor2->inter == 7) && g.actor1 && inc->actor1 &&
        inc->actor1->name != g.actor1->name &&
        (inc->actor1->inter == 5 || inc->actor1->inter == 6) && g.actor1->inter == 1 &&
        ActsOnACrowd(g))
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

  void MergeIntoIncidents() {
    // Pass 1: groups that carry a date of their own found or join incidents.
    std::vector<size_t> undated;
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      const Group& g = groups_[gi];
      if (g.trend && !g.has_figures && !g.headline) continue;
      if (g.date < 0 || g.headline || CasualtyOnly(g)) {
        undated.push_back(gi);
        continue;
      }
      int best = -1, best_score = -1;
      for (size_t ii : Candidates(g)) {
        int s = Fit(g, incidents_[ii], ii);
        // A dated mention joins an earlier incident only on strong evidence, or as an anaphor.
        int needed = g.anaphoric ? 1 : 3;
        if (s >= needed && s > best_score) best = static_cast<int>(ii), best_score = s;
      }
      if (best >= 0) {
        Absorb(&incidents_[best], best, gi);
      } else {
        incidents_.emplace_back();
        Absorb(&incidents_.back(), incidents_.size() - 1, gi);
      }
    }
    // Pass 2: undated mentions attach to the incident they fit best: anaphors ("the attack",
    // "back then") prefer the latest incident before them, others the best fit anywhere.
    for (size_t gi : undated) {
      const Group& g = groups_[gi];
      if (CasualtyOnly(g)) {
        // A toll told in its own clause belongs to the incident of the clause just before.
        // ("Seven other people were wounded" may come a sentence later still.)
        int target = -1;
        uint32_t back2 = g.figures.additional && g.sentence > 1 ? g.sentence - 2 : g.sentence;
        for (uint32_t s : {g.sentence, g.sentence > 0 ? g.sentence - 1 : g.sentence, back2}) {
          if (s < by_sentence_.size() && !by_sentence_[s].empty()) {
            target = static_cast<int>(by_sentence_[s].back());
            break;
          }
        }
        if (target >= 0 && DatesCompatible(g.date, incidents_[target].date) && g.has_figures)
          Absorb(&incidents_[target], target, gi);
        continue;
      }
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
      bool strong = g.weight >= 5 || g.has_figures || g.place >= 0;
      // A weak undated mention ("the deal", "attacks") joins only on some evidence.
      if (best >= 0 && (best_score >= 1 || (strong && g.anaphoric))) {
        Absorb(&incidents_[best], best, gi);
      } else if (strong && !g.trend && !CasualtyOnly(g) && !g.headline) {
        // A first mention told after its date ("On 8 May, police raided X. A shoot-out broke
        // out"): the date of the sentence just before carries over.
        int carried = incidents_.empty() ? CarriedDate(g) : -1;
        if (carried >= 0 || g.has_figures || ctx_.keep_undated) {
          if (carried >= 0) groups_[gi].date = carried;
          incidents_.emplace_back();
          Absorb(&incidents_.back(), incidents_.size() - 1, gi);
        }
      }
    }
    for (auto& inc : incidents_) std::sort(inc.groups.begin(), inc.groups.end());
    std::sort(incidents_.begin(), incidents_.end(), [](const Incident& a, const Incident& b) {
      return a.groups.front() < b.groups.front();
    });
  }

  // ---- explanation ---------------------------------------------------------------------
  void Trace() const {
    std::string& t = *ctx_.trace;
    auto tok = [&](uint32_t b, uint32_t e) {
      return std::string(doc_.TokenSpan(b, e).of(doc_.text));
    };
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      const Group& g = groups_[gi];
      t += "group " + std::to_string(gi) + " s" + std::to_string(g.sentence) + " trigger '" +
           tok(doc_.triggers[g.best].b, doc_.triggers[g.best].e) + "' w" + std::to_string(g.weight);
      if (g.anaphoric) t += " anaphoric";
      if (g.indefinite) t += " indefinite";
      if (g.trend) t += " trend";
      if (g.actor1) t += " a1=" + g.actor1->name;
      if (g.actor2) t += " a2=" + g.actor2->name;
      if (g.date >= 0) t += " date='" + tok(doc_.dates[g.date].b, doc_.dates[g.date].e) + "'";
      if (g.place >= 0) t += " place='" + doc_.places[g.place].written + "'";
      if (g.province >= 0) t += " province='" + doc_.places[g.province].written + "'";
      if (g.figures.killed.value) t += " killed=" + std::to_string(*g.figures.killed.value);
      if (g.figures.injured.value) t += " injured=" + std::to_string(*g.figures.injured.value);
      t += " source=" + (g.figures.source >= 0 ? k_.agencies[g.figures.source].name : "publisher");
      t += "\n";
    }
    for (size_t ii = 0; ii < incidents_.size(); ++ii) {
      t += "incident " + std::to_string(ii) + ": groups";
      for (size_t gi : incidents_[ii].groups) t += " " + std::to_string(gi);
      t += "\n";
    }
    for (const auto& am : doc_.actors)
      t += "actor '" + tok(am.b, am.e) + "' -> " + MakeActor(am).name + "\n";
    for (const auto& tm : doc_.triggers)
      t += "trigger '" + tok(tm.b, tm.e) + "'" + (tm.negated_or_trend ? " trend" : "") +
           (tm.definite ? " definite" : "") + (tm.indefinite ? " indefinite" : "") + "\n";
    for (const auto& p : doc_.places) {
      t +=
          "place '" + p.written + "'" +
          (p.place ? " -> " + p.place->name + " (" + p.place->admin1 + ", " + p.place->country + ")"
                   : " unresolved");
      if (p.province) t += " province";
      if (p.near) t += " near";
      if (p.hospital) t += " hospital";
      if (p.locality_cue) t += " locality";
      t += "\n";
    }
  }

  // ---- output --------------------------------------------------------------------------
  void AddEvidence(Event* ev, const std::string& field, uint32_t tb, uint32_t te) const {
    if (te <= tb) return;
    Span s = doc_.TokenSpan(tb, te);
    ev->evidence.push_back({field, s.begin, s.end, std::string(s.of(doc_.text))});
  }

  std::optional<Event> Finalize(const Incident& inc) const {
    Event ev;
    const Group& bg = groups_[inc.best_group];
    const auto& tm = doc_.triggers[bg.best];
    const auto& te = k_.triggers[tm.trigger];
    ev.event_type = te.event_type;
    ev.sub_event_type = te.sub_event_type;
    std::optional<Actor> a1 = inc.actor1, a2 = inc.actor2;
    bool generic = te.generic;
    // Arrests in which people were killed ("7 militants were killed and 3 arrested during
    // police operations") are violence: typed by who was on the other side.
    if (ev.sub_event_type == "Arrests") {
      bool killed = false;
      for (size_t gi : inc.groups) {
        const auto& f = groups_[gi].figures.killed;
        killed |= f.value && *f.value > 0 && !groups_[gi].trend;
      }
      if (killed && a2 && a2->inter >= 2 && a2->inter <= 4) {
        ev.event_type = "Battles";
        ev.sub_event_type = "Armed clash";
      } else if (killed && a2 && a2->inter == 7) {
        ev.event_type = "Violence against civilians";
        ev.sub_event_type = "Attack";
      }
    }
    // People taken and then killed ("abducted 11 miners ... and shot them dead"): an attack.
    if (ev.sub_event_type == "Abduction/forced disappearance") {
      bool killed = false;
      for (size_t gi : inc.groups)
        for (uint32_t ti : groups_[gi].triggers)
          killed |=
              k_.triggers[doc_.triggers[ti].trigger].lethal && !doc_.triggers[ti].negated_or_trend;
      if (killed) ev.sub_event_type = "Attack";
    }
    // An attack on armed men in which some are taken is a battle, not an abduction of civilians.
    if (ev.sub_event_type == "Abduction/forced disappearance" && a2 && a2->inter >= 1 &&
        a2->inter <= 4) {
      bool attack = false;
      for (size_t gi : inc.groups)
        for (uint32_t ti : groups_[gi].triggers)
          attack |= k_.triggers[doc_.triggers[ti].trigger].event_type == "Battles";
      if (attack) {
        ev.event_type = "Battles";
        ev.sub_event_type = "Armed clash";
      }
    }
    // Violence whose victims are protesters: force against a protest.
    if (generic && a2 && a2->inter == 6) {
      ev.event_type = "Protests";
      ev.sub_event_type = "Excessive force against protesters";
      std::swap(a1, a2);
    }
    if (te.territory && a1) {
      ev.event_type = "Battles";
      ev.sub_event_type =
          a1->inter == 1 ? "Government regains territory" : "Non-state actor overtakes territory";
    } else if (generic && ev.event_type != "Protests") {
      if (!a2) {
        // "militants attacked Arimba village", "a minibus was attacked": a place or a
        // civilian thing as the target, with no armed party named against them.
        if (auto target = CivilianObjectOfAttack(inc)) a2 = target;
      }
      bool civilian_target = a2 && a2->inter == 7;
      if (civilian_target) {
        ev.event_type = "Violence against civilians";
        ev.sub_event_type = "Attack";
      } else if (a2 && a2->inter >= 1 && a2->inter <= 4) {
        ev.event_type = "Battles";
        ev.sub_event_type = "Armed clash";
      }
    }
    // A protest in the incident decides its family: force against the crowd (deaths,
    // gunfire) is Excessive force, tear gas or dispersal is Protest with intervention, a
    // crowd that torches or storms is a Violent demonstration.
    {
      bool protest = false, riot = false, intervention = false, excessive = false;
      for (size_t gi : inc.groups) {
        for (uint32_t ti : groups_[gi].triggers) {
          const auto& t = k_.triggers[doc_.triggers[ti].trigger];
          protest |= t.event_type == "Protests";
          riot |= t.event_type == "Riots";
          // (Arrests at a protest are an intervention: "14 protesters were arrested".)
          // Protesters who clash ("demonstrators clashed with police") riot.
          riot |= t.sub_event_type == "Armed clash" && !t.generic && t.weight >= 4 &&
                  !doc_.triggers[ti].negated_or_trend;
          intervention |= t.sub_event_type == "Protest with intervention" ||
                          (t.sub_event_type == "Arrests" && ArrestAtTheScene(doc_.triggers[ti]));
          excessive |= t.sub_event_type == "Excessive force against protesters";
        }
        const auto& f = groups_[gi].figures;
        excessive |= protest && ((f.killed.value && *f.killed.value > 0) ||
                                 (f.injured.value && *f.injured.value > 0));
      }
      if (protest && ev.event_type != "Protests" && ev.event_type != "Riots" &&
          (generic || ev.event_type == "Violence against civilians" ||
           ev.event_type == "Battles")) {
        ev.event_type = "Protests";
        ev.sub_event_type = "Peaceful protest";
      }
      if (ev.event_type == "Protests" || (protest && ev.event_type == "Riots")) {
        // The state force at the scene is the one acting on the crowd.
        // Residents, workers, merchants who protest are the protesters.
        if (a1 && a1->inter == 7)
          a1 = CountryGroup("Protesters", 6, a1->b, a1->e);
        else if (a1 && a1->inter != 6 && a1->inter != 5)
          a2 = a1, a1.reset();
        if (riot) {
          ev.event_type = "Riots";
          ev.sub_event_type = "Violent demonstration";
        } else if (excessive) {
          ev.sub_event_type = "Excessive force against protesters";
        } else if (intervention) {
          ev.sub_event_type = "Protest with intervention";
        }
        // A peaceful protest has no second party: whom it is against is its cause.
        if (ev.sub_event_type == "Peaceful protest") a2.reset();
      }
    }
    // A crowd that storms, burns or loots is rioting.
    if (a1 && (a1->inter == 6 || a1->inter == 5) && ev.event_type != "Protests" &&
        ev.event_type != "Riots" &&
        (ev.event_type == "Battles" || ev.sub_event_type == "Looting/property destruction" ||
         ev.event_type == "Violence against civilians")) {
      ev.event_type = "Riots";
      ev.sub_event_type = "Violent demonstration";
      a1.reset();
    }
    // Shells or rockets used in a fight both sides took part in: a clash ("the two sides
    // exchanged fire and used rockets").
    // So is a grenade answered with gunfire, and an air strike or a downed drone in a clash.
    if (ev.sub_event_type == "Shelling/artillery/missile attack" ||
        ev.sub_event_type == "Grenade" ||
        (ev.sub_event_type == "Air/drone strike" && a2 && a2->inter != 7)) {
      bool clash = false;
      for (size_t gi : inc.groups)
        for (uint32_t ti : groups_[gi].triggers) {
          const auto& t = k_.triggers[doc_.triggers[ti].trigger];
          clash |= t.sub_event_type == "Armed clash" && !t.generic && t.weight >= 4 &&
                   !doc_.triggers[ti].negated_or_trend;
        }
      if (clash) ev.event_type = "Battles", ev.sub_event_type = "Armed clash";
    }
    // A fight in which no armed group takes part ("youths clashed with residents", "they
    // attacked police officers with sticks and stones") is mob violence.
    if (ev.event_type == "Battles" && ev.sub_event_type == "Armed clash") {
      auto crowdish = [](const std::optional<Actor>& a) {
        return a && (a->inter == 5 || a->inter == 6 || a->inter == 7);
      };
      bool parties_ok = (!a1 || crowdish(a1)) && (!a2 || crowdish(a2) || a2->inter == 1);
      bool melee = false, firearms = false;
      // (The words are read only when the parties allow a riot: most clashes stop here.)
      for (uint32_t s : parties_ok ? inc.sentences : std::set<uint32_t>{}) {
        for (uint32_t t = doc_.sentence_begin[s]; t < doc_.sentence_begin[s + 1] && !firearms;
             ++t) {
          std::string_view w = doc_.LowerToken(t);
          melee |= IsOneOf(w, {"stones", "sticks", "machetes", "knives", "clubs", "rocks", "bricks",
                               "fists", "batons", "brawl", "scuffle", "scuffles"});
          firearms |= IsOneOf(
              w, {"gun",       "guns",     "gunmen",     "gunfire",  "shot",     "shots",
                  "shooting",  "firearms", "rifles",     "fire",     "fired",    "armed",
                  "militants", "militia",  "militiamen", "fighters", "rebels",   "insurgents",
                  "bomb",      "grenade",  "ambush",     "ambushed", "jihadists"});
        }
      }
      if (parties_ok && !firearms && (crowdish(a1) || crowdish(a2) || melee)) {
        ev.event_type = "Riots";
        ev.sub_event_type = "Mob violence";
        if (a2 && a2->inter == 7 && !a1) a1 = a2, a2.reset();
        if (!a1 || a1->inter != 5) a1 = CountryGroup("Rioters", 5, a1 ? a1->b : 0, a1 ? a1->e : 0);
        if (a2 && a2->inter == 7) a2 = CountryGroup("Rioters", 5, a2->b, a2->e);
      }
    }
    // "Afghan forces repelled a Taliban attack": ACLED codes the attackers as actor1.
    if (ev.event_type == "Battles" && a1 && a2 && a1->inter != 7 && a2->inter != 7) {
      bool defence = false;
      for (uint32_t ti : bg.triggers)
        defence |=
            k_.triggers[doc_.triggers[ti].trigger].defence && !doc_.triggers[ti].negated_or_trend;
      if (defence) std::swap(a1, a2);
    }
    // A crowd that riots is coded as rioters, even when the text calls it protesters.
    if (ev.event_type == "Riots" && a1 && a1->inter == 6) {
      a1 = CountryGroup("Rioters", 5, a1->b, a1->e);
    }
    if (ev.event_type == "Riots" && (!a1 || (a1->inter != 5 && a1->inter != 6))) {
      if (a1 && !a2) a2 = a1;
      a1 = CountryGroup("Rioters", 5, tm.b, tm.e);
    }
    if (ev.event_type == "Protests" && a1 && a1->inter != 6) {
      a2 = a1;
    }
    // Violence against civilians has civilians on the receiving end by definition ("killed
    // a radio reporter", "abducted a blogger").
    if (ev.event_type == "Violence against civilians" && !a2) {
      a2 = CountryGroup("Civilians", 7, tm.b, tm.e);
    }
    // The crowd ("farmers", "residents") are the protesters, not a target.
    if ((ev.event_type == "Protests" || ev.event_type == "Riots") && a2 && a2->inter == 7)
      a2.reset();
    if (ev.event_type == "Protests" && (!a1 || a1->inter != 6)) {
      a1 = CountryGroup("Protesters", 6, tm.b, tm.e);
    }
    ev.disorder_type = DisorderType(ev.event_type);
    AddEvidence(&ev, "sub_event_type", tm.b, tm.e);

    if (a1) {
      ev.actor1 = a1->name, ev.inter1 = a1->inter;
      AddEvidence(&ev, "actor1", a1->b, a1->e);
    }
    if (a2) {
      ev.actor2 = a2->name, ev.inter2 = a2->inter;
      AddEvidence(&ev, "actor2", a2->b, a2->e);
      if (a2->inter == 7) ev.civilian_targeting = "Civilian targeting";
    }
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
      return s;
    };
    ev.assoc_actor_1 = join(inc.assoc1);
    ev.assoc_actor_2 = join(inc.assoc2);

    // Date.
    if (inc.date >= 0) {
      const auto& d = doc_.dates[inc.date];
      ev.event_date = dates::ToIso(*d.d.date);
      ev.date_precision = dates::PrecisionName(d.d.precision);
      AddEvidence(&ev, "event_date", d.b, d.e);
    } else if (ctx_.published) {
      // Reported with no date of its own: the report's date, at week precision.
      ev.event_date = dates::ToIso(*ctx_.published);
      ev.date_precision = "week";
    } else {
      ev.date_precision = "month";
    }

    Place(inc, &ev);
    Casualties(inc, &ev);
    ev.notes = Notes(ev);
    std::string key = ctx_.article_id + "|" + std::to_string(doc_.tokens[tm.b].span.begin) + "|" +
                      ev.sub_event_type;
    ev.event_id = Hex64(Fnv1a64(key));
    ev.article_ids = {ctx_.article_id};
    return ev;
  }

  // Provinces named in the article (place indices in text order) and the most named one.
  void IndexProvinces() {
    std::map<std::string, std::pair<int, int>> counts;
    for (size_t i = 0; i < doc_.places.size(); ++i) {
      const auto& p = doc_.places[i];
      if (!p.place || p.hospital) continue;
      if (p.place->level == geo::Level::kAdmin1 || p.province)
        provinces_.push_back(static_cast<int>(i));
      if (p.place->level == geo::Level::kAdmin1) {
        auto& c = counts[p.place->admin1.empty() ? p.place->name : p.place->admin1];
        if (c.first++ == 0) c.second = static_cast<int>(i);
      }
    }
    int most = 0;
    for (const auto& [name, c] : counts)
      if (c.first > most) most = c.first, most_named_province_ = c.second;
  }

  // The nearest province named before `token`, else the article's most named province.
  int ProvinceFor(uint32_t token) const {
    auto it = std::lower_bound(provinces_.begin(), provinces_.end(), token,
                               [&](int i, uint32_t t) { return doc_.places[i].b < t; });
    if (it != provinces_.begin()) return *std::prev(it);
    return most_named_province_;
  }

  void SetFromPlace(const geo::Place& p, Event* ev) const {
    ev->country = p.country;
    ev->iso = p.iso_numeric;
    ev->region = p.region;
    ev->admin1 = p.level == geo::Level::kAdmin1 && p.admin1.empty() ? p.name : p.admin1;
    ev->admin2 = p.admin2;
    ev->admin3 = p.admin3;
    ev->latitude = p.latitude;
    ev->longitude = p.longitude;
  }

  void Place(const Incident& inc, Event* ev) const {
    const Group& first = groups_[inc.groups.front()];
    int province = inc.province >= 0 ? inc.province : ProvinceFor(doc_.triggers[first.best].b);
    // A province named with the event beats a bare country ("in northern Kirkuk, Iraq").
    bool country_only = inc.place >= 0 && doc_.places[inc.place].place &&
                        doc_.places[inc.place].place->level == geo::Level::kCountry;
    if (inc.place >= 0 && !(country_only && inc.province >= 0)) {
      const auto& pm = doc_.places[inc.place];
      AddEvidence(ev, "location", pm.b, pm.e);
      if (pm.place) {
        SetFromPlace(*pm.place, ev);
        ev->location = pm.place->name;
        ev->geo_precision = pm.near ? 2 : 1;
        if (pm.place->level == geo::Level::kCountry) ev->geo_precision = 3;
        if (pm.place->level == geo::Level::kAdmin1) ev->geo_precision = 3;
        return;
      }
      // Not in the gazetteer: keep the name as written, place it at the narrowest area known
      // (the place the text puts it in, else the province). A facility keeps its kind
      // word: "al-Habil oil field", "Mezzeh airport".
      ev->location = pm.written;
      for (std::string_view facility :
           {"oil field", "gas field", "airport", "air base", "airbase", "military base", "dam",
            "border crossing", "crossing", "bridge"}) {
        std::vector<std::string_view> words = SplitString(facility, ' ');
        bool match = pm.e + words.size() <= doc_.tokens.size();
        for (size_t w = 0; match && w < words.size(); ++w)
          match = doc_.LowerToken(pm.e + w) == words[w];
        if (match) {
          ev->location += " " + std::string(facility);
          break;
        }
      }
      ev->geo_precision = 2;
      if (pm.container >= 0 && doc_.places[pm.container].place)
        SetFromPlace(*doc_.places[pm.container].place, ev);
      else if (province >= 0 && doc_.places[province].place)
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

  void Casualties(const Incident& inc, Event* ev) const {
    // One claim per source, in order of first appearance; the first source with a figure
    // gives the event's figures.
    std::vector<SourceFigures> per_source;
    std::vector<uint32_t> group_of;
    // Others killed besides those counted, in another clause: added to the toll.
    std::optional<int> more_killed, more_injured;
    bool counted_before = false;
    // The title's figures come last: "Two killed as police fire on protesters" may sum
    // incidents the body tells apart.
    std::vector<size_t> order(inc.groups.begin(), inc.groups.end());
    std::stable_partition(order.begin(), order.end(),
                          [&](size_t gi) { return !groups_[gi].headline; });
    for (size_t gi : order) {
      const Group& g = groups_[gi];
      const SourceFigures& f = g.figures;
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
      if (!it->injured.value && (f.injured.value || f.injured.vague)) it->injured = f.injured;
      it->claims_responsibility |= f.claims_responsibility;
    }
    ev->sources.push_back(ctx_.publisher.empty() ? "" : ctx_.publisher);
    if (ev->sources.back().empty()) ev->sources.pop_back();
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
      if (std::find(ev->sources.begin(), ev->sources.end(), agency.name) == ev->sources.end())
        ev->sources.push_back(agency.name);
      Claim c;
      c.source = agency.name;
      bool affiliated = !agency.affiliation.empty() && agency.affiliation == ev->actor1;
      c.claim = affiliated ? "responsibility" : "report";
      c.fatalities = sf.killed.value;
      c.injuries = sf.injured.value;
      Span s = doc_.sentences[sf.sentence];
      c.text = std::string(s.of(doc_.text));
      ev->claims.push_back(std::move(c));
    }
    // A figure the first source does not give comes from the next one that does ("it had
    // counted 90 bodies and more than 125 wounded").
    for (const auto& sf : per_source) {
      if (!primary_set) break;
      if (!ev->injuries && sf.injured.value) {
        ev->injuries = sf.injured.value;
        AddEvidence(ev, "injuries", sf.injured.b, sf.injured.e);
      }
    }
    for (const auto& c : ev->claims) {
      if (!c.fatalities) continue;
      if (!ev->fatalities_low || *c.fatalities < *ev->fatalities_low)
        ev->fatalities_low = c.fatalities;
      if (!ev->fatalities_high || *c.fatalities > *ev->fatalities_high)
        ev->fatalities_high = c.fatalities;
    }
    // "al-Shabaab assassinated the deputy commissioner": the verb itself tells of a death.
    if (!ev->fatalities) {
      for (size_t gi = 0; gi < inc.groups.size() && !ev->fatalities; ++gi) {
        const Group& g = groups_[inc.groups[gi]];
        if (g.trend || g.best < 0) continue;
        // The clause's head, else any lethal verb of it ("abducted ... and shot them dead").
        int lethal = g.best;
        if (!k_.triggers[doc_.triggers[lethal].trigger].lethal)
          for (uint32_t ti : g.triggers)
            if (k_.triggers[doc_.triggers[ti].trigger].lethal) lethal = static_cast<int>(ti);
        const auto& tm = doc_.triggers[lethal];
        if (!k_.triggers[tm.trigger].lethal || tm.negated_or_trend) continue;
        ev->fatalities = 1;
        // "abducted 11 coal miners ... and shot them dead": all those counted before.
        bool them = false;
        for (uint32_t t = tm.b; t < tm.e; ++t) them |= doc_.LowerToken(t) == "them";
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
    if (more_killed) {
      ev->fatalities = ev->fatalities.value_or(0) + *more_killed;
      if (ev->fatalities_low) *ev->fatalities_low += *more_killed;
      if (ev->fatalities_high) *ev->fatalities_high += *more_killed;
    }
    if (more_injured) ev->injuries = ev->injuries.value_or(0) + *more_injured;
    if (ev->fatalities && !ev->fatalities_low)
      ev->fatalities_low = ev->fatalities_high = ev->fatalities;
  }

  static std::string LongDate(const std::string& iso) {
    static const char* kMonths[] = {"January",   "February", "March",    "April",
                                    "May",       "June",     "July",     "August",
                                    "September", "October",  "November", "December"};
    auto d = dates::ParseIsoDate(iso);
    if (!d) return "an unknown date";
    return std::to_string(d->day) + " " + kMonths[d->month - 1] + " " + std::to_string(d->year);
  }

  std::string Notes(const Event& ev) const {
    std::string who = ev.actor1.empty() ? "unidentified perpetrators" : ev.actor1;
    std::string what;
    const std::string& st = ev.sub_event_type;
    if (st == "Suicide bomb")
      what = "carried out a suicide bombing";
    else if (st == "Remote explosive/landmine/IED")
      what = "detonated an explosive device";
    else if (st == "Air/drone strike")
      what = "carried out an air/drone strike";
    else if (st == "Shelling/artillery/missile attack")
      what = "carried out shelling/missile attacks";
    else if (st == "Armed clash")
      what = "clashed with";
    else if (st == "Attack")
      what = "attacked";
    else if (st == "Abduction/forced disappearance")
      what = "abducted";
    else if (st == "Peaceful protest")
      what = "held a protest";
    else if (st == "Arrests")
      what = "arrested";
    else
      what = "were involved in an event (" + st + ")";
    std::string s = "On " + LongDate(ev.event_date) + ", " + who + " " + what;
    if (!ev.actor2.empty()) {
      bool direct = st == "Armed clash" || st == "Attack" ||
                    st == "Abduction/forced disappearance" || st == "Arrests";
      s += (direct ? " " : " targeting ") + ev.actor2;
    }
    if (!ev.location.empty()) {
      s += " in " + ev.location;
      if (!ev.admin1.empty() && ev.admin1 != ev.location) s += " (" + ev.admin1 + ")";
    }
    std::vector<std::string> parts;
    for (const auto& c : ev.claims) {
      std::string p;
      if (c.fatalities) p += std::to_string(*c.fatalities) + " fatalities";
      if (c.injuries)
        p += std::string(p.empty() ? "" : " and ") + std::to_string(*c.injuries) + " injured";
      if (p.empty())
        p = c.source + " reported casualties without figures";
      else
        p += " per " + c.source;
      parts.push_back(p);
    }
    if (parts.empty() && (ev.fatalities || ev.injuries)) {
      std::string p;
      if (ev.fatalities) p += std::to_string(*ev.fatalities) + " fatalities";
      if (ev.injuries)
        p += std::string(p.empty() ? "" : " and ") + std::to_string(*ev.injuries) + " injured";
      parts.push_back(p);
    }
    if (!parts.empty()) {
      s += "; ";
      for (size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
    }
    return s + ".";
  }

  const Document& doc_;
  const EventContext& ctx_;
  const Knowledge& k_;
  std::vector<int> sentence_source_;
  std::vector<Group> groups_;
  std::vector<Incident> incidents_;
  std::vector<std::vector<size_t>> by_sentence_;  // incidents mentioned in each sentence
  std::vector<int> provinces_;
  int most_named_province_ = -1;
};

}  // namespace

std::string DisorderType(const std::string& event_type) {
  if (event_type == "Protests" || event_type == "Riots") return "Demonstrations";
  if (event_type == "Strategic developments") return "Strategic developments";
  return "Political violence";
}

std::vector<Event> BuildEvents(const Document& doc, const EventContext& ctx) {
  return Builder(doc, ctx).Run();
}

}  // namespace sitrep::events
