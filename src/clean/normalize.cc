// Normalisation of one line, with the byte map (see normalize.h).
#include "clean/normalize.h"

#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <climits>
#include <cstring>
#include <string>
#include <string_view>

#include "util/utf8.h"

namespace sitrep::clean {
namespace {

// One code point at p[0..n) through sitrep's one decoder (util/utf8.h); its length, or 0
// when invalid.
int DecodeAt(const unsigned char* p, size_t n, UChar32* cp) {
  char32_t c;
  const int len = DecodeUtf8(std::string_view(reinterpret_cast<const char*>(p), n), 0, &c);
  if (len > 0) *cp = static_cast<UChar32>(c);
  return len;
}

// What a non-ASCII code point becomes. kCopy keeps it; kSpace joins the space run.
enum class Repl { kCopy, kSpace, kDrop, kApostrophe, kQuote, kDash, kEllipsis };

Repl Replacement(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
      return Repl::kApostrophe;
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return Repl::kQuote;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      return Repl::kDash;
    case 0x00A0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x2028:
    case 0x2029:
    case 0x0085:
      return Repl::kSpace;
    case 0x200B:
    case 0xFEFF:
    case 0x00AD:
    case 0x2060:
      return Repl::kDrop;
    case 0x2026:
      return Repl::kEllipsis;
    default:
      if (c >= 0x2000 && c <= 0x200A) return Repl::kSpace;
      return Repl::kCopy;
  }
}

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

// The code points of IsNfcStable as a frozen ICU set (fast, thread-safe lookups), built once.
// Null when ICU cannot build it: each code point is then asked of ICU directly.
const icu::UnicodeSet* NfcStableSet() {
  static const icu::UnicodeSet* const set = []() -> const icu::UnicodeSet* {
    UErrorCode err = U_ZERO_ERROR;
    auto* s = new icu::UnicodeSet(icu::UnicodeString(u"[[:NFC_QC=Yes:]&[:ccc=0:]]"), err);
    if (U_FAILURE(err)) {
      delete s;
      return nullptr;
    }
    s->freeze();
    return s;
  }();
  return set;
}

bool IsValidUtf8Run(const unsigned char* p, size_t n) {
  for (size_t k = 0; k < n;) {
    UChar32 cp;
    int len = DecodeAt(p + k, n - k, &cp);
    if (len == 0) return false;
    k += len;
  }
  return true;
}

// From p[j] (p[j - 1] not a space), skips whole blocks of 8 bytes that are printable ASCII
// with single spaces between words and do not end in a space. Returns the new j.
size_t SkipPlainText(const unsigned char* p, size_t j, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  for (uint64_t x; j + 8 <= n; j += 8) {
    std::memcpy(&x, p + j, 8);
    // A byte below 0x20 (borrow into its high bit), 0x7F (0x80 after + 1) or above.
    if ((((x - kOnes * 0x20) & ~x) | (x + kOnes) | x) & kHigh) break;
    const uint64_t t = x ^ (kOnes * ' ');
    const uint64_t spaces = ~(((t & kLow7) + kLow7) | t | kLow7);     // high bit of each ' '
    if ((spaces & (spaces << 8)) != 0 || (spaces >> 56) != 0) break;  // "  ", or ends in ' '
  }
  return j;
}

}  // namespace

bool RunNeedsNfc(std::string_view run) {
  const auto* p = reinterpret_cast<const unsigned char*>(run.data());
  const size_t n = run.size();
  const icu::UnicodeSet* stable = NfcStableSet();
  if (stable != nullptr && n <= static_cast<size_t>(INT32_MAX)) {
    // spanUTF8 reads an ill-formed sequence as U+FFFD, which is stable: it stops only at a
    // well-formed code point outside the set.
    const int32_t len = static_cast<int32_t>(n);
    if (stable->spanUTF8(reinterpret_cast<const char*>(p), len, USET_SPAN_CONTAINED) == len)
      return false;
    return IsValidUtf8Run(p, n);
  }
  bool stable_run = true;
  for (size_t k = 0; k < n;) {
    UChar32 cp;
    int len = DecodeAt(p + k, n - k, &cp);
    if (len == 0) return false;
    stable_run = stable_run && IsNfcStable(cp);
    k += len;
  }
  return !stable_run;
}

bool IsNfcStable(UChar32 c) {
  return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
         u_getCombiningClass(c) == 0;
}

// Normalises the line starting at `pos` into `w`; returns the offset just past the line
// break (or the end). *line_end gets the offset of the break itself.
size_t NormalizeLine(std::string_view original, size_t pos, const icu::Normalizer2* nfc, Writer& w,
                     size_t* line_end) {
  const auto* p = reinterpret_cast<const unsigned char*>(original.data());
  const size_t n = original.size();
  const size_t line_out_begin = w.size();
  bool pending_space = false;
  uint32_t pending_at = 0;
  auto flush_space = [&] {
    if (pending_space && w.size() > line_out_begin) w.Byte(' ', pending_at);
    pending_space = false;
  };
  auto note_space = [&](size_t at) {
    if (!pending_space) {
      pending_space = true;
      pending_at = static_cast<uint32_t>(at);
    }
  };
  size_t i = pos;
  while (i < n) {
    unsigned char c = p[i];
    if (c == '\n') {
      *line_end = i;
      return i + 1;
    }
    if (c == '\r') {
      if (i + 1 < n && p[i + 1] == '\n') {
        *line_end = i;
        return i + 2;
      }
      *line_end = i;  // a lone CR is a line break too
      return i + 1;
    }
    if (c < 0x80) {
      if (IsAsciiSpace(c)) {
        note_space(i);
        ++i;
        continue;
      }
      flush_space();
      // Printable ASCII with single spaces between words, copied in one go: a single ' '
      // maps to itself, as the space run it would otherwise be.
      size_t j = i + 1;
      for (;;) {
        j = SkipPlainText(p, j, n);
        while (j < n && p[j] > ' ' && p[j] < 0x7F) ++j;
        if (j + 1 < n && p[j] == ' ' && p[j + 1] > ' ' && p[j + 1] < 0x7F) {
          j += 2;
          continue;
        }
        break;
      }
      w.Copy(original, static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      i = j;
      continue;
    }
    // A run of non-ASCII bytes. Most are NFC already: only the others pay for ICU.
    size_t j = i;
    while (j < n && p[j] >= 0x80) ++j;
    if (nfc != nullptr && RunNeedsNfc(original.substr(i, j - i))) {
      // A combining mark may compose with the ASCII letter just written: take it back in.
      size_t run_begin = i;
      if (i > pos && w.size() > line_out_begin && w.back_orig() == i - 1 && p[i - 1] > ' ' &&
          p[i - 1] < 0x80) {
        w.PopBack();
        run_begin = i - 1;
      } else {
        flush_space();
      }
      UErrorCode err = U_ZERO_ERROR;
      icu::UnicodeString src = icu::UnicodeString::fromUTF8(
          icu::StringPiece(original.data() + run_begin, static_cast<int32_t>(j - run_begin)));
      icu::UnicodeString dst = nfc->normalize(src, err);
      std::string out;
      if (U_SUCCESS(err)) {
        dst.toUTF8String(out);
      } else {
        out.assign(original.data() + run_begin, j - run_begin);
      }
      // Replacements still apply inside the normalised run; every byte maps to its start.
      std::string mapped;
      mapped.reserve(out.size());
      const auto* q = reinterpret_cast<const unsigned char*>(out.data());
      for (size_t k = 0; k < out.size();) {
        UChar32 cp;
        int len = DecodeAt(q + k, out.size() - k, &cp);
        if (len == 0) len = 1, cp = 0xFFFD;
        switch (cp < 0x80 ? Repl::kCopy : Replacement(cp)) {
          case Repl::kCopy:
            mapped.append(out, k, len);
            break;
          case Repl::kSpace:
            mapped.push_back(' ');
            break;
          case Repl::kDrop:
            break;
          case Repl::kApostrophe:
            mapped.push_back('\'');
            break;
          case Repl::kQuote:
            mapped.push_back('"');
            break;
          case Repl::kDash:
            mapped.push_back('-');
            break;
          case Repl::kEllipsis:
            mapped.append("...");
            break;
        }
        k += len;
      }
      w.Unit(mapped, static_cast<uint32_t>(run_begin), static_cast<uint32_t>(j));
      i = j;
      continue;
    }
    // Per code point: replacements, and U+FFFD for invalid bytes. Code points kept as they
    // are gather into one copy, [batch, i).
    size_t batch = i;
    while (i < j) {
      // Two-byte characters from U+02C0 on (Greek, Cyrillic, Arabic, ...) are all kept.
      if (p[i] >= 0xCB && p[i] <= 0xDF && i + 1 < j && (p[i + 1] & 0xC0) == 0x80) {
        if (batch == i) flush_space();
        i += 2;
        continue;
      }
      UChar32 cp;
      int len = DecodeAt(p + i, j - i, &cp);
      Repl r = len == 0 ? Repl::kCopy : Replacement(cp);
      if (len != 0 && r == Repl::kCopy) {
        if (batch == i) flush_space();
        i += len;
        continue;
      }
      if (batch < i) w.Copy(original, static_cast<uint32_t>(batch), static_cast<uint32_t>(i));
      uint32_t b = static_cast<uint32_t>(i);
      if (len == 0) {
        flush_space();
        w.Unit("\xEF\xBF\xBD", b, b + 1);
        batch = ++i;
        continue;
      }
      uint32_t e = b + len;
      if (r == Repl::kSpace) {
        note_space(i);
      } else if (r != Repl::kDrop) {
        flush_space();
        switch (r) {
          case Repl::kApostrophe:
            w.Unit("'", b, e);
            break;
          case Repl::kQuote:
            w.Unit("\"", b, e);
            break;
          case Repl::kDash:
            w.Unit("-", b, e);
            break;
          case Repl::kEllipsis:
            w.Unit("...", b, e);
            break;
          default:
            break;
        }
      }
      batch = i = e;
    }
    if (batch < i) w.Copy(original, static_cast<uint32_t>(batch), static_cast<uint32_t>(i));
  }
  *line_end = n;
  return n;
}

}  // namespace sitrep::clean
