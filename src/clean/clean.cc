// Clean stage: one pass over the original, line by line. Each line is normalised straight
// into the output buffer (with its byte map), then classified; a dropped line is rolled
// back by truncating the buffers, so kept text is copied exactly once.
#include "clean/clean.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <unordered_set>

namespace sitrep::clean {
namespace {

// Keep in sync with data/boilerplate.tsv (a test checks that both give the same rules).
constexpr std::string_view kDefaultRules =
    "match\tmax_words\tkind\tphrase\n"
    "prefix\t4\tdrop\tsupport \n"
    "contains\t0\tdrop\twe need your support\n"
    "contains\t0\tdrop\tneeds your support\n"
    "contains\t0\tdrop\ta month makes a difference\n"
    "contains\t12\tdrop\tneeds free media\n"
    "contains\t0\tdrop\tpropaganda distorts the truth\n"
    "prefix\t8\tdrop\tclick here\n"
    "prefix\t8\tdrop\tdonate \n"
    "exact\t0\tdrop\tdonate\n"
    "contains\t12\tdrop\tsupport independent journalism\n"
    "contains\t12\tdrop\tbecome a member\n"
    "contains\t12\tdrop\tbecome a patron\n"
    "prefix\t8\tdrop\tshare this\n"
    "prefix\t8\tdrop\tshare on \n"
    "prefix\t8\tdrop\tshare:\n"
    "exact\t0\tdrop\tshare\n"
    "prefix\t8\tdrop\tsubscribe\n"
    "prefix\t8\tdrop\tsign up\n"
    "prefix\t8\tdrop\tfollow us\n"
    "prefix\t8\tdrop\tfollow @\n"
    "prefix\t8\tdrop\tread more\n"
    "prefix\t8\tdrop\tread also\n"
    "prefix\t8\tdrop\tsee also\n"
    "prefix\t8\tdrop\trelated:\n"
    "prefix\t8\tdrop\trelated articles\n"
    "prefix\t8\tdrop\trelated news\n"
    "prefix\t8\tdrop\trelated posts\n"
    "prefix\t8\tdrop\trelated stories\n"
    "prefix\t8\tdrop\trelated topics\n"
    "exact\t0\tdrop\trelated\n"
    "prefix\t8\tdrop\trecommended for you\n"
    "prefix\t8\tdrop\trecommended:\n"
    "prefix\t8\tdrop\ttags:\n"
    "prefix\t8\tdrop\ttag icon\n"
    "prefix\t6\tdrop\tback to top\n"
    "prefix\t6\tdrop\tadvertisement\n"
    "exact\t0\tdrop\tleave a reply\n"
    "contains\t0\tdrop\trequired fields are marked\n"
    "contains\t0\tdrop\tyour email address will not be published\n"
    "prefix\t6\tdrop\tcopyright\n"
    "prefix\t6\tdrop\tall rights reserved\n"
    "contains\t0\tdrop\tarabic version\n"
    "prefix\t6\tdrop\tauthor:\n"
    "prefix\t6\tdrop\twritten by\n"
    "prefix\t4\tdrop\tby \n"
    "prefix\t4\tdrop\t--\n"
    "prefix\t4\tdrop\treporting by\n"
    "suffix\t3\tdrop\t views\n"
    "suffix\t3\tdrop\t view\n"
    "suffix\t3\tdrop\t comments\n"
    "prefix\t0\tcaption\tcamera icon\n"
    "prefix\t30\tcaption\tphoto:\n"
    "prefix\t30\tcaption\tphoto credit\n"
    "prefix\t30\tcaption\tphotos:\n"
    "prefix\t30\tcaption\timage:\n"
    "prefix\t30\tcaption\tpicture:\n"
    "prefix\t30\tcaption\tfile photo\n"
    "prefix\t30\tcaption\tcredit:\n"
    "suffix\t4\tcaption\t photo\n";

// Decodes one UTF-8 code point at p[0..n); returns its length, or 0 when invalid.
int DecodeUtf8(const unsigned char* p, size_t n, UChar32* cp) {
  unsigned char c = p[0];
  int len;
  UChar32 v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
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
      v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
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

// Appends normalised text with its byte map. Only this class touches the three buffers.
class Writer {
 public:
  explicit Writer(CleanDoc* doc) : doc_(doc) {}

  void Byte(char c, uint32_t orig) {
    doc_->text.push_back(c);
    doc_->to_original.push_back(orig);
  }
  // Bytes of one unit whose original is [orig_begin, orig_end). Every byte of it records
  // the unit's end, so a span ending anywhere inside covers the whole original character.
  void Unit(std::string_view bytes, uint32_t orig_begin, uint32_t orig_end) {
    for (char c : bytes) {
      Byte(c, orig_begin);
      if (orig_end != orig_begin + 1) {
        doc_->wide_ends.emplace_back(static_cast<uint32_t>(doc_->text.size() - 1), orig_end);
      }
    }
  }
  void Copy(std::string_view original, uint32_t begin, uint32_t end) {
    doc_->text.append(original.data() + begin, end - begin);
    size_t old = doc_->to_original.size();
    doc_->to_original.resize(old + (end - begin));
    for (uint32_t k = 0; k < end - begin; ++k) doc_->to_original[old + k] = begin + k;
  }
  size_t size() const { return doc_->text.size(); }
  char back() const { return doc_->text.back(); }
  uint32_t back_orig() const { return doc_->to_original.back(); }
  void PopBack() {
    uint32_t idx = static_cast<uint32_t>(doc_->text.size() - 1);
    doc_->text.pop_back();
    doc_->to_original.pop_back();
    if (!doc_->wide_ends.empty() && doc_->wide_ends.back().first == idx) doc_->wide_ends.pop_back();
  }
  void Truncate(size_t n) {
    doc_->text.resize(n);
    doc_->to_original.resize(n);
    while (!doc_->wide_ends.empty() && doc_->wide_ends.back().first >= n)
      doc_->wide_ends.pop_back();
  }

 private:
  CleanDoc* doc_;
};

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
      size_t j = i + 1;
      while (j < n && p[j] > ' ' && p[j] < 0x7F) ++j;
      w.Copy(original, static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      i = j;
      continue;
    }
    // A run of non-ASCII bytes. Check whether it is already NFC (the common case) so that
    // only runs that need it pay for ICU normalisation.
    size_t j = i;
    while (j < n && p[j] >= 0x80) ++j;
    bool valid = true, is_nfc = true;
    for (size_t k = i; k < j;) {
      UChar32 cp;
      int len = DecodeUtf8(p + k, j - k, &cp);
      if (len == 0) {
        valid = false;
        break;
      }
      if (u_getIntPropertyValue(cp, UCHAR_NFC_QUICK_CHECK) != UNORM_YES ||
          u_getCombiningClass(cp) != 0) {
        is_nfc = false;
      }
      k += len;
    }
    if (valid && !is_nfc && nfc != nullptr) {
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
        int len = DecodeUtf8(q + k, out.size() - k, &cp);
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
    // Per code point: replacements, copies, and U+FFFD for invalid bytes.
    while (i < j) {
      UChar32 cp;
      int len = DecodeUtf8(p + i, j - i, &cp);
      uint32_t b = static_cast<uint32_t>(i);
      if (len == 0) {
        flush_space();
        w.Unit("\xEF\xBF\xBD", b, b + 1);
        ++i;
        continue;
      }
      uint32_t e = b + len;
      Repl r = Replacement(cp);
      if (r == Repl::kSpace) {
        note_space(i);
      } else if (r != Repl::kDrop) {
        flush_space();
        switch (r) {
          case Repl::kCopy:
            w.Copy(original, b, e);
            break;
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
      i = e;
    }
  }
  *line_end = n;
  return n;
}

// ---- Line classification -------------------------------------------------------------

enum class Verdict { kKeep, kDrop, kCaption };

int CountWords(std::string_view s) {
  if (s.empty()) return 0;
  int words = 1;
  for (char c : s) words += (c == ' ');
  return words;
}

bool IsArabicLead(unsigned char c) { return c >= 0xD8 && c <= 0xDB; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool EndsAsSentence(std::string_view s, int words) {
  return words >= 4 && s.size() >= 2 && s.back() == '.' && s[s.size() - 2] != '.';
}

bool MatchRule(const Boilerplate::Rule& rule, std::string_view lower, int words) {
  if (rule.max_words > 0 && words > rule.max_words) return false;
  if ((rule.match == Boilerplate::Match::kPrefix || rule.match == Boilerplate::Match::kSuffix) &&
      EndsAsSentence(lower, words))
    return false;
  switch (rule.match) {
    case Boilerplate::Match::kExact:
      return lower == rule.phrase;
    case Boilerplate::Match::kPrefix:
      return lower.starts_with(rule.phrase);
    case Boilerplate::Match::kSuffix:
      return EndsWith(lower, rule.phrase);
    case Boilerplate::Match::kContains:
      return lower.find(rule.phrase) != std::string_view::npos;
  }
  return false;
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
  for (std::string_view tok : SplitString(lower.substr(b), ' ')) {
    while (!tok.empty() &&
           (tok.back() == ',' || tok.back() == ':' || tok.back() == '.' || tok.back() == '|'))
      tok.remove_suffix(1);
    if (tok.empty() || tok == "-" || tok == "|") continue;
    if (IsMonthWord(tok)) {
      anchor = true;
      continue;
    }
    if (tok == "published" || tok == "updated" || tok == "date" || tok == "posted" ||
        tok == "last" || tok == "on" || tok == "at" || tok == "am" || tok == "pm" || tok == "gmt" ||
        tok == "utc" || tok == "monday" || tok == "tuesday" || tok == "wednesday" ||
        tok == "thursday" || tok == "friday" || tok == "saturday" || tok == "sunday") {
      anchor = anchor || tok == "published" || tok == "updated" || tok == "date";
      continue;
    }
    bool numeric = true;
    for (char c : tok) {
      if (IsAsciiDigit(c)) {
        digit = true;
      } else if (c != ':' && c != '/' && c != '-' && c != '.' && c != ',' && c != 't' && c != 'z' &&
                 c != '+') {
        numeric = false;
        break;
      }
    }
    if (!numeric) return false;
  }
  return digit && (anchor || HasYear(lower));
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
  if (line.find("){") != std::string_view::npos ||
      line.find("function(") != std::string_view::npos || line.find("</") != std::string_view::npos)
    return true;
  int semis = 0, equals = 0;
  for (char c : line) {
    semis += (c == ';');
    equals += (c == '=');
  }
  return semis >= 2 && equals >= 2;
}

// Related-article lists glued into one line: "Headline one .Headline two .Headline three".
bool IsGluedHeadlines(std::string_view line) {
  int glued = 0;
  for (size_t i = 0; i + 2 < line.size(); ++i)
    if (line[i] == ' ' && line[i + 1] == '.' && IsAsciiUpper(line[i + 2])) ++glued;
  return glued >= 2;
}

bool HasLetter(std::string_view line) {
  for (char c : line)
    if (IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0xC0) return true;
  return false;
}

bool IsSmallWord(std::string_view w) {
  static constexpr std::array<std::string_view, 26> kSmall = {
      "a",    "an",   "the",   "of",   "in",   "on",   "at",  "to",     "for",
      "and",  "or",   "but",   "by",   "with", "from", "as",  "vs",     "via",
      "into", "over", "after", "near", "amid", "up",   "off", "against"};
  return std::find(kSmall.begin(), kSmall.end(), w) != kSmall.end();
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
  for (std::string_view w : SplitString(line, ' ')) {
    size_t k = 0;
    while (k < w.size() && (w[k] == '"' || w[k] == '\'' || w[k] == '(' || w[k] == '[')) ++k;
    if (k == w.size()) continue;
    unsigned char c = static_cast<unsigned char>(w[k]);
    if (IsAsciiUpper(c) || IsAsciiDigit(c)) {
      ++capitalised;
    } else if (c >= 0x80) {
      return false;  // non-Latin script: no case to judge by
    } else if (!IsSmallWord(w.substr(k))) {
      return false;
    }
  }
  return capitalised >= 2 && capitalised * 2 >= words;
}

}  // namespace

// ---- Boilerplate ---------------------------------------------------------------------

Boilerplate Boilerplate::Defaults() {
  auto parsed = Parse(kDefaultRules, "<built-in boilerplate>");
  return parsed.ok() ? std::move(parsed).value() : Boilerplate();
}

Result<Boilerplate> Boilerplate::Load(const std::string& path) {
  std::string text, error;
  if (!ReadFileToString(path, &text, &error)) return Status::IoError(error);
  return Parse(text, path);
}

Result<Boilerplate> Boilerplate::Parse(std::string_view tsv, const std::string& origin) {
  Boilerplate out;
  int line_no = 0;
  bool header_seen = false;
  for (std::string_view line : SplitString(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto where = [&] { return origin + ":" + std::to_string(line_no) + ": "; };
    std::vector<std::string_view> cols = SplitString(line, '\t');
    if (cols.size() != 4) return Status::InvalidInput(where() + "expected 4 tab-separated columns");
    if (!header_seen && cols[0] == "match") {
      header_seen = true;
      continue;
    }
    Rule rule;
    if (cols[0] == "exact")
      rule.match = Match::kExact;
    else if (cols[0] == "prefix")
      rule.match = Match::kPrefix;
    else if (cols[0] == "suffix")
      rule.match = Match::kSuffix;
    else if (cols[0] == "contains")
      rule.match = Match::kContains;
    else
      return Status::InvalidInput(where() + "unknown match \"" + std::string(cols[0]) + "\"");
    if (cols[1].empty() || cols[1].size() > 4)
      return Status::InvalidInput(where() + "bad max_words");
    for (char c : cols[1])
      if (!IsAsciiDigit(c)) return Status::InvalidInput(where() + "bad max_words");
    rule.max_words = std::stoi(std::string(cols[1]));
    if (cols[2] == "caption")
      rule.caption = true;
    else if (cols[2] != "drop")
      return Status::InvalidInput(where() + "kind must be drop or caption");
    if (cols[3].empty()) return Status::InvalidInput(where() + "empty phrase");
    rule.phrase = AsciiLowerCopy(cols[3]);
    out.rules_.push_back(std::move(rule));
  }
  return out;
}

// ---- Clean ---------------------------------------------------------------------------

Span CleanDoc::MapSpan(Span s) const {
  const uint32_t n = static_cast<uint32_t>(text.size());
  if (to_original.size() != static_cast<size_t>(n) + 1) return {};
  uint32_t b = std::min(s.begin, n), e = std::min(s.end, n);
  if (e <= b) return {to_original[b], to_original[b]};
  uint32_t last = e - 1;
  auto it = std::lower_bound(wide_ends.begin(), wide_ends.end(), std::make_pair(last, 0u));
  uint32_t end = (it != wide_ends.end() && it->first == last) ? it->second : to_original[last] + 1;
  return {to_original[b], end};
}

CleanDoc Clean(std::string_view original) {
  static const Boilerplate kDefaults = Boilerplate::Defaults();  // immutable after init
  return Clean(original, kDefaults);
}

CleanDoc Clean(std::string_view original, const Boilerplate& rules) {
  CleanDoc doc;
  // Offsets are 32-bit; larger inputs are cut (ingest rejects them long before this).
  if (original.size() >= UINT32_MAX) original = original.substr(0, UINT32_MAX - 1);
  doc.text.reserve(original.size());
  doc.to_original.reserve(original.size() + 1);

  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) nfc = nullptr;

  // Script balance of the whole article decides whether an Arabic-only line is a link.
  size_t latin = 0, arabic = 0;
  for (unsigned char c : original) {
    latin += IsAsciiAlpha(static_cast<char>(c));
    arabic += IsArabicLead(c);
  }
  const bool latin_article = latin > 4 * arabic;

  Writer w(&doc);
  std::unordered_set<uint64_t> seen;
  std::string lower;
  bool title_seen = false, blank_since_kept = false;
  size_t pos = 0;
  while (pos < original.size()) {
    const size_t line_begin = pos;
    const size_t mark = w.size();
    // Speculative separator before the line; rolled back if the line goes.
    if (mark > 0) {
      w.Byte('\n', static_cast<uint32_t>(line_begin > 0 ? line_begin - 1 : 0));
      if (blank_since_kept)
        w.Byte('\n', static_cast<uint32_t>(line_begin > 0 ? line_begin - 1 : 0));
    }
    const size_t content = w.size();
    size_t line_end = 0;
    pos = NormalizeLine(original, pos, nfc, w, &line_end);
    std::string_view line(doc.text.data() + content, doc.text.size() - content);
    if (line.empty()) {
      w.Truncate(mark);
      if (mark > 0) blank_since_kept = true;
      continue;
    }
    const int words = CountWords(line);
    lower.assign(line);
    for (char& c : lower) c = AsciiLower(c);

    Verdict verdict = Verdict::kKeep;
    const uint64_t hash = Fnv1a64(line);
    if (!title_seen) {
      title_seen = true;  // the first line is the headline: always kept
    } else if (seen.count(hash)) {
      // Repeated: dropped; a repeated caption is still listed as a caption.
      verdict =
          IsCreditCaption(line, words) || IsDateline(lower) ? Verdict::kCaption : Verdict::kDrop;
    } else {
      for (const Boilerplate::Rule& rule : rules.rules()) {
        if (MatchRule(rule, lower, words)) {
          verdict = rule.caption ? Verdict::kCaption : Verdict::kDrop;
          break;
        }
      }
      if (verdict == Verdict::kKeep) {
        if (IsCreditCaption(line, words) || IsDateline(lower)) {
          verdict = Verdict::kCaption;
        } else if (!HasLetter(line) || IsCodeLine(line) || IsGluedHeadlines(line) ||
                   IsHeadlineLike(line, words)) {
          verdict = Verdict::kDrop;
        } else if (latin_article && words <= 10) {
          size_t line_latin = 0, line_arabic = 0;
          for (unsigned char c : line) {
            line_latin += IsAsciiAlpha(static_cast<char>(c));
            line_arabic += IsArabicLead(c);
          }
          if (line_arabic > line_latin) verdict = Verdict::kDrop;  // "Arabic version" link
        }
      }
    }
    seen.insert(hash);
    if (verdict == Verdict::kKeep) {
      blank_since_kept = false;
      continue;
    }
    Span dropped{static_cast<uint32_t>(line_begin), static_cast<uint32_t>(line_end)};
    doc.removed.push_back(dropped);
    if (verdict == Verdict::kCaption) doc.captions.push_back(dropped);
    w.Truncate(mark);
  }
  uint32_t end_sentinel = static_cast<uint32_t>(original.size());
  if (!doc.text.empty()) {
    uint32_t last = static_cast<uint32_t>(doc.text.size() - 1);
    end_sentinel = (!doc.wide_ends.empty() && doc.wide_ends.back().first == last)
                       ? doc.wide_ends.back().second
                       : doc.to_original[last] + 1;
  }
  doc.to_original.push_back(end_sentinel);
  return doc;
}

}  // namespace sitrep::clean
