// Trigger mentions: the words of triggers.tsv found in the text, and how the text uses each:
// as an event at all (a verb that needs its agent, a crowd that acts, not a month), definite
// or indefinite ("the attack" refers back, "an explosion" is new), an instrument ("armed with
// grenades"), negated, unreal or a trend ("attacks have been on the rise").
#include "mentions/mentions.h"
#include "text/arabic.h"

namespace sitrep::mentions {
namespace {

enum class Trend : uint8_t { kNone, kWeak, kStrong, kLargeCount };

class TriggerReader {
 public:
  TriggerReader(const MentionResources& res, Document* doc)
      : k_(*res.knowledge), doc_(*doc), tokens_(doc->tokens) {}

  void Run() {
    SentenceTrends();
    date_token_.assign(tokens_.size(), 0);
    for (const auto& d : doc_.dates)
      for (uint32_t t = d.b; t < d.e && t < tokens_.size(); ++t) date_token_[t] = 1;
    for (const auto& m : doc_.phrases[kTriggerPhrase]) {
      if (!IsEvent(m)) continue;
      doc_.triggers.push_back(Read(m));
    }
    DisruptedJustAfter();
  }

  // The weapon told just before what stopped it: "destroyed a roadside bomb in a controlled
  // explosion", "landmines they were planting exploded prematurely".
  void DisruptedJustAfter() {
    auto& triggers = doc_.triggers;
    for (size_t i = 1; i < triggers.size(); ++i) {
      const TriggerMention& stop = triggers[i];
      TriggerMention& weapon = triggers[i - 1];
      const TriggerEntry& w = k_.triggers[weapon.trigger];
      if (k_.triggers[stop.trigger].sub != SubEventType::kDisruptedWeaponsUse ||
          stop.negated_or_trend || w.type != EventType::kExplosions || w.generic ||
          weapon.e > stop.b || stop.b - weapon.e > 6)
        continue;
      if (!PunctuationBetween(weapon.e, stop.b)) weapon.disrupted = true;
    }
  }

 private:
  bool Is(Word w, uint32_t t) const { return doc_.Is(w, t); }

  // Sentence-level trend words, found once per sentence (not once per trigger): weak ("on the
  // rise"), strong ("repeatedly"; a habit told in the perfect: "has attacked markets
  // before"), or only a large count ("dozens", "hundreds": a tally of attacks, but the size
  // of a crowd).
  void SentenceTrends() {
    size_t num_sentences = doc_.sentence_begin.size() - 1;
    sentence_trend_.assign(num_sentences, Trend::kNone);
    for (size_t s = 0; s < num_sentences; ++s) {
      Trend& trend = sentence_trend_[s];
      const uint32_t end = doc_.sentence_begin[s + 1];
      bool perfect = false;
      for (uint32_t t = doc_.sentence_begin[s]; t < end; ++t) {
        perfect |= Is(Word::kPerfectAuxiliary, t);
        if (Is(Word::kFrequencyWord, t)) {
          trend = Trend::kStrong;
          break;
        }
        if (Is(Word::kTrendWord, t))
          trend = Trend::kWeak;
        else if (Is(Word::kLargeCountWord, t) && trend == Trend::kNone)
          trend = Trend::kLargeCount;
      }
      // (Only a sentence in the perfect is read again for its habit marker.)
      if (perfect && trend != Trend::kStrong && TellsAHabit(doc_.sentence_begin[s], end))
        trend = Trend::kStrong;
    }
  }

  // Does a habit marker stand in tokens [b, e) ("in the past"; "before" only where it ends its
  // clause)? (Kept out of line, as the two checks below: the hot loop stays small.)
  [[gnu::noinline]] bool TellsAHabit(uint32_t b, uint32_t e) const {
    for (uint32_t t = b; t < e; ++t) {
      if (doc_.PhraseEnd(Word::kHabitMarker, t) != 0) return true;
      if (Is(Word::kHabitMarkerFinal, t) && (t + 1 == e || doc_.tokens[t + 1].is(text::kPunct)))
        return true;
    }
    return false;
  }

  bool IsEvent(const PhraseMatch& m) const {
    const TriggerEntry& te = k_.triggers[m.payload];
    // "regime-backed gunmen" is an actor, not a shooting (protest words are both the crowd and
    // the event; "U.S. strike" is a trigger that contains an actor; a weapon inside the actor's
    // name is still the event: "Israeli air strikes killed").
    if (int32_t ai = doc_.actor_at[m.first_token]; ai >= 0) {
      const ActorMention& a = doc_.actors[ai];
      const int inter = k_.actors[a.actor].inter;
      // (A weapon that ends the actor's name is its head: "Israeli strikes hit", "Turkish
      // drones struck".)
      bool weapon_head = m.end_token == a.e && te.type == EventType::kExplosions && !te.generic;
      if (inter != 6 && inter != 5 && m.end_token <= a.e && (te.generic || te.weight < 7) &&
          !weapon_head)
        return false;
    }
    // "unknown gunmen killed a young man": the verb is an event only after its agent.
    if (te.agentive &&
        (tokens_[m.first_token].is(kArabic) ? !HasAgentAfter(m.first_token, m.end_token)
                                            : !HasAgent(m.first_token)))
      return false;
    // "فجر فلان نفسه": a reflexive verb tells the act only with its reflexive object.
    if (te.reflexive && ReflexiveAt(m.end_token) == 0) return false;
    // "protesters blocked the road" is a protest; "12 protesters were killed" and "fired on
    // protesters" tell of one, and add to it.
    if (te.crowd) {
      // (Past the others it is counted with: "15 protesters and six policemen were injured".)
      uint32_t after = m.end_token;
      if (after < tokens_.size() && Is(Word::kAnd, after)) {
        uint32_t k = after + 1;
        while (k < tokens_.size() && k < after + 5 && !tokens_[k].is(kPunct) &&
               !Is(Word::kCrowdActedOnAfter, k))
          ++k;
        if (k < tokens_.size() && Is(Word::kCrowdActedOnAfter, k)) after = k;
      }
      bool acted_on = (after < tokens_.size() && Is(Word::kCrowdActedOnAfter, after)) ||
                      (m.first_token > 0 && Is(Word::kCrowdActedOnBefore, m.first_token - 1));
      if (acted_on) return false;
    }
    // "a vigilante-style attack", "an execution-style killing": the manner of another act.
    if (m.end_token + 1 < tokens_.size() && doc_.TokenText(m.end_token) == "-" &&
        !tokens_[m.end_token].is(kSpaceBefore) && Is(Word::kMannerSuffix, m.end_token + 1))
      return false;
    // "workers gathered in X, denouncing ...": a plain act is a protest by what it stands for.
    if (te.stance && !SentenceSays(Word::kStanceWord, m.first_token) && !BlocksARoad(m))
      return false;
    if (te.aerial && !AircraftBefore(m.first_token)) return false;
    if (te.base_object && !BaseAfter(m.end_token)) return false;
    // "March" in "On 5 March 2021" is a month, not a protest march.
    return !date_token_[m.first_token];
  }

  // "The army said it killed 12 militants", "police said on Monday they had arrested": a
  // pronoun subject right before the verb stands for the speaker of the verb of speech
  // before it; the speaker's actor mention, or -1.
  int32_t SpeakerOfPronoun(uint32_t before) const {
    if (before == 0 || !Is(Word::kSelfReference, before - 1)) return -1;
    const uint32_t sb = doc_.sentence_begin[doc_.SentenceOf(before - 1)];
    for (uint32_t k = before - 1; k > sb && before - k < 7; --k) {
      if (tokens_[k - 1].is(kPunct)) return -1;
      if (Is(Word::kSpeechVerb, k - 1)) return k >= 2 ? doc_.actor_at[k - 2] : -1;
    }
    return -1;
  }

  // The agent of a verb that needs one, right before it: "presumed ISGS militants killed"
  // (a plain noun after the name), "gunmen reportedly killed", "fighters (VDPs) killed";
  // across the place they were in ("Iraqi forces in Ghaydah in Kirkuk province killed"); the
  // subject of the sentence's first verb ("unknown gunmen entered the village ..., and killed
  // two people", "militiamen surrounded the mosque, killing a worshipper"). Civilians and
  // protesters are no agents.
  bool HasAgent(uint32_t first) const {
    const auto& actor_at = doc_.actor_at;
    uint32_t before = first;
    while (before > 0 && first - before < 3 && actor_at[before - 1] < 0 &&
           Is(Word::kAgentAdverb, before - 1))
      --before;
    // "gunmen on motorbikes seized": how the agent came, between it and its verb.
    for (uint32_t s = before >= 4 ? before - 4 : 0; s + 1 < before; ++s)
      if (doc_.PhraseEnd(Word::kAgentConveyance, s) == before) {
        before = s;
        break;
      }
    // (the actor a bracket names: "volunteer fighters (VDPs) killed")
    int32_t bracketed = -1;
    if (before > 1 && doc_.TokenText(before - 1) == ")") {
      uint32_t open = before - 1;
      while (open > 0 && before - open < 8 && doc_.TokenText(open) != "(") --open;
      if (doc_.TokenText(open) == "(") {
        for (uint32_t t = open + 1; t + 1 < before && bracketed < 0; ++t) bracketed = actor_at[t];
        before = open;
      }
    }
    uint32_t noun_end = before;
    while (before > 0 && noun_end - before < 2 && actor_at[before - 1] < 0 &&
           Is(Word::kAgentNoun, before - 1))
      --before;
    int32_t ai = before > 0 ? actor_at[before - 1] : -1;
    if (ai < 0) ai = bracketed;
    if (ai < 0) ai = SpeakerOfPronoun(before);
    if (ai < 0) {
      uint32_t t = before;
      while (t > 0 && before - t < 10 && actor_at[t - 1] < 0 &&
             (tokens_[t - 1].is(kCapitalized) || Is(Word::kPlaceOfAgent, t - 1)))
        --t;
      if (t < before && t > 0 && Is(Word::kInOrNear, t)) ai = actor_at[t - 1];
    }
    if (ai < 0 && before > 0 &&
        (Is(Word::kAnd, before - 1) ||
         (doc_.TokenText(before - 1) == "," && Is(Word::kParticipleOfResult, first)))) {
      uint32_t sb = doc_.sentence_begin[doc_.SentenceOf(before - 1)];
      for (uint32_t t = before - 1; t > sb && before - t < 25; --t) {
        int32_t cand = actor_at[t - 1];
        if (cand < 0) continue;
        int inter = k_.actors[doc_.actors[cand].actor].inter;
        bool first_of_sentence = cand == 0 || doc_.actors[cand - 1].b < sb;
        // (not the object of an earlier verb: "used it to kill many of our troops and seize")
        const uint32_t ab = doc_.actors[cand].b;
        bool object = ab > sb && Is(Word::kObjectLead, ab - 1);
        if (inter >= 1 && inter <= 4 && first_of_sentence && !object) ai = cand;
        break;
      }
    }
    if (ai < 0) return false;
    int inter = k_.actors[doc_.actors[ai].actor].inter;
    return inter != 7 && inter != 6;
  }

  // Arabic puts the verb first: "قتل مسلحون مجهولون سبعة مدنيين" (gunmen killed seven
  // civilians). The agent is an armed actor right after the verb ("قتل مسلحون من قوات الدعم
  // السريع": over "مسلحون من"); with a count first, the verb is passive ("قتل ثلاثة عناصر").
  bool HasAgentAfter(uint32_t first, uint32_t end) const {
    if (text::ArabicPluralVerb(doc_.LowerToken(end - 1))) return false;
    (void)first;
    while (end < tokens_.size() && doc_.actor_at[end] < 0 && Is(Word::kSubjectLead, end)) ++end;
    if (end >= tokens_.size()) return false;
    int32_t ai = doc_.actor_at[end];
    if (ai < 0) return false;
    int inter = k_.actors[doc_.actors[ai].actor].inter;
    return inter >= 1 && inter <= 4;
  }

  // The reflexive pronoun that a verb's object is ("نفسه": himself), at most a few words after
  // the verb (its subject may stand between, "فجر أحد عناصر التنظيم نفسه") and in the same
  // clause; 0 when there is none.
  uint32_t ReflexiveAt(uint32_t end) const {
    for (uint32_t t = end; t < tokens_.size() && t < end + 5; ++t) {
      if (Is(Word::kReflexivePronoun, t)) return t;
      if (tokens_[t].is(kPunct)) break;
    }
    return 0;
  }

  TriggerMention Read(const PhraseMatch& m) const {
    const uint32_t first = m.first_token;
    TriggerMention tm{first, m.end_token, m.payload};
    const TriggerEntry& te = k_.triggers[m.payload];
    if (te.reflexive) {
      const uint32_t pronoun = ReflexiveAt(m.end_token);
      for (uint32_t t = m.end_token; t < pronoun && tm.subject < 0; ++t)
        if (doc_.actor_at[t] >= 0 && doc_.actors[doc_.actor_at[t]].e <= pronoun)
          tm.subject = doc_.actor_at[t];
    }
    // Look back over one adjective: "the recent explosion", "an attempted detonation". Verb
    // forms ("The Houthis targeted") take no article; "its aerial bombardment" is possessive,
    // not a reference back.
    bool verb_form = m.end_token == first + 1 && doc_.EndsWith(Word::kVerbFormEnding, first, 3);
    for (uint32_t back = 1; back <= 2 && first >= back && !verb_form; ++back) {
      // ("bags that contained human remains": "that" is a relative pronoun before a verb.)
      if (back == 2 && Is(Word::kRelativeBeforeVerb, first - back) &&
          doc_.EndsWith(Word::kVerbFormEnding, first - 1, 3))
        break;
      // ("The police dispersed the crowd": the article is the subject's, before a verb.)
      if (back == 2 && doc_.actor_at[first - 1] >= 0 &&
          doc_.EndsWith(Word::kVerbFormEnding, first, 3))
        break;
      if (Is(Word::kDefiniteDeterminer, first - back))
        tm.definite = true;
      else if (Is(Word::kIndefiniteDeterminer, first - back))
        tm.indefinite = true;
      else
        continue;
      break;
    }
    std::string_view last = doc_.LowerToken(m.end_token - 1);
    // A plural trigger reports a trend only with a trend word in its sentence: "attacks of this
    // sort have been on the rise" (but "explosions rocked the city" is an event). Frequency
    // words make any trigger a trend: "has been attacked three times"; so does a count of
    // attacks ("174 attacks since January"; "two rockets", "several explosions" are one
    // incident's count, and so are "75 explosions" counted on one day; a count before a crowd
    // is its size: "hundreds of protesters").
    bool plural = te.plural && !last.empty() && last.back() == 's';
    const bool crowd = te.type == EventType::kProtests || te.type == EventType::kRiots;
    if (!last.empty() && last.back() == 's' && !crowd) {
      if (int32_t ni = doc_.number_end_at[first]; ni >= 0) {
        const auto& n = doc_.numbers[ni].n;
        bool small = n.value ? *n.value < 10 : Is(Word::kFewWord, first - 1);
        tm.negated_or_trend |= !n.is_year_like && !n.is_ordinal && !small && !OneDay(first);
      }
    }
    tm.instrument = IsInstrument(first);
    tm.disrupted = DisruptedJustBefore(first, te);
    tm.negated_or_trend |= IsNegated(first, m.end_token);
    // "Most attacks in the region are blamed on ...", "most of the killings": a share of all
    // such acts, not one.
    if (plural && !last.empty() && last.back() == 's') {
      uint32_t k = first;
      while (k > 0 && first - k < 2 && (Is(Word::kOf, k - 1) || Is(Word::kThe, k - 1))) --k;
      if (k > 0 && Is(Word::kShareOfAll, k - 1)) tm.negated_or_trend = true;
    }
    Trend trend = sentence_trend_[doc_.SentenceOf(first)];
    if (trend == Trend::kStrong ||
        (plural && (trend == Trend::kWeak || (trend == Trend::kLargeCount && !crowd))))
      tm.negated_or_trend = true;
    return tm;
  }

  // Is the sentence of token `t` dated to one day ("On 9 May, ... 75 explosions near X": the
  // count of one day's shelling, not a tally of months)?
  // (Not when the sentence counts "since" some day: "70 attacks since the war began on Oct. 7".)
  bool OneDay(uint32_t t) const {
    uint32_t s = doc_.SentenceOf(t);
    const uint32_t b = doc_.sentence_begin[s], e = doc_.sentence_begin[s + 1];
    for (uint32_t k = b; k < e; ++k)
      if (Is(Word::kSince, k)) return false;
    auto [db, de] = doc_.Range(doc_.dates, b, e);
    for (size_t di = db; di < de; ++di) {
      const auto& d = doc_.dates[di];
      if (d.d.precision == dates::Precision::kDay && !d.after_since && !d.report) return true;
    }
    return false;
  }

  // "gunmen armed with rifles and grenades", "carrying explosives": the weapons carried, not
  // how they attacked; "an operation backed by airstrikes", "under cover of shelling": support
  // of the main action, not an attack of its own.
  bool IsInstrument(uint32_t first) const {
    bool instrument = false;
    for (uint32_t back = 1; back <= 5 && first >= back + 1; ++back) {
      if (doc_.PhraseEnd(Word::kArmedWith, first - back - 1) == first - back + 1) instrument = true;
      if (Is(Word::kCarrying, first - back)) instrument = true;
    }
    if (first >= 2 && doc_.IsExact(Word::kBy, first - 1) &&
        doc_.IsExact(Word::kSupportVerb, first - 2))
      instrument = true;
    if (first >= 2 && doc_.IsExact(Word::kOf, first - 1) &&
        doc_.IsExact(Word::kSupportNoun, first - 2))
      instrument = true;
    return instrument;
  }

  // "defused an IS booby-trapped vehicle", "seized a cache of rockets": an explosive weapon
  // that a disruption verb acts on is the object of that disruption, not an attack of its
  // own ("thwarted an attack" stays an attack: an attack is no weapon).
  bool DisruptedJustBefore(uint32_t first, const TriggerEntry& weapon) const {
    if (doc_.triggers.empty() || weapon.type != EventType::kExplosions || weapon.generic)
      return false;
    const TriggerMention& prev = doc_.triggers.back();
    if (k_.triggers[prev.trigger].sub != SubEventType::kDisruptedWeaponsUse ||
        prev.negated_or_trend || prev.e > first || first - prev.e > 4)
      return false;
    return !PunctuationBetween(prev.e, first);
  }

  // "Russian jets also struck the outskirts", "a drone of unknown origin hit a car": an
  // aircraft named before the verb in its clause (no comma or other verb between).
  [[gnu::noinline]] bool AircraftBefore(uint32_t first) const {
    const uint32_t sb = doc_.sentence_begin[doc_.SentenceOf(first)];
    for (uint32_t t = first; t > sb && first - t <= 8; --t) {
      if (tokens_[t - 1].is(kPunct)) return false;
      if (Is(Word::kAircraft, t - 1)) return true;
    }
    return false;
  }

  // "set up a new military observation point": a base named within four words after the verb
  // (no punctuation between).
  [[gnu::noinline]] bool BaseAfter(uint32_t end) const {
    for (uint32_t t = end; t < tokens_.size() && t < end + 5; ++t) {
      if (tokens_[t].is(kPunct)) return false;
      if (Is(Word::kBaseNoun, t)) return true;
    }
    return false;
  }

  // "farmers blocked the Delhi-Amritsar highway for hours": people who block a road protest,
  // whatever they demand (state forces close roads: "police blocked the road" is none).
  [[gnu::noinline]] bool BlocksARoad(const PhraseMatch& m) const {
    if (!Is(Word::kRoadBlockVerb, m.first_token)) return false;
    // (Its object, not a road named after it: "the square was blocked and the road ...".)
    if (m.first_token > 0 && Is(Word::kPassiveAuxiliary, m.first_token - 1)) return false;
    bool road = false, convoy = false;
    for (uint32_t t = m.end_token; t < tokens_.size() && t < m.end_token + 5 && !road && !convoy;
         ++t) {
      if ((tokens_[t].is(kPunct) && doc_.TokenText(t) != "-") || Is(Word::kAnd, t)) break;
      road = Is(Word::kRoadWord, t);
      convoy = Is(Word::kConvoyWord, t);
    }
    if (!road && !convoy) return false;
    for (uint32_t t = m.first_token; t-- > 0 && m.first_token - t <= 6;) {
      if (tokens_[t].is(kPunct)) break;
      if (int32_t ai = doc_.actor_at[t]; ai >= 0) {
        const int inter = k_.actors[doc_.actors[ai].actor].inter;
        // ("Hundreds of young people blocked a military convoy": only a crowd protests by
        // stopping vehicles; armed men who do it ambush them.)
        return convoy ? inter >= 5 && inter <= 7 : inter != 1;
      }
    }
    return !convoy;
  }

  // Does a word or phrase of class `w` stand in the sentence of token `t`?
  bool SentenceSays(Word w, uint32_t t) const {
    const uint32_t s = doc_.SentenceOf(t);
    for (uint32_t k = doc_.sentence_begin[s]; k < doc_.sentence_begin[s + 1]; ++k)
      if (doc_.PhraseEnd(w, k) != 0) return true;
    return false;
  }

  // A comma, semicolon or full stop in tokens [b, e): the two sides are told apart.
  bool PunctuationBetween(uint32_t b, uint32_t e) const {
    for (uint32_t t = b; t < e; ++t)
      if (doc_.TokenText(t) == "," || doc_.TokenText(t) == ";" || doc_.TokenText(t) == ".")
        return true;
    return false;
  }

  // Negated or unreal: "prevented a major offensive", "threatened an attack", "no attack"; a
  // trigger coordinated with a negated one shares its negation ("reduced air strikes and
  // shelling"); a modal after the trigger makes it unreal too ("a lasting deal would need").
  bool IsNegated(uint32_t first, uint32_t end) const {
    for (uint32_t back = 1; back <= 3 && first >= back; ++back) {
      if (Is(Word::kNegation, first - back)) return true;
      if (doc_.TokenText(first - back) == "," || Is(Word::kAnd, first - back)) break;
    }
    if (first >= 1 && Is(Word::kAnd, first - 1) && !doc_.triggers.empty() &&
        doc_.triggers.back().e + 1 == first && doc_.triggers.back().negated_or_trend)
      return true;
    return end < tokens_.size() && Is(Word::kModal, end);
  }

  const Knowledge& k_;
  Document& doc_;
  const std::vector<Token>& tokens_;
  std::vector<Trend> sentence_trend_;
  std::vector<uint8_t> date_token_;
};

}  // namespace

void FindTriggers(const MentionResources& res, Document* doc) { TriggerReader(res, doc).Run(); }

}  // namespace sitrep::mentions
