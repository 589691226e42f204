#include "dates/dates.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace sitrep::dates {
namespace {

const DateWords& Words() {
  static const DateWords* words = [] {
    auto r = DateWords::Load(std::string(SITREP_SOURCE_DIR) + "/data/dates.tsv");
    EXPECT_TRUE(r.ok()) << r.status().message();
    return new DateWords(r.ok() ? std::move(r).value() : DateWords());
  }();
  return *words;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path) << content;
  return path;
}

// Published on a Sunday.
const CivilDate kPub{2019, 7, 28};

TEST(Calendar, RoundTripsAndWeekdays) {
  for (int64_t z = -800000; z <= 800000; z += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(z)), z);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(Weekday({1970, 1, 1}), 4);  // Thursday
  EXPECT_EQ(Weekday(kPub), 0);          // Sunday
  EXPECT_EQ(Weekday({1969, 12, 28}), 0);
  EXPECT_EQ(AddDays({2019, 3, 1}, -1), (CivilDate{2019, 2, 28}));
  EXPECT_EQ(AddDays({2020, 3, 1}, -1), (CivilDate{2020, 2, 29}));
  EXPECT_EQ(ToIso({2019, 6, 4}), "2019-06-04");
  EXPECT_EQ(ParseIsoDate("2019-06-04T10:00:00Z"), (CivilDate{2019, 6, 4}));
  EXPECT_EQ(ParseIsoDate("2019-02-30"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("2019-6-4"), std::nullopt);
  EXPECT_EQ(ParseIsoDate(""), std::nullopt);
  EXPECT_STREQ(PrecisionName(Precision::kWeek), "week");
}

struct Case {
  const char* expr;  // the expression, embedded in a sentence by the test
  const char* span;  // expected mention text
  DateKind kind;
  const char* date;  // expected ISO date, "" for nullopt
  Precision precision;
};

constexpr DateKind kAbs = DateKind::kAbsolute, kPart = DateKind::kPartial,
                   kDay = DateKind::kRelativeDay, kSpan = DateKind::kRelativeSpan;
constexpr Precision pD = Precision::kDay, pW = Precision::kWeek, pM = Precision::kMonth,
                    pY = Precision::kYear;

const Case kCases[] = {
    {"yesterday", "yesterday", kDay, "2019-07-27", pD},
    {"Yesterday", "Yesterday", kDay, "2019-07-27", pD},
    {"today", "today", kDay, "2019-07-28", pD},
    {"this morning", "this morning", kDay, "2019-07-28", pD},
    {"tonight", "tonight", kDay, "2019-07-28", pD},
    {"last night", "last night", kDay, "2019-07-27", pD},
    {"overnight", "overnight", kDay, "2019-07-27", pD},
    {"the day before yesterday", "the day before yesterday", kDay, "2019-07-26", pD},
    {"a day earlier", "a day earlier", kDay, "2019-07-27", pD},
    {"the previous day", "the previous day", kDay, "2019-07-27", pD},
    // Weekdays: the most recent on or before publication (a Sunday).
    {"on Sunday", "on Sunday", kDay, "2019-07-28", pD},
    {"Sunday", "Sunday", kDay, "2019-07-28", pD},
    {"late Tuesday", "late Tuesday", kDay, "2019-07-23", pD},
    {"late on Thursday", "late on Thursday", kDay, "2019-07-25", pD},
    {"early Monday", "early Monday", kDay, "2019-07-22", pD},
    {"Monday night", "Monday night", kDay, "2019-07-22", pD},
    {"on Saturday morning", "on Saturday morning", kDay, "2019-07-27", pD},
    {"last Sunday", "last Sunday", kDay, "2019-07-21", pD},
    {"last Friday", "last Friday", kDay, "2019-07-26", pD},
    // Night pairs take the second day (setting weekday_pair in dates.tsv).
    {"Overnight Thursday to Friday", "Overnight Thursday to Friday", kDay, "2019-07-26", pD},
    {"overnight Saturday to Sunday", "overnight Saturday to Sunday", kDay, "2019-07-28", pD},
    // Partial dates: the latest year not after published + 1 day.
    {"on Sunday, July 28", "on Sunday, July 28", kPart, "2019-07-28", pD},
    {"Sunday, July 28", "Sunday, July 28", kPart, "2019-07-28", pD},
    {"July 17", "July 17", kPart, "2019-07-17", pD},
    {"on July 17", "on July 17", kPart, "2019-07-17", pD},
    {"17 July", "17 July", kPart, "2019-07-17", pD},
    {"the 17th of July", "the 17th of July", kPart, "2019-07-17", pD},
    {"July 29", "July 29", kPart, "2019-07-29", pD},
    {"July 30", "July 30", kPart, "2019-07-30", pD},      // two days ahead: this year (a deadline)
    {"August 20", "August 20", kPart, "2018-08-20", pD},  // weeks ahead: last year
    {"Aug. 27", "Aug. 27", kPart, "2018-08-27", pD},
    {"Aug 27", "Aug 27", kPart, "2018-08-27", pD},
    {"(August 24)", "August 24", kPart, "2018-08-24", pD},
    {"Sept 3", "Sept 3", kPart, "2018-09-03", pD},
    {"Jan 3", "Jan 3", kPart, "2019-01-03", pD},
    // Absolute dates.
    {"June 4, 2019", "June 4, 2019", kAbs, "2019-06-04", pD},
    {"On June 4, 2019", "On June 4, 2019", kAbs, "2019-06-04", pD},
    {"4 June 2019", "4 June 2019", kAbs, "2019-06-04", pD},
    {"2019-06-04", "2019-06-04", kAbs, "2019-06-04", pD},
    {"Sunday, July 28, 2019", "Sunday, July 28, 2019", kAbs, "2019-07-28", pD},
    {"In August 2018", "In August 2018", kAbs, "2018-08-15", pM},
    {"August 2018", "August 2018", kAbs, "2018-08-15", pM},
    {"in October of 2017", "in October of 2017", kAbs, "2017-10-15", pM},
    {"in December 2016", "in December 2016", kAbs, "2016-12-15", pM},
    {"in 2018", "in 2018", kAbs, "2018-07-01", pY},
    {"since 2011", "since 2011", kAbs, "2011-07-01", pY},
    // Bare months: month precision, the latest such month not after publication.
    {"in November", "in November", kPart, "2018-11-15", pM},
    {"late October", "late October", kPart, "2018-10-15", pM},
    {"early June", "early June", kPart, "2019-06-15", pM},
    {"since January", "since January", kPart, "2019-01-15", pM},
    {"in July", "in July", kPart, "2019-07-15", pM},
    {"last July", "last July", kPart, "2018-07-15", pM},
    {"mid-June", "mid-June", kPart, "2019-06-15", pM},
    {"last month", "last month", kSpan, "2019-06-15", pM},
    {"this month", "this month", kSpan, "2019-07-15", pM},
    // Spans.
    {"two weeks ago", "two weeks ago", kSpan, "2019-07-14", pW},
    {"2 weeks ago", "2 weeks ago", kSpan, "2019-07-14", pW},
    {"a week ago", "a week ago", kSpan, "2019-07-21", pW},
    {"last week", "last week", kSpan, "2019-07-21", pW},
    {"days ago", "days ago", kSpan, "2019-07-25", pW},
    {"days after", "days after", kSpan, "2019-07-25", pW},
    {"a few days ago", "a few days ago", kSpan, "2019-07-25", pW},
    {"days earlier", "days earlier", kSpan, "2019-07-25", pW},
    {"three days ago", "three days ago", kSpan, "2019-07-25", pD},
    {"48 hours ago", "48 hours ago", kSpan, "2019-07-26", pD},
    {"several weeks ago", "several weeks ago", kSpan, "2019-07-14", pM},
    {"in the past two days", "in the past two days", kSpan, "2019-07-28", pW},
    {"a year ago", "a year ago", kSpan, "2018-07-28", pY},
    {"two months ago", "two months ago", kSpan, "2019-05-28", pM},
    {"the past 24 hours", "the past 24 hours", kSpan, "2019-07-27", pD},
    {"the last 24 hours", "the last 24 hours", kSpan, "2019-07-27", pD},
    {"hours before", "hours before", kSpan, "2019-07-28", pD},
    {"hours earlier", "hours earlier", kSpan, "2019-07-28", pD},
    {"this week", "this week", kSpan, "2019-07-28", pW},
    {"the weekend", "the weekend", kSpan, "2019-07-27", pW},
    {"at the weekend", "at the weekend", kSpan, "2019-07-27", pW},
    {"the weekend's", "the weekend", kSpan, "2019-07-27", pW},
    // Arabic.
    {"\xd8\xa8\xd8\xa7\xd9\x84\xd8\xa3\xd9\x85\xd8\xb3",
     "\xd8\xa8\xd8\xa7\xd9\x84\xd8\xa3\xd9\x85\xd8\xb3", kDay, "2019-07-27", pD},  // بالأمس
    {"\xd9\x8a\xd9\x88\xd9\x85 \xd8\xa7\xd9\x84\xd8\xae\xd9\x85\xd9\x8a\xd8\xb3",
     "\xd9\x8a\xd9\x88\xd9\x85 \xd8\xa7\xd9\x84\xd8\xae\xd9\x85\xd9\x8a\xd8\xb3", kDay,
     "2019-07-25", pD},  // يوم الخميس
    {"\xd8\xa3\xd9\x85\xd8\xb3", "\xd8\xa3\xd9\x85\xd8\xb3", kDay, "2019-07-27", pD},  // أمس
    {"28 \xd8\xaa\xd9\x85\xd9\x88\xd8\xb2 2019", "28 \xd8\xaa\xd9\x85\xd9\x88\xd8\xb2 2019", kAbs,
     "2019-07-28", pD},  // 28 تموز 2019
};

TEST(FindDates, TableWithPublished) {
  for (const Case& c : kCases) {
    const std::string text =
        std::string("Witnesses said the clash happened ") + c.expr + " near the market.";
    auto found = FindDates(text, kPub, Words());
    ASSERT_EQ(found.size(), 1u) << c.expr;
    const DateMention& m = found[0];
    EXPECT_EQ(m.span.of(text), c.span) << c.expr;
    EXPECT_EQ(m.kind, c.kind) << c.expr;
    EXPECT_EQ(m.date ? ToIso(*m.date) : "", c.date) << c.expr;
    EXPECT_EQ(m.precision, c.precision) << c.expr;
  }
}

TEST(FindDates, WithoutPublishedOnlyAbsoluteResolve) {
  for (const Case& c : kCases) {
    const std::string text = std::string("It happened ") + c.expr + ".";
    auto found = FindDates(text, std::nullopt, Words());
    ASSERT_EQ(found.size(), 1u) << c.expr;
    if (c.kind == kAbs) {
      EXPECT_EQ(found[0].date ? ToIso(*found[0].date) : "", c.date) << c.expr;
    } else {
      EXPECT_FALSE(found[0].date.has_value()) << c.expr;
    }
  }
}

TEST(FindDates, PublishedOnOtherWeekdays) {
  const CivilDate wed{2019, 7, 24};
  auto one = [&](const std::string& text) {
    auto found = FindDates(text, wed, Words());
    EXPECT_EQ(found.size(), 1u) << text;
    return found.empty() || !found[0].date ? std::string() : ToIso(*found[0].date);
  };
  EXPECT_EQ(one("on Wednesday"), "2019-07-24");
  EXPECT_EQ(one("last Wednesday"), "2019-07-17");
  EXPECT_EQ(one("on Thursday"), "2019-07-18");
  EXPECT_EQ(one("at the weekend"), "2019-07-20");
  EXPECT_EQ(one("Feb 29"), "2016-02-29");
}

TEST(FindDates, NotDates) {
  const char* kTexts[] = {
      "The 2018 settlements and 1,200 people.",  // bare year without a preposition
      "They may march on the city.",             // lower-case month words are verbs
      "A year into the deal, 60 militants were released.",
      "He said two weeks later that nothing changed.",  // "later" needs a vague count
      "next Sunday",
      "Sunday, 12 people were killed",  // counted as the weekday only
      "the day before the attack",      // relative to another event, not to publication
      "years ago",                      // too vague to place
  };
  for (const char* t : kTexts) {
    auto found = FindDates(t, kPub, Words());
    if (std::string_view(t).starts_with("Sunday,")) {
      ASSERT_EQ(found.size(), 1u);
      EXPECT_EQ(found[0].span.of(t), "Sunday");
      continue;
    }
    EXPECT_TRUE(found.empty()) << t << " -> " << found[0].span.of(t);
  }
}

// Dates before 0001-01-01 or after 9999-12-31 do not exist: no date, never "0000-12-27"
// (issue 15).
TEST(FindDates, NoDateOutsideTheCalendar) {
  for (const char* text : {"last week", "on December 19", "two years ago", "yesterday"}) {
    auto early = FindDates(text, CivilDate{1, 1, 3}, Words());
    ASSERT_EQ(early.size(), 1u) << text;
    if (early[0].date) EXPECT_GE(early[0].date->year, 1) << text;
  }
  auto last_week = FindDates("last week", CivilDate{1, 1, 3}, Words());
  EXPECT_FALSE(last_week[0].date);
  auto late = FindDates("next year", CivilDate{9999, 12, 30}, Words());
  for (const auto& m : late)
    if (m.date) EXPECT_LE(m.date->year, 9999);
  for (const auto& m : FindDates("on 19 December 0000 and in 0000", std::nullopt, Words()))
    if (m.date) EXPECT_GE(m.date->year, 1);
}

TEST(FindDates, SeveralInOrderNonOverlapping) {
  const std::string text =
      "On Sunday, July 28, officials said the attack came two weeks ago, after a raid in "
      "August 2018 and another on 2019-06-04.";
  auto found = FindDates(text, kPub, Words());
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].span.of(text), "On Sunday, July 28");
  EXPECT_EQ(found[1].span.of(text), "two weeks ago");
  EXPECT_EQ(found[2].span.of(text), "in August 2018");
  EXPECT_EQ(found[3].span.of(text), "2019-06-04");
  for (size_t i = 1; i < found.size(); ++i) {
    EXPECT_LE(found[i - 1].span.end, found[i].span.begin);
  }
}

TEST(FindDates, Regressions) {
  // A sentence-final period is not an abbreviation's.
  std::string text = "The talks stalled in May. Then fighting resumed.";
  auto found = FindDates(text, kPub, Words());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].span.of(text), "in May");
  // "last month after ..." is "last month", not a vague span ending in "after".
  text = "The town fell last month after a long siege.";
  found = FindDates(text, kPub, Words());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].span.of(text), "last month");
  EXPECT_EQ(found[0].date, (CivilDate{2019, 6, 15}));
  // A bare weekday before an unrelated number.
  text = "Late on Thursday night 3 shells landed.";
  found = FindDates(text, kPub, Words());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].span.of(text), "Late on Thursday night");
}

TEST(FindDates, ReadsTheSharedTokens) {
  auto one = [](const std::string& text) -> std::pair<std::string, std::string> {
    auto found = FindDates(text, kPub, Words());
    EXPECT_EQ(found.size(), 1u) << text;
    if (found.size() != 1) return {};
    return {std::string(found[0].span.of(text)), found[0].date ? ToIso(*found[0].date) : ""};
  };
  // A comma with no space after it still separates the day from the year.
  EXPECT_EQ(one("Fighting on July 4,2019 killed two."),
            (std::pair<std::string, std::string>{"on July 4,2019", "2019-07-04"}));
  EXPECT_EQ(one("Clashes resumed on 4 July,2019 in the south."),
            (std::pair<std::string, std::string>{"on 4 July,2019", "2019-07-04"}));
  // ISO dates, alone or with a time glued to them.
  EXPECT_EQ(one("The post fell at 2019-06-04T10:00 after a siege."),
            (std::pair<std::string, std::string>{"2019-06-04", "2019-06-04"}));
  // Clock times are no dates; ordinals are days.
  EXPECT_EQ(one("Shells fell at 10:30 and 22:15 on the 17th of July."),
            (std::pair<std::string, std::string>{"on the 17th of July", "2019-07-17"}));
  // A count glued to its unit.
  EXPECT_EQ(one("The town fell 5days ago."),
            (std::pair<std::string, std::string>{"5days ago", "2019-07-23"}));
  // Arabic-Indic digits, joined or not to the month: "في ٢٨ تموز ٢٠١٩", "في ٢٨تموز".
  EXPECT_EQ(one("\xd9\x81\xd9\x8a \xd9\xa2\xd9\xa8 \xd8\xaa\xd9\x85\xd9\x88\xd8\xb2 "
                "\xd9\xa2\xd9\xa0\xd9\xa1\xd9\xa9")
                .second,
            "2019-07-28");
  EXPECT_EQ(one("\xd9\x81\xd9\x8a \xd9\xa2\xd9\xa8\xd8\xaa\xd9\x85\xd9\x88\xd8\xb2").second,
            "2019-07-28");
  // "أمس،": yesterday right before an Arabic comma.
  EXPECT_EQ(
      one("\xd9\x82\xd8\xa7\xd9\x84 \xd8\xa3\xd9\x85\xd8\xb3\xd8\x8c \xd8\xa5\xd9\x86").second,
      "2019-07-27");
}

TEST(FindDates, TokenViewOfADocument) {
  const std::string text = "On Sunday, July 28, the army said the raid came two weeks ago.";
  text::TokenizedText tokens(text);
  const text::TokenView view = tokens.view();
  auto whole = FindDates(view, kPub, Words());
  auto plain = FindDates(text, kPub, Words());
  ASSERT_EQ(whole.size(), 2u);
  ASSERT_EQ(plain.size(), 2u);
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(whole[i].span, plain[i].span);
    EXPECT_EQ(whole[i].date, plain[i].date);
  }
  // A part of the tokens: spans stay offsets into the whole text.
  auto tail = FindDates(view.Slice(8, view.size()), kPub, Words());
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].span.of(text), "two weeks ago");
}

TEST(InferPublished, DatelineIsTheFirstTokens) {
  // A full date in the first 400 bytes is the dateline's; later only its year counts.
  std::string body = "Mar 9, 2021 - Shelling hit the town.";
  std::string late = std::string(400, ' ') + "Mar 9, 2021 - Shelling hit the town.";
  text::TokenizedText early_tokens(body), late_tokens(late);
  EXPECT_EQ(InferPublished(early_tokens.view(), {}, Words()), (CivilDate{2021, 3, 9}));
  EXPECT_EQ(InferPublished(late_tokens.view(), {}, Words()), std::nullopt);
  EXPECT_EQ(InferPublished(late, {}, Words()), std::nullopt);
  // A date that straddles the 400th byte belongs to the rest of the body.
  std::string straddle = std::string(396, ' ') + "March 9, 2021 - Shelling hit the town.";
  EXPECT_EQ(InferPublished(straddle, {}, Words()), std::nullopt);
  EXPECT_EQ(InferPublished(straddle, {"Photo, March 10, 2021"}, Words()), (CivilDate{2021, 3, 10}));
}

TEST(DateWords, WeekdayPairSettingFirst) {
  std::string tsv, error;
  ASSERT_TRUE(ReadFileToString(std::string(SITREP_SOURCE_DIR) + "/data/dates.tsv", &tsv, &error));
  tsv += "weekday_pair\tsetting\tfirst\n";  // the last setting wins
  auto words = DateWords::Load(WriteTemp("pair_first.tsv", tsv));
  ASSERT_TRUE(words.ok()) << words.status().message();
  auto found = FindDates("Overnight Thursday to Friday", kPub, *words);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (CivilDate{2019, 7, 25}));
}

TEST(FindDates, BadInput) {
  EXPECT_TRUE(FindDates("", kPub, Words()).empty());
  // Invalid UTF-8 and stray bytes never crash and never break neighbouring matches.
  std::string bad = "\xff\xfe yesterday \xd8 \xc3 July 17\xe2\x80";
  auto found = FindDates(bad, kPub, Words());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].span.of(bad), "yesterday");
  EXPECT_EQ(found[1].span.of(bad), "July 17");
  // Huge input: repeated sentences, all found.
  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "Shelling hit the town yesterday and on July 17. ";
  EXPECT_EQ(FindDates(huge, kPub, Words()).size(), 40000u);
  // Very long words and digit runs.
  std::string longword(5000, 'x');
  std::string digits(5000, '9');
  EXPECT_TRUE(FindDates(longword + " " + digits, kPub, Words()).empty());
  // Empty vocabulary finds nothing.
  EXPECT_TRUE(FindDates("yesterday", kPub, DateWords()).empty());
}

TEST(DateWords, LoadErrorsNameTheLine) {
  auto missing = DateWords::Load("/nonexistent/dates.tsv");
  EXPECT_FALSE(missing.ok());
  const std::pair<const char*, const char*> kBad[] = {
      {"# header\nmonday\tweekday\t1\nfoo\tbogus\t1\n", ":3:"},
      {"june\tmonth\t13\n", ":1:"},
      {"\n\nyesterday\trel\t-1\tday\n", ":3:"},
      {"x\tprefix\tsideways\n", ":1:"},
      {"weekday_pair\tsetting\tthird\n", ":1:"},
      {"onlyone\n", ":1:"},
  };
  for (auto [content, where] : kBad) {
    auto r = DateWords::Load(WriteTemp("bad_dates.tsv", content));
    ASSERT_FALSE(r.ok()) << content;
    EXPECT_NE(r.status().message().find(where), std::string::npos) << r.status().message();
  }
  auto ok =
      DateWords::Load(WriteTemp("ok_dates.tsv", "# c\r\nyesterday\trel\t-1\tday\tday\tday\r\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  auto found = FindDates("yesterday", kPub, *ok);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (CivilDate{2019, 7, 27}));
}

// The worked example: read in place from the shared fixtures.
TEST(FindDates, EnabBaladiFixture) {
  std::string text, error;
  ASSERT_TRUE(ReadFileToString(
      std::string(SITREP_SHARED_DIR) + "/fixtures/enab-baladi-2019-07-28-daraa.txt", &text, &error))
      << error;
  auto found = FindDates(text, kPub, Words());
  auto find = [&](std::string_view needle) -> const DateMention* {
    for (const auto& m : found) {
      if (m.span.of(text).find(needle) != std::string_view::npos) return &m;
    }
    return nullptr;
  };
  struct Want {
    const char* needle;
    DateKind kind;
    const char* date;
    Precision precision;
  };
  const Want kWant[] = {
      {"Sunday, July 28", kPart, "2019-07-28", pD}, {"yesterday", kDay, "2019-07-27", pD},
      {"July 17", kPart, "2019-07-17", pD},         {"two weeks ago", kSpan, "2019-07-14", pW},
      {"June 4, 2019", kAbs, "2019-06-04", pD},     {"August 2018", kAbs, "2018-08-15", pM},
      {"a year ago", kSpan, "2018-07-28", pY},      {"today", kDay, "2019-07-28", pD},
  };
  for (const Want& w : kWant) {
    const DateMention* m = find(w.needle);
    ASSERT_NE(m, nullptr) << w.needle;
    EXPECT_EQ(m->kind, w.kind) << w.needle;
    EXPECT_EQ(m->date ? ToIso(*m->date) : "", w.date) << w.needle;
    EXPECT_EQ(m->precision, w.precision) << w.needle;
  }
  // "A year into the settlement deal" is not a date.
  EXPECT_EQ(find("year into"), nullptr);

  // Publication inferred from the body and its photo captions.
  std::vector<std::string_view> hints;
  for (std::string_view line : SplitString(text, '\n')) {
    if (line.find("(Amaaq)") != std::string_view::npos) hints.push_back(line);
  }
  ASSERT_FALSE(hints.empty());
  EXPECT_EQ(InferPublished(text, hints, Words()), kPub);
}

TEST(InferPublished, Rules) {
  // Weekday + day in the body, year from a caption hint.
  EXPECT_EQ(InferPublished("The agency said on Sunday, July 28, that a cell attacked a post.",
                           {"Fighters near the post - July 27, 2019 (Photo agency)"}, Words()),
            kPub);
  // A dateline at the start.
  EXPECT_EQ(InferPublished("Jul 28, 2019 - Fighters shelled the village yesterday.", {}, Words()),
            kPub);
  // No year anywhere: nothing conclusive.
  EXPECT_EQ(InferPublished("The raid (August 24) followed clashes on Monday.", {}, Words()),
            std::nullopt);
  // Year from the body; the weekday picks 2019 over 2018.
  EXPECT_EQ(
      InferPublished("On Sunday, July 28, a cell struck. Forces took the area in August 2018.", {},
                     Words()),
      kPub);
  // A weekday that disagrees with the hint's year is ignored.
  EXPECT_EQ(
      InferPublished("On Monday, July 28, a cell struck.", {"Photo - July 27, 2019"}, Words()),
      (CivilDate{2019, 7, 27}));
  // "on Monday night (August 24)" is one mention; a year in a hint makes it conclusive.
  const std::string text = "Two guards died on Monday night (August 24), a source said.";
  auto found = FindDates(text, CivilDate{2020, 8, 25}, Words());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].span.of(text), "on Monday night (August 24)");
  EXPECT_EQ(found[0].kind, kPart);
  EXPECT_EQ(found[0].date, (CivilDate{2020, 8, 24}));
  EXPECT_EQ(InferPublished(text, {}, Words()), std::nullopt);
  EXPECT_EQ(InferPublished(text, {"Archive photo, 2020"}, Words()), std::nullopt);  // bare year
  EXPECT_EQ(InferPublished(text, {"Archive photo, in 2020"}, Words()), (CivilDate{2020, 8, 24}));
  EXPECT_EQ(InferPublished("", {}, Words()), std::nullopt);
}

}  // namespace
}  // namespace sitrep::dates
