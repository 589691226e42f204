// Pass 3, arguments: each group's most specific trigger, its actors (agents before the
// clause's first trigger, patients after it or marked as targets; "by X" makes X the agent),
// its date (the one nearest the trigger) and its place (the most specific of the clause).
// The group's casualty figures come from casualties.cc.
#include <algorithm>
#include <cmath>

#include "events/draft.h"
#include "text/arabic.h"

namespace sitrep::events {
namespace {

class ArgumentsPass : public Pass {
 public:
  explicit ArgumentsPass(Draft& d) : Pass(d) {}

  void Run() {
    for (auto& g : groups_) Fill(&g);
  }

 private:
  void Fill(Group* g) {
    ChooseTrigger(g);
    FindActors(g);
    FindDate(g);
    FindPlace(g);
    CountFigures(&draft_, g);
    CountedAreActedOn(g);
  }

  // Most specific trigger; violence and protest outrank a strategic development told in the
  // same clause ("clashes broke out ... after the SDF arrested X"), and a specific one a
  // generic word ("an arson attack targeting a factory" is property destruction).
  void ChooseTrigger(Group* g) const {
    // A weapon stopped in the clause ("defused a bomb before it exploded", "mines they were
    // planting exploded prematurely"): the stopping is the event, as violence would be.
    bool stopped = false;
    for (uint32_t ti : g->triggers) stopped |= doc_.triggers[ti].disrupted;
    for (uint32_t ti : g->triggers) {
      const auto& tm = doc_.triggers[ti];
      const auto& entry = TriggerOf(ti);
      int boost = entry.type != EventType::kStrategicDevelopments                               ? 10
                  : entry.sub == SubEventType::kLootingPropertyDestruction && entry.weight >= 6 ? 8
                  : entry.sub == SubEventType::kDisruptedWeaponsUse && stopped                  ? 10
                                                                                                : 0;
      // (A weapon that a disruption verb acts on never outranks the disruption.)
      int w = entry.weight + boost - (tm.instrument ? 8 : 0) - (tm.disrupted ? 20 : 0);
      // "... على أثر التفجير": the act the clause follows is told elsewhere, not here.
      if (tm.b > 0 && Is(Word::kAftermathMarker, tm.b - 1)) w -= 20;
      // "captured 13 policemen": people taken, not territory.
      if (entry.territory && tm.e + 1 < doc_.tokens.size()) {
        bool people = false;
        // (In Arabic the actor after the verb is its subject: "سيطرت قوات النظام على".)
        const bool arabic = doc_.tokens[tm.b].is(mentions::kArabic);
        for (uint32_t t = tm.e; t <= tm.e + 2; ++t)
          people |= doc_.At(doc_.number_at, t) >= 0 || (!arabic && doc_.At(doc_.actor_at, t) >= 0);
        if (people) w -= 10;
      }
      // "police killed a drug suspect who allegedly fought back": an act told of a person in a
      // relative clause after the clause's own act is that person's, not the event.
      if (ti != g->triggers.front() && WhoClauseBefore(tm.b, doc_.triggers[g->triggers.front()].e))
        w -= 10;
      if (g->best < 0 || w > g->weight) {
        g->weight = w;
        g->best = static_cast<int>(ti);
      }
    }
    for (uint32_t ti : g->triggers) {
      const auto& tm = doc_.triggers[ti];
      if (static_cast<int>(ti) != g->best && tm.b > 0 && Is(Word::kAftermathMarker, tm.b - 1))
        g->aftermath_of = static_cast<int>(ti);
    }
    const auto& best = doc_.triggers[g->best];
    g->priority = g->weight;
    g->weight = TriggerOf(g->best).weight;
    g->indefinite = best.indefinite;
    g->trend = best.negated_or_trend;
    // The head (first) trigger decides: "The attack adopted today ... who once fought".
    g->anaphoric = doc_.triggers[g->triggers.front()].definite;
    g->headline = g->sentence == 0 && IsHeadline(0);
    for (uint32_t t = doc_.sentence_begin[g->sentence]; t + 1 < g->clause_e; ++t)
      if (doc_.PhraseEnd(Word::kBackThen, t) == t + 2) g->anaphoric = true;
  }

  // "Police found the bodies of three women": the actor is the subject of a discovery verb
  // whose object, within four words, is the dead (who finds them did not kill them).
  bool FindsTheDead(const mentions::ActorMention& am, uint32_t clause_e) const {
    if (am.e >= clause_e || !Is(Word::kDiscoveryVerb, am.e)) return false;
    for (uint32_t t = am.e + 1; t < clause_e && t < am.e + 5; ++t)
      if (Is(Word::kBodyWord, t)) return true;
    return false;
  }

  // Does "who" or "whom" stand in the three words before token `b` (and after `from`)?
  bool WhoClauseBefore(uint32_t b, uint32_t from) const {
    for (uint32_t t = b; t > from && b - t < 4; --t)
      if (Is(Word::kPersonRelative, t - 1)) return true;
    return false;
  }

  // Actors: agents before the clause's first trigger, patients after it or marked as
  // targets. The first trigger is the clause's main verb or noun; later ones tend to be
  // consequences ("attacked an army base ..., adding that others were abducted").
  void FindActors(Group* g) {
    const uint32_t tb = doc_.triggers[g->triggers.front()].b;
    const uint32_t te = doc_.triggers[g->triggers.front()].e;
    bool claim = false, blame = false;
    for (uint32_t t = g->clause_b; t < g->clause_e; ++t) {
      if (t + 1 < g->clause_e && Is(Word::kClaimVerb, t))
        claim = true;
      else if (Is(Word::kBlameVerb, t))
        blame = true;
    }
    g->attribution = claim || blame;
    // "troops repelled a Boko Haram attack", "repelled an attack by bandits": the attackers of
    // the attack fended off are the other side (classify's Defence makes them actor1).
    const bool fends_off = TriggerOf(g->triggers.front()).defence;
    std::vector<Actor>& agents = agents_;  // (the pass's buffers, for every group)
    std::vector<Actor>& patients = patients_;
    agents.clear();
    patients.clear();
    if (agents.capacity() == 0) {
      agents.reserve(8);
      patients.reserve(8);
    }
    auto [ab, ae] = doc_.Range(doc_.actors, g->clause_b, g->clause_e);
    for (size_t ai = ab; ai < ae; ++ai) {
      const auto& am = doc_.actors[ai];
      if (IsAffiliationOfAgency(am)) continue;
      Actor a = MakeActor(am);
      if (a.name.empty() || IsSource(am, tb)) continue;
      // ("..., an officer told reporters": whom a speaker tells is no party.)
      if (am.b > 0 && Is(Word::kAddresseeVerb, am.b - 1)) continue;
      if (FindsTheDead(am, g->clause_e)) continue;
      // "the terrorist group al-Shabaab", "the jihadist group Boko Haram": a description
      // followed at once by the name is that named actor, told once.
      // ("gunmen from Islamic State West Africa Province": so is one of that group.)
      if (Unidentified(a) && ai + 1 < ae &&
          (doc_.actors[ai + 1].b == am.e ||
           (doc_.actors[ai + 1].b == am.e + 1 && Is(Word::kMemberOf, am.e))))
        continue;
      bool patient = a.inter == 7 || IsPatient(am, tb, te, g->clause_b) || am.b > tb;
      // "officials blamed the al Shabaab group", "accused Houthi forces": the one blamed acted.
      // ("attributed to the al-Qaeda-linked terrorist group al-Shabaab": up to 12 words back.)
      for (uint32_t k = std::max(am.b >= 12 ? am.b - 12 : 0, g->clause_b); k < am.b; ++k)
        if (Is(Word::kBlameWord, k)) patient = false;
      if (am.b > tb && !fends_off && IsAgentAfterTrigger(am, tb, *g)) patient = false;
      // "gunmen from ISWAP launched an attack": the group the attackers (a trigger word
      // themselves) belong to acts.
      if (am.b == te + 1 && Is(Word::kMemberOf, te) && Is(Word::kArmedPeople, te - 1))
        patient = false;
      // "twelve militants were killed in clashes with Afghan forces", "clashes with Al
      // Shabaab left five soldiers dead": with no agent before it, the other side of the
      // fight acts. ("The militants engaged in a firefight with security forces": an unnamed
      // subject fought.)
      if (patient && am.b > tb && agents.empty() && a.inter != 7 && FoughtWith(am, g->clause_b) &&
          (!patients.empty() || !UnnamedAgentBefore(g->clause_b, tb)))
        patient = false;
      if (am.b > tb && SubjectOfArabicVerb(am, *g)) patient = false;
      if (CountedInArabic(am)) patient = true;
      if (am.b > tb && HeldFor(am, tb)) continue;
      if (a.inter == 6 && TriggerOf(g->best).type == EventType::kProtests) patient = false;
      // "an off-duty soldier", "a retired police officer": attacked, they are civilians
      // (ACLED); "a man who defected from regime forces" names no party.
      if (patient && a.inter == 1) {
        if (Near(Word::kNoLongerServing, am, 3, 4)) a = CrowdActor(7, a.b, a.e);
        if (am.b >= 2 && doc_.PhraseEnd(Word::kDefectedFrom, am.b - 2) == am.b) continue;
      }
      (patient ? patients : agents).push_back(std::move(a));
    }
    // "clashes (broke out) between the SDF and Arab tribes": the first named is actor1.
    // (Arabic names one side only as often: "اشتباكات بين الجيش الوطني الليبي ومسلحين".)
    const bool arabic_trigger =
        doc_.tokens[doc_.triggers[g->triggers.front()].b].is(mentions::kArabic);
    if (agents.empty() && (patients.size() >= 2 || (arabic_trigger && patients.size() == 1))) {
      uint32_t first_trigger_end = doc_.triggers[g->triggers.front()].e;
      bool between = false;
      for (uint32_t t = first_trigger_end;
           t < doc_.tokens.size() && t < first_trigger_end + 4 && t < patients.front().b; ++t)
        between |= Is(Word::kBetween, t);
      if (between) {
        agents.push_back(patients.front());
        patients.erase(patients.begin());
      }
    }
    // "Ethiopian troops and Tigrayan forces fought near Humera": the two sides of a fight
    // both stand before its verb; the second side named is the other party.
    if (patients.empty() && agents.size() >= 2) {
      const auto& head = TriggerOf(g->triggers.front());
      if (head.sub == SubEventType::kArmedClash && !head.generic) {
        for (size_t k = 1; k < agents.size(); ++k) {
          if (agents[k].name == agents.front().name) continue;
          patients.push_back(agents[k]);
          agents.erase(agents.begin() + static_cast<std::ptrdiff_t>(k));
          break;
        }
      }
    }
    // The first agent acts; the first patient that is someone else is acted on (an armed actor
    // before civilians: "killing four civilians" after "targeted soldiers" is rarer).
    // (But the civilians a verb acts on directly stay: "shot a civilian who was delivering water
    // to military checkpoints", "shot and killed a man near a QSD checkpoint".)
    if (!agents.empty()) g->actor1 = agents.front();
    auto direct_object = [&](const Actor& a) {
      for (uint32_t ti : g->triggers) {
        const uint32_t e = doc_.triggers[ti].e;
        if (a.b >= e && a.b <= e + 3) return true;
      }
      return false;
    };
    // "... ثم فجّر أحد عناصر داعش نفسه": the subject of a reflexive verb did it, whoever the clause
    // named first; the one it displaces may be the side it hit.
    // ("فجر شخص نفسه": a person who blew himself up is no civilian victim, nor a side: the
    // bomber stays unidentified.)
    if (g->actor1 && g->actor1->inter == 7 && IsReflexiveSubject(*g, g->actor1->b))
      g->actor1.reset();
    if (std::optional<Actor> subject = ReflexiveSubject(*g)) {
      if (g->actor1 && g->actor1->name != subject->name)
        patients.insert(patients.begin(), *g->actor1);
      g->actor1 = subject;
    }
    for (const Actor& a : patients) {
      if (g->actor1 && a.name == g->actor1->name) continue;
      if (!g->actor2 ||
          (g->actor2->inter == 7 && a.inter != 7 && a.inter != 0 && !direct_object(*g->actor2)))
        g->actor2 = a;
    }
    for (const Actor& a : agents)
      if (!a.unit.empty() && g->actor1 && a.name == g->actor1->name) AddUnique(&g->assoc1, a.unit);
    for (const Actor& a : patients)
      if (!a.unit.empty() && g->actor2 && a.name == g->actor2->name) AddUnique(&g->assoc2, a.unit);
    g->figures.claims_responsibility = claim;
    if (!g->actor1) SourceSpeaksForAgent(g, tb);
  }

  // Does a phrase of class `w` start within `before` tokens before the actor or `after` tokens
  // after it (in its sentence)?
  bool Near(Word w, const mentions::ActorMention& am, uint32_t before, uint32_t after) const {
    const uint32_t sb = doc_.sentence_begin[doc_.SentenceOf(am.b)];
    const uint32_t se = doc_.sentence_begin[doc_.SentenceOf(am.b) + 1];
    for (uint32_t t = am.b >= sb + before ? am.b - before : sb; t < am.e + after && t < se; ++t)
      if ((t < am.b || t >= am.e) && doc_.PhraseEnd(w, t) != 0) return true;
    return false;
  }

  bool IsReflexiveSubject(const Group& g, uint32_t actor_b) const {
    for (uint32_t ti : g.triggers)
      if (int32_t s = doc_.triggers[ti].subject; s >= 0 && doc_.actors[s].b == actor_b) return true;
    return false;
  }

  std::optional<Actor> ReflexiveSubject(const Group& g) const {
    for (uint32_t ti : g.triggers) {
      const int32_t s = doc_.triggers[ti].subject;
      if (s < 0) continue;
      Actor a = MakeActor(doc_.actors[s]);
      // ("فجر شخص نفسه": a person is no side; the bomber stays unidentified.)
      if (!a.name.empty() && a.inter >= 1 && a.inter <= 4) return a;
    }
    return std::nullopt;
  }

  // "arrested four men on charges of joining the Islamic State", "accused of links with
  // al-Shabaab": the group named is what they are held for, not a party to the act.
  bool HeldFor(const mentions::ActorMention& am, uint32_t tb) const {
    for (uint32_t k = std::max(am.b >= 4 ? am.b - 4 : 0, tb + 1); k < am.b; ++k)
      if (Is(Word::kChargeMarker, k)) return true;
    return false;
  }

  // "According to two military commanders, ...", "army sources", "the army said": a source,
  // not a party. (A speaker that claims the act for itself is its agent: "The Baloch
  // Liberation Army said ... that its fighters carried out the attack".)
  bool IsSource(const mentions::ActorMention& am, uint32_t tb) const {
    bool source = false;
    for (uint32_t k = am.b >= 4 ? am.b - 4 : 0; k + 1 < am.b; ++k)
      source |= doc_.PhraseEnd(Word::kAccordingTo, k) == k + 2;
    // (Over the mentions written right after it: "a military officer told AFP" is two.)
    uint32_t e = am.e;
    while (e < doc_.tokens.size() && doc_.At(doc_.actor_at, e) >= 0)
      e = std::max(e + 1, doc_.actors[doc_.actor_at[e]].e);
    if (e < doc_.tokens.size() && Is(Word::kSourceNoun, e)) source = true;
    if (e < doc_.tokens.size() && Is(Word::kSpeechVerb, e)) {
      // ("IS announced targeting a vehicle": the act itself right after the verb is its own.)
      source = !(tb > e && tb <= e + 2);
      for (uint32_t k = e + 1; k < tb && k < e + 8; ++k)
        if (Is(Word::kSelfReference, k)) source = false;
    }
    return source;
  }

  // Does an armed man or force the actor dictionary does not name stand before the trigger
  // ("The militants engaged in ...", "Gunmen opened fire")?
  bool UnnamedAgentBefore(uint32_t clause_b, uint32_t tb) const {
    for (uint32_t t = clause_b; t < tb; ++t)
      if (Is(Word::kArmedPeople, t) || Is(Word::kAgentNoun, t)) return true;
    return false;
  }

  // Is the actor the other side of a fight, "clashes with X", "a gun battle with the
  // X" (over its modifiers and count, never across punctuation or another actor)?
  bool FoughtWith(const mentions::ActorMention& am, uint32_t clause_b) const {
    uint32_t k = am.b;
    for (int words = 0; k > clause_b && words < 4; ++words) {
      for (uint32_t j = k > clause_b + 4 ? k - 4 : clause_b; j < k; ++j)
        if (doc_.PhraseEnd(Word::kFightWith, j) == k) return true;
      if (!Is(Word::kAgentModifier, k - 1) && doc_.At(doc_.number_end_at, k) < 0) return false;
      --k;
    }
    return false;
  }

  // "by X" after the trigger is the agent: "conducted by", "fired by the Houthis", "by
  // presumed LNA forces", "by two armed men", "by a Government Railway Police official"; so is
  // the subject of a later violent verb ("... was shot dead when police opened fire").
  bool IsAgentAfterTrigger(const mentions::ActorMention& am, uint32_t tb, const Group& g) const {
    const uint32_t clause_e = g.clause_e;
    // Back from the actor to "by", over its modifiers and count ("by two unidentified
    // motorcycle-riding assailants"), never across punctuation or another actor.
    uint32_t k = am.b;
    for (int words = 0; k > tb + 1 && words < 6; ++words) {
      if (int32_t ni = doc_.At(doc_.number_end_at, k); ni >= 0 && doc_.numbers[ni].b < k) {
        k = std::max(doc_.numbers[ni].b, tb + 1);
        continue;
      }
      if (Is(Word::kBy, k - 1)) return true;
      std::string_view text = doc_.TokenText(k - 1);
      bool joiner = text == "-" && !doc_.tokens[k - 1].is(mentions::kSpaceBefore);
      if ((doc_.tokens[k - 1].is(mentions::kPunct) && !joiner) ||
          doc_.At(doc_.actor_at, k - 1) >= 0)
        break;
      --k;
    }
    if (k > tb && Is(Word::kBy, k - 1)) return true;
    // "killed during a police raid", "wounded in an army operation": whose the action is.
    if (am.e < clause_e && Is(Word::kOperationNoun, am.e)) return true;
    // (A headline drops "was": "police officer shot in Peshawar" is the one shot.)
    return am.e < clause_e && Is(Word::kViolentVerbAfterSubject, am.e) && !g.headline;
  }

  // Arabic puts the verb first and its subject right after it: "قصفت قوات النظام المدينة",
  // "غارات لطيران التحالف" (raids of the coalition's aircraft). The first actor of the clause
  // written right after one of its Arabic triggers is the agent.
  // A verb that says "they" ("رشقوا عناصر الجيش", they stoned the soldiers) has its subject
  // in it: the actor after it is its object. (Words like "عناصر من" may come between: "نهب عناصر من
  // قوات الدعم السريع"; a verb that is no trigger counts too: "ألقاها مجهول", an unknown person
  // threw it.)
  bool SubjectOfArabicVerb(const mentions::ActorMention& am, const Group& g) const {
    if (!doc_.tokens[am.b].is(mentions::kArabic)) return false;
    uint32_t k = am.b;
    while (k > g.clause_b && am.b - k < 3 && Is(Word::kSubjectLead, k - 1)) --k;
    if (k > 0 && Is(Word::kVerbBeforeSubject, k - 1))
      return !text::ArabicPluralVerb(doc_.LowerToken(k - 1));
    for (uint32_t ti : g.triggers) {
      const auto& tm = doc_.triggers[ti];
      if (tm.e == k && doc_.tokens[tm.b].is(mentions::kArabic))
        return !text::ArabicPluralVerb(doc_.LowerToken(tm.e - 1));
    }
    return false;
  }

  // "قتل ثلاثة عناصر من قوات النظام" (three regime soldiers were killed): Arabic writes no
  // passive, but the people counted are the ones acted on; so are those a dual counts.
  bool CountedInArabic(const mentions::ActorMention& am) const {
    if (!doc_.tokens[am.b].is(mentions::kArabic)) return false;
    uint32_t k = am.b;
    while (k > 0 && am.b - k < 3 && Is(Word::kSubjectLead, k - 1)) --k;
    int32_t ni = doc_.At(doc_.number_end_at, k);
    if (ni >= 0 && doc_.numbers[ni].b < k && doc_.numbers[ni].n.value) return true;
    // A dual carries its own count ("اعتقال شخصين": the arrest of two people).
    int32_t own = doc_.At(doc_.number_at, am.b);
    return own >= 0 && doc_.numbers[own].b == am.b && doc_.numbers[own].e == am.e &&
           doc_.numbers[own].n.value;
  }

  // "The Saudi-led coalition said it carried out air strikes": a source that speaks for an
  // actor and says "it" or "we" did it is the agent; so is one that claims it ("CENTCOM
  // announced the killing of five militants", "IS claimed responsibility").
  void SourceSpeaksForAgent(Group* g, uint32_t tb) const {
    int src = draft_.sentence_source[g->sentence];
    if (src < 0 || k_.agencies[src].affiliation.empty()) return;
    for (uint32_t t = g->clause_b; t + 1 < tb; ++t) {
      bool claim_kill = Is(Word::kClaimKillVerb, t) && t + 2 < tb + 2 &&
                        (Is(Word::kResponsibility, t + 1) ||
                         (Is(Word::kThe, t + 1) && Is(Word::kKilling, t + 2)));
      if ((Is(Word::kAnnounceVerb, t) && Is(Word::kSelfPronoun, t + 1)) || claim_kill) {
        Actor a;
        a.name = k_.agencies[src].affiliation;
        a.inter = k_.agencies[src].affiliation_inter;
        a.b = t + 1, a.e = t + 2;
        g->actor1 = a;
        return;
      }
    }
  }

  // An actor written as an owner of something else: "IS-affiliated Amaaq Agency".
  bool IsAffiliationOfAgency(const mentions::ActorMention& am) const {
    if (am.e + 2 >= doc_.tokens.size() || doc_.TokenText(am.e) != "-") return false;
    if (!Is(Word::kAffiliationWord, am.e + 1)) return false;
    return doc_.At(doc_.agency_at, am.e + 2) >= 0 || doc_.At(doc_.agency_at, am.e + 3) >= 0;
  }

  // Is the actor at `am` the patient of the event (a victim or target)?
  bool IsPatient(const mentions::ActorMention& am, uint32_t trigger_b, uint32_t trigger_e,
                 uint32_t clause_b) const {
    // The word governing the actor: step back over determiners and counts ("killing the
    // three", "targeted two Syrian army") to the verb or preposition.
    uint32_t k = am.b;
    while (k > clause_b) {
      if (int32_t ni = doc_.At(doc_.number_end_at, k); ni >= 0 && doc_.numbers[ni].b < k) {
        k = doc_.numbers[ni].b;
        continue;
      }
      if (!Is(Word::kPatientLead, k - 1)) break;
      // "members of the SDF", "the death of eight of the Assad forces"
      if (Is(Word::kOf, k - 1) && k >= 2) {
        bool count_before = doc_.At(doc_.number_end_at, k - 1) >= 0;
        if (count_before || Is(Word::kPartitiveHead, k - 2)) return true;
      }
      --k;
    }
    if (k > clause_b && Is(Word::kPatientGovernor, k - 1)) return true;
    // Headline passive: "Five ex-FSA commanders assassinated in southern Syria".
    // (Not a verb whose trigger goes on with words of its own: the "at" of "fired at" is no
    // "killed at" of a headline.)
    if (am.e <= trigger_b && trigger_b <= am.e + 2) {
      uint32_t after = trigger_b + 1;
      while (after < doc_.tokens.size() && doc_.TokenText(after) != " " && Is(Word::kDead, after))
        ++after;
      if (after >= trigger_e && doc_.EndsWith(Word::kPastParticipleEnding, trigger_b, 2) &&
          after < doc_.tokens.size() && Is(Word::kAfterHeadlinePassive, after))
        return true;
    }
    // "More than a dozen soldiers died", "soldiers were killed": the subject of a casualty
    // verb. ("ISWAP killed six soldiers" is active: a two-way word like "killed" needs "were".)
    // ("Four policemen escorting vaccinators were killed": past the subject's participle
    // phrase, up to its auxiliary.)
    uint32_t from = am.e;
    const auto [near_b, near_e] = doc_.Range(doc_.casualties, from, from + 9);
    if (near_b != near_e && from < doc_.tokens.size() &&
        doc_.EndsWith(Word::kPresentParticipleEnding, from, 4)) {
      uint32_t k = from + 1;
      while (k < from + 5 && k < doc_.tokens.size() && !Is(Word::kPassiveAuxiliary, k) &&
             !doc_.tokens[k].is(mentions::kPunct) && doc_.At(doc_.actor_at, k) < 0)
        ++k;
      if (k < doc_.tokens.size() && Is(Word::kPassiveAuxiliary, k)) from = k;
    }
    auto [cb, ce] = doc_.Range(doc_.casualties, from, from + 4);
    for (size_t ci = cb; ci < ce; ++ci) {
      const auto& cm = doc_.casualties[ci];
      const auto& entry = k_.casualties[cm.entry];
      if (!entry.count_before) continue;
      bool direct = true, auxiliary = false;
      for (uint32_t t = from; t < cm.b; ++t) {
        direct &= Is(Word::kSubjectToCasualtyGap, t);
        auxiliary |= Is(Word::kPassiveAuxiliary, t);
      }
      if (direct && (auxiliary || !entry.count_after)) return true;
    }
    if (am.e <= trigger_b) {
      for (uint32_t t = am.e; t < trigger_b && t < am.e + 12; ++t) {
        if (!Is(Word::kTargetMarker, t)) continue;
        // "were killed", "was the target of", "came under"
        if (Is(Word::kWasWere, t)) {
          uint32_t k = t + 1;
          while (k < trigger_b && Is(Word::kPassiveAdverb, k)) ++k;
          if (k < trigger_b + 1 && Is(Word::kVictimParticiple, k)) return true;
          continue;
        }
        return true;
      }
    }
    return false;
  }

  // Date: the one nearest the trigger, "since ..." after the trigger excluded. A date of the
  // report ("reported on Wednesday") counts only when nothing else dates the event, and never
  // for an anaphor (the report is later than the event it recalls).
  void FindDate(Group* g) const {
    const uint32_t tb = doc_.triggers[g->triggers.front()].b;
    int best_dist = 1 << 30;
    auto [db, de] = doc_.Range(doc_.dates, g->clause_b, g->clause_e);
    // "On 8 May, residents held a vigil for a man arrested two years ago": with a day named
    // before the act, a span counted back after it ("two years ago", "last week") dates the
    // verb it follows, not the act.
    bool day_before = false;
    for (size_t i = db; i < de; ++i) {
      const auto& d = doc_.dates[i];
      day_before |=
          d.d.date && !d.dateline && !d.report && d.e <= tb &&
          d.d.precision == dates::Precision::kDay &&
          (d.d.kind == dates::DateKind::kAbsolute || d.d.kind == dates::DateKind::kPartial);
    }
    for (size_t i = db; i < de; ++i) {
      const auto& d = doc_.dates[i];
      if (!d.d.date || d.dateline) continue;
      if (d.after_since && d.b > tb) continue;
      if (d.report && g->anaphoric) continue;
      // (A date after publication is a plan or a deadline; after an inferred publication date,
      // "Nov. 28, 2021" in a dateline and "On Dec. 2" in the body, it may be the event's.)
      const int slack = ctx_.published_inferred ? 14 : 1;
      if (ctx_.published && *d.d.date > dates::AddDays(*ctx_.published, slack)) continue;
      int dist = std::abs(static_cast<int>(d.b) - static_cast<int>(tb)) + (d.report ? 1000 : 0);
      if (day_before && d.b > tb && d.d.kind == dates::DateKind::kRelativeSpan) dist += 500;
      // "teachers who qualified in 2019 held a protest": a date inside a relative clause of
      // the subject tells of the subject, not of the event.
      if (d.e <= tb)
        for (uint32_t t = g->clause_b; t < d.b; ++t)
          if (Is(Word::kRelativePronoun, t)) {
            dist += 500;
            break;
          }
      if (dist < best_dist) best_dist = dist, g->date = static_cast<int>(i);
    }
  }

  // Place: the most specific place of the clause, hospitals excluded.
  void FindPlace(Group* g) const {
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
  }

  // Those counted among the dead are the ones acted on: "killing at least 79 people", "five
  // soldiers were killed" ("killing two people" among protesters: they stay the protesters).
  void CountedAreActedOn(Group* g) const {
    const Figure* counted = g->figures.killed.value    ? &g->figures.killed
                            : g->figures.injured.value ? &g->figures.injured
                                                       : nullptr;
    if (!counted) return;
    for (uint32_t t = counted->e; t < counted->e + 3 && t < g->clause_e; ++t) {
      int32_t ai = doc_.At(doc_.actor_at, t);
      if (ai < 0) continue;
      Actor victim = MakeActor(doc_.actors[ai]);
      bool keeps_protesters = g->actor2 && g->actor2->inter == 6 && victim.inter == 7;
      // "اشتباكات بين الجيش السوداني وقوات الدعم السريع قتل فيها ٢٧ شخصاً": the people
      // counted do not replace the side fought.
      if (doc_.tokens[t].is(mentions::kArabic) && g->actor2 && g->actor2->inter >= 1 &&
          g->actor2->inter <= 4 && victim.inter == 7)
        break;
      // "attacked a police checkpoint, leaving 4 people dead": the armed side attacked stays
      // the other party; the people counted are among the casualties. So does one counted
      // first in a list of the dead ("killing five soldiers and two civilians").
      bool keeps_armed = g->actor2 && g->actor2->inter >= 1 && g->actor2->inter <= 4 &&
                         victim.inter == 7 && g->actor2->b < counted->e;
      if (!victim.name.empty() && !keeps_protesters && !keeps_armed &&
          (!g->actor1 || g->actor1->name != victim.name))
        g->actor2 = victim;
      break;
    }
  }

  std::vector<Actor> agents_, patients_;
};

}  // namespace

void FillArguments(Draft* d) { ArgumentsPass(*d).Run(); }

}  // namespace sitrep::events
