// Kinds of lines the clean stage drops or keeps as captions (see line_kinds.h).
#include "clean/line_kinds.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "util/text.h"

namespace sitrep::clean {
namespace {

// Calls f(token) for each ' '-separated token of s, in order and as SplitString lists them
// (empty ones too), until f returns false. Returns whether every call returned true.
template <typename F>
bool EachToken(std::string_view s, F f) {
  for (size_t start = 0;;) {
    const size_t space = s.find(' ', start);
    if (!f(s.substr(start,
                    space == std::string_view::npos ? std::string_view::npos : space - start)))
      return false;
    if (space == std::string_view::npos) return true;
    start = space + 1;
  }
}

constexpr std::array<std::string_view, 23> kMonthWords = {
    "january",   "february", "march",    "april",    "may",  "june", "july", "august",
    "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
    "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov"};

bool IsMonthWord(std::string_view w) {
  if (w == "dec") return true;
  return std::find(kMonthWords.begin(), kMonthWords.end(), w) != kMonthWords.end();
}

bool HasYear(std::string_view s) {
  // Four ASCII digits starting 19/20, or four Arabic-Indic digits.
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) {
      if (IsAsciiDigit(s[i + 2]) && IsAsciiDigit(s[i + 3]) && (i == 0 || !IsAsciiDigit(s[i - 1])) &&
          (i + 4 == s.size() || !IsAsciiDigit(s[i + 4])))
        return true;
    }
  }
  int arabic_digits = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xD9 && static_cast<unsigned char>(s[i + 1]) >= 0xA0 &&
        static_cast<unsigned char>(s[i + 1]) <= 0xA9) {
      if (++arabic_digits >= 4) return true;
      ++i;
    } else if (s[i] == ' ') {
      arabic_digits = 0;
    }
  }
  return false;
}

bool IsSmallWord(std::string_view w) {
  static constexpr std::array<std::string_view, 26> kSmall = {
      "a",    "an",   "the",   "of",   "in",   "on",   "at",  "to",     "for",
      "and",  "or",   "but",   "by",   "with", "from", "as",  "vs",     "via",
      "into", "over", "after", "near", "amid", "up",   "off", "against"};
  return std::find(kSmall.begin(), kSmall.end(), w) != kSmall.end();
}

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;

// The high bit of each byte of x that equals c (exact: no carries between bytes).
uint64_t ByteEquals(uint64_t x, unsigned char c) {
  const uint64_t t = x ^ (kOnes * c);
  return ~(((t & kLow7) + kLow7) | t | kLow7);
}

// How many bytes of a mask of high bits are set.
int BytesInWord(uint64_t high_bits) { return static_cast<int>(((high_bits >> 7) * kOnes) >> 56); }

// Whether `c` occurs at least `n` times in s.
bool AtLeast(std::string_view s, char c, int n) {
  for (size_t at = s.find(c); at != std::string_view::npos; at = s.find(c, at + 1))
    if (--n <= 0) return true;
  return n <= 0;
}

}  // namespace

int CountWords(std::string_view s) {
  if (s.empty()) return 0;
  int spaces = 0;
  size_t i = 0;
  for (uint64_t x; i + 8 <= s.size(); i += 8) {
    std::memcpy(&x, s.data() + i, 8);
    spaces += BytesInWord(ByteEquals(x, ' '));
  }
  for (; i < s.size(); ++i) spaces += s[i] == ' ';
  return 1 + spaces;
}

ScriptCounts CountScripts(std::string_view s) {
  ScriptCounts counts;
  size_t i = 0;
  for (uint64_t x; i + 8 <= s.size(); i += 8) {
    std::memcpy(&x, s.data() + i, 8);
    // ASCII letters: x | 0x20 in 'a'..'z' with the high bit clear. Arabic leads: D8..DB.
    const uint64_t t = (x | kOnes * 0x20) & kLow7;
    const uint64_t at_least_a = (t + kOnes * (0x80 - 'a')) & kHigh;
    const uint64_t past_z = (t + kOnes * (0x80 - 'z' - 1)) & kHigh;
    counts.latin += BytesInWord(at_least_a & ~past_z & ~x);
    counts.arabic += BytesInWord(ByteEquals(x & kOnes * 0xFC, 0xD8));
  }
  for (; i < s.size(); ++i) {
    counts.latin += IsAsciiAlpha(s[i]);
    counts.arabic += IsArabicLead(static_cast<unsigned char>(s[i]));
  }
  return counts;
}

// "Published: July 15, 2023", "October 29, 2021", "Date: 2019-12-11 14:11", "• Feb 10 2020".
bool IsDateline(std::string_view lower) {
  size_t b = 0;
  while (b < lower.size() && !IsAsciiAlpha(lower[b]) && !IsAsciiDigit(lower[b])) {
    unsigned char c = static_cast<unsigned char>(lower[b]);
    if (c == 0xE2) {
      b += 3;  // a bullet such as U+2022 or U+25CF
    } else if (c >= 0x80) {
      return false;
    } else {
      ++b;
    }
  }
  if (b >= lower.size()) return false;
  bool digit = false, anchor = false;
  const bool all_date_words = EachToken(lower.substr(b), [&](std::string_view tok) {
    while (!tok.empty() &&
           (tok.back() == ',' || tok.back() == ':' || tok.back() == '.' || tok.back() == '|'))
      tok.remove_suffix(1);
    if (tok.empty() || tok == "-" || tok == "|") return true;
    if (IsMonthWord(tok)) {
      anchor = true;
      return true;
    }
    if (tok == "published" || tok == "updated" || tok == "date" || tok == "posted" ||
        tok == "last" || tok == "on" || tok == "at" || tok == "am" || tok == "pm" || tok == "gmt" ||
        tok == "utc" || tok == "monday" || tok == "tuesday" || tok == "wednesday" ||
        tok == "thursday" || tok == "friday" || tok == "saturday" || tok == "sunday") {
      anchor = anchor || tok == "published" || tok == "updated" || tok == "date";
      return true;
    }
    for (char c : tok) {
      if (IsAsciiDigit(c)) {
        digit = true;
      } else if (c != ':' && c != '/' && c != '-' && c != '.' && c != ',' && c != 't' && c != 'z' &&
                 c != '+') {
        return false;  // a word of text: not a dateline
      }
    }
    return true;
  });
  return all_date_words && digit && (anchor || HasYear(lower));
}

// "... in rural Daraa - July 27, 2019 (Amaaq)", "(AFP)", "... - July 2018 (Reuters)".
bool IsCreditCaption(std::string_view line, int words) {
  if (words > 30 || line.empty() || line.back() != ')') return false;
  size_t open = line.rfind('(');
  if (open == std::string_view::npos) return false;
  std::string_view credit = line.substr(open + 1, line.size() - open - 2);
  if (credit.empty() || credit.size() > 48 || CountWords(credit) > 5) return false;
  std::string_view before = TrimWhitespace(line.substr(0, open));
  if (before.empty()) return true;
  char last = before.back();
  if (last == '.' || last == '!' || last == '?' || last == '"' || last == '\'') return false;
  size_t dash = before.rfind(" - ");
  if (dash == std::string_view::npos) return false;
  return HasYear(before.substr(dash + 3));
}

bool IsCodeLine(std::string_view line) {
  if (line.find("){") != std::string_view::npos || line.find("</") != std::string_view::npos)
    return true;
  // "function(", found by its rare '('.
  for (size_t paren = line.find('('); paren != std::string_view::npos;
       paren = line.find('(', paren + 1)) {
    if (paren >= 8 && line.substr(paren - 8, 8) == "function") return true;
  }
  return AtLeast(line, ';', 2) && AtLeast(line, '=', 2);
}

// Related-article lists glued into one line: "Headline one .Headline two .Headline three".
bool IsGluedHeadlines(std::string_view line) {
  int glued = 0;
  // " .X": found by its '.', much rarer than its ' '.
  for (size_t dot = line.find('.', 1); dot != std::string_view::npos && dot + 1 < line.size();
       dot = line.find('.', dot + 1)) {
    if (line[dot - 1] == ' ' && IsAsciiUpper(line[dot + 1]) && ++glued >= 2) return true;
  }
  return false;
}

bool HasLetter(std::string_view line) {
  for (char c : line)
    if (IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0xC0) return true;
  return false;
}

// Short Title Case line without final punctuation: a related-article link, a section
// title or an outlet name.
bool IsHeadlineLike(std::string_view line, int words) {
  if (words < 2 || words > 20) return false;
  char last = line.back();
  if (last == '.' || last == '!' || last == '?' || last == '"' || last == '\'' || last == ':' ||
      last == ';' || last == ',')
    return false;
  int capitalised = 0;
  const bool all_judged = EachToken(line, [&capitalised](std::string_view w) {
    size_t k = 0;
    while (k < w.size() && (w[k] == '"' || w[k] == '\'' || w[k] == '(' || w[k] == '[')) ++k;
    if (k == w.size()) return true;
    unsigned char c = static_cast<unsigned char>(w[k]);
    if (IsAsciiUpper(c) || IsAsciiDigit(c)) {
      ++capitalised;
      return true;
    }
    if (c >= 0x80) return false;  // non-Latin script: no case to judge by
    return IsSmallWord(w.substr(k));
  });
  return all_judged && capitalised >= 2 && capitalised * 2 >= words;
}

}  // namespace sitrep::clean
