// Pass 6, classify: an incident's ACLED type, sub-type and actors. The most specific trigger
// gives the type; then ACLED's rules refine it by who did what to whom: a generic "attack" on
// civilians is Violence against civilians/Attack, on armed men an Armed clash; a change of
// control is typed by who took it; a protest decides its family (force against the crowd,
// intervention, rioting); a fight with no armed group is mob violence; shells or a grenade
// used in a two-sided fight make it a clash.
#include <set>

#include "events/draft.h"

namespace sitrep::events {
namespace {

class ClassifyPass : public Pass {
 public:
  explicit ClassifyPass(Draft& d) : Pass(d) {}

  Classification Run(const Incident& inc) {
    inc_ = &inc;
    const Group& bg = groups_[inc.best_group];
    const auto& te = TriggerOf(bg.best);
    c_.type = te.type;
    c_.sub = te.sub;
    c_.actor1 = inc.actor1;
    c_.actor2 = inc.actor2;
    generic_ = te.generic;
    weight_ = te.weight;
    ArrestsAndAbductions();
    GenericByTarget(te.territory);
    ProtestFamily();
    CrowdViolence();
    RiotWithoutDemand();
    TwoSidedFight();
    FireAtAreas(bg);
    CountedExplosions(bg);
    MobViolence();
    Defence(bg);
    Counterparts(doc_.triggers[bg.best]);
    NameUnknownActor1();
    return c_;
  }

 private:
  void Set(SubEventType sub) {
    c_.sub = sub;
    c_.type = draft_.taxonomy.TypeOf(sub);
  }

  // ACLED always names actor 1: with no perpetrator in the text, protesters of a protest,
  // rioters of a riot, else "Unidentified Armed Group (Country)" (inter 3). A crowd named as
  // actor 2 of its own protest or riot becomes actor 1.
  void NameUnknownActor1() {
    // Civilians who fight, shoot or bomb are no civilians to ACLED: an armed group it cannot
    // name ("a resident shot a neighbour", "suspects opened fire on the officers").
    if (c_.actor1 && c_.actor1->inter == 7 &&
        (c_.type == EventType::kBattles || c_.type == EventType::kViolenceAgainstCivilians ||
         c_.type == EventType::kExplosions))
      c_.actor1 = CrowdActor(3, c_.actor1->b, c_.actor1->e);
    if (c_.actor1) return;
    const int inter = c_.type == EventType::kProtests ? 6 : c_.type == EventType::kRiots ? 5 : 3;
    if (c_.actor2 && c_.actor2->inter == inter && inter != 3) {
      c_.actor1 = std::move(c_.actor2);
      c_.actor2.reset();
      return;
    }
    c_.actor1 = CrowdActor(inter, 0, 0);
  }

  // Does any trigger of the incident satisfy `pred(entry, mention)`?
  template <class Pred>
  bool AnyTrigger(const Pred& pred) const {
    for (size_t gi : inc_->groups)
      for (uint32_t ti : groups_[gi].triggers)
        if (pred(TriggerOf(ti), doc_.triggers[ti])) return true;
    return false;
  }

  // A real clash told among the incident's triggers ("the two sides exchanged fire"); with
  // `direct_fire`, also fire from small arms or machine guns ("fired mortars and small arms at
  // the army's positions"), which ACLED reads as a fight when aimed at armed men.
  bool ClashTold(bool direct_fire = false) const {
    return AnyTrigger([&](const mentions::TriggerEntry& t, const mentions::TriggerMention& m) {
      return t.sub == SubEventType::kArmedClash && (!t.generic || direct_fire) && t.weight >= 4 &&
             !m.negated_or_trend;
    });
  }

  // Fire told as going both ways ("explosions in both directions of the frontline"), in the
  // incident or in a count of fire at its place told apart from it ("mortars were fired at
  // X. Monitors counted 30 explosions in both directions near X.").
  bool BothWays() const {
    if (IncidentSays(Word::kBothWays)) return true;
    if (inc_->place < 0) return false;
    const std::string& here = doc_.places[inc_->place].written;
    for (const Group& g : groups_)
      if (g.trend && g.place >= 0 && doc_.places[g.place].written == here &&
          !inc_->sentences.count(g.sentence) && SentenceSays(g.sentence, Word::kBothWays))
        return true;
    return false;
  }

  // Two sides that fight each other: a clash among the triggers ("clashed", "a fight
  // between"), or "each other", "one another".
  bool TwoSided() const {
    return AnyTrigger([](const mentions::TriggerEntry& t, const mentions::TriggerMention& m) {
             return t.sub == SubEventType::kArmedClash && !m.negated_or_trend;
           }) ||
           BothWays() || PartiesBetween(Word::kUnarmedPeople);
  }

  bool SomeoneKilled() const {
    for (size_t gi : inc_->groups) {
      const auto& f = groups_[gi].figures.killed;
      if (f.value && *f.value > 0 && !groups_[gi].trend) return true;
    }
    return false;
  }

  void ArrestsAndAbductions() {
    auto& a2 = c_.actor2;
    // An armed group that is not the state does not arrest: it takes people (ACLED codes
    // "rebels arrested a teacher" as an abduction).
    if (c_.sub == SubEventType::kArrests && c_.actor1 && c_.actor1->inter >= 2 &&
        c_.actor1->inter <= 4)
      Set(SubEventType::kAbduction);
    // Arrests in which people were killed ("7 militants were killed and 3 arrested during
    // police operations") are violence: typed by who was on the other side.
    if (c_.sub == SubEventType::kArrests && SomeoneKilled() && a2) {
      if (a2->inter >= 2 && a2->inter <= 4)
        Set(SubEventType::kArmedClash);
      else if (a2->inter == 7)
        Set(SubEventType::kAttack);
    }
    // People taken and then killed ("abducted 11 miners ... and shot them dead"): an attack
    // (the type stays Violence against civilians).
    if (c_.sub == SubEventType::kAbduction &&
        AnyTrigger([](const mentions::TriggerEntry& t, const mentions::TriggerMention& m) {
          return t.lethal && !m.negated_or_trend;
        }))
      c_.sub = SubEventType::kAttack;
    // An attack on armed men in which some are taken is a battle, not an abduction.
    if (c_.sub == SubEventType::kAbduction && a2 && a2->inter >= 1 && a2->inter <= 4 &&
        AnyTrigger([](const mentions::TriggerEntry& t, const mentions::TriggerMention&) {
          return t.type == EventType::kBattles;
        }))
      Set(SubEventType::kArmedClash);
  }

  void GenericByTarget(bool territory) {
    auto& a1 = c_.actor1;
    auto& a2 = c_.actor2;
    // Violence whose victims are protesters: force against a protest.
    if (generic_ && a2 && a2->inter == 6) {
      Set(SubEventType::kExcessiveForceAgainstProtesters);
      std::swap(a1, a2);
    }
    if (territory && a1) {
      // The state's own forces regain; a foreign state's, like a rebel's, overtake (ACLED).
      std::string_view home = mentions::CountryOfActor(a1->name);
      bool own_state = a1->inter == 1 && (home.empty() || doc_.country.empty() ||
                                          home.substr(0, doc_.country.size()) == doc_.country);
      Set(own_state ? SubEventType::kGovernmentRegainsTerritory
                    : SubEventType::kNonStateActorOvertakesTerritory);
    } else if (generic_ && c_.type != EventType::kProtests) {
      // "militants attacked Arimba village", "a minibus was attacked": a place or a civilian
      // thing as the target, with no armed party named against them.
      if (!a2) {
        if (auto target = CivilianObjectOfAttack()) a2 = target;
      }
      if (!a2 && a1 && a1->inter >= 1 && a1->inter <= 4) {
        if (auto armed = ArmedObjectOfAttack()) a2 = armed;
      }
      if (AircraftStruck())
        Set(SubEventType::kAirDroneStrike);
      else if (a2 && a2->inter == 7)
        Set(SubEventType::kAttack);
      else if (a2 && a2->inter >= 1 && a2->inter <= 4)
        Set(SubEventType::kArmedClash);
    }
  }

  // "Government jets killed three civilians", "a drone hit a car": violence whose agent is an
  // aircraft (named before the verb, in the clause) is an air or drone strike.
  bool AircraftStruck() const { return SaidBeforeVerb(Word::kAircraft); }

  // Does a word of class `w` stand in the clause of the incident's head trigger, before it?
  bool SaidBeforeVerb(Word w) const {
    const Group& bg = groups_[inc_->best_group];
    const uint32_t verb = doc_.triggers[bg.best].b;
    for (uint32_t t = bg.clause_b; t < verb; ++t)
      if (Is(w, t)) return true;
    return false;
  }

  // A protest in the incident decides its family: force against the crowd (deaths, gunfire)
  // is Excessive force, tear gas or dispersal is Protest with intervention, a crowd that
  // torches or storms is a Violent demonstration.
  void ProtestFamily() {
    auto& a1 = c_.actor1;
    auto& a2 = c_.actor2;
    bool protest = false, riot = false, intervention = false, excessive = false;
    bool crowd_control = false;  // tear gas, rubber bullets: a protest only if one is told
    for (size_t gi : inc_->groups) {
      for (uint32_t ti : groups_[gi].triggers) {
        const auto& t = TriggerOf(ti);
        crowd_control |= t.crowd_control && !doc_.triggers[ti].negated_or_trend;
        protest |= t.type == EventType::kProtests && !t.crowd_control;
        riot |= t.type == EventType::kRiots;
        // Protesters who clash ("demonstrators clashed with police") riot; arrests at a
        // protest are an intervention ("14 protesters were arrested").
        riot |= t.sub == SubEventType::kArmedClash && !t.generic && t.weight >= 4 &&
                !doc_.triggers[ti].negated_or_trend;
        intervention |= t.sub == SubEventType::kProtestWithIntervention ||
                        (t.sub == SubEventType::kArrests && ArrestAtTheScene(doc_.triggers[ti]));
        excessive |= t.sub == SubEventType::kExcessiveForceAgainstProtesters;
      }
      // (Deaths the protest is about, "a youth who was killed by influential men", are its
      // cause, not force used on it.)
      const auto& f = groups_[gi].figures;
      excessive |= protest && ((f.killed.value && *f.killed.value > 0 && !InCause(f.killed.b)) ||
                               (f.injured.value && *f.injured.value > 0 && !InCause(f.injured.b)));
    }
    // Crowd-control weapons fired where no crowd is told ("soldiers fired rubber bullets at
    // fishermen") are force on whoever they hit.
    if (crowd_control && !protest && !riot && c_.type == EventType::kProtests &&
        !(a1 && (a1->inter == 5 || a1->inter == 6)) &&
        !(a2 && (a2->inter == 5 || a2->inter == 6)) && !IncidentSays(Word::kCrowdWord) &&
        !IncidentNamesCrowd()) {
      Set(SubEventType::kAttack);
      if (auto target = CivilianObjectOfAttack()) a2 = target;
      return;
    }
    protest |= crowd_control;
    if (protest && c_.type != EventType::kProtests && c_.type != EventType::kRiots &&
        (generic_ || c_.type == EventType::kViolenceAgainstCivilians ||
         c_.type == EventType::kBattles))
      Set(SubEventType::kPeacefulProtest);
    if (c_.type != EventType::kProtests && !(protest && c_.type == EventType::kRiots)) return;
    // The state force at the scene is the one acting on the crowd; residents, workers,
    // merchants who protest are the protesters.
    if (a1 && a1->inter == 7)
      a1 = CrowdActor(6, a1->b, a1->e);
    else if (a1 && a1->inter != 6 && a1->inter != 5)
      a2 = a1, a1.reset();
    if (riot)
      Set(SubEventType::kViolentDemonstration);
    else if (excessive)
      c_.sub = SubEventType::kExcessiveForceAgainstProtesters;
    else if (intervention)
      c_.sub = SubEventType::kProtestWithIntervention;
    // A peaceful protest has no second party: whom it is against is its cause.
    if (c_.sub == SubEventType::kPeacefulProtest) a2.reset();
  }

  // Does a sentence of the incident hold a phrase of word class `w` ("a crowd", "demanding")?
  // Does the incident's text name protesters or rioters ("police fired tear gas at
  // protesters"), whichever actors it took?
  bool IncidentNamesCrowd() const {
    for (uint32_t s : inc_->sentences) {
      const auto [b, e] =
          doc_.Range(doc_.actors, doc_.sentence_begin[s], doc_.sentence_begin[s + 1]);
      for (size_t ai = b; ai < e; ++ai) {
        const int inter = MakeActor(doc_.actors[ai]).inter;
        if (inter == 5 || inter == 6) return true;
      }
    }
    return false;
  }

  bool IncidentSays(Word w) const {
    for (uint32_t s : inc_->sentences)
      if (SentenceSays(s, w)) return true;
    return false;
  }

  // Does sentence `s` hold a phrase of word class `w`?
  bool SentenceSays(uint32_t s, Word w) const {
    for (uint32_t t = doc_.sentence_begin[s]; t < doc_.sentence_begin[s + 1]; ++t)
      if (doc_.PhraseEnd(w, t) != 0) return true;
    return false;
  }

  // A crowd that storms, burns or loots is rioting.
  void CrowdViolence() {
    auto& a1 = c_.actor1;
    if (a1 && (a1->inter == 6 || a1->inter == 5) && c_.type != EventType::kProtests &&
        c_.type != EventType::kRiots &&
        (c_.type == EventType::kBattles || c_.sub == SubEventType::kLootingPropertyDestruction ||
         c_.type == EventType::kViolenceAgainstCivilians)) {
      // A mob that fights or attacks with no demonstration told ("two mobs clashed over a
      // land dispute") is mob violence; demonstrators who do it riot.
      bool demonstration = a1->inter == 6 || AnyTrigger([](const mentions::TriggerEntry& t,
                                                           const mentions::TriggerMention& m) {
                             return t.type == EventType::kProtests && !m.negated_or_trend;
                           });
      Set(demonstration || c_.sub == SubEventType::kLootingPropertyDestruction
              ? SubEventType::kViolentDemonstration
              : SubEventType::kMobViolence);
      a1.reset();
    }
  }

  // Rioting with no demonstration and nothing demanded ("rioters set a bank on fire",
  // "residents stoned two officers") is mob violence; rioting that demands something
  // ("prisoners burned mattresses to demand visits") is a violent demonstration.
  void RiotWithoutDemand() {
    if (c_.sub != SubEventType::kViolentDemonstration) return;
    if (AnyTrigger([](const mentions::TriggerEntry& t, const mentions::TriggerMention& m) {
          return t.type == EventType::kProtests && !m.negated_or_trend;
        }))
      return;
    if (IncidentSays(Word::kDemandWord)) return;
    Set(SubEventType::kMobViolence);
  }

  // Shells or rockets used in a fight both sides took part in are a clash ("the two sides
  // exchanged fire and used rockets", "explosions in both directions"); so are a grenade
  // answered with gunfire and an air strike or a downed drone in a clash.
  void TwoSidedFight() {
    const auto& a2 = c_.actor2;
    const bool armed_target = a2 && a2->inter >= 1 && a2->inter <= 4;
    const bool ground_fire =
        c_.sub == SubEventType::kShellingArtilleryMissileAttack || c_.sub == SubEventType::kGrenade;
    // ("explosions" alone, weight 5, say only that something exploded)
    const bool weak_explosions = c_.type == EventType::kExplosions && weight_ <= 5;
    if ((ground_fire || (c_.sub == SubEventType::kAirDroneStrike && a2 && a2->inter != 7)) &&
        ClashTold(armed_target && ground_fire))
      Set(SubEventType::kArmedClash);
    else if ((ground_fire || weak_explosions) && BothWays())
      Set(SubEventType::kArmedClash);
  }

  // "fired machine guns at residential areas of X": fire aimed at places, with no one told to
  // fire back, nobody named as its target and nobody hurt, is remote fire, not a clash.
  void FireAtAreas(const Group& bg) {
    if (c_.sub != SubEventType::kArmedClash || !generic_ || c_.actor2 || ClashTold() ||
        bg.has_figures)
      return;
    const auto& tm = doc_.triggers[bg.best];
    // (The weapons may be listed first: "fired 12.7mm machine guns, and sniper rifles, at ...")
    const uint32_t end = std::min<uint32_t>(doc_.sentence_begin[bg.sentence + 1], tm.e + 12);
    bool at = false;
    for (uint32_t t = tm.e; t < end; ++t) {
      if (doc_.TokenText(t) == ";") break;
      if (Is(Word::kAimedAt, t)) at = true;
      if (at && Is(Word::kAreaTarget, t)) {
        Set(SubEventType::kShellingArtilleryMissileAttack);
        return;
      }
    }
  }

  // "observed a total of 15 explosions near X": explosions counted, with no device told, are
  // shells (one explosion is a bomb's, but a tally in figures, "1 explosion", "3 undetermined
  // explosions", is a monitor's count of fire); counted with small arms, they are a fight.
  void CountedExplosions(const Group& bg) {
    if (c_.sub != SubEventType::kRemoteExplosive || weight_ > 5) return;
    const auto& tm = doc_.triggers[bg.best];
    uint32_t count_end = tm.b;
    while (count_end > 0 && tm.b - count_end < 2 && Is(Word::kExplosionQualifier, count_end - 1))
      --count_end;
    const int32_t ni = doc_.At(doc_.number_end_at, count_end);
    if (ni < 0) return;
    const auto& n = doc_.numbers[ni].n;
    if (!n.value || n.is_year_like || n.is_ordinal) return;
    std::string_view last = doc_.LowerToken(tm.e - 1);
    const bool plural = !last.empty() && last.back() == 's';
    const bool figures = doc_.tokens[count_end - 1].is(text::kDigit);
    if (!(plural && *n.value >= 2) && !(figures && *n.value >= 1)) return;
    Set(IncidentSays(Word::kSmallArms) ? SubEventType::kArmedClash
                                       : SubEventType::kShellingArtilleryMissileAttack);
  }

  // A fight in which no armed group takes part ("youths clashed with residents", "they
  // attacked police officers with sticks and stones", "shopkeepers clashed with the police")
  // is mob violence: rioters against rioters or against the state's forces.
  void MobViolence() {
    if (c_.sub != SubEventType::kArmedClash) return;
    auto& a1 = c_.actor1;
    auto& a2 = c_.actor2;
    auto crowdish = [](const std::optional<Actor>& a) {
      return a && (a->inter == 5 || a->inter == 6 || a->inter == 7);
    };
    auto state = [](const std::optional<Actor>& a) { return a && a->inter == 1; };
    // (most clashes stop here: the words are read only when needed)
    if (!(!a1 || crowdish(a1) || (state(a1) && crowdish(a2)))) return;
    if (!(!a2 || crowdish(a2) || state(a2))) return;
    bool melee = false, firearms = false;
    for (uint32_t s : inc_->sentences) {
      for (uint32_t t = doc_.sentence_begin[s]; t < doc_.sentence_begin[s + 1] && !firearms; ++t) {
        melee |= Is(Word::kMeleeWeapon, t);
        firearms |= Is(Word::kFirearmWord, t) && !MeleeInstrument(t + 1);
      }
    }
    if (firearms ||
        !(crowdish(a1) || crowdish(a2) || melee || ((!a1 || !a2) && UnarmedPeopleAct())))
      return;
    Set(SubEventType::kMobViolence);
    if (state(a1)) std::swap(a1, a2);
    if (a2 && a2->inter == 7 && !a1) a1 = a2, a2.reset();
    if (!a1 || a1->inter != 5) a1 = CrowdActor(5, a1 ? a1->b : 0, a1 ? a1->e : 0);
    if (a2 && a2->inter == 7) a2 = CrowdActor(5, a2->b, a2->e);
  }

  // "armed with knives", "fought with sticks": the weapons told right after are melee ones.
  bool MeleeInstrument(uint32_t t) const {
    if (t >= doc_.tokens.size() || !Is(Word::kInstrumentMarker, t)) return false;
    for (uint32_t u = t + 1; u < std::min<uint32_t>(doc_.tokens.size(), t + 4); ++u)
      if (Is(Word::kMeleeWeapon, u)) return true;
    return false;
  }

  // People who are no armed party told as the ones who fight, before the verb of the clause
  // ("a group of young men beat a soldier", "dozens of fruit sellers clashed with police").
  // (Whom the police fought, "clashed with street vendors", is not read: it lowered the
  // check set.)
  bool UnarmedPeopleAct() const {
    return SaidBeforeVerb(Word::kUnarmedPeople) || PartiesBetween(Word::kUnarmedPeople);
  }

  // Does a word of class `w` name the parties of the head trigger, "between" them ("a fight
  // between two groups of villagers", "a clash between relatives of two councillors")?
  bool PartiesBetween(Word w) const {
    const Group& bg = groups_[inc_->best_group];
    // (the trigger's phrase may end with the word: "a fight between")
    uint32_t from = doc_.triggers[bg.best].e;
    const uint32_t end = doc_.sentence_begin[bg.sentence + 1];
    if (!Is(Word::kBetween, from - 1)) {
      if (from >= end || !Is(Word::kBetween, from)) return false;
      ++from;
    }
    for (uint32_t t = from; t < std::min(end, from + 4); ++t)
      if (Is(w, t)) return true;
    return false;
  }

  // "Afghan forces repelled a Taliban attack": ACLED codes the attackers as actor1.
  void Defence(const Group& bg) {
    auto& a1 = c_.actor1;
    auto& a2 = c_.actor2;
    if (c_.type != EventType::kBattles || !a1 || !a2 || a1->inter == 7 || a2->inter == 7) return;
    bool defence = false;
    for (uint32_t ti : bg.triggers)
      defence |= TriggerOf(ti).defence && !doc_.triggers[ti].negated_or_trend;
    if (defence) std::swap(a1, a2);
  }

  // The counterparts every type implies: rioters riot, protesters protest, civilians suffer
  // violence against civilians.
  void Counterparts(const mentions::TriggerMention& tm) {
    auto& a1 = c_.actor1;
    auto& a2 = c_.actor2;
    // A crowd that riots is coded as rioters, even when the text calls it protesters.
    if (c_.type == EventType::kRiots && a1 && a1->inter == 6) a1 = CrowdActor(5, a1->b, a1->e);
    if (c_.type == EventType::kRiots && (!a1 || (a1->inter != 5 && a1->inter != 6))) {
      if (a1 && !a2) a2 = a1;
      a1 = CrowdActor(5, tm.b, tm.e);
    }
    if (c_.type == EventType::kProtests && a1 && a1->inter != 6) a2 = a1;
    // A mob fights rioters ("two groups of villagers clashed", "attacked each other") or
    // turns on civilians ("locals beat a suspected thief", "set a tavern on fire").
    if (c_.sub == SubEventType::kMobViolence) {
      if (TwoSided() && (!a2 || a2->inter == 7))
        a2 = CrowdActor(5, tm.b, tm.e);
      else if (!a2)
        a2 = CrowdActor(7, tm.b, tm.e);
    }
    // Violence against civilians has civilians on the receiving end by definition ("killed a
    // radio reporter", "abducted a blogger").
    if (c_.type == EventType::kViolenceAgainstCivilians && !a2) a2 = CrowdActor(7, tm.b, tm.e);
    // The crowd ("farmers", "residents") are the protesters, not a target.
    if ((c_.type == EventType::kProtests || c_.type == EventType::kRiots) && a2 && a2->inter == 7 &&
        c_.sub != SubEventType::kMobViolence)
      a2.reset();
    if (c_.type == EventType::kProtests && (!a1 || a1->inter != 6)) a1 = CrowdActor(6, tm.b, tm.e);
  }

  // The civilians a generic attack of the incident was aimed at, when its object is a
  // village, a town by name, a home or a vehicle ("attacked the village of X", "attacked
  // Muaja", "a truck was attacked").
  std::optional<Actor> CivilianObjectOfAttack() const {
    auto make = [&](uint32_t b, uint32_t e) { return CrowdActor(7, b, e); };
    for (size_t gi : inc_->groups) {
      for (uint32_t ti : groups_[gi].triggers) {
        const auto& tm = doc_.triggers[ti];
        if (!TriggerOf(ti).generic || tm.negated_or_trend) continue;
        // Active: the words right after the verb, and after a verb that shares its object
        // ("attacked and wounded two men").
        uint32_t t = tm.e;
        if (t + 1 < doc_.tokens.size() && Is(Word::kAnd, t) && Is(Word::kCasualtyVerb, t + 1))
          t += 2;
        while (t < doc_.tokens.size() && t < tm.e + 5 &&
               (Is(Word::kObjectDeterminer, t) || doc_.tokens[t].is(text::kDigit)))
          ++t;
        if (t < doc_.tokens.size()) {
          if (auto head = CivilianHead(t)) return make(t, *head + 1);
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
        if (tm.b >= 2 && Is(Word::kWasWere, tm.b - 1) && Is(Word::kCivilianObject, tm.b - 2))
          return make(tm.b - 2, tm.b - 1);
      }
    }
    return std::nullopt;
  }

  // The unnamed armed men a generic act of violence of the incident was done to ("troops
  // killed 20 suspected militants", "five insurgents were killed"): an armed group ACLED
  // cannot name, the other side of a clash.
  std::optional<Actor> ArmedObjectOfAttack() const {
    const uint32_t size = static_cast<uint32_t>(doc_.tokens.size());
    for (size_t gi : inc_->groups) {
      for (uint32_t ti : groups_[gi].triggers) {
        const auto& tm = doc_.triggers[ti];
        if (!TriggerOf(ti).generic || tm.negated_or_trend) continue;
        uint32_t t = tm.e;
        while (t < size && t < tm.e + 5) {
          if (int32_t ni = doc_.At(doc_.number_at, t); ni >= 0)
            t = std::max(t + 1, doc_.numbers[ni].e);
          else if (Is(Word::kObjectDeterminer, t))
            ++t;
          else
            break;
        }
        for (uint32_t u = t; u < size && u < t + 3 && doc_.tokens[u].is(text::kWord); ++u) {
          if (doc_.At(doc_.actor_at, u) >= 0 || Is(Word::kIn, u) || Is(Word::kOf, u) ||
              Is(Word::kAnd, u))
            break;
          if (Is(Word::kArmedPeople, u)) return CrowdActor(3, t, u + 1);
        }
        // Passive: "five insurgents were killed" (the trigger may begin with its "were").
        const uint32_t aux = Is(Word::kWasWere, tm.b) ? tm.b + 1 : tm.b;
        if (aux >= 2 && Is(Word::kWasWere, aux - 1) && Is(Word::kArmedPeople, aux - 2) &&
            doc_.At(doc_.actor_at, aux - 2) < 0)
          return CrowdActor(3, aux - 2, aux - 1);
      }
    }
    return std::nullopt;
  }

  // The head of a noun phrase starting at `t` that names civilians or a civilian thing, with
  // up to two words before it that name no armed party ("a cattle camp", "an isolated
  // village", "two opposition members", "the local party leader"; not "a military camp").
  std::optional<uint32_t> CivilianHead(uint32_t t) const {
    for (uint32_t u = t; u < doc_.tokens.size() && u < t + 3; ++u) {
      if (!doc_.tokens[u].is(text::kWord)) return std::nullopt;
      if (int32_t ai = doc_.At(doc_.actor_at, u); ai >= 0)
        return MakeActor(doc_.actors[ai]).inter == 7 ? std::optional<uint32_t>(u) : std::nullopt;
      if (Is(Word::kArmedTargetWord, u)) return std::nullopt;
      if (Is(Word::kCivilianObject, u) || Is(Word::kCivilianPersonHead, u)) return u;
      if (Is(Word::kIn, u) || Is(Word::kOf, u) || Is(Word::kAnd, u) ||
          Is(Word::kInstrumentMarker, u))
        return std::nullopt;
    }
    return std::nullopt;
  }

  const Incident* inc_ = nullptr;
  Classification c_;
  bool generic_ = false;
  int weight_ = 0;  // of the incident's most specific trigger
};

}  // namespace

Classification Classify(Draft* d, const Incident& inc) { return ClassifyPass(*d).Run(inc); }

}  // namespace sitrep::events
