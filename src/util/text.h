// Small text helpers shared by every stage: spans, UTF-8 checks, ASCII case folding,
// code-point offsets, content hashes. Internal: not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// A half-open byte range [begin, end) into some text; which text is said where it is used.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  std::string_view of(std::string_view text) const { return text.substr(begin, end - begin); }
  bool operator==(const Span&) const = default;
};

// True when `s` is valid UTF-8 (no overlongs, no surrogates). On failure `*bad_offset`
// (if given) is the byte offset of the first bad sequence.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

// Number of code points in s[0, byte_offset). byte_offset must be on a boundary.
int64_t CodePointOffset(std::string_view s, size_t byte_offset);

// Maps many byte offsets of one text to code-point offsets in a single pass.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);
  int64_t ToCodePoint(size_t byte_offset) const;

 private:
  std::vector<uint32_t> sparse_;  // code-point count at every 64th byte
  std::string_view text_;
};

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
std::string AsciiLowerCopy(std::string_view s);

// An Arabic-script letter starts at t[i] (lead bytes 0xD8..0xDB, Arabic-Indic digits excluded).
inline bool IsArabicLetterAt(std::string_view t, size_t i) {
  const unsigned char c = t[i];
  if (c < 0xD8 || c > 0xDB || i + 1 >= t.size()) return false;
  const unsigned char c2 = t[i + 1];
  if ((c2 & 0xC0) != 0x80) return false;
  if (c == 0xD9 && c2 >= 0xA0 && c2 <= 0xA9) return false;  // ٠..٩
  if (c == 0xDB && c2 >= 0xB0 && c2 <= 0xB9) return false;  // ۰..۹
  return true;
}

// Scans the word (ASCII letters and Arabic letters) starting at t[*i], advances *i past it
// and writes it lower-cased into buf[0, *len). Returns false when it did not fit in `cap`
// bytes (*len is then the full length, buf holds a prefix). Shared by the dates and numbers
// tokenisers, which look words up without allocating.
inline bool ScanLowerWord(std::string_view t, size_t* pos, char* buf, size_t cap, size_t* len) {
  size_t i = *pos, n = t.size();
  bool fits = true;
  *len = 0;
  while (i < n) {
    if (IsAsciiAlpha(t[i])) {
      if (*len < cap)
        buf[*len] = AsciiLower(t[i]);
      else
        fits = false;
      ++*len;
      ++i;
    } else if (IsArabicLetterAt(t, i)) {
      if (*len + 2 <= cap) {
        buf[*len] = t[i];
        buf[*len + 1] = t[i + 1];
      } else {
        fits = false;
      }
      *len += 2;
      i += 2;
    } else {
      break;
    }
  }
  *pos = i;
  return fits;
}

// Value of the digit (ASCII, Arabic-Indic or Extended Arabic-Indic) at t[i] and its byte
// length in *len; -1 when there is none.
inline int DigitAt(std::string_view t, size_t i, int* len) {
  if (i >= t.size()) return -1;
  const unsigned char c = t[i];
  if (c >= '0' && c <= '9') {
    *len = 1;
    return c - '0';
  }
  if ((c == 0xD9 || c == 0xDB) && i + 1 < t.size()) {
    const unsigned char c2 = t[i + 1];
    const unsigned char lo = c == 0xD9 ? 0xA0 : 0xB0;
    if (c2 >= lo && c2 <= lo + 9) {
      *len = 2;
      return c2 - lo;
    }
  }
  return -1;
}

// Length of an English ordinal suffix right after a number ("st", "nd", "rd", "th" not
// followed by a letter): 2, else 0.
inline size_t OrdinalSuffixAt(std::string_view t, size_t i) {
  const size_t n = t.size();
  if (!(i + 1 < n && IsAsciiAlpha(t[i]) && IsAsciiAlpha(t[i + 1]) &&
        (i + 2 >= n || !IsAsciiAlpha(t[i + 2]))))
    return 0;
  const char a = AsciiLower(t[i]), b = AsciiLower(t[i + 1]);
  bool suffix = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                (a == 't' && b == 'h');
  return suffix ? 2 : 0;
}

// Arabic conjunctions and prepositions written joined to the next word (و ف ب ل): "وأمس",
// "بالأمس". True when `w` starts with one and at least 3 letters remain.
inline bool HasArabicClitic(std::string_view w) {
  if (w.size() < 8) return false;
  const unsigned char a = w[0], b = w[1];
  return (a == 0xD9 && (b == 0x88 || b == 0x81 || b == 0x84)) || (a == 0xD8 && b == 0xA8);
}

// `token` equals the lower-case ASCII `lower`, ignoring ASCII case.
inline bool EqualsLower(std::string_view token, std::string_view lower) {
  if (token.size() != lower.size()) return false;
  for (size_t i = 0; i < token.size(); ++i) {
    if (AsciiLower(token[i]) != lower[i]) return false;
  }
  return true;
}
std::string_view TrimWhitespace(std::string_view s);
std::vector<std::string_view> SplitString(std::string_view s, char sep);

// 64-bit FNV-1a, for stable ids. Hex form is 16 lowercase digits.
uint64_t Fnv1a64(std::string_view s, uint64_t seed = 14695981039346656037ULL);
std::string Hex64(uint64_t v);

// Reads a whole file. Fails with the path in the message.
bool ReadFileToString(const std::string& path, std::string* out, std::string* error);

}  // namespace sitrep
