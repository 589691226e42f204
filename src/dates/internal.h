// What the files of the dates stage share and no other stage sees: calendar helpers, the
// entries of data/dates.tsv (vocabulary.cc loads them, scanner.cc reads them) and the
// scanner's detailed findings (infer.cc reads them).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dates/dates.h"
#include "text/lexicon.h"
#include "text/tokens.h"

namespace sitrep::dates {

int DaysInMonth(int year, int month);
bool ValidDate(int year, int month, int day);
// Shifts by whole months, clamping the day to the target month's length.
CivilDate AddMonths(const CivilDate& d, int months);

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
  std::vector<uint32_t> rest;  // vocabulary ids of the words after the first
  Entry entry;
};

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

// A date mention with what InferPublished needs besides.
struct Found {
  DateMention mention;
  int weekday = -1;  // for "Sunday, July 28": lets InferPublished check the year
  int month = 0, day = 0;
};

// Every date expression of `text`, as FindDates finds them.
std::vector<Found> FindDetailed(const text::TokenView& text,
                                const std::optional<CivilDate>& published, const DateWords& words);

struct DateWords::Impl {
  // Every word of every phrase; the first words' entries are indexed by their id.
  text::Vocabulary vocabulary;
  text::HashFilter filter;  // of every word in `vocabulary`
  std::vector<WordInfo> by_first;
  // "Overnight Thursday to Friday": date the event on the second weekday (the night's
  // end, as the dev-set gold does) or the first. Setting "weekday_pair" in dates.tsv.
  bool pair_takes_second = true;

  uint32_t Find(std::string_view lower, uint32_t hash) const {
    return filter.MayContain(hash) ? vocabulary.Find(lower, hash) : 0;
  }
  const WordInfo* InfoOf(uint32_t id) const {
    return id < by_first.size() && by_first[id].cats ? &by_first[id] : nullptr;
  }
  // Can Lookup find anything for this token? False for most tokens, at the cost of a bit
  // test (callers then skip the call).
  // (`arabic`: the token is an Arabic word, the only kind that can carry a clitic.)
  bool MayKnow(std::string_view lower, uint32_t hash, bool arabic) const {
    return filter.MayContain(hash) || (arabic && HasArabicClitic(lower));
  }
  // What is known of the token whose lower-cased text is `lower` (KeyHash `hash`); an Arabic
  // word may carry a joined conjunction or preposition ("وأمس", "بالأمس").
  const WordInfo* Lookup(std::string_view lower, uint32_t hash, uint32_t* id) const {
    *id = Find(lower, hash);
    const WordInfo* info = InfoOf(*id);
    if (!info && HasArabicClitic(lower)) {
      const std::string_view rest = lower.substr(2);
      info = InfoOf(Find(rest, text::KeyHash(rest)));
    }
    return info;
  }
};

}  // namespace sitrep::dates
