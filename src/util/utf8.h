// The one UTF-8 decoder (and encoder) of sitrep: the tokeniser, the cleaner, the place-name
// folding and the input check all read code points through it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sitrep {

// Decodes the code point that starts at s[i] into *cp and returns its length in bytes, or
// returns 0 when the bytes there are not valid UTF-8: a stray continuation or bad lead byte,
// a truncated sequence, an overlong form, a surrogate or a value beyond U+10FFFF.
inline int DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  const size_t n = s.size() - i;
  const unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int len;
  char32_t v;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    v = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    v = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<size_t>(len) > n) return 0;
  for (int k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[k] & 0x3F);
  }
  if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
      v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

// Reads the code point at s[*i] and moves *i past it; an invalid byte reads as U+FFFD and
// moves one byte on, so a reader never stalls and never skips valid text.
inline char32_t NextCodePoint(std::string_view s, size_t* i) {
  char32_t cp;
  const int len = DecodeUtf8(s, *i, &cp);
  if (len == 0) {
    ++*i;
    return 0xFFFD;
  }
  *i += len;
  return cp;
}

// Appends the UTF-8 encoding of `cp` (a surrogate or a value beyond U+10FFFF becomes U+FFFD).
inline void AppendUtf8(char32_t cp, std::string* out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace sitrep
