// The dictionaries that mention finding runs on: actors, news agencies, event triggers,
// casualty words, place cues, nationality words and place stop-words. All loaded from
// data/ files (see docs/data-files.md); immutable after Load, shared between threads.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mentions/taxonomy.h"
#include "sitrep/status.h"
#include "text/lexicon.h"
#include "text/tokens.h"
#include "text/words.h"
#include "util/tsv.h"

namespace sitrep::mentions {

// The token machinery comes from the text stage; mentions code names it unqualified.
using text::ComputeTokenKeys;
using text::kAllCaps;
using text::kArabic;
using text::kCapitalized;
using text::kDigit;
using text::kNewlineBefore;
using text::kPunct;
using text::kSpaceBefore;
using text::kWord;
using text::LowerAscii;
using text::PhraseMatch;
using text::Token;
using text::TokenFlag;
using text::Tokenize;
using text::TokenKeys;
using text::Word;

struct ActorEntry {
  std::string canonical;  // may contain "{country}"
  int inter = 0;
  std::string unit;  // associated unit recorded with this alias ("5th Legion")
  std::string home;  // the one country a named group fights in ("Al Shabaab": Somalia), or ""
};

struct AgencyEntry {
  std::string name;
  std::string affiliation;    // actor the agency speaks for, "" when independent
  int affiliation_inter = 0;  // that actor's ACLED actor type
  // "opposition media", "local sources": a kind of source, not a named one; its figures are
  // its claim, but it is not listed among the event's sources.
  bool unnamed = false;
  // The one country the source reports on ("SOHR": Syria), "" for most: citing it votes for
  // that country.
  std::string country;
};

struct TriggerEntry {
  EventType type = EventType::kBattles;
  SubEventType sub = SubEventType::kArmedClash;
  int weight = 1;
  bool generic = false;        // type decided by the target
  bool attempt = false;        // a failed or foiled attack
  bool plural = false;         // plural trend word
  bool territory = false;      // change of territorial control
  bool casualty = false;       // only says people died ("were killed"): carries a toll, not a kind
  bool agentive = false;       // counts only right after an actor ("gunmen killed")
  bool defence = false;        // the subject fends off the attack ("repelled"): attackers act
  bool lethal = false;         // tells of a death even with no count ("assassinated")
  bool reflexive = false;      // a verb that tells the act only with a reflexive object, its
                               // subject maybe between ("فجّر الانتحاري نفسه")
  bool crowd = false;          // a crowd that acts ("protesters blocked"), not one acted on
  bool crowd_control = false;  // a crowd-control weapon ("tear gas"): tells of a protest
                               // only when a crowd is told; otherwise force on its target
  bool stance = false;       // a plain act ("gathered"): an event only when its sentence says what
                             // the people demand or denounce (word class stance_word)
  bool aerial = false;       // a plain verb ("struck", "hit"): an event only when an aircraft
                             // (word class aircraft) is named before it in its clause
  bool base_object = false;  // a plain verb ("established"): an event only when its object
                             // is a base (word class base_noun): "set up a new military point"
};

enum class CasualtyKind { kKilled, kInjured, kAbducted };

struct CasualtyEntry {
  CasualtyKind kind = CasualtyKind::kKilled;
  bool count_before = true;
  bool count_after = true;
};

// kSite: a word after which a place may follow, in a script without capitals (Arabic "في",
// "قرب"): the words after it are a place only when the gazetteer knows them.
// (kVillage: a locality the text calls a village, "the village of X", "X village".)
enum class CueRole { kLocality, kVillage, kProvince, kNear, kHospital, kPerson, kNotPlace, kSite };

struct CueEntry {
  bool before = false;  // the cue stands before the name
  CueRole role = CueRole::kLocality;
};

// "Military Forces of Nigeria" -> "Nigeria", "... of the Philippines" -> "Philippines"; ""
// for names that carry no country or a "{country}" slot.
std::string_view CountryOfActor(std::string_view canonical);

// The dictionaries of the one lexicon pass (Knowledge::lexicon), each a kind of phrase.
enum PhraseKind : size_t {
  kNationalityPhrase,  // payload: index into Knowledge::countries
  kAgencyPhrase,       // payload: index into agencies
  kActorPhrase,        // payload: index into actors (the first entry that lists the alias)
  kTriggerPhrase,      // payload: index into triggers
  kCasualtyPhrase,     // payload: index into casualties
  kCuePhrase,          // payload: index into cues
  kPhraseKinds
};

class Knowledge {
 public:
  // Loads every dictionary from `data_dir`; the error names the file and line.
  static Result<Knowledge> Load(const std::string& data_dir);

  std::vector<ActorEntry> actors;
  // Aliases listed by several entries ("NAF": the Nigerian Air Force, and the separatist
  // forces in Donbas), lower-case -> every entry in file order: the article's country decides.
  struct AliasHash {  // (found by a view of a lower-cased alias: no string per lookup)
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<uint32_t>, AliasHash, std::equal_to<>>
      shared_actor_aliases;
  std::vector<bool> actor_has_shared_alias;  // index = actor: a cheap test before the lookup
  // Every entry that lists `alias` (as written) when actor `id` shares it with another
  // entry; null for the usual alias of one entry.
  const std::vector<uint32_t>* SharedAliasOwners(uint32_t id, std::string_view alias) const;
  // The actor `id` as written at `alias`, re-read in an article about `country`.
  uint32_t ResolveActor(uint32_t id, std::string_view alias, std::string_view country) const;
  // Every phrase of every dictionary below, and the vocabulary the word classes share.
  text::Lexicon lexicon{kPhraseKinds};
  Taxonomy taxonomy;        // data/taxonomy.tsv
  text::WordClasses words;  // data/word_classes.tsv
  // The entry of a group the dictionary does not know but the text names ("a group calling
  // itself the Martyrs Brigade"): actors.tsv's "{name}" row; -1 when there is none.
  int named_group = -1;
  // The entry "Military Forces of {country}": a nationality before a weapon names it
  // ("a Russian missile"), or -1.
  int national_military = -1;
  // The vocabulary id of "the" (a plain compare where a scan visits every token), or 0.
  uint32_t the_id = 0;
  // The name of a crowd of actor type `inter` (5 rioters, 6 protesters, 7 civilians), or of
  // the unidentified armed group (3) ACLED names when the perpetrator is unknown: the first
  // actors.tsv entry of that type written "Name ({country})", without the slot.
  const std::string& CrowdName(int inter) const { return crowd_names_[inter]; }
  std::string crowd_names_[9];
  std::vector<AgencyEntry> agencies;
  std::vector<std::string> agency_aliases_lower;  // single-word aliases, for "Amaag Agency"
  std::vector<uint32_t> agency_alias_owner;
  std::vector<TriggerEntry> triggers;
  std::vector<CasualtyEntry> casualties;
  std::vector<CueEntry> cues;
  std::vector<std::string> countries;  // index = nationality payload
  // data/province_kinds.tsv: a word of class province_suffix ("state") -> the ISO codes of
  // the countries whose first-level divisions the news calls so.
  std::unordered_map<std::string, std::vector<std::string>> countries_by_province_kind;
  std::unordered_set<std::string_view> place_stopwords;  // lower-case, views into storage
  std::deque<std::string> place_stopword_storage;
};

}  // namespace sitrep::mentions
