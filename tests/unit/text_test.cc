#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/lexicon.h"
#include "text/tokens.h"
#include "unit/lexicon_run.h"

namespace sitrep::text {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<Token> toks;
  Tokenize(text, &toks);
  std::vector<std::string> out;
  for (const auto& t : toks) out.emplace_back(t.span.of(text));
  return out;
}

using Strings = std::vector<std::string>;

TEST(Tokenize, KeepsNumbersWhole) {
  // Commas and points between digits, any digits, with an ordinal suffix after the groups.
  EXPECT_EQ(Words("1,200 fled; 3.5 million; the 1,000th day; \xd9\xa3,\xd9\xa0\xd9\xa0\xd9\xa0."),
            (Strings{"1,200", "fled", ";", "3.5", "million", ";", "the", "1,000th", "day", ";",
                     "\xd9\xa3,\xd9\xa0\xd9\xa0\xd9\xa0", "."}));
  // A number glued to letters stays one word, whichever comes first.
  EXPECT_EQ(
      Words("at 10am, v1.2 of G7's plan, 20km away"),
      (Strings{"at", "10am", ",", "v1.2", "of", "G7", "'", "s", "plan", ",", "20km", "away"}));
  // A sentence's point or a list's comma after a number is punctuation.
  EXPECT_EQ(Words("killed 5. Then 1, 2,3"), (Strings{"killed", "5", ".", "Then", "1", ",", "2,3"}));
  EXPECT_EQ(Words("July 4,2019 and 10:30pm"),
            (Strings{"July", "4,2019", "and", "10", ":", "30pm"}));
}

TEST(Tokenize, BrokenUtf8IsPunctuation) {
  // A stray byte never glues words together (and never swallows a neighbour).
  EXPECT_EQ(Words("eight\xc3 12\xe2\x80 \xff"
                  "yesterday"),
            (Strings{"eight", "\xc3", "12", "\xe2", "\x80", "\xff", "yesterday"}));
  // Valid letters of any script are word characters; Arabic punctuation is not.
  EXPECT_EQ(Words("caf\xc3\xa9 \xd8\xa3\xd9\x85\xd8\xb3\xd8\x8c"),
            (Strings{"caf\xc3\xa9", "\xd8\xa3\xd9\x85\xd8\xb3", "\xd8\x8c"}));
}

TEST(NumberLiteral, ReadsWholeTokensOnly) {
  NumberLiteral n;
  ASSERT_TRUE(ReadNumberLiteral("1,200", &n));
  EXPECT_EQ(n.value, 1200);
  EXPECT_TRUE(n.grouped);
  EXPECT_EQ(n.digits, 4);
  ASSERT_TRUE(ReadNumberLiteral("12,345,678.25", &n));
  EXPECT_EQ(n.value, 12345678);
  EXPECT_TRUE(n.decimal);
  EXPECT_DOUBLE_EQ(n.real, 12345678.25);
  ASSERT_TRUE(ReadNumberLiteral("5TH", &n));
  EXPECT_EQ(n.value, 5);
  EXPECT_TRUE(n.ordinal);
  ASSERT_TRUE(ReadNumberLiteral("\xd9\xa3\xd9\xa5", &n));  // ٣٥
  EXPECT_EQ(n.value, 35);
  EXPECT_EQ(n.digits, 2);
  ASSERT_TRUE(ReadNumberLiteral("\xdb\xb1\xdb\xb2", &n));  // ۱۲ (Extended Arabic-Indic)
  EXPECT_EQ(n.value, 12);
  ASSERT_TRUE(ReadNumberLiteral(std::string(40, '9'), &n));
  EXPECT_EQ(n.value, kNumberLiteralCap);  // capped, no overflow
  for (const char* not_one : {"", "10am", "G7", "1,2", "4,2019", "1,2345", "3.", "5ths", "1.5.2",
                              "\xd9\xa2\xd9\xa8\xd8\xaa\xd9\x85\xd9\x88\xd8\xb2"})  // ٢٨تموز
    EXPECT_FALSE(ReadNumberLiteral(not_one, &n)) << not_one;
}

TEST(TokenView, SlicesKeepOffsetsIntoTheText) {
  const std::string text = "Shelling hit Daraa on July 4, 2019.";
  TokenizedText tokenized(text);
  TokenView all = tokenized.view();
  ASSERT_EQ(all.size(), 9u);
  TokenView tail = all.Slice(3, all.size());
  EXPECT_EQ(tail.tokens[0].span.of(tail.text), "on");
  EXPECT_EQ(tail.tokens[0].span.of(tail.lower), "on");
  EXPECT_EQ(tail.hashes[1], KeyHash("july"));
  EXPECT_EQ(all.Slice(0, 0).size(), 0u);
}

// Phrases found in `text` by a lexicon of one kind, as written, with their payloads.
std::vector<std::pair<std::string, uint32_t>> Found(const Lexicon& lexicon, std::string_view text) {
  return harness::RunLexicon(lexicon, text).Written(text);
}

TEST(TokenCursor, AnswersAsTheBinarySearches) {
  const std::string text = "On 12 May, at least 1,200 fled  (AFP) - the 3rd time.";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  // Every pair of bytes, in text order and (so that the cursor must search back) not.
  for (uint32_t step : {1u, 3u, 7u}) {
    TokenCursor cursor(tokens);
    for (uint32_t k = 0; k <= 2 * text.size(); k += step) {
      const uint32_t b = k % (text.size() + 1), e = std::min<uint32_t>(b + step, text.size());
      EXPECT_EQ(cursor.AtOrAfter(b), TokenAtOrAfter(tokens, b)) << b;
      EXPECT_EQ(cursor.EndAt(e), TokenEndAt(tokens, e)) << b << " " << e;
    }
  }
}

TEST(Lexicon, CaseSensitivePhrasesOfSeveralTokensAndStems) {
  Lexicon lexicon(1);
  lexicon.Add(0, "ABC DEF", 1);      // two words, both upper-case
  lexicon.Add(0, "XY-Z", 2);         // one spelling over three tokens
  lexicon.Add(0, "QRS*", 3);         // a case-sensitive stem
  lexicon.Add(0, "abc ghi jkl", 4);  // any case, three words
  using Matches = std::vector<std::pair<std::string, uint32_t>>;
  EXPECT_EQ(Found(lexicon, "ABC DEF and abc def, Abc DEF"), (Matches{{"ABC DEF", 1}}));
  EXPECT_EQ(Found(lexicon, "XY-Z, XY - Z, xy-z, XY-ZZ"), (Matches{{"XY-Z", 2}, {"XY - Z", 2}}));
  EXPECT_EQ(Found(lexicon, "QRSs and qrss and QRS and QR"), (Matches{{"QRSs", 3}, {"QRS", 3}}));
  EXPECT_EQ(Found(lexicon, "Abc Ghi jkl, abc ghi, abc jkl ghi"), (Matches{{"Abc Ghi jkl", 4}}));
}

}  // namespace
}  // namespace sitrep::text
