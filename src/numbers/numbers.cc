// Number mentions: a small grammar (qualifier? number (range-word number)?) over the shared
// tokens (text/tokens.h), each classified once as a number literal, a word of
// data/numbers.tsv (looked up by the hash the tokeniser computed) or punctuation.
#include "numbers/numbers.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>

#include "text/lexicon.h"
#include "util/tsv.h"

namespace sitrep::numbers {

namespace {

enum class Cat : uint8_t {
  kUnit,
  kTens,
  kScale,
  kOrdinal,
  kArticle,
  kFixed,
  kVague,
  kQualifier,
  kRange
};

enum class QualWord : uint8_t { kAtLeast, kMoreThan, kAbout, kUpTo, kBetween };

struct Entry {
  Cat cat = Cat::kUnit;
  int64_t value = 0;
  QualWord qual = QualWord::kAbout;
};

struct Phrase {
  std::vector<uint32_t> rest;  // ids of the words after the first
  Entry entry;
};

}  // namespace

struct NumberWords::Impl {
  // Every word of every phrase; phrases are indexed by the id of their first word.
  text::Vocabulary vocabulary;
  text::HashFilter filter;                    // of every word in `vocabulary`
  std::vector<std::vector<Phrase>> by_first;  // longest first

  uint32_t Find(std::string_view lower, uint32_t hash) const {
    return filter.MayContain(hash) ? vocabulary.Find(lower, hash) : 0;
  }

  const std::vector<Phrase>* PhrasesOf(uint32_t id) const {
    return id < by_first.size() && !by_first[id].empty() ? &by_first[id] : nullptr;
  }
  // Can Lookup find anything for this token? False for most tokens, at the cost of a bit
  // test (callers then skip the call).
  // (`arabic`: the token is an Arabic word, the only kind that can carry a clitic.)
  bool MayKnow(std::string_view lower, uint32_t hash, bool arabic) const {
    return filter.MayContain(hash) || (arabic && HasArabicClitic(lower));
  }
  // The phrases starting with the token whose lower-cased text is `lower` (KeyHash `hash`);
  // an Arabic word may carry a joined conjunction or preposition ("وثمانية").
  const std::vector<Phrase>* Lookup(std::string_view lower, uint32_t hash, uint32_t* id) const {
    *id = Find(lower, hash);
    const std::vector<Phrase>* phrases = PhrasesOf(*id);
    if (!phrases && HasArabicClitic(lower)) {
      const std::string_view rest = lower.substr(2);
      phrases = PhrasesOf(Find(rest, text::KeyHash(rest)));
    }
    return phrases;
  }
};

NumberWords::NumberWords() : impl_(std::make_unique<Impl>()) {}
NumberWords::NumberWords(NumberWords&&) noexcept = default;
NumberWords& NumberWords::operator=(NumberWords&&) noexcept = default;
NumberWords::~NumberWords() = default;

namespace {

std::string ParseEntry(const std::vector<std::string_view>& cols, Entry* e) {
  if (cols.size() < 3) return "expected 3 columns (phrase, category, value)";
  std::string_view cat = cols[1], val = cols[2];
  if (cat == "qualifier") {
    e->cat = Cat::kQualifier;
    if (val == "atleast")
      e->qual = QualWord::kAtLeast;
    else if (val == "morethan")
      e->qual = QualWord::kMoreThan;
    else if (val == "about")
      e->qual = QualWord::kAbout;
    else if (val == "upto")
      e->qual = QualWord::kUpTo;
    else if (val == "between")
      e->qual = QualWord::kBetween;
    else
      return "unknown qualifier '" + std::string(val) + "'";
    return "";
  }
  static constexpr std::pair<std::string_view, Cat> kCats[] = {
      {"unit", Cat::kUnit},       {"tens", Cat::kTens},       {"scale", Cat::kScale},
      {"ordinal", Cat::kOrdinal}, {"article", Cat::kArticle}, {"fixed", Cat::kFixed},
      {"vague", Cat::kVague},     {"range", Cat::kRange}};
  bool found = false;
  for (auto [name, c] : kCats) {
    if (cat == name) {
      e->cat = c;
      found = true;
    }
  }
  if (!found) return "unknown category '" + std::string(cat) + "'";
  int64_t v = 0;
  auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), v);
  if (ec != std::errc() || p != val.data() + val.size() || v < 0 || v > 1000000000) {
    return "bad value '" + std::string(val) + "'";
  }
  if ((e->cat == Cat::kUnit && v > 19) || (e->cat == Cat::kTens && (v % 10 || v < 20 || v > 90)) ||
      (e->cat == Cat::kScale && v < 2)) {
    return "value " + std::string(val) + " out of range for " + std::string(cat);
  }
  e->value = v;
  return "";
}

}  // namespace

Result<NumberWords> NumberWords::Load(const std::string& path) {
  NumberWords words;
  Impl& impl = *words.impl_;
  Status st = ForEachTsvRow(path, 1, [&](const std::vector<std::string_view>& cols, int) {
    Entry entry;
    if (std::string msg = ParseEntry(cols, &entry); !msg.empty()) return Status::InvalidInput(msg);
    std::vector<uint32_t> ids;
    for (std::string_view w : SplitString(TrimWhitespace(cols[0]), ' ')) {
      if (w.empty()) continue;
      if (w.size() >= 64) return Status::InvalidInput("word too long");
      const std::string lower = AsciiLowerCopy(w);
      ids.push_back(impl.vocabulary.Intern(lower));
      impl.filter.Add(text::KeyHash(lower));
    }
    if (ids.empty()) return Status::InvalidInput("empty phrase");
    if (ids[0] >= impl.by_first.size()) impl.by_first.resize(ids[0] + 1);
    impl.by_first[ids[0]].push_back(
        Phrase{std::vector<uint32_t>(ids.begin() + 1, ids.end()), entry});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (auto& list : impl.by_first) {
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
      return a.rest.size() > b.rest.size();
    });
  }
  return words;
}

namespace {

enum class TokType : uint8_t { kWord, kNumber, kPunct };

// What the grammar needs to know of one shared token.
struct Token {
  uint32_t begin = 0, end = 0;
  TokType type = TokType::kPunct;
  bool ordinal = false;       // "5th"
  bool grouped = false;       // "1,200"
  bool decimal = false;       // "1.5"
  uint8_t ndigits = 0;        // integer digits, separators excluded
  bool digits_first = false;  // a word that starts with digits ("10am", "04T10")
  uint32_t id = 0;            // vocabulary id of the whole token (0: none)
  bool too_large = false;     // more than kCap
  int64_t num = 0;
  double real = 0;  // value including decimals
  const std::vector<Phrase>* phrases = nullptr;
};

constexpr int64_t kCap = 2000000000;

// a * b and a + b for counts, kCap + 1 when past kCap (and never an int64 overflow).
int64_t CappedProduct(int64_t a, int64_t b) {
  int64_t out;
  return __builtin_mul_overflow(a, b, &out) || out > kCap ? kCap + 1 : out;
}
int64_t CappedSum(int64_t a, int64_t b) { return std::min(a + b, kCap + 1); }

// One grammar token per shared token: a number literal, a word (with its phrases when it
// starts some) or punctuation ("-" joins ranges, so it is looked up too).
void Classify(const text::TokenView& view, const NumberWords::Impl& words,
              std::vector<Token>* out) {
  out->resize(view.size());
  for (size_t i = 0; i < view.size(); ++i) {
    const text::Token& shared = view.tokens[i];
    Token& tok = (*out)[i];
    tok = Token{};
    tok.begin = shared.span.begin;
    tok.end = shared.span.end;
    const std::string_view s = shared.span.of(view.text);
    int len;
    // Digits start a token that is kDigit (ASCII) or kArabic (Arabic-Indic, "٣٥").
    const bool digit_start =
        shared.is(text::kDigit) || (shared.is(text::kArabic) && text::LeadingDigit(s, &len) >= 0);
    if (shared.is(text::kWord)) {
      text::NumberLiteral lit;
      if (digit_start && text::ReadNumberLiteral(s, &lit)) {
        tok.type = TokType::kNumber;
        tok.ordinal = lit.ordinal;
        tok.grouped = lit.grouped;
        tok.decimal = lit.decimal;
        tok.ndigits = lit.digits;
        tok.num = lit.value;  // capped at 10 * kCap
        tok.too_large = lit.value > kCap;
        tok.real = lit.real;
        continue;
      }
      tok.type = TokType::kWord;
      tok.digits_first = digit_start;
    }
    if (const std::string_view lower = shared.span.of(view.lower);
        words.MayKnow(lower, view.hashes[i], shared.is(text::kArabic)))
      tok.phrases = words.Lookup(lower, view.hashes[i], &tok.id);
  }
}

struct Parsed {
  int64_t value = 0;
  int end = -1;  // token index after the number; -1 = none
  bool ordinal = false;
  bool digits = false;
  bool year_like = false;
  bool skip = false;       // consumed but not a count (decimals, times, ISO dates)
  bool too_large = false;  // over kCap: no count at all (value holds kCap for comparisons)
};

class Parser {
 public:
  Parser(const text::TokenView& view, const NumberWords::Impl& w) : text_(view.text), words_(w) {
    Classify(view, words_, &toks_);
  }

  int size() const { return static_cast<int>(toks_.size()); }

  int Match(int p, Cat cat, Entry* entry = nullptr) const {
    if (p < 0 || p >= size() || !toks_[p].phrases) return -1;
    for (const Phrase& ph : *toks_[p].phrases) {
      if (ph.entry.cat != cat) continue;
      int q = p + 1;
      bool ok = true;
      for (uint32_t w : ph.rest) {
        if (q >= size() || toks_[q].type != TokType::kWord || toks_[q].id != w) {
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

  bool IsPunct(int p, char c) const {
    return p >= 0 && p < size() && toks_[p].type == TokType::kPunct &&
           toks_[p].end - toks_[p].begin == 1 && text_[toks_[p].begin] == c;
  }
  bool Adjacent(int a, int b) const { return toks_[a].end == toks_[b].begin; }
  // A number, or a word that starts with digits ("04T10", "30pm").
  bool Digits(int p) const {
    return p < size() && (toks_[p].type == TokType::kNumber || toks_[p].digits_first);
  }

  // A number starting at token p (digits, words, "a dozen"), or end == -1.
  Parsed ParseAt(int p) const {
    Parsed r;
    if (p >= size()) return r;
    const Token& t = toks_[p];
    Entry e;
    if (t.type == TokType::kNumber) {
      // ISO dates and clock times are not counts: consume them whole, with the time glued to
      // a date ("2019-06-04T10:00") and the letters glued to a time ("10:30pm").
      if (t.ndigits == 4 && !t.grouped && !t.decimal && IsPunct(p + 1, '-') && p + 4 < size() &&
          toks_[p + 2].type == TokType::kNumber && IsPunct(p + 3, '-') && Digits(p + 4) &&
          Adjacent(p, p + 1) && Adjacent(p + 1, p + 2) && Adjacent(p + 2, p + 3) &&
          Adjacent(p + 3, p + 4)) {
        r.end = p + 5;
        if (toks_[p + 4].type == TokType::kWord) {
          while (IsPunct(r.end, ':') && Digits(r.end + 1) && Adjacent(r.end - 1, r.end) &&
                 Adjacent(r.end, r.end + 1))
            r.end += 2;
        }
        r.skip = true;
        return r;
      }
      if (IsPunct(p + 1, ':') && Digits(p + 2) && Adjacent(p, p + 1) && Adjacent(p + 1, p + 2)) {
        r.end = p + 3;
        r.skip = true;
        return r;
      }
      r.digits = true;
      r.end = p + 1;
      r.ordinal = t.ordinal;
      double v = t.decimal ? t.real : static_cast<double>(t.num);
      int q = p + 1;
      while (!t.ordinal && Match(q, Cat::kScale, &e) > 0) {  // "5 thousand", "1.5 million"
        v *= static_cast<double>(e.value);
        q = Match(q, Cat::kScale);
        r.end = q;
      }
      if (t.decimal && r.end == p + 1) {
        r.skip = true;
        return r;
      }
      r.too_large = t.too_large || v > static_cast<double>(kCap);
      r.value = r.too_large ? kCap : std::llround(v);
      r.year_like = r.end == p + 1 && t.ndigits == 4 && !t.grouped && !t.ordinal && t.num >= 1900 &&
                    t.num <= 2100;
      return r;
    }
    if (t.type != TokType::kWord || !t.phrases) return r;
    if (int fe = Match(p, Cat::kFixed, &e); fe > 0) {
      r.value = e.value;
      r.end = fe;
      return r;
    }
    return ParseWords(p);
  }

  // "twenty-five", "two hundred and fifty", "a hundred", "three thousand", "fourth".
  Parsed ParseWords(int p) const {
    Parsed r;
    int64_t total = 0, cur = 0;
    enum { kStart, kArticle, kUnit, kTens, kScale } last = kStart;
    int64_t last_scale = INT64_MAX;
    int q = p;
    Entry e;
    while (q < size()) {
      if (last == kStart && Match(q, Cat::kArticle) > 0) {
        int ae = Match(q, Cat::kArticle);
        if (Match(ae, Cat::kScale) < 0) break;
        cur = 1;
        last = kArticle;
        q = ae;
        continue;
      }
      if ((last == kStart || last == kScale || last == kTens) && Match(q, Cat::kOrdinal, &e) > 0) {
        if (last == kTens && e.value >= 10) break;
        cur += e.value;
        q = Match(q, Cat::kOrdinal);
        r.ordinal = true;
        r.end = q;
        break;
      }
      if ((last == kStart || last == kScale || last == kTens) && Match(q, Cat::kUnit, &e) > 0) {
        if (last == kTens && (e.value == 0 || e.value >= 10)) break;
        cur += e.value;
        q = Match(q, Cat::kUnit);
        last = kUnit;
        r.end = q;
        continue;
      }
      if ((last == kStart || last == kScale) && Match(q, Cat::kTens, &e) > 0) {
        cur += e.value;
        q = Match(q, Cat::kTens);
        last = kTens;
        r.end = q;
        // "twenty-five", "twenty-first"
        if (IsPunct(q, '-') && Adjacent(q - 1, q) && q + 1 < size() && Adjacent(q, q + 1) &&
            (Match(q + 1, Cat::kUnit) > 0 || Match(q + 1, Cat::kOrdinal) > 0)) {
          ++q;
        }
        continue;
      }
      if (last != kStart && Match(q, Cat::kScale, &e) > 0) {
        if (e.value >= last_scale) break;
        if (e.value >= 1000) {
          total = CappedSum(total, CappedProduct(std::max<int64_t>(cur, 1), e.value));
          cur = 0;
          last_scale = e.value;
        } else {
          cur = CappedProduct(std::max<int64_t>(cur, 1), e.value);
        }
        if (total > kCap || cur > kCap) {  // "a billion billion": past any count
          r.too_large = true;
          total = kCap, cur = 0;
        }
        q = Match(q, Cat::kScale);
        last = kScale;
        r.end = q;
        // "two hundred and fifty"
        if (q + 1 < size() && toks_[q].type == TokType::kWord &&
            EqualsLower(text_.substr(toks_[q].begin, toks_[q].end - toks_[q].begin), "and") &&
            (Match(q + 1, Cat::kUnit) > 0 || Match(q + 1, Cat::kTens) > 0)) {
          ++q;
        }
        continue;
      }
      break;
    }
    if (r.end < 0) return r;
    r.too_large = r.too_large || total + cur > kCap;
    r.value = std::min(total + cur, kCap);
    return r;
  }

  void Run(std::vector<NumberMention>* out) const {
    int i = 0;
    while (i < size()) {
      const Token& t = toks_[i];
      if (t.type == TokType::kPunct || (t.type == TokType::kWord && !t.phrases)) {
        ++i;
        continue;
      }
      NumberMention m;
      int end = TryAt(i, &m);
      if (end > i) {
        if (end > 0 && m.span.end > m.span.begin) {
          if (out->capacity() == 0) out->reserve(16);  // (not doubling from one)
          out->push_back(m);
        }
        i = end;
      } else {
        ++i;
      }
    }
  }

  // Fills `m` and returns the token after it; a mention with an empty span means "consumed,
  // nothing to report". Returns -1 when nothing starts at i.
  int TryAt(int i, NumberMention* m) const {
    Entry q;
    if (int qe = Match(i, Cat::kQualifier, &q); qe > 0) {
      if (q.qual == QualWord::kBetween) {
        Parsed a = ParseAt(qe);
        Entry r;
        if (a.end > 0 && !a.skip && !a.year_like && Match(a.end, Cat::kRange, &r) > 0) {
          Parsed b = ParseAt(Match(a.end, Cat::kRange));
          if (b.end > 0 && !b.skip && b.value > a.value) {
            return FillRange(i, a, b, m);
          }
        }
      } else {
        Parsed a = ParseAt(qe);
        if (a.end > 0 && !a.skip && !a.ordinal) {
          Fill(i, a, m);
          m->is_year_like = false;
          switch (q.qual) {
            case QualWord::kAtLeast:
              m->qualifier = Qualifier::kAtLeast;
              m->low = m->value;
              break;
            case QualWord::kMoreThan:
              m->qualifier = Qualifier::kMoreThan;
              if (m->value) m->low = *m->value + 1;  // values stop at kCap < INT_MAX
              break;
            case QualWord::kUpTo:
              m->qualifier = Qualifier::kUpTo;
              m->high = m->value;
              break;
            default:
              m->qualifier = Qualifier::kAbout;
              break;
          }
          return a.end;
        }
      }
    }
    Parsed a = ParseAt(i);
    if (a.end > 0) {
      if (a.skip) return a.end;
      Entry r;
      int re = Match(a.end, Cat::kRange, &r);
      if (re > 0 && !a.ordinal && !a.year_like) {
        const bool dash = IsPunct(a.end, '-');
        // "5-7" must be written tight; "5 to 7" / "five or six" need low < high.
        if (!dash || (Adjacent(a.end - 1, a.end) && re < size() && Adjacent(a.end, re))) {
          const bool is_and = !dash && EqualsLower(text_.substr(toks_[a.end].begin, 3), "and");
          Parsed b = ParseAt(re);
          if (!is_and && b.end > 0 && !b.skip && !b.ordinal && b.digits == a.digits &&
              b.value > a.value) {
            return FillRange(i, a, b, m);
          }
        }
      }
      Fill(i, a, m);
      return a.end;
    }
    if (int ve = Match(i, Cat::kVague); ve > 0) {
      m->span = {toks_[i].begin, toks_[ve - 1].end};
      m->vague = true;
      return ve;
    }
    return -1;
  }

  void Fill(int begin, const Parsed& a, NumberMention* m) const {
    m->span = {toks_[begin].begin, toks_[a.end - 1].end};
    m->too_large = a.too_large;
    if (!a.too_large) m->value = static_cast<int>(a.value);
    m->is_ordinal = a.ordinal;
    m->is_year_like = a.year_like;
  }

  int FillRange(int begin, const Parsed& a, const Parsed& b, NumberMention* m) const {
    m->span = {toks_[begin].begin, toks_[b.end - 1].end};
    m->qualifier = Qualifier::kRange;
    m->too_large = a.too_large || b.too_large;
    if (m->too_large) return b.end;
    m->value = static_cast<int>(a.value);
    m->low = static_cast<int>(a.value);
    m->high = static_cast<int>(b.value);
    return b.end;
  }

 private:
  std::string_view text_;
  const NumberWords::Impl& words_;
  std::vector<Token> toks_;
};

}  // namespace

std::vector<NumberMention> FindNumbers(const text::TokenView& text, const NumberWords& words) {
  std::vector<NumberMention> out;
  if (text.text.size() >= UINT32_MAX) return out;
  Parser(text, words.impl()).Run(&out);
  return out;
}

std::vector<NumberMention> FindNumbers(std::string_view text, const NumberWords& words) {
  if (text.size() >= UINT32_MAX) return {};
  text::TokenizedText tokens(text);
  return FindNumbers(tokens.view(), words);
}

std::optional<int> ParseNumber(std::string_view phrase, const NumberWords& words) {
  phrase = TrimWhitespace(phrase);
  if (phrase.empty() || phrase.size() >= UINT32_MAX) return std::nullopt;
  text::TokenizedText tokens(phrase);
  Parser p(tokens.view(), words.impl());
  Parsed r = p.ParseAt(0);
  if (r.end != p.size() || r.skip || r.too_large) return std::nullopt;
  return static_cast<int>(r.value);
}

}  // namespace sitrep::numbers
