#include "export/export.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace sitrep::exporter {
namespace {

Event SampleEvent() {
  Event e;
  e.event_id = "3f9a0c1d2e4b5a67";
  e.article_ids = {"art-1", "art-2"};
  e.event_date = "2021-03-14";
  e.date_precision = "day";
  e.disorder_type = "Political violence";
  e.event_type = "Explosions/Remote violence";
  e.sub_event_type = "Remote explosive/landmine/IED";
  e.actor1 = "Unidentified Armed Group (Syria)";
  e.actor2 = "Military Forces of Syria";
  e.assoc_actor_2 = "4th Division";
  e.inter1 = 3;
  e.inter2 = 1;
  e.iso = 760;
  e.region = "Middle East";
  e.country = "Syria";
  e.admin1 = "Daraa";
  e.admin2 = "Daraa";
  e.location = "Daraa";
  e.latitude = 32.61889;
  e.longitude = 36.10213;
  e.geo_precision = 1;
  e.fatalities = 2;
  e.fatalities_low = 2;
  e.fatalities_high = 4;
  e.injuries = std::nullopt;
  e.sources = {"Local Outlet", "Wire Agency"};
  e.claims = {{"Wire Agency", "report", 4, std::nullopt, "four soldiers died"},
              {"Local Outlet", "report", 2, 5, "two soldiers, \"quote\", died"}};
  e.notes = "A roadside bomb hit a bus, killing 2, near Daraa.";
  e.evidence = {{"event_type", 10, 22, "roadside bomb"}};
  e.published = "2021-03-15";
  e.published_inferred = true;
  e.source_scale = "National";
  return e;
}

std::string Render(OutputFormat f, const std::vector<Event>& events) {
  std::ostringstream out;
  auto w = MakeEventWriter(f, out);
  w->Begin();
  for (const Event& e : events) w->Write(e);
  w->End();
  return out.str();
}

TEST(Jsonl, FieldsInSchemaOrderWithDerivedFields) {
  std::string line = ToJsonLine(SampleEvent());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.rfind("{\"event_id\":\"3f9a0c1d2e4b5a67\",\"article_ids\":[\"art-1\",\"art-2\"],"
                       "\"event_date\":\"2021-03-14\",\"date_precision\":\"day\",",
                       0),
            0u)
      << line;
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["event_datetime"], "2021-03-14T00:00:00Z");
  EXPECT_EQ(j["time_precision"], 1);
  EXPECT_EQ(j["interaction"], 13);
  EXPECT_EQ(j["iso"], 760);
  EXPECT_TRUE(j["injuries"].is_null());
  EXPECT_TRUE(j["claims"][0]["injuries"].is_null());
  EXPECT_EQ(j["evidence"][0]["start"], 10);
  EXPECT_LT(line.find("\"sources\""), line.find("\"claims\""));
  EXPECT_LT(line.find("\"claims\""), line.find("\"notes\""));
  EXPECT_LT(line.find("\"notes\""), line.find("\"evidence\""));
}

TEST(Jsonl, EmptyDateAndCoordinatesAreNullNotZero) {
  Event e;
  e.event_id = "abc";
  std::string line = ToJsonLine(e);
  auto j = nlohmann::json::parse(line);
  EXPECT_TRUE(j["event_date"].is_null());
  EXPECT_TRUE(j["event_datetime"].is_null());
  EXPECT_TRUE(j["latitude"].is_null());
  EXPECT_TRUE(j["longitude"].is_null());
  EXPECT_TRUE(j["fatalities"].is_null());
  EXPECT_TRUE(j["interaction"].is_null());
}

TEST(Jsonl, RoundTripsThroughEventFromJson) {
  Event e = SampleEvent();
  std::string line = ToJsonLine(e);
  auto back = EventFromJson(line);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(ToJsonLine(*back), line);
  EXPECT_EQ(back->claims.size(), 2u);
  EXPECT_EQ(back->claims[1].injuries, 5);
  EXPECT_FALSE(back->claims[0].injuries.has_value());
  EXPECT_EQ(back->latitude, 32.61889);
  EXPECT_EQ(back->fatalities_high, 4);
  EXPECT_TRUE(back->published_inferred);
  EXPECT_EQ(back->assoc_actor_2, "4th Division");
}

TEST(Jsonl, ZeroZeroAndOutOfRangeCoordinatesBecomeNull) {
  Event e = SampleEvent();
  e.latitude = 0.0;
  e.longitude = 0.0;
  auto j = nlohmann::json::parse(ToJsonLine(e));
  EXPECT_TRUE(j["latitude"].is_null());
  EXPECT_TRUE(j["longitude"].is_null());
  e.latitude = 95.0;
  e.longitude = 10.0;
  j = nlohmann::json::parse(ToJsonLine(e));
  EXPECT_TRUE(j["latitude"].is_null());
  e.latitude = 0.0;  // the equator is fine
  e.longitude = 32.5;
  j = nlohmann::json::parse(ToJsonLine(e));
  EXPECT_EQ(j["latitude"], 0.0);
}

TEST(Jsonl, CoordinatesRoundedToFiveDecimals) {
  Event e = SampleEvent();
  e.latitude = 32.123456789;
  e.longitude = -0.000001;
  auto j = nlohmann::json::parse(ToJsonLine(e));
  EXPECT_DOUBLE_EQ(j["latitude"].get<double>(), 32.12346);
}

TEST(Jsonl, InvalidUtf8InFieldsDoesNotThrow) {
  Event e = SampleEvent();
  e.notes = "bad \xff byte";
  std::string line;
  EXPECT_NO_THROW(line = ToJsonLine(e));
  EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST(EventFromJson, RejectsMalformedInput) {
  EXPECT_FALSE(EventFromJson("").ok());
  EXPECT_FALSE(EventFromJson("{\"event_id\": ").ok());
  EXPECT_FALSE(EventFromJson("[1,2]").ok());
  auto wrong = EventFromJson(R"({"fatalities": "many"})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("fatalities"), std::string::npos);
  auto bad_claim = EventFromJson(R"({"claims": [{"fatalities": "x"}]})");
  EXPECT_FALSE(bad_claim.ok());
}

TEST(Csv, HeaderIsAcledColumnsThenExtras) {
  std::string csv = Render(OutputFormat::kCsv, {});
  EXPECT_EQ(
      csv.rfind("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
                "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
                "interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
                "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,"
                "timestamp,event_id,",
                0),
      0u)
      << csv;
  EXPECT_EQ(AcledCsvColumns().size(), 31u + 8u);
}

// Splits one RFC 4180 record (no embedded newlines needed here).
std::vector<std::string> ParseCsvRecord(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

TEST(Csv, RowValuesAndQuoting) {
  std::string csv = Render(OutputFormat::kCsv, {SampleEvent()});
  size_t nl = csv.find('\n');
  std::string row = csv.substr(nl + 1, csv.size() - nl - 2);
  auto cells = ParseCsvRecord(row);
  ASSERT_EQ(cells.size(), AcledCsvColumns().size()) << row;
  auto col = [&](std::string_view name) {
    for (size_t i = 0; i < AcledCsvColumns().size(); ++i) {
      if (AcledCsvColumns()[i] == name) return cells[i];
    }
    return std::string("<missing>");
  };
  EXPECT_EQ(col("event_id_cnty"), "SYR3f9a0c1d");
  EXPECT_EQ(col("year"), "2021");
  EXPECT_EQ(col("time_precision"), "1");
  EXPECT_EQ(col("interaction"), "13");
  EXPECT_EQ(col("iso"), "760");
  EXPECT_EQ(col("latitude"), "32.61889");
  EXPECT_EQ(col("source"), "Local Outlet; Wire Agency");
  EXPECT_EQ(col("notes"), "A roadside bomb hit a bus, killing 2, near Daraa.");
  EXPECT_EQ(col("fatalities"), "2");
  EXPECT_EQ(col("injuries"), "");
  EXPECT_EQ(col("article_ids"), "art-1; art-2");
  auto claims = nlohmann::json::parse(col("claims"));
  EXPECT_EQ(claims[1]["text"], "two soldiers, \"quote\", died");
  // JSON's \" inside the claims cell is doubled to \"" by CSV quoting.
  EXPECT_NE(row.find(R"(\""quote\"")"), std::string::npos) << row;
}

TEST(Csv, UnknownCountryAndNoCoordinates) {
  Event e;
  e.event_id = "0123456789abcdef";
  e.inter1 = 2;
  std::string csv = Render(OutputFormat::kCsv, {e});
  auto cells = ParseCsvRecord(csv.substr(csv.find('\n') + 1, std::string::npos));
  EXPECT_EQ(cells[0], "XXX01234567");
  EXPECT_EQ(cells[13], "20");  // one actor: inter1 * 10
  EXPECT_EQ(cells[22], "");    // latitude empty, not 0
  EXPECT_EQ(cells[23], "");
}

TEST(Csv, FieldsWithCsvSpecialsAreQuotedAndCoordinatesTrimmed) {
  Event e = SampleEvent();
  e.event_id = "a,\"b\"cdefgh";
  e.sources = {"One, Two", "Three"};
  e.notes = "line one\nline \"two\"";
  e.latitude = -0.000001;  // rounds to -0: written as 0
  e.longitude = 36.1;
  e.timestamp = 1700000000;
  std::string csv = Render(OutputFormat::kCsv, {e});
  std::string row = csv.substr(csv.find('\n') + 1);
  EXPECT_EQ(row.rfind("\"SYRa,\"\"b\"\"cde\",2021-03-14,2021,1,", 0), 0u) << row;
  EXPECT_NE(row.find(",\"One, Two; Three\","), std::string::npos) << row;
  EXPECT_NE(row.find(",\"line one\nline \"\"two\"\"\","), std::string::npos) << row;
  EXPECT_NE(row.find(",0,36.1,1,"), std::string::npos) << row;
  EXPECT_NE(row.find(",1700000000,"), std::string::npos) << row;
  EXPECT_EQ(row.back(), '\n');
}

TEST(Countries, LookupByCodeAndName) {
  ASSERT_NE(FindCountry(760, ""), nullptr);
  EXPECT_EQ(FindCountry(760, "")->iso3, "SYR");
  EXPECT_EQ(FindCountry(0, "iraq")->iso3, "IRQ");
  EXPECT_EQ(FindCountry(0, "Syrian Arab Republic")->numeric, 760);
  EXPECT_EQ(FindCountry(0, "Atlantis"), nullptr);
  EXPECT_EQ(InteractionCode(1, 3), 13);
  EXPECT_EQ(InteractionCode(3, 1), 13);
  EXPECT_EQ(InteractionCode(0, 0), 0);
  EXPECT_EQ(InteractionCode(0, 7), 70);
}

TEST(Geojson, FeatureCollectionWithLonLatAndNullGeometry) {
  Event without = SampleEvent();
  without.event_id = "ffff";
  without.latitude.reset();
  std::string out = Render(OutputFormat::kGeojson, {SampleEvent(), without});
  auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["features"][0]["geometry"]["coordinates"][0].get<double>(), 36.10213);
  EXPECT_DOUBLE_EQ(j["features"][0]["geometry"]["coordinates"][1].get<double>(), 32.61889);
  EXPECT_EQ(j["features"][0]["properties"]["actor2"], "Military Forces of Syria");
  EXPECT_TRUE(j["features"][1]["geometry"].is_null());
}

TEST(Geojson, EmptyCollectionParses) {
  auto j = nlohmann::json::parse(Render(OutputFormat::kGeojson, {}), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_TRUE(j["features"].empty());
}

TEST(Table, AlignedRowsAndCount) {
  Event long_names = SampleEvent();
  long_names.actor1 = std::string(80, 'x');
  std::string out = Render(OutputFormat::kTable, {SampleEvent(), long_names});
  std::istringstream lines(out);
  std::string header, rule, row1, row2, footer;
  std::getline(lines, header);
  std::getline(lines, rule);
  std::getline(lines, row1);
  std::getline(lines, row2);
  std::getline(lines, footer);
  EXPECT_EQ(header.find("SOURCES"), row1.find("Local Outlet"));
  EXPECT_EQ(row1.find("Local Outlet"), row2.find("Local Outlet"));
  EXPECT_NE(row1.find("Unidentified Armed Group (Syria) -> Milit"), std::string::npos);
  EXPECT_NE(row1.find("2/-"), std::string::npos);
  EXPECT_EQ(footer, "(2 events)");
}

TEST(Writers, DeterministicBytes) {
  std::vector<Event> events(50, SampleEvent());
  for (OutputFormat f : {OutputFormat::kJsonl, OutputFormat::kCsv, OutputFormat::kGeojson, OutputFormat::kTable}) {
    EXPECT_EQ(Render(f, events), Render(f, events));
  }
}

TEST(ParseFormat, NamesAndErrors) {
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  auto bad = ParseOutputFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("xml"), std::string::npos);
}

}  // namespace
}  // namespace sitrep::exporter
