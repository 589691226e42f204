#include "text/tokens.h"

#include <algorithm>

namespace sitrep::text {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

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
  if (c0 == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) return 3;
  return 0;
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
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

void Tokenize(std::string_view s, std::vector<Token>* tokens) {
  tokens->clear();
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
    size_t mb = c >= 0x80 ? MultiBytePunctLength(s, i) : 0;
    if (mb) {
      i += mb;
      t.flags = kPunct;
    } else if (IsWordByte(c)) {
      size_t j = i;
      while (j < n && IsWordByte(static_cast<unsigned char>(s[j])) &&
             !(static_cast<unsigned char>(s[j]) >= 0x80 && MultiBytePunctLength(s, j)))
        ++j;
      // Keep "1,200" and "3.5" as one number.
      while (j + 1 < n && IsAsciiDigit(s[i]) && (s[j] == ',' || s[j] == '.') &&
             IsAsciiDigit(s[j + 1])) {
        ++j;
        while (j < n && IsAsciiDigit(s[j])) ++j;
      }
      // Initialisms: U.S. / U.N. / U.K.
      if (j - i == 1 && j + 2 < n && s[j] == '.' && IsAsciiAlpha(s[j + 1]) && s[j + 2] == '.') {
        j += 3;
        while (j + 1 < n && IsAsciiAlpha(s[j]) && s[j + 1] == '.') j += 2;
      }
      i = j;
      std::string_view w = s.substr(t.span.begin, j - t.span.begin);
      t.flags = kWord;
      if (IsAsciiDigit(w[0])) t.flags |= kDigit;
      for (char ch : w) {
        if (IsAsciiUpper(ch)) {
          t.flags |= kHasUpper;
          break;
        }
      }
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
      ++i;
      t.flags = kPunct;
    }
    t.span.end = static_cast<uint32_t>(i);
    if (space) t.flags |= kSpaceBefore;
    if (newline) t.flags |= kNewlineBefore;
    space = newline = false;
    tokens->push_back(t);
  }
}

uint32_t KeyHash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

void ComputeTokenKeys(std::string_view lower, const std::vector<Token>& tokens, TokenKeys* keys) {
  keys->word.resize(tokens.size());
  keys->prefix.resize(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = tokens[i].span.of(lower);
    keys->word[i] = KeyHash(w);
    keys->prefix[i] = w.size() >= kStemKey ? KeyHash(w.substr(0, kStemKey)) : 0;
  }
}

}  // namespace sitrep::text
