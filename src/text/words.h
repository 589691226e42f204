// Word classes: the closed sets of words that rules test tokens against ("a verb that makes
// what follows a target", "a word that says a date is when something was reported"). The
// classes are named here (the contract the rules are written against); their words live in
// data/word_classes.tsv (class, language, word) and are checked at load: a row naming an
// unknown class is an error that names the file and line. Adding a language or a word is
// a data change; adding a class is a rule change.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/status.h"
#include "text/tokens.h"

namespace sitrep::text {

// X(enumerator, name in data/word_classes.tsv). Keep the names stable: data files use them.
#define SITREP_WORD_CLASSES(X) \
  X(kNone, "none")

enum class Word : uint16_t {
#define SITREP_WORD_ENUM(e, name) e,
  SITREP_WORD_CLASSES(SITREP_WORD_ENUM)
#undef SITREP_WORD_ENUM
      kCount
};
inline constexpr size_t kWordClassCount = static_cast<size_t>(Word::kCount);

// The class's name as data/word_classes.tsv writes it.
std::string_view WordClassName(Word w);

class WordClasses {
 public:
  // Reads data/word_classes.tsv: "class<TAB>lang<TAB>word", words lower-case; a word of
  // several tokens ("oil field") makes a phrase of the class.
  static Result<WordClasses> Load(const std::string& path);

  // The id of a lower-cased token (0: in no class), and whether that id is in class `w`.
  uint32_t IdOf(std::string_view lower_token) const;
  bool Has(uint32_t id, Word w) const { return classes_[id].test(static_cast<size_t>(w)); }

  // The ids of every token of a text (`lower` is its LowerAscii copy).
  void IdsOf(std::string_view lower, const std::vector<Token>& tokens,
             std::vector<uint32_t>* ids) const;

  // End of a phrase of class `w` starting at token `at` (ids from IdsOf), or 0 when none.
  // Single words of the class count as one-token phrases.
  uint32_t PhraseEnd(Word w, const std::vector<uint32_t>& ids, uint32_t at) const;

  size_t size() const { return classes_.size() - 1; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::bitset<kWordClassCount>> classes_ = {{}};  // index 0: no class
  // Phrases per class, as sequences of word ids (every word of a phrase gets an id).
  std::vector<std::vector<std::vector<uint32_t>>> phrases_ =
      std::vector<std::vector<std::vector<uint32_t>>>(kWordClassCount);
};

}  // namespace sitrep::text
