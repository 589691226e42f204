// Spelling-variant folding of place names. Two keys per name:
//  - loose: lowercase ASCII words (diacritics stripped, apostrophes and ayn/hamza signs
//    removed, hyphens as spaces, Arabic article words dropped, final -ah/-eh -> -a/-e);
//  - skeleton: the consonants of the loose key with transliteration pairs merged
//    (kh/h, gh/g, sh/ch/s, dh/d, th/t, q/k, dj/j, x/h), vowels (and medial w/y) dropped
//    and doubled letters collapsed. "Melihit al-Atash", "Mlihat al Atash" and
//    "Mulayhat al 'Atash" all give "mlhts" (doubled letters collapse across words).
//    A skeleton of fewer than three consonants is replaced by the vowel-class key
//    ("~dara" for Daraa, Dar'a, Deraa). In names of several words, the generic words
//    (khirbet/khirbat, tell/tal, deir/dayr, kafr/kfar, ain/ayn, umm/um ...) have one spelling.
// Other scripts (Cyrillic, Greek, Hebrew, ...) get a lowercase loose key, and Cyrillic a
// consonant skeleton too. Arabic script gets its own keys: letter variants unified (alef forms, ta
// marbuta, alef maqsura, hamza seats, Persian kaf/yeh), diacritics and tatweel removed, the article
// al- dropped; the skeleton also drops medial long vowels (alef, waw, yeh).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geo.h"
#include "util/text.h"
#include "util/utf8.h"

namespace sitrep::geo {
namespace {

#include "geo/fold_table.inc"

const char* LatinFoldOf(char32_t cp) {
  const auto* end = kLatinFold + sizeof(kLatinFold) / sizeof(kLatinFold[0]);
  const auto* it = std::lower_bound(kLatinFold, end, cp,
                                    [](const LatinFold& f, char32_t c) { return f.cp < c; });
  return (it != end && it->cp == cp) ? it->ascii : nullptr;
}

// Signs that transliterate ayn/hamza or are apostrophes: removed inside words.
bool IsApostrophe(char32_t cp) {
  switch (cp) {
    case U'\'':
    case U'`':
    case 0x00B4:
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x02BB:
    case 0x02BC:
    case 0x02BE:
    case 0x02BF:
    case 0x02B9:
    case 0x2032:
    case 0x02C8:
    case 0x02CA:
      return true;
    default:
      return false;
  }
}

bool IsArabicLetter(char32_t cp) {
  return (cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3) ||
         (cp >= 0x0750 && cp <= 0x077F);
}

bool IsArabicMark(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 ||
         (cp >= 0x06D6 && cp <= 0x06ED);
}

char32_t NormalizeArabic(char32_t cp) {
  switch (cp) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
      return 0x0627;  // alef forms
    case 0x0629:
      return 0x0647;  // ta marbuta -> ha
    case 0x0649:
    case 0x06CC:
    case 0x064A:
    case 0x0626:
      return 0x064A;  // yeh forms
    case 0x0624:
      return 0x0648;  // waw hamza
    case 0x06A9:
      return 0x0643;  // Persian kaf
    case 0x0621:
      return 0;  // lone hamza
    default:
      return cp;
  }
}

bool IsArticle(std::string_view w) {
  // (Every form has two or three letters and starts with a, e, u or i.)
  if (w.size() < 2 || w.size() > 3 || (w[0] != 'a' && w[0] != 'e' && w[0] != 'u' && w[0] != 'i'))
    return false;
  // al- and its assimilated forms (as-Sham, ash-Sham, es-Sham, esh-Sham, ...).
  static constexpr std::string_view kArticles[] = {
      "al", "el", "as", "ash", "ad", "ar", "az", "at", "an", "ath", "adh", "es",  "esh",
      "ed", "er", "ez", "et",  "en", "ul", "il", "ag", "aj", "eth", "edh", "ech", "ej"};
  for (auto a : kArticles) {
    if (w == a) return true;
  }
  return false;
}

// The generic words of Arabic place names, in every common romanisation, folded to one
// spelling in multi-word names: "Kherbet Ghazaleh" / "Khirbat Ghazalah", "Tell Abyad" /
// "Tal Abyad", "Ain al-Fijeh" / "'Ayn al Fijah", "Kfar Nabl" / "Kafr Nabl".
std::string_view GenericWordOf(std::string_view w) {
  struct Generic {
    std::string_view spelling, folded;
  };
  static constexpr Generic kGeneric[] = {
      {"khirbet", "khirba"}, {"kherbet", "khirba"}, {"khirbat", "khirba"}, {"khirbit", "khirba"},
      {"kharbet", "khirba"}, {"khurbet", "khirba"}, {"khirbeh", "khirba"}, {"kherbeh", "khirba"},
      {"tell", "tall"},      {"tel", "tall"},       {"tal", "tall"},       {"deir", "dayr"},
      {"dair", "dayr"},      {"deyr", "dayr"},      {"kfar", "kafr"},      {"kefr", "kafr"},
      {"kafar", "kafr"},     {"ain", "ayn"},        {"ein", "ayn"},        {"eyn", "ayn"},
      {"um", "umm"},         {"om", "umm"},         {"oum", "umm"},        {"omm", "umm"},
      {"abou", "abu"},       {"abo", "abu"},        {"beit", "bayt"},      {"bait", "bayt"},
      {"beyt", "bayt"},      {"jebel", "jabal"},    {"jabel", "jabal"},    {"jbel", "jabal"},
      {"djebel", "jabal"},   {"wady", "wadi"},      {"ouadi", "wadi"},     {"kasr", "qasr"},
      {"ksar", "qasr"},      {"sheikh", "shaykh"},  {"shaikh", "shaykh"},  {"cheikh", "shaykh"},
      {"sheik", "shaykh"},   {"mazraat", "mazraa"}, {"mazrat", "mazraa"},  {"qaryat", "qarya"},
      {"qariyat", "qarya"}};
  // (Every spelling has two to seven letters and starts with one of these.)
  if (w.size() < 2 || w.size() > 7 ||
      std::string_view("kteduoabjwsmcq").find(w[0]) == std::string_view::npos)
    return w;
  for (const auto& g : kGeneric) {
    if (w == g.spelling) return g.folded;
  }
  return w;
}

bool IsAsciiAlnum(unsigned char c) {
  return static_cast<unsigned char>((c | 0x20) - 'a') < 26 ||
         static_cast<unsigned char>(c - '0') < 10;
}
unsigned char AsciiLower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// A string builder for the short strings folding makes, on the stack up to 128 letters
// (std::string's push_back is a call per letter, and most names are short).
class Letters {
 public:
  Letters() = default;
  Letters(const Letters&) = delete;
  Letters& operator=(const Letters&) = delete;

  void push_back(char c) {
    if (size_ == capacity_) Grow();
    data_[size_++] = c;
  }
  void append(std::string_view s) {
    for (char c : s) push_back(c);
  }
  bool empty() const { return size_ == 0; }
  char back() const { return data_[size_ - 1]; }
  size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

 private:
  void Grow() {
    std::string bigger(capacity_ * 2, '\0');
    std::copy(data_, data_ + size_, bigger.data());
    heap_.swap(bigger);
    data_ = heap_.data();
    capacity_ = heap_.size();
  }
  char inline_[128];
  std::string heap_;
  char* data_ = inline_;
  size_t size_ = 0, capacity_ = sizeof(inline_);
};

// Consonant skeleton of one loose ASCII word, appended to `skeleton`; `vowels` gets the
// same consonants with each run of vowels as one 'a' ("Izraa" -> "azra"), the key used
// when the skeleton is too short to be selective.
void AppendSkeleton(std::string_view w, Letters* skeleton, Letters* vowels) {
  const size_t n = w.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = w[i];
    const char next = i + 1 < n ? w[i + 1] : '\0';
    char emit = 0;
    if (next == 'h' && (c == 'k' || c == 'g' || c == 's' || c == 'c' || c == 'd' || c == 't' ||
                        c == 'p' || c == 'z')) {
      static constexpr char kFrom[] = "kgscdtpz";
      static constexpr char kTo[] = "hgssdtfz";
      emit = kTo[std::string_view(kFrom).find(c)];
      ++i;
    } else if (c == 'd' && next == 'j') {
      emit = 'j';
      ++i;
    } else if (c == 'c' && next == 'k') {
      emit = 'k';
      ++i;
    } else if (c == 'q' || c == 'c') {
      emit = 'k';
    } else if (c == 'x') {
      emit = 'h';
    } else if (IsVowel(c) || ((c == 'y' || c == 'w') && !(i == 0 && IsVowel(next)))) {
      // Vowels, and w/y except consonantal at word start (Yabrud, Wadi).
      if (vowels->empty() || vowels->back() != 'a') vowels->push_back('a');
      continue;
    } else {
      emit = c;
    }
    if (skeleton->empty() || skeleton->back() != emit) skeleton->push_back(emit);
    if (vowels->empty() || vowels->back() != emit) vowels->push_back(emit);
  }
}

void FoldLatin(std::string_view name, std::string* loose, std::string* skeleton,
               std::string* shape = nullptr) {
  // Pass 1: words of lowercase ASCII.
  Letters words;  // words separated by single spaces
  size_t i = 0;
  bool in_word = false;
  while (i < name.size()) {
    // ASCII without a decoder or the C library's classification (most names are ASCII).
    const unsigned char byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x80) {
      ++i;
      if (IsAsciiAlnum(byte)) {
        if (!in_word && !words.empty()) words.push_back(' ');
        words.push_back(static_cast<char>(AsciiLower(byte)));
        in_word = true;
      } else if (byte != '\'' && byte != '`') {
        in_word = false;
      }
      continue;
    }
    const char32_t cp = NextCodePoint(name, &i);
    if (cp < 0x80 && std::isalnum(static_cast<int>(cp))) {
      if (!in_word && !words.empty()) words.push_back(' ');
      words.push_back(static_cast<char>(std::tolower(static_cast<int>(cp))));
      in_word = true;
    } else if (IsApostrophe(cp) || IsArabicMark(cp) || (cp >= 0x0300 && cp <= 0x036F)) {
      continue;  // joins: "Izra'" == "Izra", combining accents vanish
    } else if (const char* f = cp >= 0xC0 ? LatinFoldOf(cp) : nullptr) {
      if (!in_word && !words.empty()) words.push_back(' ');
      words.append(f);
      in_word = true;
    } else {
      in_word = false;
    }
  }
  // Pass 2: drop articles (unless the name is only that), fold final vowel+h.
  Letters vowels, skel;
  skel.append(*skeleton);
  const std::string_view all = words.view();
  size_t word_count = 0;
  for (size_t p = 0; p < all.size();) {
    size_t e = all.find(' ', p);
    if (e == std::string_view::npos) e = all.size();
    ++word_count;
    p = e + 1;
  }
  for (size_t p = 0; p < all.size();) {
    size_t e = all.find(' ', p);
    if (e == std::string_view::npos) e = all.size();
    std::string_view w = all.substr(p, e - p);
    p = e + 1;
    if (word_count > 1 && IsArticle(w)) continue;
    if (word_count > 1) w = GenericWordOf(w);
    if (w.size() > 2 && w.back() == 'h' && IsVowel(w[w.size() - 2])) w.remove_suffix(1);
    if (!loose->empty()) loose->push_back(' ');
    loose->append(w);
    AppendSkeleton(w, &skel, &vowels);
  }
  if (shape != nullptr) shape->assign(vowels.view());
  // Two consonants match too much ("Izra" ~ "Zor"): keep the vowel positions then.
  if (skel.size() >= 3) {
    skeleton->assign(skel.view());
  } else if (vowels.size() >= 3) {
    skeleton->assign("~");
    skeleton->append(vowels.view());
  } else {
    skeleton->clear();
  }
}

void FoldArabic(std::string_view name, std::string* loose, std::string* skeleton) {
  // Words of normalised Arabic letters (Latin letters in mixed names are kept as ASCII).
  std::u32string words;
  size_t i = 0;
  bool in_word = false;
  while (i < name.size()) {
    char32_t cp = NextCodePoint(name, &i);
    if (IsArabicMark(cp)) continue;
    if (IsArabicLetter(cp) || cp == 0x0621) {
      cp = NormalizeArabic(cp);
      if (cp == 0) continue;
    } else if (cp < 0x80 && std::isalnum(static_cast<int>(cp))) {
      cp = static_cast<char32_t>(std::tolower(static_cast<int>(cp)));
    } else {
      in_word = false;
      continue;
    }
    if (!in_word && !words.empty()) words.push_back(U' ');
    words.push_back(cp);
    in_word = true;
  }
  std::u32string_view all(words);
  for (size_t p = 0; p < all.size();) {
    size_t e = all.find(U' ', p);
    if (e == std::u32string_view::npos) e = all.size();
    std::u32string_view w = all.substr(p, e - p);
    p = e + 1;
    if (w.size() > 3 && w[0] == 0x0627 && w[1] == 0x0644) w.remove_prefix(2);  // al-
    if (!loose->empty()) loose->push_back(' ');
    char32_t last = 0;
    for (size_t k = 0; k < w.size(); ++k) {
      AppendUtf8(w[k], loose);
      const bool long_vowel = w[k] == 0x0627 || w[k] == 0x0648 || w[k] == 0x064A;
      if (k > 0 && long_vowel) continue;
      if (w[k] == last) continue;
      AppendUtf8(w[k], skeleton);
      last = w[k];
    }
  }
  if (skeleton->size() < 4) skeleton->clear();  // fewer than two Arabic letters
}

// Latin consonant class of an Arabic letter, matching AppendSkeleton's merges
// (kh->h, sh->s, th->t, dh->d, q->k); 0 for letters a Latin skeleton drops (alef, ayn,
// hamza, and waw/yeh used as vowels), 'W'/'Y' for waw/yeh (consonants only word-initially).
char LatinOfArabic(char32_t cp) {
  switch (cp) {
    case 0x0628:
      return 'b';
    case 0x062A:
    case 0x062B:
    case 0x0637:
      return 't';
    case 0x062C:
    case 0x0686:
      return 'j';
    case 0x062D:
    case 0x062E:
    case 0x0647:
      return 'h';
    case 0x062F:
    case 0x0630:
    case 0x0636:
      return 'd';
    case 0x0631:
      return 'r';
    case 0x0632:
    case 0x0638:
    case 0x0698:
      return 'z';
    case 0x0633:
    case 0x0634:
    case 0x0635:
      return 's';
    case 0x063A:
    case 0x06AF:
      return 'g';
    case 0x0641:
      return 'f';
    case 0x0642:
    case 0x0643:
    case 0x06A9:
      return 'k';
    case 0x0644:
      return 'l';
    case 0x0645:
      return 'm';
    case 0x0646:
      return 'n';
    case 0x067E:
      return 'p';
    case 0x0648:
      return 'W';
    case 0x064A:
    case 0x06CC:
      return 'Y';
    case 0x0629:
      return 'T';  // ta marbuta: "t" before another word (Mulayhat al-...)
    default:
      return 0;
  }
}

// A letter of a script other than Latin and Arabic (Cyrillic, Greek, Hebrew, Armenian,
// Georgian, Ethiopic, Indic, Myanmar, CJK ...): such names get a loose key of their own.
bool IsOtherScriptLetter(char32_t cp) {
  if (cp < 0x370 || (cp >= 0x0591 && cp <= 0x05C7)) return false;  // Hebrew points are marks
  if ((cp >= 0x0600 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
      (cp >= 0xFE70 && cp <= 0xFEFF))
    return false;                                  // Arabic
  if (cp >= 0x1E00 && cp <= 0x1EFF) return false;  // Latin Extended Additional
  if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFE00 && cp <= 0xFE6F) || cp >= 0xFF00)
    return false;  // punctuation, symbols, variation selectors, full-width forms
  return true;
}

// Lowercase of Cyrillic and Greek capitals (ё -> е); other scripts have no case.
char32_t LowerOther(char32_t cp) {
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;
  if (cp >= 0x0400 && cp <= 0x040F) cp += 0x50;
  if (cp == 0x0490) return 0x0491;  // Ґ
  if (cp == 0x0451) return 0x0435;  // ё
  if (cp >= 0x0391 && cp <= 0x03A9) return cp + 0x20;
  return cp;
}

bool IsCyrillicVowel(char32_t cp) {
  switch (cp) {
    case U'а':
    case U'е':
    case U'и':
    case U'й':
    case U'і':
    case U'ї':
    case U'о':
    case U'у':
    case U'ы':
    case U'э':
    case U'ю':
    case U'я':
    case U'є':
    case U'ь':
    case U'ъ':
      return true;
    default:
      return false;
  }
}

// Names in other scripts: the loose key is the lowercase words; Cyrillic names also get a
// consonant skeleton, so that Ukrainian and Russian spellings meet ("Кліщіївка",
// "Клещеевка").
void FoldOther(std::string_view name, std::string* loose, std::string* skeleton) {
  bool in_word = false;
  size_t consonants = 0;
  char32_t last = 0;
  for (size_t i = 0; i < name.size();) {
    char32_t cp = NextCodePoint(name, &i);
    if (IsApostrophe(cp) || (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0591 && cp <= 0x05C7))
      continue;
    std::string ascii;
    if (cp < 0x80 && std::isalnum(static_cast<int>(cp))) {
      ascii.push_back(static_cast<char>(std::tolower(static_cast<int>(cp))));
    } else if (const char* f = cp >= 0xC0 && cp < 0x1F00 ? LatinFoldOf(cp) : nullptr) {
      ascii = f;
    } else if (!IsOtherScriptLetter(cp)) {
      in_word = false;
      continue;
    }
    if (!in_word && !loose->empty()) loose->push_back(' ');
    in_word = true;
    if (!ascii.empty()) {
      loose->append(ascii);
      continue;
    }
    cp = LowerOther(cp);
    AppendUtf8(cp, loose);
    if (((cp >= 0x0430 && cp <= 0x045F) || cp == 0x0491) && !IsCyrillicVowel(cp) && cp != last) {
      AppendUtf8(cp, skeleton);
      ++consonants;
      last = cp;
    }
  }
  if (consonants < 3) skeleton->clear();
}

}  // namespace

std::string LatinSkeletonOfArabic(std::string_view name) {
  std::vector<std::u32string> words(1);
  for (size_t i = 0; i < name.size();) {
    const char32_t cp = NextCodePoint(name, &i);
    if (IsArabicMark(cp)) continue;
    if (IsArabicLetter(cp) || cp == 0x0621) {
      words.back().push_back(cp);
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  // Generic words whose Latin folding drops the ta marbuta (khirbat -> khirba, qaryat ->
  // qarya, mazraat -> mazraa: GenericWordOf).
  static constexpr std::u32string_view kGenericInTa[] = {
      U"\u062E\u0631\u0628\u0629", U"\u0642\u0631\u064A\u0629", U"\u0645\u0632\u0631\u0639\u0629"};
  std::string out;
  for (size_t w = 0; w < words.size(); ++w) {
    std::u32string_view word = words[w];
    if (word.size() > 3 && word[0] == 0x0627 && word[1] == 0x0644) word.remove_prefix(2);
    if (words.size() > 1 &&
        std::find(std::begin(kGenericInTa), std::end(kGenericInTa), word) != std::end(kGenericInTa))
      word.remove_suffix(1);
    for (size_t k = 0; k < word.size(); ++k) {
      char c = LatinOfArabic(word[k]);
      if (c == 'W' || c == 'Y') c = k == 0 ? static_cast<char>(c - 'A' + 'a') : 0;
      if (c == 'T') c = w + 1 < words.size() ? 't' : 0;
      if (c == 0) continue;
      if (out.empty() || out.back() != c) out.push_back(c);
    }
  }
  return out.size() >= 3 ? out : std::string();
}

void FoldPlaceKeys(std::string_view name, std::string* loose, std::string* skeleton) {
  loose->clear();
  skeleton->clear();
  size_t arabic = 0, latin = 0, other = 0;
  for (size_t i = 0; i < name.size();) {
    const unsigned char byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x80) {
      latin += static_cast<unsigned char>((byte | 0x20) - 'a') < 26;
      ++i;
      continue;
    }
    const char32_t cp = NextCodePoint(name, &i);
    if (IsArabicLetter(cp))
      ++arabic;
    else if (cp < 0x80 ? std::isalpha(static_cast<int>(cp)) != 0
                       : cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF))
      ++latin;
    else if (IsOtherScriptLetter(cp))
      ++other;
  }
  if (arabic > latin && arabic >= other) {
    FoldArabic(name, loose, skeleton);
  } else if (other > latin) {
    FoldOther(name, loose, skeleton);
  } else {
    FoldLatin(name, loose, skeleton);
  }
}

namespace {

// The keys of the names this thread folded last, across documents: the same few thousand
// names (countries, towns, the capitalised words asked about) come back in every article,
// and folding one costs more than a gazetteer probe. Direct-mapped: a slot holds the last
// name whose hash fell there.
class FoldCache {
 public:
  static constexpr size_t kSlots = 4096;
  static constexpr size_t kMaxName = 48;  // longer names are rare: folded every time

  void Fold(std::string_view name, std::string* loose, std::string* skeleton) {
    Slot& slot = slots_[Fnv1a64(name) & (kSlots - 1)];
    if (!slot.used || slot.name != name) {
      FoldPlaceKeys(name, &slot.loose, &slot.skeleton);
      slot.name.assign(name);
      slot.used = true;
    }
    loose->assign(slot.loose);
    skeleton->assign(slot.skeleton);
  }

 private:
  struct Slot {
    std::string name, loose, skeleton;
    bool used = false;
  };
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
};

}  // namespace

void FoldPlaceKeysCached(std::string_view name, std::string* loose, std::string* skeleton) {
  if (name.size() > FoldCache::kMaxName) return FoldPlaceKeys(name, loose, skeleton);
  thread_local FoldCache cache;
  cache.Fold(name, loose, skeleton);
}

bool IsSelectiveSkeleton(std::string_view skeleton) {
  if (skeleton.empty() || skeleton[0] == '~') return false;
  const bool latin = static_cast<unsigned char>(skeleton[0]) < 0x80;
  return skeleton.size() >= (latin ? 4u : 6u);
}

std::string PlaceShape(std::string_view name, std::string* skeleton) {
  for (size_t i = 0; i < name.size();) {
    if (static_cast<unsigned char>(name[i]) < 0x80) {
      ++i;
      continue;
    }
    if (IsArabicLetter(NextCodePoint(name, &i))) return {};
  }
  std::string loose, own_skeleton, shape;
  FoldLatin(name, &loose, skeleton != nullptr ? skeleton : &own_skeleton, &shape);
  return shape;
}

std::string FoldPlaceName(std::string_view name) {
  std::string loose, skeleton;
  FoldPlaceKeys(name, &loose, &skeleton);
  return skeleton.empty() ? loose : skeleton;
}

}  // namespace sitrep::geo
