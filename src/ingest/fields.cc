// Field checks shared by every input kind: publication dates and times, one-line metadata,
// content (empty, binary, invalid UTF-8).
#include <cstring>

#include "ingest/ingest.h"
#include "util/text.h"

namespace sitrep::ingest {
namespace {

// Two digits at s[i]; -1 when there are none.
int TwoDigits(std::string_view s, size_t i) {
  if (i + 1 >= s.size() || !IsAsciiDigit(s[i]) || !IsAsciiDigit(s[i + 1])) return -1;
  return (s[i] - '0') * 10 + (s[i + 1] - '0');
}

// The time after the date: HH:MM[:SS[.fraction]] then Z, ±HH:MM, ±HHMM, ±HH or nothing.
bool ParseTime(std::string_view t, std::string* why) {
  int hour = TwoDigits(t, 0), minute = TwoDigits(t, 3);
  if (hour < 0 || t.size() < 5 || t[2] != ':' || minute < 0) {
    *why = "the time is not HH:MM";
    return false;
  }
  if (hour > 23 || minute > 59) {
    *why = "no such time of day (" + std::string(t.substr(0, 5)) + ")";
    return false;
  }
  size_t i = 5;
  if (i < t.size() && t[i] == ':') {
    int second = TwoDigits(t, i + 1);
    if (second < 0 || second > 60) {  // 60: a leap second
      *why = "the seconds are not 00-60";
      return false;
    }
    i += 3;
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
      size_t digits = 0;
      for (++i; i < t.size() && IsAsciiDigit(t[i]); ++i) ++digits;
      if (digits == 0) {
        *why = "a decimal point without digits";
        return false;
      }
    }
  }
  if (i == t.size()) return true;
  if ((t[i] == 'Z' || t[i] == 'z') && i + 1 == t.size()) return true;
  if (t[i] == '+' || t[i] == '-') {
    std::string_view zone = t.substr(i + 1);
    int zh = TwoDigits(zone, 0), zm = 0;
    bool shape =
        zh >= 0 && (zone.size() == 2 || (zone.size() == 5 && zone[2] == ':') || zone.size() == 4);
    if (shape && zone.size() > 2) zm = TwoDigits(zone, zone.size() - 2);
    if (shape && zh <= 23 && zm >= 0 && zm <= 59) return true;
    *why = "the time zone is not Z or +HH:MM";
    return false;
  }
  *why = "unexpected \"" + std::string(t.substr(i, 10)) + "\" after the time";
  return false;
}

}  // namespace

bool ParsePublished(std::string_view s, std::string* date, std::string* why) {
  std::string ignored;
  if (why == nullptr) why = &ignored;
  s = TrimWhitespace(s);
  bool shape = s.size() >= 10 && s[4] == '-' && s[7] == '-';
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9}) shape = shape && IsAsciiDigit(s[k]);
  if (!shape) {
    *why = "expected YYYY-MM-DD or an ISO datetime";
    return false;
  }
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int month = TwoDigits(s, 5), day = TwoDigits(s, 8);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) {
    *why = "no such day in the calendar (years start at 0001)";
    return false;
  }
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') {
      *why = "expected YYYY-MM-DD or an ISO datetime";
      return false;
    }
    if (!ParseTime(s.substr(11), why)) return false;
  }
  date->assign(s.substr(0, 10));
  return true;
}

std::string CleanMetadataField(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    bool blank = c < 0x20 || c == 0x7F || c == ' ';
    // C1 controls (U+0080..U+009F) are 0xC2 0x80..0x9F in UTF-8.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80) {
      blank = true;
      ++i;
    }
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

void ApplyDefaults(const ReadOptions& options, Article* a) {
  if (a->published.empty()) a->published = options.published;
  if (a->publisher.empty()) a->publisher = CleanMetadataField(options.publisher);
}

Status CheckContent(std::string_view data, const std::string& origin, const char* what) {
  if (TrimWhitespace(data).empty()) return Status::InvalidInput(origin + ": empty " + what);
  const void* nul = std::memchr(data.data(), '\0', data.size());
  if (nul != nullptr) {
    size_t at = static_cast<const char*>(nul) - data.data();
    return Status::InvalidInput(origin + ": binary data (NUL byte at offset " + std::to_string(at) +
                                "), not a text " + what);
  }
  size_t bad = 0;
  if (!IsValidUtf8(data, &bad))
    return Status::InvalidInput(origin + ": invalid UTF-8 at byte offset " + std::to_string(bad));
  return Status::Ok();
}

std::string_view StripBom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

}  // namespace sitrep::ingest

namespace sitrep {

Result<std::string> NormalizePublished(std::string_view value) {
  std::string date, why;
  if (!ingest::ParsePublished(value, &date, &why))
    return Status::InvalidInput("\"" + std::string(value) + "\": " + why);
  return date;
}

}  // namespace sitrep
