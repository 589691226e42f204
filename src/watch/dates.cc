#include "watch/dates.h"

#include <cstdio>

#include "util/text.h"

namespace sitrep {
namespace {

bool RealDay(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string Format(int year, int month, int day) {
  if (!RealDay(year, month, day)) return {};
  char buf[32];  // room for any int, though RealDay bounds them
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Digits at the front of `s`, consumed; -1 when there are none (or too many).
int TakeNumber(std::string_view* s) {
  size_t n = 0;
  int v = 0;
  while (n < s->size() && n < 5 && IsAsciiDigit((*s)[n])) v = v * 10 + ((*s)[n++] - '0');
  if (n == 0 || (n < s->size() && IsAsciiDigit((*s)[n]))) return -1;
  s->remove_prefix(n);
  return v;
}

std::string IsoDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return {};
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!IsAsciiDigit(s[k])) return {};
  if (s.size() > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return {};
  return Format((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
                (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
}

std::string Rfc822Date(std::string_view s) {
  size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma < 12) s = TrimWhitespace(s.substr(comma + 1));
  int day = TakeNumber(&s);
  s = TrimWhitespace(s);
  if (day < 0 || s.size() < 3) return {};
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  int month = 0;
  for (int m = 0; m < 12; ++m)
    if (EqualsLower(s.substr(0, 3), kMonths[m])) month = m + 1;
  if (month == 0) return {};
  while (!s.empty() && IsAsciiAlpha(s.front())) s.remove_prefix(1);  // "July" as well as "Jul"
  s = TrimWhitespace(s);
  size_t digits = 0;
  while (digits < s.size() && IsAsciiDigit(s[digits])) ++digits;
  int year = TakeNumber(&s);
  if (year < 0) return {};
  if (digits == 2)
    year += year < 50 ? 2000 : 1900;
  else if (digits != 4)
    return {};
  return Format(year, month, day);
}

}  // namespace

std::string FeedDate(std::string_view s) {
  s = TrimWhitespace(s);
  if (s.empty()) return {};
  std::string iso = IsoDate(s);
  return iso.empty() ? Rfc822Date(s) : iso;
}

}  // namespace sitrep
