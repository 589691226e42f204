// Date mentions: finds date expressions in text and resolves them against the
// publication date ("yesterday", "on Sunday, July 28", "two weeks ago", "In August 2018").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"
#include "text/tokens.h"
#include "util/text.h"

namespace sitrep::dates {

struct CivilDate {
  int year = 0, month = 0, day = 0;
  bool operator==(const CivilDate&) const = default;
  auto operator<=>(const CivilDate&) const = default;
};

std::optional<CivilDate> ParseIsoDate(std::string_view s);  // "YYYY-MM-DD[...]" only
std::string ToIso(const CivilDate& d);                      // "YYYY-MM-DD"
int64_t DaysFromCivil(const CivilDate& d);                  // days since 1970-01-01
CivilDate CivilFromDays(int64_t days);
CivilDate AddDays(const CivilDate& d, int64_t n);
int Weekday(const CivilDate& d);  // 0 = Sunday ... 6 = Saturday

enum class Precision { kDay, kWeek, kMonth, kYear };
const char* PrecisionName(Precision p);  // "day" | "week" | "month" | "year"

enum class DateKind {
  kAbsolute,      // "June 4, 2019", "4 June 2019", "August 2018", "2018"
  kPartial,       // "July 17", "Sunday, July 28" (year from context)
  kRelativeDay,   // "yesterday", "today", "last night", "on Sunday", "late Tuesday"
  kRelativeSpan,  // "two weeks ago", "a year ago", "last week", "days after", "last month"
};

struct DateMention {
  Span span;  // bytes into the searched text
  DateKind kind;
  std::optional<CivilDate> date;  // resolved (null when it cannot be: no publication date)
  Precision precision = Precision::kDay;
};

// Vocabulary loaded from data/dates.tsv (month and weekday names, relative words with
// their offsets). Immutable once loaded; share between threads.
class DateWords {
 public:
  static Result<DateWords> Load(const std::string& path);
  struct Impl;
  DateWords();
  DateWords(DateWords&&) noexcept;
  DateWords& operator=(DateWords&&) noexcept;
  ~DateWords();
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Every date expression in the tokenised `text`, in order, non-overlapping, each resolved
// against `published` (when given); spans are bytes into text.text. Month precision
// resolves to the 15th, week to the given day, year to July 1 (CONVENTIONS.md midpoint
// rule). Partial dates take the latest year that does not put them after `published`.
std::vector<DateMention> FindDates(const text::TokenView& text,
                                   const std::optional<CivilDate>& published,
                                   const DateWords& words);
// The same for a text of its own (tokenised here).
std::vector<DateMention> FindDates(std::string_view text, const std::optional<CivilDate>& published,
                                   const DateWords& words);

// Infers a publication date from the text when none is given: the latest explicit
// full date in captions/dateline (`hint_texts`, e.g. dropped captions "– July 27, 2019")
// combined with weekday+day mentions in the body ("on Sunday, July 28") whose weekday
// agrees; the dateline is the tokens within the body's first 400 bytes. Returns nullopt
// when nothing is conclusive.
std::optional<CivilDate> InferPublished(const text::TokenView& body,
                                        const std::vector<std::string_view>& hint_texts,
                                        const DateWords& words);
// The same for a body of its own (tokenised here).
std::optional<CivilDate> InferPublished(std::string_view body,
                                        const std::vector<std::string_view>& hint_texts,
                                        const DateWords& words);

}  // namespace sitrep::dates
