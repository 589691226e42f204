// sitrep/query.h: one parser for `sitrep events` options and the server's query parameters.
#include <gtest/gtest.h>

#include "sitrep/query.h"

namespace sitrep {
namespace {

using Fields = std::multimap<std::string, std::string>;

std::string Error(const Fields& fields, QueryNaming naming = QueryNaming::kOption) {
  auto q = ParseEventQuery(fields, naming);
  EXPECT_FALSE(q.ok());
  return q.ok() ? "" : q.status().message();
}

TEST(ParseEventQuery, FillsEveryField) {
  auto q = ParseEventQuery({{"from", "2021-03-01"},
                            {"to", "2021-03-31"},
                            {"country", "Syria"},
                            {"country", "Iraq"},
                            {"admin1", "Daraa"},
                            {"type", "Battles"},
                            {"sub_type", "Armed clash"},
                            {"actor", "army"},
                            {"text", "bread"},
                            {"bbox", "35,32,37,34"},
                            {"near", "32.6,36.1,25"},
                            {"since", "2021-03-02T10:00:00Z"},
                            {"limit", "10"},
                            {"offset", "20"}},
                           QueryNaming::kOption);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->date_from, "2021-03-01");
  EXPECT_EQ(q->date_to, "2021-03-31");
  EXPECT_EQ(q->countries, (std::vector<std::string>{"Syria", "Iraq"}));  // in the order given
  EXPECT_EQ(q->admin1s, std::vector<std::string>{"Daraa"});
  EXPECT_EQ(q->event_types, std::vector<std::string>{"Battles"});
  EXPECT_EQ(q->sub_event_types, std::vector<std::string>{"Armed clash"});
  EXPECT_EQ(q->actor, "army");
  EXPECT_EQ(q->text, "bread");
  ASSERT_TRUE(q->bbox);
  EXPECT_EQ(q->bbox->min_lon, 35);
  EXPECT_EQ(q->bbox->max_lat, 34);
  ASSERT_TRUE(q->near);
  EXPECT_DOUBLE_EQ(q->near->lat, 32.6);
  EXPECT_DOUBLE_EQ(q->near->radius_km, 25);
  EXPECT_EQ(q->updated_since, 1614679200);
  EXPECT_EQ(q->limit, 10);
  EXPECT_EQ(q->offset, 20);
}

TEST(ParseEventQuery, EmptyValuesAreNotGiven) {
  auto q = ParseEventQuery({{"from", ""}, {"near", ""}, {"limit", ""}}, QueryNaming::kOption);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->date_from.empty());
  EXPECT_FALSE(q->near);
  EXPECT_EQ(q->limit, 0);
}

TEST(ParseEventQuery, ErrorsNameTheFieldAsItsFrontEndSpellsIt) {
  EXPECT_EQ(Error({{"sub_type", std::string(1001, 'x')}}), "--sub-type is longer than 1000 bytes");
  EXPECT_EQ(Error({{"near", "91,0,5"}}, QueryNaming::kParameter),
            "parameter \"near\": \"91,0,5\" has latitude 91 out of range (-90..90)");
  EXPECT_EQ(Error({{"near", "91,0,5"}}),
            "--near: \"91,0,5\" has latitude 91 out of range (-90..90)");
  EXPECT_EQ(
      Error({{"colour", "red"}}, QueryNaming::kParameter).rfind("unknown parameter \"colour\"", 0),
      0u);
  EXPECT_EQ(Error({{"actor", "a"}, {"actor", "b"}}), "--actor is given more than once");
}

TEST(ParseEventQuery, WholeNumbersDoNotOverflow) {
  EXPECT_NE(Error({{"offset", "99999999999999999999"}})
                .find("--offset: \"99999999999999999999\" is not a whole number"),
            std::string::npos);
  EXPECT_NE(Error({{"limit", "-1"}}).find("--limit"), std::string::npos);
  EXPECT_NE(Error({{"limit", "1e3"}}).find("--limit"), std::string::npos);
  auto q = ParseEventQuery({{"offset", "9223372036854775807"}}, QueryNaming::kOption);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->offset, INT64_MAX);
}

TEST(ParseEventQuery, CoordinatesBlameTheRightNumber) {
  EXPECT_NE(Error({{"near", "0,181,5"}}).find("longitude 181"), std::string::npos);
  EXPECT_NE(Error({{"near", "0,0,-5"}}).find("radius -5"), std::string::npos);
  EXPECT_NE(Error({{"near", "0,0"}}).find("2 numbers, not 3"), std::string::npos);
  EXPECT_NE(Error({{"near", "0,nan,5"}}).find("not finite"), std::string::npos);
  EXPECT_NE(Error({{"bbox", "0,91,1,92"}}).find("minimum latitude 91"), std::string::npos);
  EXPECT_NE(Error({{"bbox", "0,10,1,5"}}).find("minimum latitude above its maximum"),
            std::string::npos);
  EXPECT_NE(Error({{"bbox", "0,1,,2"}}).find("\"\" where a number belongs"), std::string::npos);
  // Crossing 180° is allowed: min_lon > max_lon.
  EXPECT_TRUE(ParseEventQuery({{"bbox", "170,-10,-170,10"}}, QueryNaming::kOption).ok());
}

TEST(ParseEventQuery, Dates) {
  EXPECT_EQ(Error({{"from", "2021-02-29"}}), "--from: \"2021-02-29\" is not a calendar date");
  EXPECT_EQ(Error({{"to", "21-02-01"}}), "--to: \"21-02-01\" is not a date in the form YYYY-MM-DD");
  EXPECT_EQ(Error({{"from", "2021-03-02"}, {"to", "2021-03-01"}}),
            "--from (2021-03-02) is after --to (2021-03-01)");
  EXPECT_TRUE(ParseEventQuery({{"from", "2020-02-29"}}, QueryNaming::kOption).ok());
  int64_t t = 0;
  EXPECT_TRUE(ParseUnixTime("1700000000", &t));
  EXPECT_EQ(t, 1700000000);
  EXPECT_TRUE(ParseUnixTime("1970-01-02", &t));
  EXPECT_EQ(t, 86400);
  EXPECT_FALSE(ParseUnixTime("-5", &t));
  EXPECT_FALSE(ParseUnixTime("2021-13-01", &t));
  EXPECT_FALSE(ParseUnixTime("2021-01-01T25:00:00Z", &t));
}

}  // namespace
}  // namespace sitrep
