#include "util/text.h"

#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/utf8.h"

namespace sitrep {

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
  // simdjson's vectorised check (the same strict UTF-8) answers for almost every text; the
  // scan below finds where an invalid one goes wrong.
  if (simdjson::validate_utf8(s.data(), s.size())) return true;
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
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    const int len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
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
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  uint32_t count = 0;
  size_t i = 0;
  for (; i + 64 <= text.size(); i += 64) {
    sparse_.push_back(count);
    // Continuation bytes are 10xxxxxx: the high bit set and the next one clear.
    uint64_t continuation = 0;
    for (size_t k = 0; k < 64; k += 8) {
      uint64_t x;
      std::memcpy(&x, text.data() + i + k, 8);
      continuation += ((x & ~(x << 1) & kHigh) >> 7) * kOnes >> 56;
    }
    count += static_cast<uint32_t>(64 - continuation);
  }
  for (; i < text.size(); ++i) {
    if (i % 64 == 0) sparse_.push_back(count);
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  if (text.size() % 64 == 0) sparse_.push_back(count);
}

int64_t CodePointIndex::ToCodePoint(size_t byte_offset) const {
  if (byte_offset > text_.size()) byte_offset = text_.size();
  size_t block = byte_offset / 64;
  int64_t n = sparse_[block];
  size_t i = block * 64;
  for (; i + 8 <= byte_offset; i += 8) {  // (eight bytes at a time, as the constructor counts)
    uint64_t x;
    std::memcpy(&x, text_.data() + i, 8);
    n += 8 - __builtin_popcountll(x & ~(x << 1) & 0x8080808080808080ULL);
  }
  for (; i < byte_offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++n;
  return n;
}

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  AsciiLowerInPlace(out.data(), out.size());
  return out;
}

void AsciiLowerInPlace(char* data, size_t size) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    // Per byte, without carries between bytes: is it ASCII, above 'Z', at least 'A'?
    const uint64_t low7 = w & ~kHigh;
    const uint64_t above_z = low7 + kOnes * (0x7F - 'Z');
    const uint64_t from_a = low7 + kOnes * (0x80 - 'A');
    const uint64_t upper = ~w & (from_a ^ above_z) & kHigh;
    w ^= upper >> 2;  // 0x80 >> 2 = 0x20, the case bit
    std::memcpy(data + i, &w, 8);
  }
  for (; i < size; ++i) data[i] = AsciiLower(data[i]);
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
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = "0123456789abcdef"[v & 15];
  return out;
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
