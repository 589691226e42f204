// The one pass over a document's tokens that every dictionary goes through. All the words of
// all dictionaries (phrases of actors, agencies, triggers, casualty words, place cues,
// nationalities, and the word classes) share one Vocabulary: each token is looked up once, by
// the hash computed when it was tokenised, and gets a word id. One Lexicon holds the phrases
// of every dictionary (a "kind" each) over those ids and finds, in one left-to-right pass, the
// longest non-overlapping matches of each kind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/arabic.h"
#include "text/tokens.h"

namespace sitrep::text {

// Words in matching form (text/arabic.h MatchForm) and their ids (0: not a word of any
// dictionary).
class Vocabulary {
 public:
  Vocabulary();
  // The id of `word` (put in matching form), added when new.
  uint32_t InternWord(std::string_view word) { return Intern(MatchForm(word)); }
  // The id of `lower_word`, already in matching form, added when new.
  uint32_t Intern(std::string_view lower_word);
  // The id of `lower_word` (its KeyHash is `hash`), or 0.
  uint32_t Find(std::string_view lower_word, uint32_t hash) const;
  uint32_t Find(std::string_view lower_word) const { return Find(lower_word, KeyHash(lower_word)); }
  // Ids of every token of a text (`lower` its matching text, `keys` its token hashes). An
  // Arabic token that is no word gets the id of the first of its stems that is one
  // (ArabicStems: "والجيش" -> "الجيش", "الاشتباكات" -> "اشتباكات", "حزامه" -> "حزام"), and
  // kJoinedClitic when a conjunction or preposition was read off.
  void IdsOf(std::string_view lower, std::vector<Token>* tokens, const TokenKeys& keys,
             std::vector<uint32_t>* ids) const;
  size_t size() const { return offsets_.size() - 1; }  // including the empty word 0

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t id = 0;  // 0: empty slot
  };
  void Grow();
  std::string_view WordOf(uint32_t id) const {
    return std::string_view(bytes_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  // The words, end to end (one allocation, and Find's compare reads no string object):
  // word `id` is bytes_[offsets_[id], offsets_[id + 1]).
  std::string bytes_;
  std::vector<uint32_t> offsets_;
  std::vector<Slot> slots_;  // open addressing, power-of-two size
  // A bit per value of a hash's top 16 bits: most tokens that are no word skip the probe of
  // slots_ (too large for the L1 cache) after one bit test.
  static uint32_t FilterBit(uint32_t hash) { return hash >> 16; }
  bool MayContain(uint32_t hash) const {
    return filter_[FilterBit(hash) / 64] >> (FilterBit(hash) % 64) & 1;
  }
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(1024);
};

struct PhraseMatch {
  uint32_t first_token = 0;
  uint32_t end_token = 0;  // one past the last token
  uint32_t payload = 0;
};

// Phrases of several kinds with integer payloads. A trailing "*" on the last word matches any
// ending ("bomb*": bombs, bombing). All-capital phrases (acronyms like "IS") match
// case-sensitively. Words are compared in matching form; an Arabic word is also matched by
// its stems (Vocabulary::IdsOf): the first word of a phrase may carry a joined conjunction or
// preposition ("بقوات" for "قوات"), any word the article or a pronoun ("العبوة الناسفة" for
// "عبوة ناسفة").
class Lexicon {
 public:
  // The lexicon's vocabulary takes the words of its phrases and of any other word list that
  // should share the tokens' ids (WordClasses::Load).
  explicit Lexicon(size_t kinds = 0);
  const Vocabulary& vocabulary() const { return vocabulary_; }
  Vocabulary* mutable_vocabulary() { return &vocabulary_; }

  void Add(size_t kind, std::string_view phrase, uint32_t payload);
  size_t size(size_t kind) const { return counts_[kind]; }

  // For each kind, its longest matches, left to right, non-overlapping (out->at(kind)).
  // `ids` are the tokens' word ids (Vocabulary::IdsOf).
  void FindAll(std::string_view text, std::string_view lower, const std::vector<Token>& tokens,
               const TokenKeys& keys, const std::vector<uint32_t>& ids,
               std::vector<std::vector<PhraseMatch>>* out) const;

 private:
  struct Entry {
    std::vector<uint32_t> word_ids;  // ids of the lower-cased words
    std::string last_stem;           // the last word when it ends in "*" (matched as a prefix)
    // Original spelling without spaces when case-sensitive, else empty.
    std::string exact;
    uint32_t kind = 0;
    uint32_t payload = 0;
  };
  // Does entry `e` match at token `at`?
  bool MatchAt(const Entry& e, std::string_view text, std::string_view lower,
               const std::vector<Token>& tokens, const std::vector<uint32_t>& ids, uint32_t at,
               uint32_t* end) const;
  // An entry as the matcher first sees it: the kind and the second word are tested, and a
  // plain one-word entry matched, without reading the entry (a cache miss).
  struct EntryRef {
    uint32_t index = 0;
    uint32_t kind = 0;
    uint32_t payload = 0;
    uint32_t second = 0;  // id of the second word, 0 when the entry has no second whole word
    bool single = false;  // one whole word, any case: matches wherever its first word is
  };
  static EntryRef RefOf(const Entry& e, uint32_t index);
  // Entries whose first word is `id`, or nullptr; most words start none, and a bit says so
  // without reading the (much larger) lists.
  const std::vector<EntryRef>* ByFirst(uint32_t id) const {
    if (id / 64 >= has_first_.size() || !(has_first_[id / 64] >> (id % 64) & 1)) return nullptr;
    return &by_first_[id];
  }

  Vocabulary vocabulary_;
  std::vector<size_t> counts_;
  std::vector<Entry> entries_;
  std::vector<std::vector<EntryRef>> by_first_;  // first-word id -> entries, in Add order
  std::vector<uint64_t> has_first_;              // bit per word id: by_first_[id] not empty
  // Single stemmed words ("bomb*"), keyed by the hash of their first kStemKey bytes; shorter
  // stems are few and checked one by one.
  std::unordered_map<uint32_t, std::vector<EntryRef>> by_stem_;
  HashFilter stem_filter_;  // the keys of by_stem_: most words skip its probe
  std::vector<EntryRef> short_stems_;
  uint64_t short_stem_starts_[4] = {};  // bit per first byte of a short stem
  bool empty_short_stem_ = false;       // a stem of no bytes (it matches any token)
  bool StartsShortStem(unsigned char c) const { return short_stem_starts_[c / 64] >> (c % 64) & 1; }
};

}  // namespace sitrep::text
