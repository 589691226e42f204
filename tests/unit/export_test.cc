#include "export/export.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

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
  // ACLED's sole-actor codes (10 "sole military action") are about actor 1: a target with
  // no actor 1 makes no interaction at all.
  EXPECT_EQ(InteractionCode(7, 0), 70);
  EXPECT_EQ(InteractionCode(0, 1), 0);
}

// Every ISO 3166 country, as data/gazetteer/countries.tsv lists them, is in the built-in
// table with the same codes and region (issue 15: Burkina Faso, Egypt and Venezuela were
// "XXX").
TEST(Countries, EveryIsoCountryIsKnown) {
  std::ifstream tsv(SITREP_SOURCE_DIR "/data/gazetteer/countries.tsv");
  ASSERT_TRUE(tsv) << "countries.tsv";
  size_t rows = 0;
  for (std::string line; std::getline(tsv, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    ASSERT_GE(f.size(), 6u) << line;
    ++rows;
    const int numeric = std::stoi(f[2]);
    const CountryCodes* by_name = FindCountry(0, f[4]);
    ASSERT_NE(by_name, nullptr) << f[4] << ": run src/export/make_countries_table.py";
    EXPECT_EQ(by_name->region, f[5]) << f[4];
    // (ACLED names Hong Kong and Macau "China": the name finds China itself.)
    if (f[4] != "China") EXPECT_EQ(by_name->iso3, f[1]) << f[4];
    if (numeric > 0) {
      const CountryCodes* by_code = FindCountry(numeric, "");
      ASSERT_NE(by_code, nullptr) << numeric;
      EXPECT_EQ(by_code->iso2, f[0]);
    }
  }
  EXPECT_EQ(rows, AllCountries().size());
  EXPECT_GE(rows, 249u);
  for (auto [name, iso3] : {std::pair{"Burkina Faso", "BFA"}, {"Egypt", "EGY"},
                            {"Venezuela", "VEN"}, {"Côte d'Ivoire", "CIV"}, {"Congo", "COG"}}) {
    Event e = SampleEvent();
    e.iso = 0;
    e.country = name;
    EXPECT_EQ(EventIdCnty(e).substr(0, 3), iso3) << name;
  }
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

// Terminal columns of a UTF-8 line: CJK ideographs take two, everything else here one.
size_t Columns(std::string_view line) {
  size_t cols = 0;
  for (size_t i = 0; i < line.size();) {
    unsigned char c = line[i];
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (line[i + k] & 0x3F);
    cols += (cp >= 0x4E00 && cp <= 0x9FFF) ? 2 : 1;
    i += len;
  }
  return cols;
}

std::string RenderTable(size_t width, const std::vector<Event>& events) {
  std::ostringstream out;
  WriterOptions options;
  options.table_width = width;
  auto w = MakeEventWriter(OutputFormat::kTable, out, options);
  w->Begin();
  for (const Event& e : events) w->Write(e);
  w->End();
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Table, AlignedRowsAndCount) {
  Event long_names = SampleEvent();
  long_names.actor1 = std::string(80, 'x');
  auto lines = Lines(Render(OutputFormat::kTable, {SampleEvent(), long_names}));
  ASSERT_EQ(lines.size(), 5u);
  const std::string& header = lines[0];
  EXPECT_EQ(lines[1], std::string(120, '-'));
  EXPECT_EQ(header.find("SOURCES"), lines[2].find("Local Outl~"));
  EXPECT_EQ(lines[2].find("Local Outl~"), lines[3].find("Local Outl~"));
  EXPECT_NE(lines[2].find("Unidentified Armed Group (Syr~ "), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("xxxxxxx~ "), std::string::npos) << lines[3];
  EXPECT_NE(lines[2].find("2/-"), std::string::npos);
  EXPECT_EQ(lines[4], "(2 events)");
}

TEST(Table, FitsTheWidth) {
  Event wide = SampleEvent();
  wide.actor1 = "\u4e2d\u56fd\u4eba\u6c11\u89e3\u653e\u519b";  // 7 ideographs, 14 columns
  wide.location = "\u062f\u0631\u0639\u0627 " + std::string(60, 'y');
  wide.sources.assign(30, "A Very Long Outlet Name");
  for (size_t width : {60u, 80u, 120u, 200u}) {
    auto lines = Lines(RenderTable(width, {SampleEvent(), wide}));
    ASSERT_EQ(lines.size(), 5u);
    for (size_t i = 0; i + 1 < lines.size(); ++i)
      EXPECT_LE(Columns(lines[i]), width) << width << ": " << lines[i];
    EXPECT_EQ(Columns(lines[1]), width);
    // The sources column starts at the same place in every row.
    size_t sources = lines[0].find("SOU");
    EXPECT_EQ(lines[2].compare(sources, 2, "Lo"), 0) << width << ": " << lines[2];
    EXPECT_EQ(Columns(lines[3].substr(0, lines[3].find("A V"))), sources) << width << lines[3];
  }
  // Narrower than 60: still 60 (the rows wrap rather than lose every column).
  EXPECT_EQ(Lines(RenderTable(20, {wide}))[1].size(), 60u);
}

TEST(Table, ControlCharactersAreShownNotSent) {
  Event e = SampleEvent();
  e.actor1 = "\x1b[31mRed";
  e.location = "Evil\u202eTown";
  e.sources = {"Evil\nWire", "\x1b]0;title\x07"};
  e.sub_event_type = "Attack\u009b";
  std::string out = RenderTable(400, {e});
  for (char c : out) EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\n') << int(c);
  EXPECT_NE(out.find("\\x1b[31mRed"), std::string::npos) << out;
  EXPECT_NE(out.find("Evil\\u202eTown"), std::string::npos) << out;
  EXPECT_NE(out.find("Evil\\nWire, \\x1b]0;title\\x07"), std::string::npos) << out;
  EXPECT_NE(out.find("Attack\\u009b"), std::string::npos) << out;
  EXPECT_EQ(out.find("\u009b"), std::string::npos);
  EXPECT_EQ(EscapeForTerminal("a\tb\nc\x7f\xff"), "a\\tb\\nc\\x7f\\xff");
  EXPECT_EQ(EscapeForTerminal("a\tb\nc", /*keep_lines=*/true), "a\tb\nc");
  EXPECT_EQ(EscapeForTerminal("\u062f\u0631\u0639\u0627"), "\u062f\u0631\u0639\u0627");
}

TEST(Jsonl, NoRawControlCharacters) {
  Event e = SampleEvent();
  e.notes = "esc \x1b[31m del \x7f csi \u009b nel \u0085 nbsp \u00a0 end";
  e.article_ids = {"id\u009b1"};
  const std::string line = ToJsonLine(e);
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    EXPECT_FALSE(c < 0x20 || c == 0x7F) << i;
    if (c == 0xC2 && i + 1 < line.size())
      EXPECT_GE(static_cast<unsigned char>(line[i + 1]), 0xA0) << i;
  }
  auto back = EventFromJson(line);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->notes, e.notes);  // escapes, not losses
  EXPECT_EQ(back->article_ids, e.article_ids);
}

TEST(Csv, FormulasAreNeutralised) {
  Event e = SampleEvent();
  e.actor1 = "=HYPERLINK(\"http://evil.example\",\"click\")";
  e.sources = {"@SUM(A1)"};
  e.assoc_actor_1 = "+cmd";
  e.assoc_actor_2 = "-2+3";
  e.admin3 = "\tTabbed";
  e.location = "-";
  e.longitude = -12.5;
  e.notes = "Ends \x1b[2J here";
  std::string out = Render(OutputFormat::kCsv, {e});
  auto lines = Lines(out);
  ASSERT_EQ(lines.size(), 2u);
  const std::string& row = lines[1];
  EXPECT_NE(row.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","),
            std::string::npos)
      << row;
  EXPECT_NE(row.find(",\"'@SUM(A1)\","), std::string::npos) << row;
  EXPECT_NE(row.find(",\"'+cmd\","), std::string::npos) << row;
  EXPECT_NE(row.find(",\"'-2+3\","), std::string::npos) << row;
  EXPECT_NE(row.find(",\"'\tTabbed\","), std::string::npos) << row;
  EXPECT_NE(row.find(",\"'-\","), std::string::npos) << row;
  EXPECT_NE(row.find(",-12.5,"), std::string::npos) << row;  // a number stays a number
  EXPECT_NE(row.find("Ends \\x1b[2J here"), std::string::npos) << row;
  for (char c : out) EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t');
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
