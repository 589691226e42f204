// Tokens and the phrase matcher every dictionary lookup goes through. Text is scanned
// once into tokens; phrases (from data files) are matched on lower-cased token sequences
// with a hash lookup per token, so matching cost does not grow with dictionary size.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/status.h"
#include "util/text.h"

namespace sitrep::mentions {

enum TokenFlag : uint8_t {
  kWord = 1,         // letters/digits
  kCapitalized = 2,  // first letter upper-case (Latin)
  kAllCaps = 4,      // every letter upper-case, at least two letters
  kDigit = 8,        // starts with a digit
  kPunct = 16,
  kArabic = 32,
  kSpaceBefore = 64,  // whitespace separates it from the previous token
  kNewlineBefore = 128,
};

struct Token {
  Span span;  // bytes into the document text
  uint8_t flags = 0;
  bool is(TokenFlag f) const { return flags & f; }
};

// Splits text into word and punctuation tokens. Hyphens, apostrophes and other
// punctuation are tokens of their own; "U.S." style initialisms stay one token.
void Tokenize(std::string_view text, std::vector<Token>* tokens);

// Lower-cases ASCII letters; other bytes unchanged (same length, same offsets).
std::string LowerAscii(std::string_view text);

// Per-token hashes computed once per document and shared by every PhraseMatcher, so a
// matcher can reject most tokens with one bit test instead of a hash-table probe.
struct TokenKeys {
  std::vector<uint32_t> word;    // hash of the whole lower-cased token
  std::vector<uint32_t> prefix;  // hash of its first kStemKey bytes (0 when shorter)
};
inline constexpr size_t kStemKey = 4;
uint32_t KeyHash(std::string_view s);
void ComputeTokenKeys(std::string_view lower, const std::vector<Token>& tokens, TokenKeys* keys);

struct PhraseMatch {
  uint32_t first_token = 0;
  uint32_t end_token = 0;  // one past the last token
  uint32_t payload = 0;
};

// A dictionary of token phrases with integer payloads. A trailing "*" on the last word
// matches any ending. All-capital phrases (acronyms like "IS") match case-sensitively.
class PhraseMatcher {
 public:
  void Add(std::string_view phrase, uint32_t payload);
  // Longest matches, left to right, non-overlapping. `lower` is LowerAscii(text).
  void FindAll(std::string_view text, std::string_view lower, const std::vector<Token>& tokens,
               std::vector<PhraseMatch>* out) const;
  void FindAll(std::string_view text, std::string_view lower, const std::vector<Token>& tokens,
               const TokenKeys& keys, std::vector<PhraseMatch>* out) const;
  // The payloads of every phrase that matches exactly at `first` (all lengths), longest first.
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<std::string> words;  // lower-cased tokens
    std::string exact;               // original spelling when case-sensitive, else empty
    bool prefix_last = false;        // last word ends in "*"
    uint32_t payload = 0;
  };
  // `skip` bytes of the first token are a joined Arabic clitic ("ب" of "بقوات").
  bool MatchAt(const Entry& e, std::string_view text, std::string_view lower, size_t skip,
               const std::vector<Token>& tokens, uint32_t at, uint32_t* end) const;

  static constexpr uint32_t kBloomBits = 1u << 14;
  bool MayStart(uint32_t h) const { return bloom_first_[h & (kBloomBits - 1)]; }
  bool MayStem(uint32_t h) const { return bloom_stem_[h & (kBloomBits - 1)]; }

  std::deque<std::string> keys_;  // owns the map's key storage
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_first_;  // full first word
  // Stemmed single words ("bomb*"), keyed by their first kStemKey bytes; shorter stems
  // are few and checked one by one.
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_stem_;
  std::vector<uint32_t> short_stems_;
  std::vector<bool> bloom_first_ = std::vector<bool>(kBloomBits);
  std::vector<bool> bloom_stem_ = std::vector<bool>(kBloomBits);
  std::vector<Entry> entries_;
};

// Reads a TAB-separated data file: skips blank and '#' lines; calls `row` with the
// fields and the 1-based line number. A row callback error stops loading; the error
// names the file and line.
Status ForEachTsvRow(const std::string& path, size_t min_fields,
                     const std::function<Status(const std::vector<std::string_view>&, int)>& row);

}  // namespace sitrep::mentions
