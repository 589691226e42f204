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
// AsciiLower on every byte of [data, data + size), eight bytes at a time.
void AsciiLowerInPlace(char* data, size_t size);

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
