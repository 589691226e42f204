// Date mentions: a tokenizer plus a small hand-written grammar over vocabulary loaded from
// data/dates.tsv. One left-to-right pass; every word token is looked up once in a hash map
// (lower-cased into a stack buffer, so no allocation per token).
#include "dates/dates.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <unordered_map>

namespace sitrep::dates {

// ---------------------------------------------------------------------------------------
// Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days).

int64_t DaysFromCivil(const CivilDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

CivilDate AddDays(const CivilDate& d, int64_t n) { return CivilFromDays(DaysFromCivil(d) + n); }

int Weekday(const CivilDate& d) {
  const int64_t z = DaysFromCivil(d);
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

const char* PrecisionName(Precision p) {
  switch (p) {
    case Precision::kDay:
      return "day";
    case Precision::kWeek:
      return "week";
    case Precision::kMonth:
      return "month";
    case Precision::kYear:
      return "year";
  }
  return "day";
}

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ValidDate(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// Shifts by whole months, clamping the day to the target month's length.
CivilDate AddMonths(const CivilDate& d, int n) {
  int total = d.year * 12 + (d.month - 1) + n;
  int y = total / 12, m = total % 12 + 1;
  return {y, m, std::min(d.day, DaysInMonth(y, m))};
}

}  // namespace

std::optional<CivilDate> ParseIsoDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsAsciiDigit(s[i])) return std::nullopt;
  }
  if (s.size() > 10 && IsAsciiDigit(s[10])) return std::nullopt;
  auto num = [&](int b, int n) {
    int v = 0;
    for (int i = b; i < b + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  CivilDate d{num(0, 4), num(5, 2), num(8, 2)};
  if (!ValidDate(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

std::string ToIso(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// ---------------------------------------------------------------------------------------
// Vocabulary.

namespace {

enum class Cat : uint8_t {
  kMonth,
  kWeekday,
  kNumber,
  kPrefix,
  kUnit,
  kAgo,
  kTimeOfDay,
  kConnector,
  kRel
};

enum PrefixBit : uint16_t {
  kPOn = 1,
  kPIn = 2,
  kPLate = 4,
  kPLast = 8,
  kPThis = 16,
  kPNext = 32,
  kPOvernight = 64,
  kPThe = 128,
  kPAt = 256,
  kPPast = 512,
};

enum class Unit : uint8_t { kNone, kHour, kDay, kWeek, kMonth, kYear, kWeekend };

constexpr int kVague = -1;

struct Entry {
  Cat cat = Cat::kRel;
  int value = 0;  // month, weekday, count (kVague), prefix bits, ago strength (1/2), offset
  Unit unit = Unit::kNone;
  Precision precision = Precision::kDay;
  DateKind kind = DateKind::kRelativeDay;
};

struct Phrase {
  std::vector<std::string> rest;  // words after the first, lower-cased
  Entry entry;
};

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

namespace {
// Everything known about one first word: its phrases (longest first) and, so the scanner can
// reject most tokens without walking them, the categories they carry and the prefix bits.
struct WordInfo {
  std::vector<Phrase> phrases;
  uint32_t cats = 0;         // bit (1 << Cat)
  uint16_t prefix_bits = 0;  // single-word prefix meanings ("last" = last | past)
};
constexpr uint32_t Bit(Cat c) { return 1u << static_cast<int>(c); }
// Categories that can begin a mention (after optional prefixes).
constexpr uint32_t kStartCats = Bit(Cat::kMonth) | Bit(Cat::kWeekday) | Bit(Cat::kNumber) |
                                Bit(Cat::kPrefix) | Bit(Cat::kUnit) | Bit(Cat::kRel);
}  // namespace

struct DateWords::Impl {
  std::unordered_map<std::string, WordInfo, TransparentHash, std::equal_to<>> by_first;
  // "Overnight Thursday to Friday": date the event on the second weekday (the night's
  // end, as the dev-set gold does) or the first. Setting "weekday_pair" in dates.tsv.
  bool pair_takes_second = true;
  // Cheap pre-filter before hashing: bit `len` of first_len[c] / last_len[c] is set when a
  // vocabulary first word of that byte length starts / ends with byte c. Most words fail it.
  uint64_t first_len[256] = {};
  uint64_t last_len[256] = {};
  bool MayContain(std::string_view w) const {
    if (w.empty() || w.size() >= 64) return false;
    const uint64_t bit = uint64_t{1} << w.size();
    return (first_len[static_cast<unsigned char>(w.front())] & bit) &&
           (last_len[static_cast<unsigned char>(w.back())] & bit);
  }
  void Index(std::string_view w) {
    if (w.empty() || w.size() >= 64) return;
    const uint64_t bit = uint64_t{1} << w.size();
    first_len[static_cast<unsigned char>(w.front())] |= bit;
    last_len[static_cast<unsigned char>(w.back())] |= bit;
  }
};

DateWords::DateWords() : impl_(std::make_unique<Impl>()) {}
DateWords::DateWords(DateWords&&) noexcept = default;
DateWords& DateWords::operator=(DateWords&&) noexcept = default;
DateWords::~DateWords() = default;

namespace {

std::optional<Unit> ParseUnit(std::string_view s) {
  if (s == "hour") return Unit::kHour;
  if (s == "day") return Unit::kDay;
  if (s == "week") return Unit::kWeek;
  if (s == "month") return Unit::kMonth;
  if (s == "year") return Unit::kYear;
  if (s == "weekend") return Unit::kWeekend;
  return std::nullopt;
}

std::optional<Precision> ParsePrecision(std::string_view s) {
  if (s == "day") return Precision::kDay;
  if (s == "week") return Precision::kWeek;
  if (s == "month") return Precision::kMonth;
  if (s == "year") return Precision::kYear;
  return std::nullopt;
}

std::optional<int> ParseInt(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Parses one TSV line into `entry`; returns an error message or "".
std::string ParseEntry(const std::vector<std::string_view>& cols, Entry* e) {
  if (cols.size() < 3) return "expected at least 3 columns (phrase, category, value)";
  std::string_view cat = cols[1], val = cols[2];
  auto need_int = [&](int lo, int hi) -> std::string {
    auto v = ParseInt(val);
    if (!v || *v < lo || *v > hi) return "bad value '" + std::string(val) + "'";
    e->value = *v;
    return "";
  };
  if (cat == "month") {
    e->cat = Cat::kMonth;
    return need_int(1, 12);
  }
  if (cat == "weekday") {
    e->cat = Cat::kWeekday;
    return need_int(0, 6);
  }
  if (cat == "number") {
    e->cat = Cat::kNumber;
    if (val == "vague") {
      e->value = kVague;
      return "";
    }
    return need_int(0, 1000);
  }
  if (cat == "prefix") {
    e->cat = Cat::kPrefix;
    static constexpr std::pair<std::string_view, uint16_t> kBits[] = {
        {"on", kPOn},     {"in", kPIn},     {"late", kPLate},           {"last", kPLast},
        {"this", kPThis}, {"next", kPNext}, {"overnight", kPOvernight}, {"the", kPThe},
        {"at", kPAt},     {"past", kPPast}};
    for (auto [name, bit] : kBits) {
      if (val == name) {
        e->value = bit;
        return "";
      }
    }
    return "unknown prefix '" + std::string(val) + "'";
  }
  if (cat == "unit") {
    e->cat = Cat::kUnit;
    auto u = ParseUnit(val);
    if (!u || *u == Unit::kWeekend) return "unknown unit '" + std::string(val) + "'";
    e->unit = *u;
    return "";
  }
  if (cat == "ago") {
    e->cat = Cat::kAgo;
    if (val == "strong")
      e->value = 1;
    else if (val == "weak")
      e->value = 2;
    else
      return "ago value must be strong or weak";
    return "";
  }
  if (cat == "timeofday" || cat == "connector") {
    e->cat = cat == "timeofday" ? Cat::kTimeOfDay : Cat::kConnector;
    return "";
  }
  if (cat == "rel") {
    e->cat = Cat::kRel;
    if (cols.size() < 6) return "rel needs 6 columns (phrase, rel, offset, unit, precision, kind)";
    auto v = ParseInt(val);
    if (!v || *v < -100 || *v > 100) return "bad offset '" + std::string(val) + "'";
    e->value = *v;
    auto u = ParseUnit(cols[3]);
    if (!u || *u == Unit::kHour) return "bad unit '" + std::string(cols[3]) + "'";
    e->unit = *u;
    auto p = ParsePrecision(cols[4]);
    if (!p) return "bad precision '" + std::string(cols[4]) + "'";
    e->precision = *p;
    if (cols[5] == "day")
      e->kind = DateKind::kRelativeDay;
    else if (cols[5] == "span")
      e->kind = DateKind::kRelativeSpan;
    else
      return "kind must be day or span";
    return "";
  }
  return "unknown category '" + std::string(cat) + "'";
}

}  // namespace

Result<DateWords> DateWords::Load(const std::string& path) {
  std::string content, error;
  if (!ReadFileToString(path, &content, &error)) return Status::IoError(error);
  DateWords words;
  int line_no = 0;
  for (std::string_view line : SplitString(content, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimWhitespace(line).empty() || line.front() == '#') continue;
    std::vector<std::string_view> cols = SplitString(line, '\t');
    if (cols.size() >= 3 && cols[1] == "setting") {
      if (cols[0] == "weekday_pair" && (cols[2] == "first" || cols[2] == "second")) {
        words.impl_->pair_takes_second = cols[2] == "second";
        continue;
      }
      return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": unknown setting '" +
                                  std::string(cols[0]) + "' = '" + std::string(cols[2]) + "'");
    }
    Entry entry;
    std::string msg = ParseEntry(cols, &entry);
    std::vector<std::string> parts;
    if (msg.empty()) {
      for (std::string_view w : SplitString(TrimWhitespace(cols[0]), ' ')) {
        if (!w.empty()) parts.push_back(AsciiLowerCopy(w));
      }
      if (parts.empty()) msg = "empty phrase";
      for (const auto& p : parts) {
        if (p.size() >= 64) msg = "word too long";
      }
    }
    if (!msg.empty()) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": " + msg);
    }
    Phrase phrase{std::vector<std::string>(parts.begin() + 1, parts.end()), entry};
    words.impl_->Index(parts[0]);
    WordInfo& info = words.impl_->by_first[parts[0]];
    info.cats |= Bit(entry.cat);
    if (entry.cat == Cat::kPrefix && phrase.rest.empty()) info.prefix_bits |= entry.value;
    info.phrases.push_back(std::move(phrase));
  }
  for (auto& [first, info] : words.impl_->by_first) {
    std::stable_sort(
        info.phrases.begin(), info.phrases.end(),
        [](const Phrase& a, const Phrase& b) { return a.rest.size() > b.rest.size(); });
  }
  return words;
}

// ---------------------------------------------------------------------------------------
// Tokenizer and grammar.

namespace {

enum class TokType : uint8_t { kWord, kNumber, kPunct };

struct Token {
  uint32_t begin = 0, end = 0;
  TokType type = TokType::kPunct;
  bool upper = false;    // ASCII word starting with a capital
  bool ascii = true;     // word made of ASCII letters
  bool ordinal = false;  // "17th"
  uint8_t ndigits = 0;
  int32_t num = 0;
  const WordInfo* info = nullptr;
};

void Tokenize(std::string_view t, const DateWords::Impl& words, std::vector<Token>* out) {
  out->clear();
  out->reserve(t.size() / 4 + 8);
  size_t i = 0;
  const size_t n = t.size();
  char buf[64];
  while (i < n) {
    const unsigned char c = t[i];
    int dlen = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (DigitAt(t, i, &dlen) >= 0) {
      Token tok;
      tok.type = TokType::kNumber;
      tok.begin = static_cast<uint32_t>(i);
      int64_t v = 0;
      int nd = 0, d;
      while (i < n && (d = DigitAt(t, i, &dlen)) >= 0) {
        if (v < 100000000) v = v * 10 + d;
        ++nd;
        i += dlen;
      }
      tok.num = static_cast<int32_t>(v);
      tok.ndigits = static_cast<uint8_t>(std::min(nd, 255));
      // Ordinal suffix: "17th", "1st", "22nd", "3rd".
      if (size_t suffix = OrdinalSuffixAt(t, i)) {
        tok.ordinal = true;
        i += suffix;
      }
      tok.end = static_cast<uint32_t>(i);
      out->push_back(tok);
      continue;
    }
    if (IsAsciiAlpha(c) || IsArabicLetterAt(t, i)) {
      Token tok;
      tok.type = TokType::kWord;
      tok.begin = static_cast<uint32_t>(i);
      tok.upper = IsAsciiUpper(c);
      tok.ascii = IsAsciiAlpha(c);
      size_t len = 0;
      const bool fits = ScanLowerWord(t, &i, buf, sizeof buf, &len);
      tok.end = static_cast<uint32_t>(i);
      if (fits) {
        std::string_view w(buf, len);
        if (words.MayContain(w)) {
          auto it = words.by_first.find(w);
          if (it != words.by_first.end()) tok.info = &it->second;
        }
        if (!tok.info && HasArabicClitic(w) && words.MayContain(w.substr(2))) {
          auto it = words.by_first.find(w.substr(2));
          if (it != words.by_first.end()) tok.info = &it->second;
        }
      }
      out->push_back(tok);
      continue;
    }
    // Anything else is one punctuation token: an ASCII byte or a whole UTF-8 sequence.
    Token tok;
    tok.begin = static_cast<uint32_t>(i);
    size_t len = 1;
    if (c >= 0xC0) {
      while (i + len < n && len < 4 && (static_cast<unsigned char>(t[i + len]) & 0xC0) == 0x80) {
        ++len;
      }
    }
    i += len;
    tok.end = static_cast<uint32_t>(i);
    // A lone '-' is a connector ("Thursday-Friday"): give it a lookup too.
    if (c == '-') {
      auto it = words.by_first.find(std::string_view("-"));
      if (it != words.by_first.end()) tok.info = &it->second;
    }
    out->push_back(tok);
  }
}

struct Found {
  DateMention mention;
  int weekday = -1;  // for "Sunday, July 28": lets InferPublished check the year
  int month = 0, day = 0;
};

class Scanner {
 public:
  Scanner(std::string_view text, const std::optional<CivilDate>& pub, const DateWords::Impl& w)
      : text_(text), pub_(pub), words_(w) {}

  void Run(std::vector<Found>* out) {
    Tokenize(text_, words_, &toks_);
    const int n = static_cast<int>(toks_.size());
    int i = 0;
    while (i < n) {
      const Token& t = toks_[i];
      if (t.type == TokType::kPunct ||
          (t.type == TokType::kWord && (!t.info || !(t.info->cats & kStartCats)))) {
        ++i;
        continue;
      }
      Found best;
      int best_end = -1;
      TryAt(i, &best, &best_end);
      if (best_end > i) {
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
    if (p < 0 || p >= static_cast<int>(toks_.size()) || !toks_[p].info ||
        !(toks_[p].info->cats & Bit(cat))) {
      return -1;
    }
    for (const Phrase& ph : toks_[p].info->phrases) {
      if (ph.entry.cat != cat) continue;
      int q = p + 1;
      bool ok = true;
      for (const std::string& w : ph.rest) {
        if (q >= static_cast<int>(toks_.size()) || toks_[q].type == TokType::kPunct ||
            !EqualsLower(Text(q), w)) {
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
    *f_end = end_tok;
  }

  void TryAt(int i, Found* best, int* best_end) {
    const int n = static_cast<int>(toks_.size());
    // ISO "2019-06-04" (the tokenizer splits it into 2019 - 06 - 04).
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

namespace {
std::vector<Found> FindDetailed(std::string_view text, const std::optional<CivilDate>& published,
                                const DateWords& words) {
  std::vector<Found> out;
  if (text.size() >= UINT32_MAX || !words.impl().by_first.size()) return out;
  Scanner(text, published, words.impl()).Run(&out);
  return out;
}
}  // namespace

std::vector<DateMention> FindDates(std::string_view text, const std::optional<CivilDate>& published,
                                   const DateWords& words) {
  std::vector<DateMention> out;
  for (const Found& f : FindDetailed(text, published, words)) out.push_back(f.mention);
  return out;
}

std::optional<CivilDate> InferPublished(std::string_view body,
                                        const std::vector<std::string_view>& hint_texts,
                                        const DateWords& words) {
  // 1. The latest full (day-precision, absolute) date in the hints and the dateline.
  constexpr size_t kDatelineBytes = 400;
  std::optional<CivilDate> latest;
  int max_year = 0;
  auto consider = [&](std::string_view text, bool full_dates) {
    for (const Found& f : FindDetailed(text, std::nullopt, words)) {
      const DateMention& m = f.mention;
      if (m.kind != DateKind::kAbsolute || !m.date) continue;
      max_year = std::max(max_year, m.date->year);
      if (full_dates && m.precision == Precision::kDay && (!latest || *m.date > *latest)) {
        latest = m.date;
      }
    }
  };
  for (std::string_view h : hint_texts) consider(h, true);
  size_t cut = std::min(body.size(), kDatelineBytes);
  while (cut < body.size() && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) ++cut;
  consider(body.substr(0, cut), true);
  consider(body.substr(cut), false);  // years only
  if (max_year == 0) return std::nullopt;

  // 2. "on Sunday, July 28" in the body: the year (latest, or the one after) in which the
  // weekday agrees.
  const int base_year = latest ? latest->year : max_year;
  std::optional<CivilDate> weekday_date;
  for (const Found& f : FindDetailed(body, std::nullopt, words)) {
    if (f.weekday < 0 || f.month == 0 || f.mention.kind != DateKind::kPartial) continue;
    for (int y : {base_year + 1, base_year}) {
      if (!ValidDate(y, f.month, f.day)) continue;
      CivilDate d{y, f.month, f.day};
      if (Weekday(d) != f.weekday) continue;
      if (latest && (d < *latest || DaysFromCivil(d) - DaysFromCivil(*latest) > 31)) continue;
      if (!weekday_date || d > *weekday_date) weekday_date = d;
      break;
    }
  }
  if (weekday_date && (!latest || *weekday_date > *latest)) return weekday_date;
  return latest;
}

}  // namespace sitrep::dates
