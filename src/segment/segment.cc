// Sentence splitter: one forward pass; work is done only at '.', '!', '?' and '\n'.
#include "segment/segment.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace sitrep::segment {
namespace {

// Words that take a period without ending a sentence (case-sensitive).
constexpr std::array<std::string_view, 44> kAbbreviations = {
    "Mr",  "Mrs", "Ms",  "Dr",  "Gen",    "Lt",  "Col", "Maj", "Capt", "Sgt",  "St",
    "No",  "Jan", "Feb", "Mar", "Apr",    "Jun", "Jul", "Aug", "Sep",  "Sept", "Oct",
    "Nov", "Dec", "Jr",  "Sr",  "Prof",   "Gov", "Sen", "Rep", "Brig", "Adm",  "Cpl",
    "Pvt", "Rev", "vs",  "etc", "approx", "Mt",  "Ft",  "Co",  "Corp", "Inc",  "Lt.Gen"};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool IsCloser(std::string_view t, size_t i, size_t* len) {
  char c = t[i];
  if (c == '"' || c == '\'' || c == ')' || c == ']') {
    *len = 1;
    return true;
  }
  // U+2019 and U+201D (E2 80 99 / E2 80 9D), in case the text was not cleaned.
  if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < t.size() &&
      static_cast<unsigned char>(t[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(t[i + 2]) == 0x99 ||
       static_cast<unsigned char>(t[i + 2]) == 0x9D)) {
    *len = 3;
    return true;
  }
  return false;
}

bool StartsSentence(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  return IsAsciiUpper(c) || IsAsciiDigit(c) || c == '"' || c == '\'' || c == '(' || c == '[' ||
         c >= 0xC0;
}

// True when the '.' at `dot` follows an abbreviation, an initial or a dotted acronym.
bool IsAbbreviationDot(std::string_view t, size_t begin, size_t dot) {
  size_t w = dot;
  while (w > begin && (IsAsciiAlpha(t[w - 1]) || t[w - 1] == '.')) --w;
  std::string_view word = t.substr(w, dot - w);
  if (word.empty()) return false;
  if (word.size() == 1 && IsAsciiUpper(word[0])) return true;  // "A." initial
  if (word.find('.') != std::string_view::npos) {
    // "U.S", "U.N", "e.g": single letters separated by dots.
    bool dotted = true;
    for (size_t k = 0; k < word.size(); ++k) {
      bool letter_slot = (k % 2 == 0);
      if (letter_slot ? !IsAsciiAlpha(word[k]) : word[k] != '.') {
        dotted = false;
        break;
      }
    }
    if (dotted) return true;
  }
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

// Does the 8-byte word `w` hold a '\n', '.', '!' or '?' (the bytes the splitter stops at)?
bool AnyStop(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  return has_zero(w ^ (kOnes * '\n')) | has_zero(w ^ (kOnes * '.')) | has_zero(w ^ (kOnes * '!')) |
         has_zero(w ^ (kOnes * '?'));
}

void Emit(std::string_view t, size_t b, size_t e, std::vector<Span>* out) {
  while (b < e && (IsSpace(t[b]) || t[b] == '\n')) ++b;
  while (e > b && (IsSpace(t[e - 1]) || t[e - 1] == '\n')) --e;
  if (e > b) out->push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
}

}  // namespace

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  SplitSentences(text, &out);
  return out;
}

void SplitSentences(std::string_view text, std::vector<Span>* spans) {
  std::vector<Span>& out = *spans;
  out.clear();
  if (text.size() >= UINT32_MAX) text = text.substr(0, UINT32_MAX - 1);
  out.reserve(text.size() / 120 + 1);
  const size_t n = text.size();
  size_t start = 0;
  size_t i = 0;
  while (i < n) {
    // Most bytes are none of the four: skip them eight at a time.
    for (uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, text.data() + i, 8);
      if (AnyStop(w)) break;
    }
    if (i >= n) break;
    char c = text[i];
    if (c == '\n') {
      Emit(text, start, i, &out);
      start = ++i;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') {
      ++i;
      continue;
    }
    const size_t term = i;
    size_t j = i;
    int dots = 0;
    while (j < n && (text[j] == '.' || text[j] == '!' || text[j] == '?')) dots += text[j++] == '.';
    size_t len;
    while (j < n && IsCloser(text, j, &len)) j += len;
    const size_t sentence_end = j;
    if (j < n && !IsSpace(text[j]) && text[j] != '\n') {  // "3.5", "U.S.-backed", "a.m.,"
      i = j;
      continue;
    }
    size_t k = j;
    while (k < n && IsSpace(text[k])) ++k;
    if (k >= n || text[k] == '\n') {
      Emit(text, start, sentence_end, &out);
      start = sentence_end;
      i = k;
      continue;
    }
    bool split = StartsSentence(text, k);
    if (split && j - term == 1 && dots == 1 && IsAbbreviationDot(text, start, term)) split = false;
    if (split) {
      Emit(text, start, sentence_end, &out);
      start = k;
    }
    i = k;
  }
  Emit(text, start, n, &out);
}

}  // namespace sitrep::segment
