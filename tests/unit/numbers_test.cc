#include "numbers/numbers.h"

#include <gtest/gtest.h>

#include <fstream>

namespace sitrep::numbers {
namespace {

const NumberWords& Words() {
  static const NumberWords* words = [] {
    auto r = NumberWords::Load(std::string(SITREP_SOURCE_DIR) + "/data/numbers.tsv");
    EXPECT_TRUE(r.ok()) << r.status().message();
    return new NumberWords(r.ok() ? std::move(r).value() : NumberWords());
  }();
  return *words;
}

constexpr int kNone = -1;

struct Case {
  const char* expr;      // embedded in a sentence by the test
  const char* span;      // expected mention text
  int value, low, high;  // kNone for nullopt
  Qualifier qualifier;
  bool vague, year_like, ordinal;
};

constexpr Qualifier kEx = Qualifier::kExact, kAtLeast = Qualifier::kAtLeast,
                    kMore = Qualifier::kMoreThan, kAbout = Qualifier::kAbout,
                    kUpTo = Qualifier::kUpTo, kRange = Qualifier::kRange;

const Case kCases[] = {
    {"10", "10", 10, kNone, kNone, kEx, false, false, false},
    {"1,200", "1,200", 1200, kNone, kNone, kEx, false, false, false},
    {"12,345,678", "12,345,678", 12345678, kNone, kNone, kEx, false, false, false},
    {"eight", "eight", 8, kNone, kNone, kEx, false, false, false},
    {"Eight", "Eight", 8, kNone, kNone, kEx, false, false, false},
    {"nineteen", "nineteen", 19, kNone, kNone, kEx, false, false, false},
    {"twenty-five", "twenty-five", 25, kNone, kNone, kEx, false, false, false},
    {"twenty five", "twenty five", 25, kNone, kNone, kEx, false, false, false},
    {"ninety-nine", "ninety-nine", 99, kNone, kNone, kEx, false, false, false},
    {"a hundred", "a hundred", 100, kNone, kNone, kEx, false, false, false},
    {"two hundred and fifty", "two hundred and fifty", 250, kNone, kNone, kEx, false, false, false},
    {"three thousand", "three thousand", 3000, kNone, kNone, kEx, false, false, false},
    {"5 thousand", "5 thousand", 5000, kNone, kNone, kEx, false, false, false},
    {"1.5 million", "1.5 million", 1500000, kNone, kNone, kEx, false, false, false},
    {"a dozen", "a dozen", 12, kNone, kNone, kEx, false, false, false},
    {"dozen", "dozen", kNone, kNone, kNone, kEx, false, false, false},
    {"two dozen", "two dozen", 24, kNone, kNone, kEx, false, false, false},
    {"a couple of", "a couple of", 2, kNone, kNone, kEx, false, false, false},
    {"three of them", "three", 3, kNone, kNone, kEx, false, false, false},
    {"one of the fighters", "one", 1, kNone, kNone, kEx, false, false, false},
    {"no one", "no one", 0, kNone, kNone, kEx, false, false, false},
    {"\xd9\x88\xd8\xab\xd9\x85\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9",
     "\xd9\x88\xd8\xab\xd9\x85\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9", 8, kNone, kNone, kEx, false, false,
     false},  // وثمانية
    {"24-hour", "24", 24, kNone, kNone, kEx, false, false, false},
    {"24 hours", "24", 24, kNone, kNone, kEx, false, false, false},
    // Vague quantities.
    {"dozens", "dozens", kNone, kNone, kNone, kEx, true, false, false},
    {"scores", "scores", kNone, kNone, kNone, kEx, true, false, false},
    {"hundreds", "hundreds", kNone, kNone, kNone, kEx, true, false, false},
    {"several", "several", kNone, kNone, kNone, kEx, true, false, false},
    {"many", "many", kNone, kNone, kNone, kEx, true, false, false},
    {"a number of", "a number of", kNone, kNone, kNone, kEx, true, false, false},
    {"some", "some", kNone, kNone, kNone, kEx, true, false, false},
    {"tens of thousands", "tens of thousands", kNone, kNone, kNone, kEx, true, false, false},
    // Qualifiers.
    {"at least 12", "at least 12", 12, 12, kNone, kAtLeast, false, false, false},
    {"At least eight", "At least eight", 8, 8, kNone, kAtLeast, false, false, false},
    {"no fewer than 6", "no fewer than 6", 6, 6, kNone, kAtLeast, false, false, false},
    {"no less than 40", "no less than 40", 40, 40, kNone, kAtLeast, false, false, false},
    {"more than 20", "more than 20", 20, 21, kNone, kMore, false, false, false},
    {"over 300", "over 300", 300, 301, kNone, kMore, false, false, false},
    {"nearly 30", "nearly 30", 30, kNone, kNone, kAbout, false, false, false},
    {"almost forty", "almost forty", 40, kNone, kNone, kAbout, false, false, false},
    {"about 15", "about 15", 15, kNone, kNone, kAbout, false, false, false},
    {"around 2,000", "around 2,000", 2000, kNone, kNone, kAbout, false, false, false},
    {"some 30", "some 30", 30, kNone, kNone, kAbout, false, false, false},
    {"approximately 70", "approximately 70", 70, kNone, kNone, kAbout, false, false, false},
    {"up to 9", "up to 9", 9, kNone, 9, kUpTo, false, false, false},
    {"as many as 9", "as many as 9", 9, kNone, 9, kUpTo, false, false, false},
    {"roughly 40", "roughly 40", 40, kNone, kNone, kAbout, false, false, false},
    {"half a dozen", "half a dozen", 6, kNone, kNone, kEx, false, false, false},
    {"3 or 4", "3 or 4", 3, 3, 4, kRange, false, false, false},
    {"at least 2019", "at least 2019", 2019, 2019, kNone, kAtLeast, false, false, false},
    // Ranges.
    {"between 5 and 7", "between 5 and 7", 5, 5, 7, kRange, false, false, false},
    {"5 to 7", "5 to 7", 5, 5, 7, kRange, false, false, false},
    {"5-7", "5-7", 5, 5, 7, kRange, false, false, false},
    {"five or six", "five or six", 5, 5, 6, kRange, false, false, false},
    {"between ten and twenty", "between ten and twenty", 10, 10, 20, kRange, false, false, false},
    // Ordinals and year-like numbers.
    {"the 5th Legion", "5th", 5, kNone, kNone, kEx, false, false, true},
    {"1st", "1st", 1, kNone, kNone, kEx, false, false, true},
    {"the fourth day", "fourth", 4, kNone, kNone, kEx, false, false, true},
    {"twenty-first", "twenty-first", 21, kNone, kNone, kEx, false, false, true},
    {"2019", "2019", 2019, kNone, kNone, kEx, false, true, false},
    {"1900", "1900", 1900, kNone, kNone, kEx, false, true, false},
    {"2101", "2101", 2101, kNone, kNone, kEx, false, false, false},
    {"2,019", "2,019", 2019, kNone, kNone, kEx, false, false, false},
    // Arabic-Indic digits and Arabic number words.
    {"\xd9\xa3\xd9\xa5", "\xd9\xa3\xd9\xa5", 35, kNone, kNone, kEx, false, false, false},
    {"\xd8\xab\xd9\x85\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9",
     "\xd8\xab\xd9\x85\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9", 8, kNone, kNone, kEx, false, false,
     false},  // ثمانية
    {"\xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", "\xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 10, kNone, kNone, kEx,
     false, false, false},  // عشرة
};

std::optional<int> Opt(int v) { return v == kNone ? std::nullopt : std::optional<int>(v); }

TEST(FindNumbers, Table) {
  for (const Case& c : kCases) {
    const std::string text = std::string("Witnesses counted ") + c.expr + " near the market.";
    auto found = FindNumbers(text, Words());
    if (std::string_view(c.expr) == "dozen") {  // a bare "dozen" is the scale word: no count
      EXPECT_TRUE(found.empty());
      continue;
    }
    ASSERT_EQ(found.size(), 1u) << c.expr;
    const NumberMention& m = found[0];
    EXPECT_EQ(m.span.of(text), c.span) << c.expr;
    EXPECT_EQ(m.value, Opt(c.value)) << c.expr;
    EXPECT_EQ(m.low, Opt(c.low)) << c.expr;
    EXPECT_EQ(m.high, Opt(c.high)) << c.expr;
    EXPECT_EQ(m.qualifier, c.qualifier) << c.expr;
    EXPECT_EQ(m.vague, c.vague) << c.expr;
    EXPECT_EQ(m.is_year_like, c.year_like) << c.expr;
    EXPECT_EQ(m.is_ordinal, c.ordinal) << c.expr;
  }
}

TEST(FindNumbers, Sentence) {
  const std::string text =
      "The blast killed eight soldiers and injured 10 others; at least 60 militants were "
      "released in 2019, while dozens fled and the 4th Division lost one of its buses.";
  auto found = FindNumbers(text, Words());
  std::vector<std::string_view> spans;
  for (const auto& m : found) spans.push_back(m.span.of(text));
  EXPECT_EQ(spans, (std::vector<std::string_view>{"eight", "10", "at least 60", "2019", "dozens",
                                                  "4th", "one"}));
}

TEST(FindNumbers, NotCounts) {
  // ISO dates, clock times and bare decimals are consumed without a mention.
  for (const char* t : {"on 2019-06-04 at 10:30", "a rate of 2.5", "a year", "over the weekend",
                        "about the attack", "between the towns", "the 5-day truce"}) {
    auto found = FindNumbers(t, Words());
    if (std::string_view(t) == "the 5-day truce") {
      ASSERT_EQ(found.size(), 1u);
      EXPECT_EQ(found[0].value, 5);
      continue;
    }
    EXPECT_TRUE(found.empty()) << t;
  }
}

std::vector<std::string_view> Spans(const std::vector<NumberMention>& found, std::string_view t) {
  std::vector<std::string_view> out;
  for (const auto& m : found) out.push_back(m.span.of(t));
  return out;
}

TEST(FindNumbers, ReadsWholeTokens) {
  // Digits glued to letters are no counts: distances, weights, clock times, names.
  std::string text = "Shelling 20km north of the town at 10am wounded 3 people, G7 envoys said.";
  auto found = FindNumbers(text, Words());
  EXPECT_EQ(Spans(found, text), (std::vector<std::string_view>{"3"}));
  text = "About 30kg of explosives and 1,4 tons of fuel were seized.";
  EXPECT_TRUE(FindNumbers(text, Words()).empty()) << Spans(FindNumbers(text, Words()), text)[0];

  text = "Officials said 3.5 million people fled, 1,200 died and the 5th Corps withdrew.";
  found = FindNumbers(text, Words());
  ASSERT_EQ(Spans(found, text), (std::vector<std::string_view>{"3.5 million", "1,200", "5th"}));
  EXPECT_EQ(found[0].value, 3500000);
  EXPECT_EQ(found[1].value, 1200);
  EXPECT_FALSE(found[1].is_ordinal);
  EXPECT_EQ(found[2].value, 5);
  EXPECT_TRUE(found[2].is_ordinal);
  // "the 1,000th day" is an ordinal, not a count of a thousand.
  text = "On the 1,000th day of the siege 6 civilians died.";
  found = FindNumbers(text, Words());
  ASSERT_EQ(Spans(found, text), (std::vector<std::string_view>{"1,000th", "6"}));
  EXPECT_TRUE(found[0].is_ordinal);

  // ISO dates with a time, clock times with am/pm: no counts.
  text = "Posted 2019-06-04T10:00:00Z, the report said 4 died at 10:30pm and 2 at 11:15.";
  EXPECT_EQ(Spans(FindNumbers(text, Words()), text), (std::vector<std::string_view>{"4", "2"}));
}

TEST(FindNumbers, ArabicIndicDigitsAndArabicPunctuation) {
  // "قتل ٣٥ شخصا وأصيب ٣,٠٠٠ آخرون، وقال المصدر إن ثمانية، منهم أطفال"
  const std::string text =
      "\xd9\x82\xd8\xaa\xd9\x84 \xd9\xa3\xd9\xa5 \xd8\xb4\xd8\xae\xd8\xb5\xd8\xa7 "
      "\xd9\x88\xd8\xa3\xd8\xb5\xd9\x8a\xd8\xa8 \xd9\xa3,\xd9\xa0\xd9\xa0\xd9\xa0 "
      "\xd8\xa2\xd8\xae\xd8\xb1\xd9\x88\xd9\x86\xd8\x8c \xd9\x88\xd9\x82\xd8\xa7\xd9\x84 "
      "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xaf\xd8\xb1 \xd8\xa5\xd9\x86 "
      "\xd8\xab\xd9\x85\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9\xd8\x8c \xd9\x85\xd9\x86\xd9\x87\xd9\x85 "
      "\xd8\xa3\xd8\xb7\xd9\x81\xd8\xa7\xd9\x84";
  auto found = FindNumbers(text, Words());
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].value, 35);
  EXPECT_EQ(found[1].value, 3000);
  EXPECT_EQ(found[1].span.of(text), "\xd9\xa3,\xd9\xa0\xd9\xa0\xd9\xa0");
  EXPECT_EQ(found[2].value, 8);  // a number word right before an Arabic comma
}

TEST(FindNumbers, TokenViewOfADocument) {
  // The pipeline's call: the document's own tokens, or a part of them; spans stay offsets
  // into the whole text.
  const std::string text = "Twelve soldiers died. At least 1,200 others fled.";
  text::TokenizedText tokens(text);
  const text::TokenView view = tokens.view();
  auto whole = FindNumbers(view, Words());
  auto plain = FindNumbers(text, Words());
  ASSERT_EQ(whole.size(), 2u);
  ASSERT_EQ(plain.size(), 2u);
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(whole[i].span, plain[i].span);
    EXPECT_EQ(whole[i].value, plain[i].value);
  }
  auto second = FindNumbers(view.Slice(4, view.size()), Words());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].span.of(text), "At least 1,200");
  EXPECT_EQ(second[0].low, 1200);
}

TEST(ParseNumber, Phrases) {
  EXPECT_EQ(ParseNumber("eight", Words()), 8);
  EXPECT_EQ(ParseNumber("twenty-one", Words()), 21);
  EXPECT_EQ(ParseNumber("1,200", Words()), 1200);
  EXPECT_EQ(ParseNumber("a dozen", Words()), 12);
  EXPECT_EQ(ParseNumber(" Two Hundred ", Words()), 200);
  EXPECT_EQ(ParseNumber("one hundred and twenty", Words()), 120);
  EXPECT_EQ(ParseNumber("several", Words()), std::nullopt);
  EXPECT_EQ(ParseNumber("eight soldiers", Words()), std::nullopt);
  EXPECT_EQ(ParseNumber("", Words()), std::nullopt);
  EXPECT_EQ(ParseNumber("one two", Words()), std::nullopt);
  // Past any count: no value at all, never a made-up 2,000,000,000 (issue 15).
  EXPECT_EQ(ParseNumber("99999999999999999999", Words()), std::nullopt);
  EXPECT_EQ(ParseNumber("2,000,000,000", Words()), 2000000000);
  EXPECT_EQ(ParseNumber("2,000,000,001", Words()), std::nullopt);
}

TEST(FindNumbers, TooLargeToBeACount) {
  for (const char* t : {"99999999999 people were killed", "3 million thousand died",
                        "more than 3000000000 were killed", "between 5 and 9000000000 died",
                        "5-9000000000 dead", "at least 4.5 million million died"}) {
    auto found = FindNumbers(t, Words());
    ASSERT_FALSE(found.empty()) << t;
    EXPECT_TRUE(found[0].too_large) << t;
    EXPECT_FALSE(found[0].value) << t;
    EXPECT_FALSE(found[0].low) << t;
    EXPECT_FALSE(found[0].high) << t;
    EXPECT_FALSE(found[0].vague) << t;
  }
  auto fine = FindNumbers("1,999,999,999 died", Words());
  ASSERT_EQ(fine.size(), 1u);
  EXPECT_EQ(fine[0].value, 1999999999);
  EXPECT_FALSE(fine[0].too_large);
}

TEST(FindNumbers, BadInput) {
  EXPECT_TRUE(FindNumbers("", Words()).empty());
  std::string bad = "\xff 12 \xd9 \xe2\x80 eight\xc3";
  auto found = FindNumbers(bad, Words());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].value, 12);
  EXPECT_EQ(found[1].value, 8);
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "At least 12 people and 1,200 others. ";
  EXPECT_EQ(FindNumbers(huge, Words()).size(), 40000u);
  EXPECT_EQ(FindNumbers(std::string(5000, '7'), Words()).size(), 1u);
  EXPECT_TRUE(FindNumbers(std::string(5000, 'x'), Words()).empty());
  EXPECT_TRUE(FindNumbers("eight", NumberWords()).empty());
}

TEST(NumberWords, LoadErrorsNameTheLine) {
  EXPECT_FALSE(NumberWords::Load("/nonexistent/numbers.tsv").ok());
  const std::pair<const char*, const char*> kBad[] = {
      {"# c\none\tunit\t1\nfoo\tbogus\t1\n", ":3:"},
      {"twenty\tunit\t20\n", ":1:"},
      {"x\tqualifier\tmaybe\n", ":1:"},
      {"x\tunit\tabc\n", ":1:"},
      {"lonely\n", ":1:"},
  };
  for (auto [content, where] : kBad) {
    std::string path = testing::TempDir() + "/bad_numbers.tsv";
    std::ofstream(path) << content;
    auto r = NumberWords::Load(path);
    ASSERT_FALSE(r.ok()) << content;
    EXPECT_NE(r.status().message().find(where), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace sitrep::numbers
