#include "export/json_writer.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
// Only for its Grisu2 double-to-text (nlohmann::detail::to_chars): the digits events were
// always written with, so coordinates keep their exact bytes.
#include <nlohmann/json.hpp>

namespace sitrep::exporter {
namespace {

// Bytes that end a run of bytes copied as they are: the control characters, DEL, '"', '\\'
// and every non-ASCII byte (whose sequence must be checked).
constexpr std::array<bool, 256> kStopsRun = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = t[0x7F] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  return t;
}();

// The index of the first of the 16 bytes at `p` that stops a run, or 16. GCC and Clang
// vector extensions (SSE2 on x86-64, NEON on ARM); a byte below 0x20 read as signed is a
// control character or a byte >= 0x80.
int FirstStopOf16(const unsigned char* p) {
  using Bytes = signed char __attribute__((vector_size(16)));
  Bytes v;
  std::memcpy(&v, p, 16);
  const Bytes stops = (v < 0x20) | (v == '"') | (v == '\\') | (v == 0x7F);
  uint64_t half[2];
  std::memcpy(half, &stops, 16);
  static_assert(std::endian::native == std::endian::little, "byte 0 is the lowest");
  if (half[0] != 0) return std::countr_zero(half[0]) / 8;
  if (half[1] != 0) return 8 + std::countr_zero(half[1]) / 8;
  return 16;
}

// The index of the first byte of p[i, n) that stops a run, or n.
size_t SkipPlain(const unsigned char* p, size_t i, size_t n) {
  for (; i + 16 <= n; i += 16)
    if (const int k = FirstStopOf16(p + i); k < 16) return i + static_cast<size_t>(k);
  while (i < n && !kStopsRun[p[i]]) ++i;
  return i;
}

// The UTF-8 sequence starting at p[0] (a byte >= 0x80, n >= 1 bytes available): its length
// (2..4) when well-formed, else minus the number of bytes that one U+FFFD replaces (the lead
// byte and the continuation bytes that were still acceptable after it; at least 1). This is
// Unicode's "maximal subpart" practice, the one nlohmann's UTF-8 automaton follows.
int Utf8Sequence(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  int need;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the byte after the lead
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;  // no overlong forms
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return -1;  // a continuation byte, C0, C1 or F5..FF cannot start a sequence
  }
  for (int k = 1; k <= need; ++k) {
    if (static_cast<size_t>(k) >= n) return -static_cast<int>(n);  // cut off by the end
    if (p[k] < lo || p[k] > hi) return -k;
    lo = 0x80;
    hi = 0xBF;
  }
  return need + 1;
}

void AppendEscape(unsigned char c, std::string* out) {
  switch (c) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\b':
      out->append("\\b");
      return;
    case '\t':
      out->append("\\t");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\f':
      out->append("\\f");
      return;
    case '\r':
      out->append("\\r");
      return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(escape, sizeof escape);
    }
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t copied = 0;  // s[copied, i) is plain and not yet appended
  size_t i = 0;
  while (i < n) {
    i = SkipPlain(p, i, n);
    if (i == n) break;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const int len = Utf8Sequence(p + i, n - i);
      if (len > 0 && !(c == 0xC2 && p[i + 1] < 0xA0)) {
        i += static_cast<size_t>(len);
        continue;
      }
      out->append(s.data() + copied, i - copied);
      if (len > 0) {  // a C1 control (U+0080..U+009F): escaped, like C0 and DEL
        AppendEscape(p[i + 1], out);
        i += 2;
      } else {
        out->append("\xEF\xBF\xBD");
        i += static_cast<size_t>(-len);
      }
    } else {
      out->append(s.data() + copied, i - copied);
      AppendEscape(c, out);
      ++i;
    }
    copied = i;
  }
  out->append(s.data() + copied, n - copied);
  out->push_back('"');
}

void AppendJsonDouble(double v, std::string* out) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char buf[64];
  const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, static_cast<size_t>(end - buf));
}

void AppendJsonInt(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, static_cast<size_t>(r.ptr - buf));
}

}  // namespace sitrep::exporter
