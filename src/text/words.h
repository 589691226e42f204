// Word classes: the closed sets of words that rules test tokens against ("a verb that makes
// what follows a target", "a word that says a date is when something was reported"). The
// classes are named here (the contract the rules are written against); their words live in
// data/word_classes.tsv (class, language, word) and are checked at load: a row naming an
// unknown class is an error that names the file and line. Adding a language or a word is
// a data change; adding a class is a rule change.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/status.h"
#include "text/lexicon.h"
#include "text/tokens.h"

namespace sitrep::text {

// X(enumerator, name in data/word_classes.tsv). Keep the names stable: data files use them.
#define SITREP_WORD_CLASSES(X)                                    \
  X(kNone, "none")                                                \
  X(kArticleBeforeCountry, "article_before_country")              \
  X(kCountryTakingArticle, "country_taking_article")              \
  X(kCountryPrefixTakingArticle, "country_prefix_taking_article") \
  X(kArrestVerb, "arrest_verb")                                   \
  X(kArrestLead, "arrest_lead")                                   \
  X(kCauseMarker, "cause_marker")                                 \
  X(kRelativePronoun, "relative_pronoun")                         \
  X(kPersonRelative, "person_relative")                           \
  X(kDemandWord, "demand_word")                                   \
  X(kCrowdWord, "crowd_word")                                     \
  X(kArrestObject, "arrest_object")                               \
  X(kSourceContinues, "source_continues")                         \
  X(kNameJoiner, "name_joiner")                                   \
  X(kInstrumentMarker, "instrument_marker")                       \
  X(kCoordinator, "coordinator")                                  \
  X(kBesideMarker, "beside_marker")                               \
  X(kBeforeOrAfter, "before_or_after")                            \
  X(kAfterWord, "after_word")                                     \
  X(kIntervalHours, "interval_hours")                             \
  X(kIntervalDays, "interval_days")                               \
  X(kIntervalWeeks, "interval_weeks")                             \
  X(kIntervalMonths, "interval_months")                           \
  X(kBackThen, "back_then")                                       \
  X(kAlsoWord, "also_word")                                       \
  X(kSameTimeLink, "same_time_link")                              \
  X(kResponseTo, "response_to")                                   \
  X(kSameDayAnaphor, "same_day_anaphor")                          \
  X(kSeparateIncident, "separate_incident")                       \
  X(kClaimVerb, "claim_verb")                                     \
  X(kBlameVerb, "blame_verb")                                     \
  X(kBlameWord, "blame_word")                                     \
  X(kChargeMarker, "charge_marker")                               \
  X(kAccordingTo, "according_to")                                 \
  X(kSourceNoun, "source_noun")                                   \
  X(kSpeechVerb, "speech_verb")                                   \
  X(kAddresseeVerb, "addressee_verb")                             \
  X(kSelfReference, "self_reference")                             \
  X(kAgentModifier, "agent_modifier")                             \
  X(kBy, "by")                                                    \
  X(kViolentVerbAfterSubject, "violent_verb_after_subject")       \
  X(kBetween, "between")                                          \
  X(kFightWith, "fight_with")                                     \
  X(kAnnounceVerb, "announce_verb")                               \
  X(kSelfPronoun, "self_pronoun")                                 \
  X(kClaimKillVerb, "claim_kill_verb")                            \
  X(kResponsibility, "responsibility")                            \
  X(kThe, "the")                                                  \
  X(kKilling, "killing")                                          \
  X(kAffiliationWord, "affiliation_word")                         \
  X(kPatientLead, "patient_lead")                                 \
  X(kOf, "of")                                                    \
  X(kDiscoveryVerb, "discovery_verb")                             \
  X(kBodyWord, "body_word")                                       \
  X(kMemberOf, "member_of")                                       \
  X(kForceMember, "force_member")                                 \
  X(kPartitiveHead, "partitive_head")                             \
  X(kPatientGovernor, "patient_governor")                         \
  X(kPastParticipleEnding, "past_participle_ending")              \
  X(kDead, "dead")                                                \
  X(kAfterHeadlinePassive, "after_headline_passive")              \
  X(kSubjectToCasualtyGap, "subject_to_casualty_gap")             \
  X(kPassiveAuxiliary, "passive_auxiliary")                       \
  X(kTargetMarker, "target_marker")                               \
  X(kWasWere, "was_were")                                         \
  X(kPassiveAdverb, "passive_adverb")                             \
  X(kVictimParticiple, "victim_participle")                       \
  X(kToll, "toll")                                                \
  X(kAlso, "also")                                                \
  X(kOtherMore, "other_more")                                     \
  X(kOnePersonPronoun, "one_person_pronoun")                      \
  X(kPersonNoun, "person_noun")                                   \
  X(kPossessiveDeterminer, "possessive_determiner")               \
  X(kPersonAdjective, "person_adjective")                         \
  X(kSingularDeterminer, "singular_determiner")                   \
  X(kIndefiniteArticle, "indefinite_article")                     \
  X(kCountGap, "count_gap")                                       \
  X(kCountListEnd, "count_list_end")                              \
  X(kAnd, "and")                                                  \
  X(kIncluding, "including")                                      \
  X(kCountBlocker, "count_blocker")                               \
  X(kWas, "was")                                                  \
  X(kCasualtyWord, "casualty_word")                               \
  X(kThem, "them")                                                \
  X(kIn, "in")                                                    \
  X(kUnidentifiedActor, "unidentified_actor")                     \
  X(kHoursOrMinutes, "hours_or_minutes")                          \
  X(kRelativeTimeWord, "relative_time_word")                      \
  X(kCivilianObject, "civilian_object")                           \
  X(kObjectDeterminer, "object_determiner")                       \
  X(kBothWays, "both_ways")                                       \
  X(kAircraft, "aircraft")                                        \
  X(kMeleeWeapon, "melee_weapon")                                 \
  X(kFirearmWord, "firearm_word")                                 \
  X(kCountryArticle, "country_article")                           \
  X(kRoadWord, "road_word")                                       \
  X(kConvoyWord, "convoy_word")                                   \
  X(kPlaceAnaphor, "place_anaphor")                               \
  X(kPlaceListJoiner, "place_list_joiner")                        \
  X(kCivilianPersonHead, "civilian_person_head")                  \
  X(kArmedTargetWord, "armed_target_word")                        \
  X(kArmedPeople, "armed_people")                                 \
  X(kUnarmedPeople, "unarmed_people")                             \
  X(kNoLongerServing, "no_longer_serving")                        \
  X(kDefectedFrom, "defected_from")                               \
  X(kBaseNoun, "base_noun")                                       \
  X(kRoadBlockVerb, "road_block_verb")                            \
  X(kStanceWord, "stance_word")                                   \
  X(kMannerSuffix, "manner_suffix")                               \
  X(kAimedAt, "aimed_at")                                         \
  X(kAreaTarget, "area_target")                                   \
  X(kNamedAfterDate, "named_after_date")                          \
  X(kExplosionQualifier, "explosion_qualifier")                   \
  X(kSmallArms, "small_arms")                                     \
  X(kSurroundings, "surroundings")                                \
  X(kCampaignNoun, "campaign_noun")                               \
  X(kOperationNoun, "operation_noun")                             \
  X(kCasualtyVerb, "casualty_verb")                               \
  X(kFacility, "facility")                                        \
  X(kNamingPhrase, "naming_phrase")                               \
  X(kSitePreposition, "site_preposition")                         \
  X(kPlaceNameParticle, "place_name_particle")                    \
  X(kNameParticle, "name_particle")                               \
  X(kGroupNoun, "group_noun")                                     \
  X(kForceWeapon, "force_weapon")                                 \
  X(kOperatedBy, "operated_by")                                   \
  X(kGroupAnaphorHead, "group_anaphor_head")                      \
  X(kGroupAnaphorModifier, "group_anaphor_modifier")              \
  X(kVenueNoun, "venue_noun")                                     \
  X(kVenueModifier, "venue_modifier")                             \
  X(kVenuePreposition, "venue_preposition")                       \
  X(kAttackOnVenue, "attack_on_venue")                            \
  X(kAgencyWord, "agency_word")                                   \
  X(kSidePrefix, "side_prefix")                                   \
  X(kThat, "that")                                                \
  X(kReportVerbAfterDate, "report_verb_after_date")               \
  X(kReportWordBeforeDate, "report_word_before_date")             \
  X(kReportDateGap, "report_date_gap")                            \
  X(kSince, "since")                                              \
  X(kFrequencyWord, "frequency_word")                             \
  X(kHabitMarker, "habit_marker")                                 \
  X(kHabitMarkerFinal, "habit_marker_final")                      \
  X(kPerfectAuxiliary, "perfect_auxiliary")                       \
  X(kTrendWord, "trend_word")                                     \
  X(kShareOfAll, "share_of_all")                                  \
  X(kLargeCountWord, "large_count_word")                          \
  X(kFewWord, "few_word")                                         \
  X(kAgentAdverb, "agent_adverb")                                 \
  X(kParticipleOfResult, "participle_of_result")                  \
  X(kAttemptWord, "attempt_word")                                 \
  X(kObjectLead, "object_lead")                                   \
  X(kAgentConveyance, "agent_conveyance")                         \
  X(kAgentNoun, "agent_noun")                                     \
  X(kPlaceOfAgent, "place_of_agent")                              \
  X(kInOrNear, "in_or_near")                                      \
  X(kCrowdActedOnAfter, "crowd_acted_on_after")                   \
  X(kCrowdActedOnBefore, "crowd_acted_on_before")                 \
  X(kVerbFormEnding, "verb_form_ending")                          \
  X(kPresentParticipleEnding, "present_participle_ending")        \
  X(kRelativeBeforeVerb, "relative_before_verb")                  \
  X(kDefiniteDeterminer, "definite_determiner")                   \
  X(kIndefiniteDeterminer, "indefinite_determiner")               \
  X(kArmedWith, "armed_with")                                     \
  X(kCarrying, "carrying")                                        \
  X(kSupportVerb, "support_verb")                                 \
  X(kSupportNoun, "support_noun")                                 \
  X(kNegation, "negation")                                        \
  X(kModal, "modal")                                              \
  X(kSubjectLead, "subject_lead")                                 \
  X(kAftermathMarker, "aftermath_marker")                         \
  X(kVerbBeforeSubject, "verb_before_subject")                    \
  X(kReflexivePronoun, "reflexive_pronoun")                       \
  X(kCountryAbbreviation, "country_abbreviation")                 \
  X(kNeighbourhoodWord, "neighbourhood_word")                     \
  X(kPlaceNameConnector, "place_name_connector")                  \
  X(kDirectionWord, "direction_word")                             \
  X(kNameLeadWord, "name_lead_word")                              \
  X(kProvinceSuffix, "province_suffix")                           \
  X(kLocalitySuffix, "locality_suffix")                           \
  X(kHospitalSuffix, "hospital_suffix")                           \
  X(kSettlementWord, "settlement_word")                           \
  X(kContainerKindWord, "container_kind_word")                    \
  X(kPlacePreposition, "place_preposition")                       \
  X(kArabicNameStop, "arabic_name_stop")

enum class Word : uint16_t {
#define SITREP_WORD_ENUM(e, name) e,
  SITREP_WORD_CLASSES(SITREP_WORD_ENUM)
#undef SITREP_WORD_ENUM
      kCount
};
inline constexpr size_t kWordClassCount = static_cast<size_t>(Word::kCount);

// The class's name as data/word_classes.tsv writes it.
std::string_view WordClassName(Word w);

// A class whose entries a rule compares with the text as written (Entries), not through the
// tokens' ids: its words get no vocabulary id, since a new word would change which stem other
// Arabic tokens resolve to (Vocabulary::IdsOf).
constexpr bool ComparedAsWritten(Word w) { return w == Word::kArabicNameStop; }

class WordClasses {
 public:
  // Reads data/word_classes.tsv: "class<TAB>lang<TAB>words", the words lower-case and
  // |-separated; an entry of several tokens ("oil field") is a phrase of the class, and one
  // written with a leading hyphen ("-ing") a word ending.
  // The words get their ids from `vocabulary` (shared with the other dictionaries, so that a
  // document's tokens are looked up once).
  static Result<WordClasses> Load(const std::string& path, Vocabulary* vocabulary);

  // Is the word of id `id` (Vocabulary) in class `w`?
  bool Has(uint32_t id, Word w) const {
    return id < classes_.size() && classes_[id].in.test(static_cast<size_t>(w));
  }

  // End of a phrase of class `w` starting at token `at` (ids from IdsOf), or 0 when none.
  // Single words of the class count as one-token phrases.
  uint32_t PhraseEnd(Word w, const std::vector<uint32_t>& ids, uint32_t at) const {
    if (at >= ids.size() || ids[at] >= classes_.size()) return 0;
    const WordBits& bits = classes_[ids[at]];
    const auto c = static_cast<size_t>(w);
    if (!bits.starts.test(c)) return bits.in.test(c) ? at + 1 : 0;
    return LongestPhraseEnd(w, ids, at);
  }

  // Does `lower_token` end with one of the endings of class `w` (entries written "-ed")?
  bool HasEnding(Word w, std::string_view lower_token) const {
    for (const auto& e : endings_[static_cast<size_t>(w)])
      if (lower_token.size() >= e.size() && lower_token.substr(lower_token.size() - e.size()) == e)
        return true;
    return false;
  }

  // The entries of class `w` as data/word_classes.tsv writes them, in file order.
  const std::vector<std::string>& Entries(Word w) const { return entries_[static_cast<size_t>(w)]; }

 private:
  // By word id: its classes, and the classes with a phrase that starts with it (PhraseEnd
  // walks a class's phrases only at such a token: most tokens start none). Side by side,
  // so that PhraseEnd reads one cache line per token.
  struct WordBits {
    std::bitset<kWordClassCount> in, starts;
  };
  std::vector<WordBits> classes_;
  // PhraseEnd at a token that starts a phrase of class `w`.
  uint32_t LongestPhraseEnd(Word w, const std::vector<uint32_t>& ids, uint32_t at) const;
  // Phrases per class, as sequences of word ids (every word of a phrase gets an id).
  std::vector<std::vector<std::vector<uint32_t>>> phrases_ =
      std::vector<std::vector<std::vector<uint32_t>>>(kWordClassCount);
  std::vector<std::vector<std::string>> endings_ =
      std::vector<std::vector<std::string>>(kWordClassCount);
  std::vector<std::vector<std::string>> entries_ =
      std::vector<std::vector<std::string>>(kWordClassCount);
};

}  // namespace sitrep::text
