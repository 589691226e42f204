#include "util/text.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      name = "invalid input";
      break;
    case StatusCode::kNotFound:
      name = "not found";
      break;
    case StatusCode::kIoError:
      name = "I/O error";
      break;
    case StatusCode::kUnsupported:
      name = "unsupported";
      break;
    case StatusCode::kInternal:
      name = "internal error";
      break;
  }
  return std::string(name) + ": " + message_;
}

int TimePrecisionCode(const std::string& p) {
  if (p == "day") return 1;
  if (p == "week") return 2;
  return 3;
}

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    if (i + len > n) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) {
        if (bad_offset) *bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

int64_t CodePointOffset(std::string_view s, size_t byte_offset) {
  int64_t n = 0;
  for (size_t i = 0; i < byte_offset && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

CodePointIndex::CodePointIndex(std::string_view text) : text_(text) {
  sparse_.reserve(text.size() / 64 + 2);
  uint32_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i % 64 == 0) sparse_.push_back(count);
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  if (text.size() % 64 == 0) sparse_.push_back(count);
}

int64_t CodePointIndex::ToCodePoint(size_t byte_offset) const {
  if (byte_offset > text_.size()) byte_offset = text_.size();
  size_t block = byte_offset / 64;
  int64_t n = sparse_[block];
  for (size_t i = block * 64; i < byte_offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++n;
  return n;
}

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool IsArabicLetterAt(std::string_view t, size_t i) {
  const unsigned char c = t[i];
  if (c < 0xD8 || c > 0xDB || i + 1 >= t.size()) return false;
  const unsigned char c2 = t[i + 1];
  if ((c2 & 0xC0) != 0x80) return false;
  if (c == 0xD9 && c2 >= 0xA0 && c2 <= 0xA9) return false;  // ٠..٩
  if (c == 0xDB && c2 >= 0xB0 && c2 <= 0xB9) return false;  // ۰..۹
  return true;
}

bool ScanLowerWord(std::string_view t, size_t* pos, char* buf, size_t cap, size_t* len) {
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

int DigitAt(std::string_view t, size_t i, int* len) {
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

size_t OrdinalSuffixAt(std::string_view t, size_t i) {
  const size_t n = t.size();
  if (!(i + 1 < n && IsAsciiAlpha(t[i]) && IsAsciiAlpha(t[i + 1]) &&
        (i + 2 >= n || !IsAsciiAlpha(t[i + 2]))))
    return 0;
  const char a = AsciiLower(t[i]), b = AsciiLower(t[i + 1]);
  bool suffix = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                (a == 't' && b == 'h');
  return suffix ? 2 : 0;
}

bool HasArabicClitic(std::string_view w) {
  if (w.size() < 8) return false;
  const unsigned char a = w[0], b = w[1];
  return (a == 0xD9 && (b == 0x88 || b == 0x81 || b == 0x84)) || (a == 0xD8 && b == 0xA8);
}

bool EqualsLower(std::string_view token, std::string_view lower) {
  if (token.size() != lower.size()) return false;
  for (size_t i = 0; i < token.size(); ++i) {
    if (AsciiLower(token[i]) != lower[i]) return false;
  }
  return true;
}

std::string_view TrimWhitespace(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
    --e;
  return s.substr(b, e - b);
}

std::vector<std::string_view> SplitString(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

uint64_t Fnv1a64(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool ReadFileToString(const std::string& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = path + ": cannot open file";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    if (error) *error = path + ": read error";
    return false;
  }
  *out = std::move(ss).str();
  return true;
}

}  // namespace sitrep
