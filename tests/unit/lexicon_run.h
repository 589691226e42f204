// Runs a lexicon over a text written for a test as the mentions stage runs it over a document:
// tokens, the matching text (Arabic folded, else ASCII lower-cased), token keys, word ids, then
// every kind's phrases. One harness for the lexicon tests of text, Arabic text and mentions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/arabic.h"
#include "text/lexicon.h"
#include "text/tokens.h"

namespace sitrep::text::harness {

struct LexiconRun {
  std::vector<Token> tokens;
  std::vector<std::vector<PhraseMatch>> found;  // by phrase kind

  // The phrases of `kind`, as `text` writes them, with their payloads.
  std::vector<std::pair<std::string, uint32_t>> Written(std::string_view text,
                                                        size_t kind = 0) const {
    std::vector<std::pair<std::string, uint32_t>> out;
    for (const PhraseMatch& m : found[kind])
      out.emplace_back(
          Span{tokens[m.first_token].span.begin, tokens[m.end_token - 1].span.end}.of(text),
          m.payload);
    return out;
  }
};

inline LexiconRun RunLexicon(const Lexicon& lexicon, std::string_view text) {
  LexiconRun run;
  Tokenize(text, &run.tokens);
  std::string lower;
  if (!FoldForMatching(text, &run.tokens, &lower)) lower = LowerAscii(text);
  TokenKeys keys;
  ComputeTokenKeys(lower, run.tokens, &keys);
  std::vector<uint32_t> ids;
  lexicon.vocabulary().IdsOf(lower, &run.tokens, keys, &ids);
  lexicon.FindAll(text, lower, run.tokens, keys, ids, &run.found);
  return run;
}

}  // namespace sitrep::text::harness
