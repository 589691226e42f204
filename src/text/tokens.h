// The one tokeniser: text is split once into word and punctuation tokens that every later
// stage (dates, numbers, mentions, places, events) reads. Offsets are bytes into the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/text.h"

namespace sitrep::text {

enum TokenFlag : uint16_t {
  kWord = 1,         // letters/digits
  kCapitalized = 2,  // first letter upper-case (Latin)
  kAllCaps = 4,      // every letter upper-case, at least two letters
  kDigit = 8,        // starts with a digit
  kPunct = 16,
  kArabic = 32,
  kSpaceBefore = 64,  // whitespace separates it from the previous token
  kNewlineBefore = 128,
  kHasUpper = 256,  // some ASCII letter is upper-case
};

struct Token {
  Span span;  // bytes into the document text
  uint16_t flags = 0;
  bool is(TokenFlag f) const { return flags & f; }
};

// Splits text into word and punctuation tokens. Hyphens, apostrophes and other
// punctuation are tokens of their own; "U.S." style initialisms stay one token.
void Tokenize(std::string_view text, std::vector<Token>* tokens);

// First token whose span starts at or after `byte`.
uint32_t TokenAtOrAfter(const std::vector<Token>& tokens, uint32_t byte);
// One past the last token that ends at or before `byte`.
uint32_t TokenEndAt(const std::vector<Token>& tokens, uint32_t byte);

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

}  // namespace sitrep::text
