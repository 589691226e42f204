// Stage 4, mentions: finds in the cleaned text every actor, news agency, event trigger,
// casualty word, number and date, as token ranges with their dictionary entries. Place
// names are found and geocoded by the next stage (src/places/), into the same Document.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dates/dates.h"
#include "geo/geo.h"
#include "mentions/knowledge.h"
#include "numbers/numbers.h"

namespace sitrep::mentions {

struct ActorMention {
  uint32_t b = 0, e = 0;  // token range
  uint32_t actor = 0;     // index into Knowledge::actors
  std::string country;    // from a nationality word in or before the mention, "" if none
  std::string name;       // for the "{name}" entry: the group's name as the text gives it
};

struct AgencyMention {
  uint32_t b = 0, e = 0;
  uint32_t agency = 0;
};

struct TriggerMention {
  uint32_t b = 0, e = 0;
  uint32_t trigger = 0;
  bool definite = false;          // "the explosion", "this attack": refers back to a known event
  bool indefinite = false;        // "an explosion": introduces a new one
  bool negated_or_trend = false;  // plural trend ("attacks have been on the rise")
  bool instrument = false;        // "armed with rifles and grenades": weapons carried
  bool disrupted = false;         // "defused a car bomb": the object of a disruption
  // Index into actors of the subject written between a reflexive verb and its pronoun
  // ("فجّر عنصر من داعش نفسه": a member of IS blew himself up), or -1.
  int32_t subject = -1;
};

struct CasualtyMention {
  uint32_t b = 0, e = 0;
  uint32_t entry = 0;
};

struct NumberMention {
  uint32_t b = 0, e = 0;
  numbers::NumberMention n;
};

struct DateMention {
  uint32_t b = 0, e = 0;
  dates::DateMention d;
  bool after_since = false;  // "since ... in August 2018"
  bool dateline = false;     // "DARAA, March 9, 2021 -": when the report was filed
  bool report = false;       // "reported on Wednesday that": when something was said
};

struct PlaceMention {
  uint32_t b = 0, e = 0;
  std::string written;        // the name as the text writes it
  bool province = false;      // "rural Daraa", "Daraa province", "Borno State"
  uint32_t kind = 0;          // the token that says what kind of province ("State"), or 0
  bool near = false;          // "near X", "between X and Y", "outskirts of X"
  bool hospital = false;      // where the wounded were taken
  bool locality_cue = false;  // "X town", "village of X"
  bool village_cue = false;   // "village of X", "X village": a village, not a city
  // A name the gazetteer lacks, written as the site of something ("clashes in Rashad"): the
  // location as written when the text gives nothing better.
  bool site = false;
  bool direction = false;           // "eastern X", "north-eastern X"
  bool dateline = false;            // "BEIRUT, LEBANON (7:00 A.M.) -": where the report was filed
  int container = -1;               // "X in the Y area", "Y's X": index of the place containing it
  std::optional<geo::Place> place;  // resolved, when the gazetteer knows it
  std::string note;                 // how its candidates were decided (--explain)
};

struct Document {
  std::string_view text;  // cleaned text
  std::string lower;      // LowerAscii(text), same offsets (dates, numbers)
  // The matching text of the lexicon (text/arabic.h FoldForMatching): same offsets; empty when
  // the text has no Arabic letter (then `lower` is it). Match() and MatchKeys() pick.
  std::string match;
  TokenKeys match_keys;
  std::vector<Token> tokens;
  TokenKeys token_keys;    // hashes of the tokens, for the lexicon
  bool tokenized = false;  // lower, tokens and token_keys are set (FillTokens)
  std::vector<std::vector<text::PhraseMatch>> phrases;  // lexicon matches, by PhraseKind
  std::vector<Span> sentences;                          // byte spans into text
  std::vector<uint32_t> sentence_begin;  // first token of each sentence; size = sentences+1
  // The sentence of each token, from sentence_begin (SentenceOf answers from it: the passes
  // ask for nearly every mention).
  std::vector<uint32_t> sentence_of;
  std::vector<ActorMention> actors;
  std::vector<AgencyMention> agencies;
  std::vector<TriggerMention> triggers;
  std::vector<CasualtyMention> casualties;
  std::vector<NumberMention> numbers;
  std::vector<DateMention> dates;
  std::vector<PlaceMention> places;
  std::string country;       // the article's country (ACLED spelling), "" if unknown
  std::string country_code;  // ISO2

  // Token-indexed lookups (-1 = none), built once by FindMentions so that no later step
  // needs to scan every mention for every token: cost stays linear in the text.
  std::vector<int32_t> actor_at, agency_at, date_at, number_at, number_end_at;

  // [first, last) indices of the mentions of `v` (sorted by .b) that start in tokens [b, e).
  template <class M>
  std::pair<size_t, size_t> Range(const std::vector<M>& v, uint32_t b, uint32_t e) const {
    auto lo =
        std::lower_bound(v.begin(), v.end(), b, [](const M& m, uint32_t x) { return m.b < x; });
    auto hi = std::lower_bound(lo, v.end(), e, [](const M& m, uint32_t x) { return m.b < x; });
    return {static_cast<size_t>(lo - v.begin()), static_cast<size_t>(hi - v.begin())};
  }
  int32_t At(const std::vector<int32_t>& index, uint32_t t) const {
    return t < index.size() ? index[t] : -1;
  }

  // Word classes (data/word_classes.tsv): is token `t` a word of class `w`? IsExact asks
  // the same of the token as written (no upper-case letters).
  const text::WordClasses* words = nullptr;
  std::vector<uint32_t> word_ids;  // per token
  bool Is(text::Word w, uint32_t t) const { return words->Has(word_ids[t], w); }
  bool IsExact(text::Word w, uint32_t t) const {
    return Is(w, t) && !tokens[t].is(text::kHasUpper);
  }
  // Does token `t` (lower-cased) end with an ending of class `w` and have more than
  // `min_size` bytes?
  bool EndsWith(text::Word w, uint32_t t, size_t min_size) const {
    std::string_view lower_token = LowerToken(t);
    return lower_token.size() > min_size && words->HasEnding(w, lower_token);
  }
  // End of a phrase of class `w` starting at token `t` (0 when none).
  uint32_t PhraseEnd(text::Word w, uint32_t t) const { return words->PhraseEnd(w, word_ids, t); }

  // The tokens as the dates and numbers stages read them.
  text::TokenView View() const { return {text, lower, tokens, token_keys.word}; }

  std::string_view TokenText(uint32_t i) const { return tokens[i].span.of(text); }
  // The token's matching form: lower-case, Arabic folded (text/arabic.h).
  std::string_view LowerToken(uint32_t i) const { return tokens[i].key(Match()); }
  std::string_view Match() const { return match.empty() ? std::string_view(lower) : match; }
  const TokenKeys& MatchKeys() const { return match.empty() ? token_keys : match_keys; }
  Span TokenSpan(uint32_t b, uint32_t e) const {
    return {tokens[b].span.begin, tokens[e - 1].span.end};
  }
  uint32_t SentenceOf(uint32_t token) const;
};

struct MentionResources {
  const Knowledge* knowledge = nullptr;
  const dates::DateWords* date_words = nullptr;
  const numbers::NumberWords* number_words = nullptr;
  const geo::Gazetteer* gazetteer = nullptr;  // may be null: places stay unresolved
};

// Parts of FindMentions, each filling its kind of mention (date_mentions.cc,
// trigger_mentions.cc); numbers, actors and agencies must be found before triggers.
void FindDateMentions(const MentionResources& res, const std::optional<dates::CivilDate>& published,
                      Document* doc);
void FindTriggers(const MentionResources& res, Document* doc);

// Tokenises doc->text once for every later reader: lower, tokens, token_keys. The pipeline
// calls it before FindMentions to infer a publication date from the same tokens.
void FillTokens(Document* doc);

// Fills `doc` (text and sentences must be set) with every mention kind; tokenises it first
// unless FillTokens already has.
void FindMentions(const MentionResources& res, const std::optional<dates::CivilDate>& published,
                  Document* doc);

}  // namespace sitrep::mentions
