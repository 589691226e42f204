// Arabic for matching (src/text/arabic.h): the matching form, its offsets, the stems of joined
// clitics, and the lexicon reading Arabic through them. Words and sentences written for the test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/arabic.h"
#include "text/lexicon.h"
#include "text/words.h"
#include "unit/lexicon_run.h"

namespace sitrep::text {
namespace {

TEST(MatchForm, FoldsLetterVariantsAndDropsMarks) {
  // alef forms, ta marbuta, alef maqsura, hamza seats, Persian letters
  EXPECT_EQ(MatchForm("أإآٱا"), "ااااا");
  EXPECT_EQ(MatchForm("مدينة"), "مدينه");
  EXPECT_EQ(MatchForm("مستشفى"), "مستشفي");
  EXPECT_EQ(MatchForm("مسؤول"), "مسوول");
  EXPECT_EQ(MatchForm("فصائل"), "فصايل");
  EXPECT_EQ(MatchForm("کی"), "كي");
  // short vowels, tanween, shadda, sukun, tatweel, lone hamza
  EXPECT_EQ(MatchForm("فجّر"), "فجر");
  EXPECT_EQ(MatchForm("أُسعِفوا"), "اسعفوا");
  EXPECT_EQ(MatchForm("قتيلاً"), "قتيلا");
  EXPECT_EQ(MatchForm("مقاتلًا"), "مقاتلا");
  EXPECT_EQ(MatchForm("قـــصف"), "قصف");
  EXPECT_EQ(MatchForm("أنباء"), "انبا");
  // ASCII is lower-cased; digits of both sets stay as written
  EXPECT_EQ(MatchForm("SANA ٢٨ 28"), "sana ٢٨ 28");
}

TEST(FoldForMatching, KeepsOffsetsAndTrimsKeys) {
  std::string text = "قال SANA إنّ مقاتلًا فجّر نفسه، أمس.";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::string lower;
  ASSERT_TRUE(FoldForMatching(text, &tokens, &lower));
  ASSERT_EQ(lower.size(), text.size());
  std::vector<std::string> keys, written;
  for (const Token& t : tokens) {
    keys.emplace_back(t.key(lower));
    written.emplace_back(t.span.of(text));
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"قال", "sana", "ان", "مقاتلا", "فجر", "نفسه", "،",
                                            "امس", "."}));
  // The spans still cut the original: evidence quotes it as written.
  EXPECT_EQ(written[3], "مقاتلًا");
  EXPECT_EQ(written[4], "فجّر");
}

TEST(FoldForMatching, TextWithoutArabicIsLeftToLowerAscii) {
  std::string text = "Gunmen KILLED 3 in al-Bab's centre.";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::string lower = "untouched";
  EXPECT_FALSE(FoldForMatching(text, &tokens, &lower));
  EXPECT_EQ(lower, "untouched");
  for (const Token& t : tokens) EXPECT_EQ(t.key_trim, 0);
}

std::vector<std::string> Stems(std::string_view word) {
  std::vector<ArabicStem> stems;
  std::string scratch;
  std::string key = MatchForm(word);
  ArabicStems(key, &stems, &scratch);
  std::vector<std::string> out;
  for (const auto& s : stems) out.emplace_back(s.text);
  return out;
}

TEST(ArabicStems, ConjunctionsPrepositionsArticleAndPronouns) {
  EXPECT_EQ(Stems("والجيش"), (std::vector<std::string>{"الجيش", "جيش"}));
  EXPECT_EQ(Stems("بالقرب"), (std::vector<std::string>{"القرب", "قرب"}));
  EXPECT_EQ(Stems("وبقصف"), (std::vector<std::string>{"بقصف", "قصف"}));
  EXPECT_EQ(Stems("وليبيا"), (std::vector<std::string>{"ليبيا", "يبيا"}));
  EXPECT_EQ(Stems("الاشتباكات"), (std::vector<std::string>{"اشتباكات"}));
  // ل + the article is written لل; ل before a word that starts with ل is kept apart too
  EXPECT_EQ(Stems("للجيش"), (std::vector<std::string>{"الجيش", "لجيش", "جيش"}));
  EXPECT_EQ(Stems("لليبيا"), (std::vector<std::string>{"اليبيا", "ليبيا", "يبيا"}));
  // attached pronouns; ta marbuta is written ت before them
  EXPECT_EQ(Stems("حزامه"), (std::vector<std::string>{"حزام"}));
  EXPECT_EQ(Stems("عناصرها"), (std::vector<std::string>{"عناصر"}));
  EXPECT_EQ(Stems("مسؤوليته"), (std::vector<std::string>{"مسووليت", "مسووليه"}));
  // at least three letters stay
  EXPECT_TRUE(Stems("ولد").empty());
  EXPECT_TRUE(Stems("الان").empty());
}

TEST(Lexicon, ArabicPhrasesThroughCliticsArticleAndMarks) {
  Lexicon lexicon(1);
  lexicon.Add(0, "عبوة ناسفة", 1);
  lexicon.Add(0, "قوات النظام", 2);
  lexicon.Add(0, "فجّر نفسه", 3);
  lexicon.Add(0, "الجيش السوري", 4);
  std::string text =
      "وانفجرت العبوة الناسفة بقوات النظام، وفجر نفسه بين قوات والنظام للجيش السوري.";
  const harness::LexiconRun run = harness::RunLexicon(lexicon, text);
  const auto got = run.Written(text);
  const std::vector<Token>& tokens = run.tokens;
  // ("قوات والنظام" is "forces and the regime": a conjunction inside a phrase breaks it.)
  EXPECT_EQ(
      got, (std::vector<std::pair<std::string, uint32_t>>{
               {"العبوة الناسفة", 1}, {"بقوات النظام", 2}, {"وفجر نفسه", 3}, {"للجيش السوري", 4}}));
  EXPECT_TRUE(tokens[3].is(kJoinedClitic));   // بقوات
  EXPECT_FALSE(tokens[1].is(kJoinedClitic));  // العبوة: the article only
}

}  // namespace
}  // namespace sitrep::text
