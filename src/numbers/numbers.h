// Number mentions: digits ("10", "1,200"), number words ("eight", "twenty-five",
// "a dozen"), qualifiers ("at least 12", "more than 20", "nearly 30", "up to 9") and
// vague quantities ("several", "dozens", "scores") which carry no value.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"
#include "text/tokens.h"
#include "util/text.h"

namespace sitrep::numbers {

enum class Qualifier { kExact, kAtLeast, kMoreThan, kAbout, kUpTo, kRange };

struct NumberMention {
  Span span;                 // bytes into the searched text, qualifier included
  std::optional<int> value;  // best value; nullopt for vague quantities
  std::optional<int> low, high;  // for ranges ("between 5 and 7", "5-7") and qualifiers
  Qualifier qualifier = Qualifier::kExact;
  bool vague = false;        // "several", "dozens", "many"
  bool is_year_like = false; // a 4-digit 1900..2100 not preceded by a qualifier
  bool is_ordinal = false;   // "5th", "fourth" (e.g. "5th Legion") — not a count
  // Larger than any count (over 2,000,000,000: "99999999999 killed", "a billion billion"):
  // value, low and high are then nullopt, never a made-up figure.
  bool too_large = false;
};

// Vocabulary loaded from data/numbers.tsv. Immutable once loaded; share between threads.
class NumberWords {
 public:
  static Result<NumberWords> Load(const std::string& path);
  struct Impl;
  NumberWords();
  NumberWords(NumberWords&&) noexcept;
  NumberWords& operator=(NumberWords&&) noexcept;
  ~NumberWords();
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Every number mention in the tokenised `text`, in order, non-overlapping; spans are bytes
// into text.text.
std::vector<NumberMention> FindNumbers(const text::TokenView& text, const NumberWords& words);
// The same for a text of its own (tokenised here).
std::vector<NumberMention> FindNumbers(std::string_view text, const NumberWords& words);

// Parses one number phrase ("eight", "twenty-one", "1,200", "a dozen"); nullopt if not one.
std::optional<int> ParseNumber(std::string_view phrase, const NumberWords& words);

}  // namespace sitrep::numbers
