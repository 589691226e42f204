#include "text/arabic.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "util/text.h"

namespace sitrep::text {
namespace {

// Arabic letters and marks are two bytes, lead byte 0xD8..0xDB.
constexpr bool IsArabicLead(unsigned char c) { return c >= 0xD8 && c <= 0xDB; }

// What the matching form does with the two-byte character (c0, c1): keep it, replace it by
// another two-byte letter, or drop it.
enum class Fold : uint8_t { kKeep, kReplace, kDrop };

Fold FoldOf(unsigned char c0, unsigned char c1, unsigned char* r0, unsigned char* r1) {
  switch (c0) {
    case 0xD8:
      switch (c1) {
        case 0xA2:  // آ
        case 0xA3:  // أ
        case 0xA5:  // إ
          *r0 = 0xD8, *r1 = 0xA7;
          return Fold::kReplace;
        case 0xA9:  // ة -> ه
          *r0 = 0xD9, *r1 = 0x87;
          return Fold::kReplace;
        case 0xA4:  // ؤ -> و
          *r0 = 0xD9, *r1 = 0x88;
          return Fold::kReplace;
        case 0xA6:  // ئ -> ي
          *r0 = 0xD9, *r1 = 0x8A;
          return Fold::kReplace;
        case 0xA1:  // lone hamza
          return Fold::kDrop;
        default:
          return Fold::kKeep;
      }
    case 0xD9:
      if (c1 == 0x89) {  // ى -> ي
        *r0 = 0xD9, *r1 = 0x8A;
        return Fold::kReplace;
      }
      if (c1 == 0xB1) {  // ٱ -> ا
        *r0 = 0xD8, *r1 = 0xA7;
        return Fold::kReplace;
      }
      // tatweel, tanween, short vowels, shadda, sukun, other marks, dagger alef
      if (c1 == 0x80 || (c1 >= 0x8B && c1 <= 0x9F) || c1 == 0xB0) return Fold::kDrop;
      return Fold::kKeep;
    case 0xDA:
      if (c1 == 0xA9) {  // ک -> ك
        *r0 = 0xD9, *r1 = 0x83;
        return Fold::kReplace;
      }
      return Fold::kKeep;
    case 0xDB:
      if (c1 == 0x8C) {  // ی -> ي
        *r0 = 0xD9, *r1 = 0x8A;
        return Fold::kReplace;
      }
      if (c1 >= 0x96 && c1 <= 0xAD) return Fold::kDrop;  // Quranic marks
      return Fold::kKeep;
    default:
      return Fold::kKeep;
  }
}

// The normalised letters the clitic rules look at.
constexpr std::string_view kWaw = "\xD9\x88", kFa = "\xD9\x81", kBa = "\xD8\xA8", kLam = "\xD9\x84",
                           kArticle = "\xD8\xA7\xD9\x84", kTa = "\xD8\xAA", kHa = "\xD9\x87";

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Pronouns joined to the end of a noun or verb, longest first (matching form).
constexpr std::string_view kPronouns[] = {
    "\xD9\x87\xD9\x85\xD8\xA7",  // هما
    "\xD9\x87\xD9\x85",          // هم
    "\xD9\x87\xD9\x86",          // هن
    "\xD9\x87\xD8\xA7",          // ها
    "\xD9\x86\xD8\xA7",          // نا
    "\xD9\x87",                  // ه
};

// A stem keeps at least three letters (six bytes).
constexpr size_t kMinStem = 6;

}  // namespace

std::string MatchForm(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (IsArabicLead(c) && i + 1 < word.size()) {
      unsigned char r0 = 0, r1 = 0;
      const auto c1 = static_cast<unsigned char>(word[i + 1]);
      switch (FoldOf(c, c1, &r0, &r1)) {
        case Fold::kKeep:
          out.push_back(word[i]);
          out.push_back(word[i + 1]);
          break;
        case Fold::kReplace:
          out.push_back(static_cast<char>(r0));
          out.push_back(static_cast<char>(r1));
          break;
        case Fold::kDrop:
          break;
      }
      ++i;
      continue;
    }
    out.push_back(AsciiLower(word[i]));
  }
  return out;
}

namespace {

// Does `text` have a byte 0xD8..0xDB (an Arabic letter's lead byte)? Eight bytes at a time.
bool HasArabicLead(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const uint64_t v = (w & (kOnes * 0xFC)) ^ (kOnes * 0xD8);  // a zero byte: a lead byte
    if ((v - kOnes) & ~v & kHigh) return true;
  }
  for (; i < text.size(); ++i)
    if (IsArabicLead(static_cast<unsigned char>(text[i]))) return true;
  return false;
}

}  // namespace

bool FoldForMatching(std::string_view text, std::vector<Token>* tokens, std::string* lower) {
  if (!HasArabicLead(text)) return false;
  lower->assign(text);
  char* s = lower->data();
  const size_t n = lower->size();
  bool drops = false;
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      s[i] = AsciiLower(s[i]);
      continue;
    }
    if (!IsArabicLead(c) || i + 1 >= n) continue;
    unsigned char r0 = 0, r1 = 0;
    Fold f = FoldOf(c, static_cast<unsigned char>(s[i + 1]), &r0, &r1);
    if (f == Fold::kReplace) {
      s[i] = static_cast<char>(r0);
      s[i + 1] = static_cast<char>(r1);
    }
    drops |= f == Fold::kDrop;
    ++i;
  }
  // Tokens that end in ta marbuta (before folding it): their final "ه" is no pronoun.
  for (Token& t : *tokens) {
    if (!t.is(kArabic) || t.span.size() < 2) continue;
    size_t e = t.span.end;
    // (Marks after the letter do not count: "مدينةٌ".)
    while (e >= t.span.begin + 4 && static_cast<unsigned char>(text[e - 2]) == 0xD9 &&
           ((static_cast<unsigned char>(text[e - 1]) >= 0x8B &&
             static_cast<unsigned char>(text[e - 1]) <= 0x9F) ||
            static_cast<unsigned char>(text[e - 1]) == 0x80))
      e -= 2;
    if (static_cast<unsigned char>(text[e - 2]) == 0xD8 &&
        static_cast<unsigned char>(text[e - 1]) == 0xA9)
      t.flags |= kFinalTaMarbuta;
  }
  if (!drops) return true;
  // Squeeze the dropped characters out of each token that has them (the token's tail keeps
  // whatever was there; key_trim hides it).
  for (Token& t : *tokens) {
    if (!t.is(kWord)) continue;
    size_t w = t.span.begin;
    for (size_t r = t.span.begin; r < t.span.end; ++r) {
      const auto c = static_cast<unsigned char>(s[r]);
      if (IsArabicLead(c) && r + 1 < t.span.end) {
        unsigned char r0 = 0, r1 = 0;
        if (FoldOf(c, static_cast<unsigned char>(s[r + 1]), &r0, &r1) == Fold::kDrop) {
          ++r;
          continue;
        }
        s[w++] = s[r];
        s[w++] = s[r + 1];
        ++r;
        continue;
      }
      s[w++] = s[r];
    }
    t.key_trim = static_cast<uint16_t>(t.span.end - w);
  }
  return true;
}

bool ArabicPluralVerb(std::string_view key) {
  // ("وا" after at least three letters; plural nouns end in "ون"/"ين", not "وا".)
  return key.size() >= 10 && key.substr(key.size() - 4) == "\xD9\x88\xD8\xA7";
}

void ArabicStems(std::string_view key, std::vector<ArabicStem>* out, std::string* scratch,
                 bool final_ta_marbuta) {
  out->clear();
  scratch->clear();
  // Rebuilt forms (ل + ال written لل, ta marbuta before a pronoun) go into scratch; reserve so
  // that the views stay valid.
  scratch->reserve(12 * key.size() + 16);  // at most 11 rebuilt forms of key's size
  auto add = [&](std::string_view s, StemKind kind) {
    if (s.size() >= kMinStem) out->push_back({s, kind});
  };
  // Conjunction, preposition, or both ("و", "ب", "وب"); each reading is a base, the word as
  // written too (its own stems are the article's and the pronoun's).
  // (At most 8 bases: the word, after a conjunction, after a preposition or both (with ل + ال
  // rebuilt), each also without the article; a fixed array, as this runs per unknown token.)
  std::array<std::string_view, 8> bases;
  size_t n = 0;
  auto push_base = [&](std::string_view s) { bases[n++] = s; };
  push_base(key);
  auto preposition = [&](std::string_view rest) {
    if (!StartsWith(rest, kBa) && !StartsWith(rest, kLam)) return;
    const bool lam = StartsWith(rest, kLam);
    rest.remove_prefix(2);
    if (lam && StartsWith(rest, kLam)) {
      // "للجيش": ل + "الجيش" (the article's alef is not written after ل); "لليبيا": ل + "ليبيا".
      size_t at = scratch->size();
      scratch->append(kArticle.substr(0, 2));
      scratch->append(rest);
      std::string_view rebuilt(scratch->data() + at, scratch->size() - at);
      add(rebuilt, StemKind::kProclitic);
      push_base(rebuilt);
    }
    add(rest, StemKind::kProclitic);
    push_base(rest);
  };
  if (StartsWith(key, kWaw) || StartsWith(key, kFa)) {
    std::string_view rest = key.substr(2);
    add(rest, StemKind::kProclitic);
    push_base(rest);
    preposition(rest);
  } else {
    preposition(key);
  }
  // The article.
  const size_t n_bases = n;
  for (size_t i = 0; i < n_bases; ++i) {
    if (StartsWith(bases[i], kArticle)) {
      std::string_view bare = bases[i].substr(kArticle.size());
      add(bare, i == 0 ? StemKind::kArticle : StemKind::kProclitic);
      push_base(bare);
    }
  }
  // An attached pronoun (on a stem that keeps a proclitic reading, the proclitic's kind).
  for (size_t i = 0; i < n; ++i) {
    std::string_view base = bases[i];
    const StemKind kind = i == 0 ? StemKind::kPronoun : StemKind::kProclitic;
    for (std::string_view p : kPronouns) {
      if (base.size() < p.size() + kMinStem || base.substr(base.size() - p.size()) != p) continue;
      if (final_ta_marbuta && p == kHa) break;
      std::string_view stem = base.substr(0, base.size() - p.size());
      add(stem, kind);
      if (stem.substr(stem.size() - 2) == kTa) {
        size_t at = scratch->size();
        scratch->append(stem.substr(0, stem.size() - 2));
        scratch->append(kHa);
        add(std::string_view(scratch->data() + at, scratch->size() - at), kind);
      }
      break;
    }
  }
}

}  // namespace sitrep::text
