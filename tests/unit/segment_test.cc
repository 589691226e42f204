// Sentence splitter: abbreviations, initials, decimals, quotes, paragraph breaks.
#include "segment/segment.h"

#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <vector>

namespace sitrep::segment {
namespace {

std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  for (Span s : SplitSentences(text)) out.emplace_back(s.of(text));
  return out;
}

TEST(SegmentTest, SplitsOnTerminatorsFollowedByCapital) {
  EXPECT_EQ(Sentences("The convoy left at dawn. It reached the bridge! Was it hit? Nobody knows."),
            (std::vector<std::string>{"The convoy left at dawn.", "It reached the bridge!",
                                      "Was it hit?", "Nobody knows."}));
}

TEST(SegmentTest, ParagraphBreakEndsSentence) {
  EXPECT_EQ(Sentences("A headline without a period\n\nThe body starts here. Then more.\nNext line"),
            (std::vector<std::string>{"A headline without a period", "The body starts here.",
                                      "Then more.", "Next line"}));
}

TEST(SegmentTest, AbbreviationsDoNotSplit) {
  EXPECT_EQ(Sentences("Gen. Smith met Mr. Jones and Lt. Col. Brown on Aug. 27. They spoke."),
            (std::vector<std::string>{"Gen. Smith met Mr. Jones and Lt. Col. Brown on Aug. 27.",
                                      "They spoke."}));
  EXPECT_EQ(Sentences("The U.S. Army and the U.N. Security Council met. Talks failed."),
            (std::vector<std::string>{"The U.S. Army and the U.N. Security Council met.",
                                      "Talks failed."}));
  EXPECT_EQ(Sentences("Brigade No. 5 moved in. Others followed."),
            (std::vector<std::string>{"Brigade No. 5 moved in.", "Others followed."}));
}

TEST(SegmentTest, InitialsDecimalsAndEllipses) {
  EXPECT_EQ(Sentences("The commander J. R. Doe said 3.5 tonnes arrived. Aid followed."),
            (std::vector<std::string>{"The commander J. R. Doe said 3.5 tonnes arrived.",
                                      "Aid followed."}));
  EXPECT_EQ(Sentences("They waited.. and waited... and then left. Done."),
            (std::vector<std::string>{"They waited.. and waited... and then left.", "Done."}));
}

TEST(SegmentTest, ClosingQuoteBelongsToSentence) {
  EXPECT_EQ(Sentences("He said \"we will stay.\" The next day they left."),
            (std::vector<std::string>{"He said \"we will stay.\"", "The next day they left."}));
  EXPECT_EQ(Sentences("She said it was \u201cover.\u201d Then silence."),
            (std::vector<std::string>{"She said it was \u201cover.\u201d", "Then silence."}));
  EXPECT_EQ(Sentences("Casualties rose. \"Nobody came,\" a resident said."),
            (std::vector<std::string>{"Casualties rose.", "\"Nobody came,\" a resident said."}));
}

TEST(SegmentTest, LowercaseAfterPeriodDoesNotSplit) {
  EXPECT_EQ(Sentences("At 7 a.m. the shelling resumed."),
            (std::vector<std::string>{"At 7 a.m. the shelling resumed."}));
}

TEST(SegmentTest, EmptyAndWhitespace) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences(" \n\n \t ").empty());
  EXPECT_EQ(Sentences("..."), (std::vector<std::string>{"..."}));
}

TEST(SegmentTest, SpansAreTrimmedAndOrdered) {
  std::string text = "  First one.   Second one.  \n  Third  ";
  auto spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 3u);
  for (size_t i = 0; i < spans.size(); ++i) {
    EXPECT_NE(text[spans[i].begin], ' ');
    EXPECT_NE(text[spans[i].end - 1], ' ');
    if (i > 0) EXPECT_GE(spans[i].begin, spans[i - 1].end);
  }
}

TEST(SegmentTest, ArabicFullStops) {
  std::string text =
      "\u0642\u062a\u0644 \u062b\u0644\u0627\u062b\u0629. \u0648\u0623\u0635\u064a\u0628 "
      "\u0622\u062e\u0631\u0648\u0646.";
  EXPECT_EQ(SplitSentences(text).size(), 2u);
}

// Speed is measured by bench/stages_bench.cc; this checks a large input is split whole.
TEST(SegmentTest, LargeInput) {
  std::string para = "The patrol was hit near the village on Monday. Gen. Doe said 12 died. ";
  std::string text;
  while (text.size() < (4u << 20)) text += para;
  auto spans = SplitSentences(text);
  EXPECT_EQ(spans.size(), 2 * (text.size() / para.size()));
}

}  // namespace
}  // namespace sitrep::segment
