// The phrase matcher every dictionary lookup goes through: phrases (from data files) are
// matched on lower-cased token sequences with a hash lookup per token, so matching cost does
// not grow with dictionary size.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/tokens.h"

namespace sitrep::text {

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

}  // namespace sitrep::text
