// Boilerplate phrase rules (data/boilerplate.tsv; format documented in that file and in
// docs/ingest.md), compiled for matching a line against all of them at once.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::clean {

// Immutable once loaded; share one instance across threads.
class Boilerplate {
 public:
  enum class Match { kExact, kPrefix, kSuffix, kContains };
  struct Rule {
    Match match = Match::kContains;
    int max_words = 0;     // rule applies only to lines of at most this many words; 0 = any
    std::string phrase;    // lower-case ASCII after normalisation
    bool caption = false;  // kind "caption": also recorded in CleanDoc::captions
  };

  // The rules compiled into the library (the same list as data/boilerplate.tsv).
  static Boilerplate Defaults();
  // Loads a TSV file; fails with "PATH:LINE: problem" on a malformed row.
  static Result<Boilerplate> Load(const std::string& path);
  // Parses TSV text; `origin` names it in messages.
  static Result<Boilerplate> Parse(std::string_view tsv, const std::string& origin);

  const std::vector<Rule>& rules() const { return rules_; }

  // The first rule, in file order, that matches `lower` (a normalised line, ASCII
  // lower-cased, of `words` words): its index in rules(), or -1. Prefix and suffix rules
  // skip a line that ends as a sentence (EndsAsSentence). One pass over the line finds
  // every "contains" phrase; exact, prefix and suffix rules are looked up by length, first
  // and last byte.
  int FirstMatch(std::string_view lower, int words) const;

 private:
  void Compile();
  bool Applies(const Rule& rule, int words, bool sentence) const;

  std::vector<Rule> rules_;
  // Rule indices (ascending) of the exact, prefix and suffix rules by the byte that must
  // match first: the phrase's first byte (exact, prefix) or last byte (suffix).
  std::array<std::vector<uint16_t>, 256> anchored_by_first_, suffix_by_last_;
  // "contains" rules, found in one Wu-Manber pass: a window of scan_length_ bytes (the
  // shortest phrase) slides along the line by shift_[last two bytes of the window]; a shift
  // of 0 means some phrase may start at the window, and candidates_ lists which. Phrases
  // shorter than kMinScanLength are searched one by one (short_contains_).
  static constexpr size_t kMinScanLength = 6;
  size_t scan_length_ = 0;
  std::vector<uint8_t> shift_;
  std::vector<std::pair<uint16_t, std::vector<uint16_t>>> candidates_;
  std::vector<uint16_t> short_contains_;
};

// A line of 4+ words ending in a single '.': a sentence ("By Monday, 20 had died."), which
// prefix and suffix rules leave alone.
bool EndsAsSentence(std::string_view s, int words);

}  // namespace sitrep::clean
