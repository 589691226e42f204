#include "text/words.h"

#include <array>

#include "util/tsv.h"

namespace sitrep::text {
namespace {

constexpr std::array<std::string_view, kWordClassCount> kNames = {
#define SITREP_WORD_NAME(e, name) name,
    SITREP_WORD_CLASSES(SITREP_WORD_NAME)
#undef SITREP_WORD_NAME
};

bool ParseClass(std::string_view name, Word* w) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      *w = static_cast<Word>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view WordClassName(Word w) { return kNames[static_cast<size_t>(w)]; }

Result<WordClasses> WordClasses::Load(const std::string& path, Vocabulary* vocabulary) {
  WordClasses wc;
  auto id_for = [&](std::string_view word) {
    uint32_t id = vocabulary->InternWord(word);
    if (id >= wc.classes_.size()) wc.classes_.resize(id + 1);
    return id;
  };
  Status st = ForEachTsvRow(path, 3, [&](const std::vector<std::string_view>& f, int) {
    Word w;
    std::string_view cls = TrimWhitespace(f[0]);
    if (!ParseClass(cls, &w) || w == Word::kNone)
      return Status::InvalidInput("unknown word class '" + std::string(cls) +
                                  "' (the classes are listed in src/text/words.h)");
    std::string_view lang = TrimWhitespace(f[1]);
    if (lang.size() != 2 || !IsAsciiAlpha(lang[0]) || !IsAsciiAlpha(lang[1]))
      return Status::InvalidInput("language must be an ISO 639-1 code, got '" + std::string(lang) +
                                  "'");
    for (std::string_view entry : SplitString(f[2], '|')) {
      std::string_view word = TrimWhitespace(entry);
      if (word.empty()) return Status::InvalidInput("empty word");
      for (char c : word)
        if (IsAsciiUpper(c))
          return Status::InvalidInput("word '" + std::string(word) + "' must be lower-case");
      wc.entries_[static_cast<size_t>(w)].emplace_back(word);
      if (ComparedAsWritten(w)) continue;
      if (word.size() > 1 && word[0] == '-') {
        wc.endings_[static_cast<size_t>(w)].emplace_back(word.substr(1));
        continue;
      }
      std::vector<Token> tokens;
      Tokenize(word, &tokens);
      if (tokens.size() == 1) {
        uint32_t id = id_for(word);
        wc.classes_[id].in.set(static_cast<size_t>(w));
        continue;
      }
      std::vector<uint32_t> phrase;
      for (const Token& t : tokens) phrase.push_back(id_for(t.span.of(word)));
      wc.classes_[phrase[0]].starts.set(static_cast<size_t>(w));
      wc.phrases_[static_cast<size_t>(w)].push_back(std::move(phrase));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return wc;
}

uint32_t WordClasses::LongestPhraseEnd(Word w, const std::vector<uint32_t>& ids,
                                       uint32_t at) const {
  uint32_t best = Has(ids[at], w) ? at + 1 : 0;
  for (const auto& phrase : phrases_[static_cast<size_t>(w)]) {
    if (at + phrase.size() > ids.size() || at + phrase.size() <= best) continue;
    bool match = true;
    for (size_t k = 0; k < phrase.size() && match; ++k) match = ids[at + k] == phrase[k];
    if (match) best = static_cast<uint32_t>(at + phrase.size());
  }
  return best;
}

}  // namespace sitrep::text
