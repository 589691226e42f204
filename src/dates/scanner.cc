// The date grammar: one left-to-right pass over the shared tokens (text/tokens.h), each read
// once as a number, a word of data/dates.tsv (looked up by the hash the tokeniser computed)
// or punctuation, trying at each token the longest expression that starts there.
#include <algorithm>

#include "dates/dates.h"
#include "dates/internal.h"

namespace sitrep::dates {
namespace {

enum class TokType : uint8_t { kWord, kNumber, kPunct };

// What the grammar needs to know of a token.
struct Token {
  uint32_t begin = 0, end = 0;
  TokType type = TokType::kPunct;
  bool upper = false;    // word starting with an ASCII capital
  bool ascii = true;     // word starting with an ASCII letter
  bool ordinal = false;  // "17th"
  uint8_t ndigits = 0;
  int32_t num = 0;
  uint32_t id = 0;  // vocabulary id of the whole token (0: none)
  const WordInfo* info = nullptr;
  uint32_t cats = 0;  // info->cats (0 without info): the scanner tests it at every token
};

// Counts beyond this are no dates' ("100000000 days ago"); capping keeps day arithmetic sane.
constexpr int64_t kMaxCount = 100000000;

// A number without groups or decimals ("17", "17th", "٢٨"), or false.
bool ReadPlainNumber(std::string_view s, uint32_t begin, Token* tok) {
  text::NumberLiteral lit;
  if (!text::ReadNumberLiteral(s, &lit) || lit.grouped || lit.decimal) return false;
  tok->begin = begin;
  tok->end = begin + static_cast<uint32_t>(s.size());
  tok->type = TokType::kNumber;
  tok->ordinal = lit.ordinal;
  tok->ndigits = lit.digits;
  tok->num = static_cast<int32_t>(std::min(lit.value, kMaxCount));
  return true;
}

// Reads a number the tokeniser kept whole across commas or points ("4,2019" in
// "July 4,2019", "1,200", "3.5") as its parts: number, punctuation, number... as the grammar
// reads "4, 2019": a day and a year, not a number of thousands.
bool ReadJoinedNumber(std::string_view s, uint32_t begin, std::vector<Token>* out) {
  const size_t first = out->size();
  size_t part = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != ',' && s[i] != '.') continue;
    Token num;
    if (!ReadPlainNumber(s.substr(part, i - part), begin + static_cast<uint32_t>(part), &num)) {
      out->resize(first);
      return false;
    }
    out->push_back(num);
    if (i < s.size()) {
      Token sep;
      sep.begin = begin + static_cast<uint32_t>(i);
      sep.end = sep.begin + 1;
      out->push_back(sep);
    }
    part = i + 1;
  }
  return true;
}

// A number glued to a word as its two parts: "5days", "٢٨تموز", "1980s" (so "in the 1980s"
// still reads as a year), "10am".
bool ReadNumberAndWord(std::string_view s, std::string_view lower, uint32_t begin,
                       const DateWords::Impl& words, std::vector<Token>* out) {
  size_t digits = 0;
  int len;
  while (text::LeadingDigit(s.substr(digits), &len) >= 0) digits += len;
  Token num;
  if (digits == s.size() || !ReadPlainNumber(s.substr(0, digits), begin, &num)) return false;
  Token word;
  word.begin = num.end;
  word.end = begin + static_cast<uint32_t>(s.size());
  word.type = TokType::kWord;
  word.upper = IsAsciiUpper(s[digits]);
  word.ascii = IsAsciiAlpha(s[digits]);
  const std::string_view rest = lower.substr(digits);
  word.info = words.Lookup(rest, text::KeyHash(rest), &word.id);
  if (word.info) word.cats = word.info->cats;
  out->push_back(num);
  out->push_back(word);
  return true;
}

void Classify(const text::TokenView& view, const DateWords::Impl& words, std::vector<Token>* out) {
  out->clear();
  out->reserve(view.size());
  int len;
  for (size_t i = 0; i < view.size(); ++i) {
    const text::Token& shared = view.tokens[i];
    const std::string_view s = shared.span.of(view.text);
    const std::string_view lower = shared.span.of(view.lower);
    // Digits start a token that is kDigit (ASCII) or kArabic (Arabic-Indic, "٢٨").
    if (shared.is(text::kDigit) || (shared.is(text::kArabic) && text::LeadingDigit(s, &len) >= 0)) {
      Token number;
      if (ReadPlainNumber(s, shared.span.begin, &number)) {
        out->push_back(number);
        continue;
      }
      if (ReadJoinedNumber(s, shared.span.begin, out) ||
          ReadNumberAndWord(s, lower, shared.span.begin, words, out))
        continue;
    }
    Token& tok = out->emplace_back();  // (built in place: this runs for every token)
    tok.begin = shared.span.begin;
    tok.end = shared.span.end;
    if (shared.is(text::kWord)) {
      tok.type = TokType::kWord;
      tok.upper = shared.is(text::kCapitalized);
      tok.ascii = IsAsciiAlpha(s[0]);
    }
    if (words.MayKnow(lower, view.hashes[i], shared.is(text::kArabic))) {
      tok.info = words.Lookup(lower, view.hashes[i], &tok.id);
      if (tok.info) tok.cats = tok.info->cats;
    }
  }
}

class Scanner {
 public:
  Scanner(const text::TokenView& view, const std::optional<CivilDate>& pub,
          const DateWords::Impl& w)
      : text_(view.text), pub_(pub), words_(w) {
    Classify(view, words_, &toks_);
  }

  void Run(std::vector<Found>* out) {
    const int n = static_cast<int>(toks_.size());
    int i = 0;
    while (i < n) {
      const Token& t = toks_[i];
      if (t.type == TokType::kPunct || (t.type == TokType::kWord && !(t.cats & kStartCats))) {
        ++i;
        continue;
      }
      Found best;
      int best_end = -1;
      TryAt(i, &best, &best_end);
      if (best_end > i) {
        if (out->capacity() == 0) out->reserve(16);  // (not doubling from one)
        out->push_back(best);
        i = best_end;
      } else {
        ++i;
      }
    }
  }

 private:
  // Longest phrase of category `cat` starting at token p; returns its end or -1.
  int Match(int p, Cat cat, Entry* entry = nullptr) const {
    if (p < 0 || p >= static_cast<int>(toks_.size()) || !(toks_[p].cats & Bit(cat))) {
      return -1;
    }
    for (const Phrase& ph : toks_[p].info->phrases) {
      if (ph.entry.cat != cat) continue;
      int q = p + 1;
      bool ok = true;
      for (uint32_t w : ph.rest) {
        if (q >= static_cast<int>(toks_.size()) || toks_[q].type == TokType::kPunct ||
            toks_[q].id != w) {
          ok = false;
          break;
        }
        ++q;
      }
      if (ok) {
        if (entry) *entry = ph.entry;
        return q;
      }
    }
    return -1;
  }

  std::string_view Text(int p) const {
    return text_.substr(toks_[p].begin, toks_[p].end - toks_[p].begin);
  }
  bool IsPunct(int p, char c) const {
    return p < static_cast<int>(toks_.size()) && toks_[p].type == TokType::kPunct &&
           toks_[p].end - toks_[p].begin == 1 && text_[toks_[p].begin] == c;
  }
  bool IsNumber(int p) const {
    return p < static_cast<int>(toks_.size()) && toks_[p].type == TokType::kNumber;
  }
  bool IsDay(int p) const {
    return IsNumber(p) && (toks_[p].ndigits <= 2) && toks_[p].num >= 1 && toks_[p].num <= 31;
  }
  bool IsYear(int p) const {
    return IsNumber(p) && toks_[p].ndigits == 4 && !toks_[p].ordinal && toks_[p].num >= 1900 &&
           toks_[p].num <= 2100;
  }
  // Month names in English must be capitalised ("may" is a verb, "march" too).
  int MatchMonth(int p, int* month) const {
    Entry e;
    int end = Match(p, Cat::kMonth, &e);
    if (end < 0 || (toks_[p].ascii && !toks_[p].upper)) return -1;
    *month = e.value;
    // "Aug. 27": an abbreviation's period, but not a sentence's ("in May.").
    if (IsPunct(end, '.') && toks_[p].ascii && toks_[p].end == toks_[end].begin &&
        IsNumber(end + 1)) {
      ++end;
    }
    return end;
  }
  int MatchWeekday(int p, int* wd) const {
    Entry e;
    int end = Match(p, Cat::kWeekday, &e);
    if (end < 0 || (toks_[p].ascii && !toks_[p].upper)) return -1;
    *wd = e.value;
    return end;
  }

  // A word can carry several prefix meanings ("last" = last | past).
  uint16_t PrefixBits(int p) const { return toks_[p].info ? toks_[p].info->prefix_bits : 0; }

  void Emit(int begin_tok, int end_tok, DateKind kind, std::optional<CivilDate> date, Precision p,
            Found* f, int* f_end) const {
    f->mention.span = {toks_[begin_tok].begin, toks_[end_tok - 1].end};
    f->mention.kind = kind;
    f->mention.precision = p;
    f->mention.date = (kind == DateKind::kAbsolute || pub_) ? date : std::nullopt;
    // "19 December 0000", or "last week" from a publication date in 0001: no such day in
    // the calendar, so no date (never "0000-12-19").
    if (f->mention.date && !ValidDate(date->year, date->month, date->day))
      f->mention.date = std::nullopt;
    *f_end = end_tok;
  }

  void TryAt(int i, Found* best, int* best_end) {
    const int n = static_cast<int>(toks_.size());
    // ISO "2019-06-04" (tokens 2019 - 06 - 04).
    if (IsNumber(i) && toks_[i].end - toks_[i].begin == 4) {
      if (auto d = ParseIsoDate(text_.substr(toks_[i].begin))) {
        int end = i + 1;
        while (end < n && toks_[end].end <= toks_[i].begin + 10) ++end;
        Emit(i, end, DateKind::kAbsolute, d, Precision::kDay, best, best_end);
        return;
      }
    }
    // "next Sunday", "next month": the future is not an event date.
    if (i > 0 && (PrefixBits(i - 1) & kPNext)) return;
    // Prefix words may precede the core; try the core after each of them and keep the
    // longest match (ties: the one starting earliest, i.e. including the prefixes).
    uint16_t bits = 0;
    int k = i;
    for (int step = 0; step < 5 && k < n; ++step) {
      Found f;
      int end = -1;
      Core(i, k, bits, &f, &end);
      if (end > *best_end) {
        *best = f;
        *best_end = end;
      }
      Entry e;
      int pe = Match(k, Cat::kPrefix, &e);
      if (pe < 0) break;
      bits |= PrefixBits(k);
      k = pe;
      if (IsPunct(k, '-') && toks_[k - 1].end == toks_[k].begin) ++k;  // "mid-July"
    }
  }

  // The core expression at token k, with prefix words [i, k) carrying `bits`.
  void Core(int i, int k, uint16_t bits, Found* f, int* end) {
    const int n = static_cast<int>(toks_.size());
    if (k >= n) return;
    // Every branch below needs token k to be a number or one of these words: most prefix
    // words ("the", "in", "on") are followed by none and end here.
    constexpr uint32_t kCoreCats = Bit(Cat::kRel) | Bit(Cat::kWeekday) | Bit(Cat::kMonth) |
                                   Bit(Cat::kNumber) | Bit(Cat::kUnit);
    if (toks_[k].type != TokType::kNumber && !(toks_[k].cats & kCoreCats)) return;
    // Relative phrases from the vocabulary: "yesterday", "last week", "the weekend".
    Entry e;
    int re = Match(k, Cat::kRel, &e);
    if (re > 0) {
      Emit(i, re, e.kind, ResolveRel(e), e.precision, f, end);
      // Keep going: a longer grammar match (e.g. "overnight Thursday") may win.
    }
    int wd = -1, month = 0;
    int we = MatchWeekday(k, &wd);
    if (we > 0) {
      if (bits & kPNext) return;
      int q = we;
      if (IsPunct(q, ',')) ++q;
      Found g;
      int gend = -1;
      if (DayMonthYear(i, q, &g, &gend) && gend > *end) {
        g.weekday = wd;
        *f = g;
        *end = gend;
        return;
      }
      // Bare weekday: "on Sunday", "late Tuesday", "Monday night", "Thursday to Friday".
      q = we;
      int pair_shift = 0;
      if (int te = Match(q, Cat::kTimeOfDay); te > 0) q = te;
      // "on Monday night (August 24)": one mention, the date in brackets.
      if (IsPunct(q, '(')) {
        Found g;
        int gend = -1;
        if (DayMonthYear(i, q + 1, &g, &gend)) {
          if (IsPunct(gend, ')')) {
            g.mention.span.end = toks_[gend].end;
            ++gend;
          }
          g.weekday = wd;
          *f = g;
          *end = gend;
          return;
        }
      }
      if (int ce = Match(q, Cat::kConnector); ce > 0) {
        int wd2;
        if (int we2 = MatchWeekday(ce, &wd2); we2 > 0) {
          if (words_.pair_takes_second) {
            // Resolve the first weekday as usual; the second is the day after it.
            pair_shift = (wd2 - wd + 7) % 7;
          }
          q = we2;
          if (int te = Match(q, Cat::kTimeOfDay); te > 0) q = te;
        }
      }
      if (q > *end) {
        std::optional<CivilDate> d;
        if (pub_) {
          int back = (Weekday(*pub_) - wd + 7) % 7;
          if (back == 0 && (bits & kPLast)) back = 7;
          d = AddDays(*pub_, -back + pair_shift);
          if (*d > *pub_) d = AddDays(*d, -7);
        }
        Emit(i, q, DateKind::kRelativeDay, d, Precision::kDay, f, end);
      }
      return;
    }
    {
      Found g;
      int gend = -1;
      if (DayMonthYear(i, k, &g, &gend) && gend > *end) {
        *f = g;
        *end = gend;
        return;
      }
    }
    if (int me = MatchMonth(k, &month); me > 0) {
      if (bits & kPNext) return;
      if (IsYear(me)) {  // "August 2018"
        Emit(i, me + 1, DateKind::kAbsolute, CivilDate{toks_[me].num, month, 15}, Precision::kMonth,
             f, end);
        return;
      }
      if (me + 1 < static_cast<int>(toks_.size()) && EqualsLower(Text(me), "of") &&
          IsYear(me + 1)) {
        // "October of 2017"
        Emit(i, me + 2, DateKind::kAbsolute, CivilDate{toks_[me + 1].num, month, 15},
             Precision::kMonth, f, end);
        return;
      }
      if (!(bits & (kPIn | kPLate | kPLast | kPThis))) return;
      std::optional<CivilDate> d;
      if (pub_) {
        int y = pub_->year;
        if (month > pub_->month || ((bits & kPLast) && month == pub_->month)) --y;
        if ((bits & kPThis) && !(bits & kPLast)) y = pub_->year;
        d = CivilDate{y, month, 15};
      }
      if (me > *end) Emit(i, me, DateKind::kPartial, d, Precision::kMonth, f, end);
      return;
    }
    // "in 2018": a bare year needs a preposition, since counts can look like years.
    if (IsYear(k) && (bits & kPIn) && !IsPunct(k + 1, '-')) {
      if (k + 1 > *end) {
        Emit(i, k + 1, DateKind::kAbsolute, CivilDate{toks_[k].num, 7, 1}, Precision::kYear, f,
             end);
      }
      return;
    }
    Span(i, k, bits, f, end);
  }

  // "July 17", "July 17, 2019", "17 July", "17th of July 2019", "Aug. 27". Starts at q;
  // the mention starts at token i.
  bool DayMonthYear(int i, int q, Found* f, int* end) {
    int month = 0, day = 0, after = -1;
    if (int me = MatchMonth(q, &month); me > 0) {
      if (!IsDay(me) || IsPunct(me + 1, ':')) return false;
      day = toks_[me].num;
      after = me + 1;
    } else if (IsDay(q)) {
      int p = q + 1;
      if (toks_[q].ordinal && p < static_cast<int>(toks_.size()) && EqualsLower(Text(p), "of")) {
        ++p;
      }
      int me2 = MatchMonth(p, &month);
      if (me2 < 0) return false;
      day = toks_[q].num;
      after = me2;
    } else {
      return false;
    }
    if (day > DaysInMonth(2000, month)) return false;  // 2000 is leap: allows Feb 29
    int ye = after;
    if (IsPunct(ye, ',')) ++ye;
    if (IsYear(ye)) {
      int y = toks_[ye].num;
      if (!ValidDate(y, month, day)) return false;
      Emit(i, ye + 1, DateKind::kAbsolute, CivilDate{y, month, day}, Precision::kDay, f, end);
    } else {
      std::optional<CivilDate> d;
      if (pub_) d = LatestYear(month, day);
      Emit(i, after, DateKind::kPartial, d, Precision::kDay, f, end);
    }
    f->month = month;
    f->day = day;
    return true;
  }

  // The latest year that does not put month/day more than two weeks after publication: a
  // date a few days ahead is this year's (a deadline, a late dateline), not last year's.
  std::optional<CivilDate> LatestYear(int month, int day) const {
    const CivilDate limit = AddDays(*pub_, 14);
    for (int y = pub_->year + 1; y >= pub_->year - 8; --y) {
      if (ValidDate(y, month, day) && CivilDate{y, month, day} <= limit) {
        return CivilDate{y, month, day};
      }
    }
    return std::nullopt;
  }

  // "two weeks ago", "48 hours ago", "days earlier", "a few days ago", "the past 24 hours".
  void Span(int i, int k, uint16_t bits, Found* f, int* end) {
    int count = 0;
    bool vague = false;
    int q = k;
    Entry e;
    if (IsNumber(k) && !toks_[k].ordinal) {
      count = toks_[k].num;
      q = k + 1;
      if (IsPunct(q, '-')) ++q;  // "24-hour"
    } else if (int ne = Match(k, Cat::kNumber, &e); ne > 0) {
      if (e.value == kVague)
        vague = true;
      else
        count = e.value;
      q = ne;
    } else {
      // "days ago": no count at all. But "two weeks later" must not leave "weeks later".
      // Prefixes do not count either ("last month after" is "last month").
      if (k != i || (k > 0 && (IsNumber(k - 1) || Match(k - 1, Cat::kNumber) == k))) return;
      vague = true;
    }
    Entry unit;
    int ue = Match(q, Cat::kUnit, &unit);
    if (ue < 0) return;
    // With no count at all the unit must be plural: "days ago", not "the day before".
    if (q == k && vague && AsciiLower(text_[toks_[q].end - 1]) != 's') return;
    if ((bits & kPPast) && !vague) {  // "the past 24 hours", "the last 3 days"
      if (unit.unit == Unit::kHour) {
        // A day's tally ("the past 24 hours") is mostly of the day before the report.
        std::optional<CivilDate> d = pub_;
        if (d && count >= 24) d = AddDays(*d, -1);
        Emit(i, ue, DateKind::kRelativeSpan, d, Precision::kDay, f, end);
      } else if (unit.unit == Unit::kDay && count <= 7) {
        Emit(i, ue, DateKind::kRelativeSpan, pub_, Precision::kWeek, f, end);
      }
      return;
    }
    Entry ago;
    int ae = Match(ue, Cat::kAgo, &ago);
    if (ae < 0 || (ago.value == 2 && !vague)) return;
    if (ae <= *end) return;
    std::optional<CivilDate> d;
    Precision prec = Precision::kDay;
    switch (unit.unit) {
      case Unit::kHour:
        prec = Precision::kDay;
        if (pub_) d = AddDays(*pub_, vague ? 0 : -(count / 24));
        break;
      case Unit::kDay:
        prec = vague ? Precision::kWeek : Precision::kDay;
        if (pub_) d = AddDays(*pub_, vague ? -3 : -count);
        break;
      case Unit::kWeek:
        prec = vague ? Precision::kMonth : Precision::kWeek;
        if (pub_) d = AddDays(*pub_, -7 * (vague ? 2 : count));
        break;
      case Unit::kMonth:
        prec = vague ? Precision::kYear : Precision::kMonth;
        if (pub_) d = AddMonths(*pub_, -(vague ? 3 : count));
        break;
      case Unit::kYear:
        if (vague) return;  // "years ago": too vague to place
        prec = Precision::kYear;
        if (pub_) d = AddDays(*pub_, -365 * count);
        break;
      default:
        return;
    }
    Emit(i, ae, DateKind::kRelativeSpan, d, prec, f, end);
  }

  std::optional<CivilDate> ResolveRel(const Entry& e) const {
    if (!pub_) return std::nullopt;
    const CivilDate& p = *pub_;
    switch (e.unit) {
      case Unit::kDay:
        return AddDays(p, e.value);
      case Unit::kWeek:
        return AddDays(p, 7 * e.value);
      case Unit::kMonth: {
        CivilDate d = AddMonths(p, e.value);
        if (e.precision == Precision::kMonth) d.day = 15;
        return d;
      }
      case Unit::kYear:
        return e.precision == Precision::kYear ? CivilDate{p.year + e.value, 7, 1}
                                               : AddDays(p, 365 * e.value);
      case Unit::kWeekend:  // the most recent Saturday on or before publication
        return AddDays(p, -((Weekday(p) - 6 + 7) % 7));
      default:
        return std::nullopt;
    }
  }

  std::string_view text_;
  std::optional<CivilDate> pub_;
  const DateWords::Impl& words_;
  std::vector<Token> toks_;
};

}  // namespace

std::vector<Found> FindDetailed(const text::TokenView& text,
                                const std::optional<CivilDate>& published, const DateWords& words) {
  std::vector<Found> out;
  if (text.text.size() >= UINT32_MAX || words.impl().by_first.empty()) return out;
  Scanner(text, published, words.impl()).Run(&out);
  return out;
}

std::vector<DateMention> FindDates(const text::TokenView& text,
                                   const std::optional<CivilDate>& published,
                                   const DateWords& words) {
  std::vector<DateMention> out;
  const std::vector<Found> found = FindDetailed(text, published, words);
  out.reserve(found.size());
  for (const Found& f : found) out.push_back(f.mention);
  return out;
}

std::vector<DateMention> FindDates(std::string_view text, const std::optional<CivilDate>& published,
                                   const DateWords& words) {
  if (text.size() >= UINT32_MAX) return {};
  text::TokenizedText tokens(text);
  return FindDates(tokens.view(), published, words);
}

}  // namespace sitrep::dates
