// The one tokeniser: text is split once into word and punctuation tokens that every later
// stage (dates, numbers, mentions, places, events) reads. Offsets are bytes into the text.
#pragma once

#include <cstdint>
#include <span>
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
  // Its word id is that of its stem after a joined conjunction or preposition ("والجيش" ->
  // "الجيش"): it may start a phrase, not continue one (text/arabic.h).
  kJoinedClitic = 512,
  // Its last letter is ta marbuta "ة" (folded to "ه" for matching, text/arabic.h): that "ه"
  // is no attached pronoun ("مجهولة" is not "مجهول" + "ه").
  kFinalTaMarbuta = 1024,
};

struct Token {
  Span span;  // bytes into the document text
  uint16_t flags = 0;
  // Bytes at the end of the span that the matching form dropped (Arabic marks; see
  // text/arabic.h FoldForMatching): the key is the span less its last key_trim bytes.
  uint16_t key_trim = 0;
  bool is(TokenFlag f) const { return flags & f; }
  // The token's matching form, as a view of the document's matching text.
  std::string_view key(std::string_view match_text) const {
    return match_text.substr(span.begin, span.size() - key_trim);
  }
};
static_assert(sizeof(Token) == 12, "key_trim fits in the padding: tokens stay 12 bytes");

// Splits text into word and punctuation tokens. A word is a run of ASCII letters and digits
// and of other valid UTF-8 characters but a few punctuation marks (Arabic comma, guillemets,
// U+2000..U+203F); hyphens, apostrophes, other punctuation and bytes that are not valid
// UTF-8 are tokens of their own. A number stays one token across commas and points between
// digits ("1,200", "3.5", "1,000th"); "U.S." style initialisms stay one token.
void Tokenize(std::string_view text, std::vector<Token>* tokens);
struct TokenKeys;
// Same, with each token's keys as ComputeTokenKeys(LowerAscii(text), tokens) gives them,
// hashed as the bytes are read.
void Tokenize(std::string_view text, std::vector<Token>* tokens, TokenKeys* keys);

// First token whose span starts at or after `byte`.
uint32_t TokenAtOrAfter(const std::vector<Token>& tokens, uint32_t byte);
// One past the last token that ends at or before `byte`.
uint32_t TokenEndAt(const std::vector<Token>& tokens, uint32_t byte);

// TokenAtOrAfter and TokenEndAt for byte spans that come in text order (sentences, numbers,
// dates): a search goes on from where the last one stopped, so a document's spans cost one walk
// over its tokens, not two binary searches each (their branches mispredict). A byte before
// the last one is searched for as the functions do: the answers are always theirs.
class TokenCursor {
 public:
  explicit TokenCursor(const std::vector<Token>& tokens) : tokens_(tokens) {}
  uint32_t AtOrAfter(uint32_t byte) {
    if (at_ > 0 && tokens_[at_ - 1].span.begin >= byte) return at_ = TokenAtOrAfter(tokens_, byte);
    while (at_ < tokens_.size() && tokens_[at_].span.begin < byte) ++at_;
    return at_;
  }
  uint32_t EndAt(uint32_t byte) const {
    uint32_t end = at_;
    if (end > 0 && tokens_[end - 1].span.end > byte) return TokenEndAt(tokens_, byte);
    while (end < tokens_.size() && tokens_[end].span.end <= byte) ++end;
    return end;
  }

 private:
  const std::vector<Token>& tokens_;
  uint32_t at_ = 0;  // the last answer of AtOrAfter
};

// Lower-cases ASCII letters; other bytes unchanged (same length, same offsets). (A document's
// matching text is made by FoldForMatching, text/arabic.h, which also folds Arabic.)
std::string LowerAscii(std::string_view text);
// Same, into `out` (its capacity is reused).
void LowerAscii(std::string_view text, std::string* out);

// Per-token hashes computed once per document and shared by every PhraseMatcher, so a
// matcher can reject most tokens with one bit test instead of a hash-table probe.
struct TokenKeys {
  std::vector<uint32_t> word;    // hash of the whole lower-cased token
  std::vector<uint32_t> prefix;  // hash of its first kStemKey bytes (0 when shorter)
};
inline constexpr size_t kStemKey = 4;
uint32_t KeyHash(std::string_view s);
// `lower` is the matching text (FoldForMatching); the hashes are of each token's key.
void ComputeTokenKeys(std::string_view lower, const std::vector<Token>& tokens, TokenKeys* keys);

// A set of token hashes that answers "surely not one of these words" with one bit test, so a
// reader with a small vocabulary skips most tokens without probing its table.
class HashFilter {
 public:
  void Add(uint32_t hash) { bits_[(hash >> 6) & 63] |= uint64_t{1} << (hash & 63); }
  bool MayContain(uint32_t hash) const { return bits_[(hash >> 6) & 63] >> (hash & 63) & 1; }

 private:
  uint64_t bits_[64] = {};
};

// A tokenised text as the stages that read tokens see it: the text, its LowerAscii copy (same
// offsets), its tokens and their hashes (TokenKeys::word). `tokens` may be a part of a
// document's (InferPublished reads the dateline's tokens apart); spans stay bytes into `text`.
struct TokenView {
  std::string_view text;
  std::string_view lower;
  std::span<const Token> tokens;
  std::span<const uint32_t> hashes;  // KeyHash of each token's lower-cased text

  size_t size() const { return tokens.size(); }
  // Tokens [b, e) of this view.
  TokenView Slice(size_t b, size_t e) const {
    return {text, lower, tokens.subspan(b, e - b), hashes.subspan(b, e - b)};
  }
};

// A text tokenised on its own, for callers that have no document (short texts, tests).
// Keeps a view of `text`, which must outlive it.
class TokenizedText {
 public:
  explicit TokenizedText(std::string_view text);
  TokenizedText(const TokenizedText&) = delete;
  TokenizedText& operator=(const TokenizedText&) = delete;
  TokenView view() const { return {text_, lower_, tokens_, hashes_}; }

 private:
  std::string_view text_;
  std::string lower_;
  std::vector<Token> tokens_;
  std::vector<uint32_t> hashes_;
};

// A number written in digits, read from one token: "10", "1,200", "3.5", "5th", "٣٥".
struct NumberLiteral {
  int64_t value = 0;     // the integer part, capped at kNumberLiteralCap
  double real = 0;       // the value with its decimals
  uint8_t digits = 0;    // digits of the integer part, group separators excluded (at most 255)
  bool grouped = false;  // "1,200"
  bool decimal = false;  // "3.5"
  bool ordinal = false;  // "5th"
};
inline constexpr int64_t kNumberLiteralCap = 20000000000;

// Reads the whole of `token` as a number literal: digits (ASCII, Arabic-Indic or Extended
// Arabic-Indic), thousands groups of exactly three digits (",200"), decimals (".5") and an
// English ordinal suffix (st, nd, rd, th), in that order. False when anything else is in the
// token ("10am", "G7", "1,2", "4,2019", "٢٨تموز").
bool ReadNumberLiteral(std::string_view token, NumberLiteral* out);
// Value of the digit that starts `s` and its byte length; -1 when `s` starts with none.
int LeadingDigit(std::string_view s, int* len);

}  // namespace sitrep::text
