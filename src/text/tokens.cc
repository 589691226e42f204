#include "text/tokens.h"

#include <algorithm>
#include <array>

#include "util/utf8.h"

namespace sitrep::text {
namespace {

// ASCII letters and digits (c < 0x80).
constexpr auto kAsciiWord = [] {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return t;
}();
inline bool IsAsciiWordByte(unsigned char c) { return kAsciiWord[c]; }

// KeyHash is 32-bit FNV-1a.
constexpr uint32_t kKeyHashSeed = 2166136261u;
constexpr uint32_t kKeyHashPrime = 16777619u;

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Arabic letters live in U+0600..U+06FF (lead bytes 0xD8..0xDB).
bool StartsArabic(std::string_view s) {
  return !s.empty() && static_cast<unsigned char>(s[0]) >= 0xD8 &&
         static_cast<unsigned char>(s[0]) <= 0xDB;
}

// Non-letter punctuation that is encoded in more than one byte (e.g. Arabic comma U+060C,
// guillemets) must not glue words together.
size_t MultiBytePunctLength(std::string_view s, size_t i) {
  auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 == 0xD8 && i + 1 < s.size()) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 == 0x8C || c1 == 0x9B || c1 == 0x9F) return 2;  // ، ؛ ؟
  }
  if (c0 == 0xC2 && i + 1 < s.size()) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 == 0xAB || c1 == 0xBB || c1 == 0xA0) return 2;  // « » nbsp
  }
  if (c0 == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80)
    return 3;  // U+2000..U+203F: spaces, dashes, quotes
  return 0;
}

// Bytes of the non-ASCII word character at s[i] (any valid UTF-8 character but the
// punctuation above); 0 when none starts there: invalid bytes are punctuation, so a stray
// byte never glues words together.
size_t NonAsciiWordCharLength(std::string_view s, size_t i) {
  if (MultiBytePunctLength(s, i)) return 0;
  char32_t cp;
  return static_cast<size_t>(DecodeUtf8(s, i, &cp));
}

// Bytes of the word character at s[i]: an ASCII letter or digit, or see above.
inline size_t WordCharLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsAsciiWordByte(c) ? 1 : 0;
  return NonAsciiWordCharLength(s, i);
}

// The word `w` ends with a digit: ASCII or (two bytes) Arabic-Indic.
inline bool EndsWithDigit(std::string_view w) {
  const auto last = static_cast<unsigned char>(w.back());
  if (last < 0x80) return last >= '0' && last <= '9';
  int len;
  return w.size() >= 2 && LeadingDigit(w.substr(w.size() - 2), &len) >= 0;
}

// "st", "nd", "rd" or "th", in any case.
bool IsOrdinalSuffix(std::string_view two) {
  const char a = AsciiLower(two[0]), b = AsciiLower(two[1]);
  return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
         (a == 't' && b == 'h');
}

}  // namespace

uint32_t TokenAtOrAfter(const std::vector<Token>& tokens, uint32_t byte) {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), byte,
                             [](const Token& t, uint32_t b) { return t.span.begin < b; });
  return static_cast<uint32_t>(it - tokens.begin());
}

uint32_t TokenEndAt(const std::vector<Token>& tokens, uint32_t byte) {
  auto it = std::upper_bound(tokens.begin(), tokens.end(), byte,
                             [](uint32_t b, const Token& t) { return b < t.span.end; });
  return static_cast<uint32_t>(it - tokens.begin());
}

std::string LowerAscii(std::string_view text) {
  std::string out;
  LowerAscii(text, &out);
  return out;
}

void LowerAscii(std::string_view text, std::string* out) {
  out->assign(text);
  AsciiLowerInPlace(out->data(), out->size());
}

void Tokenize(std::string_view s, std::vector<Token>* tokens) { Tokenize(s, tokens, nullptr); }

void Tokenize(std::string_view s, std::vector<Token>* tokens, TokenKeys* keys) {
  tokens->clear();
  tokens->reserve(s.size() / 5 + 8);  // news text: about one token per 5-6 bytes
  if (keys) {
    keys->word.clear();
    keys->prefix.clear();
    keys->word.reserve(s.size() / 5 + 8);
    keys->prefix.reserve(s.size() / 5 + 8);
  }
  // The KeyHash of the token's lower-cased bytes, as they are read (the chain of multiplies
  // runs beside the scan rather than in a pass of its own).
  uint32_t hash = kKeyHashSeed;
  auto hash_byte = [&hash](char c) {
    hash = (hash ^ static_cast<unsigned char>(AsciiLower(c))) * kKeyHashPrime;
  };
  auto hash_bytes = [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) hash_byte(s[k]);
  };
  size_t i = 0, n = s.size();
  bool space = true, newline = true;
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (IsSpace(c)) {
      space = true;
      if (c == '\n') newline = true;
      ++i;
      continue;
    }
    Token t;
    t.span.begin = static_cast<uint32_t>(i);
    hash = kKeyHashSeed;
    size_t mb = c >= 0x80 ? MultiBytePunctLength(s, i) : 0;
    if (mb) {
      hash_bytes(i, i + mb);
      i += mb;
      t.flags = kPunct;
    } else if (size_t len = WordCharLength(s, i)) {
      hash_bytes(i, i + len);
      // Whether an ASCII capital is in the word, noted as it is read (most words have none:
      // a second pass over them found nothing).
      bool has_upper = IsAsciiUpper(static_cast<char>(c));
      size_t j = i + len;
      while (j < n) {
        const auto cj = static_cast<unsigned char>(s[j]);
        if (cj < 0x80) {
          if (!IsAsciiWordByte(cj)) break;
          const bool upper = IsAsciiUpper(static_cast<char>(cj));
          has_upper |= upper;
          hash = (hash ^ (cj | static_cast<unsigned>(upper) << 5)) * kKeyHashPrime;
          ++j;
        } else if ((len = NonAsciiWordCharLength(s, j))) {
          hash_bytes(j, j + len);
          j += len;
        } else {
          break;
        }
      }
      const size_t read = j;  // what `has_upper` covers
      // A comma or point between digits does not end the token: "1,200", "3.5", "٣,٠٠٠",
      // "1,200th" are one number each, "v1.2" one word.
      int digit_len;
      if (EndsWithDigit(s.substr(i, j - i))) {
        const size_t before = j;
        while (j + 1 < n && (s[j] == ',' || s[j] == '.') &&
               LeadingDigit(s.substr(j + 1), &digit_len) >= 0) {
          ++j;
          while (LeadingDigit(s.substr(j), &digit_len) >= 0) j += digit_len;
        }
        if (j > before && j + 2 <= n && IsOrdinalSuffix(s.substr(j, 2)) &&
            (j + 2 == n || WordCharLength(s, j + 2) == 0))
          j += 2;
      }
      // Initialisms: U.S. / U.N. / U.K.
      if (j - i == 1 && j + 2 < n && s[j] == '.' && IsAsciiAlpha(s[j + 1]) && s[j + 2] == '.') {
        j += 3;
        while (j + 1 < n && IsAsciiAlpha(s[j]) && s[j + 1] == '.') j += 2;
      }
      hash_bytes(read, j);
      i = j;
      std::string_view w = s.substr(t.span.begin, j - t.span.begin);
      t.flags = kWord;
      if (IsAsciiDigit(w[0])) t.flags |= kDigit;
      // (Digit groups, an ordinal suffix or an initialism may have been added after `read`.)
      for (size_t k = read; k < j && !has_upper; ++k) has_upper = IsAsciiUpper(s[k]);
      if (has_upper) t.flags |= kHasUpper;
      if (IsAsciiUpper(w[0])) {
        t.flags |= kCapitalized;
        int letters = 0, upper = 0;
        for (char ch : w) {
          if (IsAsciiAlpha(ch)) {
            ++letters;
            if (IsAsciiUpper(ch)) ++upper;
          }
        }
        if (letters >= 2 && upper == letters) t.flags |= kAllCaps;
      }
      if (StartsArabic(w)) t.flags |= kArabic;
    } else {
      hash_byte(static_cast<char>(c));
      ++i;
      t.flags = kPunct;
    }
    t.span.end = static_cast<uint32_t>(i);
    if (space) t.flags |= kSpaceBefore;
    if (newline) t.flags |= kNewlineBefore;
    space = newline = false;
    tokens->push_back(t);
    if (keys) {
      keys->word.push_back(hash);
      // (The prefix's hash is the chain's state after its first kStemKey bytes.)
      uint32_t prefix = 0;
      if (t.span.size() >= kStemKey) {
        prefix = kKeyHashSeed;
        for (size_t k = t.span.begin; k < t.span.begin + kStemKey; ++k)
          prefix = (prefix ^ static_cast<unsigned char>(AsciiLower(s[k]))) * kKeyHashPrime;
      }
      keys->prefix.push_back(prefix);
    }
  }
}

uint32_t KeyHash(std::string_view s) {
  uint32_t h = kKeyHashSeed;
  for (unsigned char c : s) h = (h ^ c) * kKeyHashPrime;
  return h;
}

TokenizedText::TokenizedText(std::string_view text) : text_(text), lower_(LowerAscii(text)) {
  Tokenize(text_, &tokens_);
  hashes_.resize(tokens_.size());
  for (size_t i = 0; i < tokens_.size(); ++i) hashes_[i] = KeyHash(tokens_[i].span.of(lower_));
}

int LeadingDigit(std::string_view s, int* len) {
  if (s.empty()) return -1;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c >= '0' && c <= '9') {
    *len = 1;
    return c - '0';
  }
  if ((c == 0xD9 || c == 0xDB) && s.size() >= 2) {  // U+0660..U+0669, U+06F0..U+06F9
    const auto c2 = static_cast<unsigned char>(s[1]);
    const unsigned char zero = c == 0xD9 ? 0xA0 : 0xB0;
    if (c2 >= zero && c2 <= zero + 9) {
      *len = 2;
      return c2 - zero;
    }
  }
  return -1;
}

bool ReadNumberLiteral(std::string_view t, NumberLiteral* out) {
  *out = NumberLiteral{};
  int len = 0, d;
  size_t i = 0;
  auto digit = [&](size_t at) { return LeadingDigit(t.substr(std::min(at, t.size())), &len); };
  if (digit(0) < 0) return false;
  int64_t v = 0;
  int count = 0;
  for (;;) {
    while ((d = digit(i)) >= 0) {
      v = std::min<int64_t>(v * 10 + d, kNumberLiteralCap);
      ++count;
      i += len;
    }
    // A thousands group is a comma and exactly three digits: "1,200" (not "5,6", "4,2019").
    if (i + 1 < t.size() && t[i] == ',') {
      size_t j = i + 1;
      int group = 0;
      while (group < 4 && digit(j) >= 0) {
        j += len;
        ++group;
      }
      if (group == 3) {
        out->grouped = true;
        ++i;
        continue;
      }
    }
    break;
  }
  out->value = v;
  out->real = static_cast<double>(v);
  out->digits = static_cast<uint8_t>(std::min(count, 255));
  if (i + 1 < t.size() && t[i] == '.' && digit(i + 1) >= 0) {
    out->decimal = true;
    ++i;
    double scale = 0.1;
    while ((d = digit(i)) >= 0) {
      out->real += d * scale;
      scale /= 10;
      i += len;
    }
  }
  if (t.size() - i == 2 && IsOrdinalSuffix(t.substr(i))) {
    out->ordinal = true;
    i += 2;
  }
  return i == t.size();
}

void ComputeTokenKeys(std::string_view lower, const std::vector<Token>& tokens, TokenKeys* keys) {
  keys->word.resize(tokens.size());
  keys->prefix.resize(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = tokens[i].key(lower);
    // One pass: the prefix's hash is KeyHash's state after its first kStemKey bytes.
    uint32_t h = kKeyHashSeed, prefix = 0;
    for (size_t k = 0; k < w.size(); ++k) {
      h = (h ^ static_cast<unsigned char>(w[k])) * kKeyHashPrime;
      if (k + 1 == kStemKey) prefix = h;
    }
    keys->word[i] = h;
    keys->prefix[i] = prefix;
  }
}

}  // namespace sitrep::text
