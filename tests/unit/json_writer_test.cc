// The streaming JSON writer against nlohmann::json::dump(), which wrote sitrep's JSON before
// it: every string, number and whole event must come out byte for byte the same. The
// reference renderers below are the export stage's old implementation, kept as the oracle.
#include "export/json_writer.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "export/export.h"

namespace sitrep::exporter {
namespace {

using OrderedJson = nlohmann::ordered_json;

// nlohmann escapes C0 controls only; sitrep's JSON escapes DEL and the C1 controls too
// (issue 15), which the old export did by rewriting nlohmann's dump as below. Outside JSON
// strings a dump holds no such bytes, so the rewrite is safe.
std::string EscapeDelAndC1(const std::string& s) {
  std::string out;
  char buf[8];
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const unsigned char next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0x7F || (c == 0xC2 && next >= 0x80 && next < 0xA0)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c == 0x7F ? 0x7Fu : static_cast<unsigned>(next));
      out += buf;
      if (c == 0xC2) ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string Dump(const OrderedJson& j) {
  return EscapeDelAndC1(j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace));
}

std::string NewString(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string NewDouble(double v) {
  std::string out;
  AppendJsonDouble(v, &out);
  return out;
}

// ---- Strings -------------------------------------------------------------------------

TEST(JsonString, EscapesAsNlohmannDid) {
  EXPECT_EQ(NewString(""), "\"\"");
  EXPECT_EQ(NewString("plain text"), "\"plain text\"");
  EXPECT_EQ(NewString("say \"no\" \\ back"), R"("say \"no\" \\ back")");
  EXPECT_EQ(NewString("a\tb\nc\rd\be\ff"), R"("a\tb\nc\rd\be\ff")");
  EXPECT_EQ(NewString(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(NewString("\x7f"), R"("\u007f")");  // not required by JSON, but a terminal obeys it
  // The C1 controls are escaped too; U+00A0 (no-break space) is no control.
  EXPECT_EQ(NewString("\u0085 \u009b \u009f \u00a0"), "\"\\u0085 \\u009b \\u009f \u00a0\"");
  EXPECT_EQ(NewString("/"), "\"/\"");  // never escaped
  for (int c = 0; c < 0x80; ++c) {
    std::string s(1, static_cast<char>(c));
    EXPECT_EQ(NewString(s), Dump(OrderedJson(s))) << "byte " << c;
  }
}

TEST(JsonString, NonAsciiIsCopied) {
  for (std::string s : {"Dar\xca\xbf\x61", "\xd8\xaf\xd8\xb1\xd8\xb9\xd8\xa7",  // ʿ, Arabic
                        "\xe2\x80\x99quoted\xe2\x80\x9d", "\xf0\x9f\x98\x80",   // emoji
                        "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf",                     // U+FFFD, U+10FFFF
                        "\xed\x9f\xbf", "\xee\x80\x80"}) {  // around the surrogates
    EXPECT_EQ(NewString(s), "\"" + s + "\"");
    EXPECT_EQ(NewString(s), Dump(OrderedJson(s)));
  }
}

TEST(JsonString, EachIllFormedSubsequenceBecomesOneReplacementCharacter) {
  const std::string r = "\xef\xbf\xbd";
  struct Case {
    std::string in, out;
  } cases[] = {
      {"a\xff"
       "b",
       "a" + r + "b"},                      // never valid
      {"\x80", r},                          // lone continuation
      {"\xc0\x80", r + r},                  // overlong NUL: two bad leads
      {"\xe0\x80\x80", r + r + r},          // overlong 3-byte form
      {"\xed\xa0\x80", r + r + r},          // UTF-16 surrogate
      {"\xf4\x90\x80\x80", r + r + r + r},  // above U+10FFFF
      {"\xf5\x80", r + r},                  // F5 never starts a sequence
      {"\xe2\x82"
       "x",
       r + "x"},               // cut short inside: one U+FFFD
      {"x\xe2\x82", "x" + r},  // cut short by the end
      {"\xf0\x9f\x98", r},     // 3 of 4 bytes at the end
      {"\xf0\x9f\x98\xf0\x9f\x98\x80", r + "\xf0\x9f\x98\x80"},
      {"\xe2\x28\xa1", r + "(" + r},  // bad second byte, re-read as ASCII
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NewString(c.in), "\"" + c.out + "\"") << c.in;
    EXPECT_EQ(NewString(c.in), Dump(OrderedJson(c.in))) << c.in;
  }
}

// Random strings built from pieces that stress every branch, against nlohmann.
TEST(JsonString, RandomStringsMatchNlohmann) {
  const std::vector<std::string> pieces = {"a",
                                           "Daraa",
                                           " ",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\t",
                                           "\x01",
                                           "\x1f",
                                           "\x7f",
                                           "\xc2\x85",
                                           "\xc2\x9b",
                                           "\xc2\xa0",
                                           "\xc3\xa9",
                                           "\xe2\x80\x94",
                                           "\xf0\x9f\x98\x80",
                                           "\xff",
                                           "\x80",
                                           "\xc0",
                                           "\xc2",
                                           "\xe0",
                                           "\xe0\xa0",
                                           "\xed",
                                           "\xed\xa0",
                                           "\xf0",
                                           "\xf0\x90",
                                           "\xf4",
                                           "\xf4\x90",
                                           "\xbf",
                                           "\xf8"};
  std::mt19937 rng(20261129);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    ASSERT_EQ(NewString(s), Dump(OrderedJson(s))) << "round " << round;
  }
  for (int round = 0; round < 20000; ++round) {  // raw random bytes
    std::string s(rng() % 16, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xFF);
    ASSERT_EQ(NewString(s), Dump(OrderedJson(s))) << "round " << round;
  }
}

// ---- Numbers -------------------------------------------------------------------------

TEST(JsonNumber, DoublesAsNlohmannWroteThem) {
  const double values[] = {0.0,       -0.0,      1.0,     -1.0,       0.5,     32.61889, 36.10213,
                           -0.00001,  0.0001,    0.00001, 1e-5,       1e-4,    1e15,     1e16,
                           1e21,      1.5e300,   5e-324,  DBL_MAX,    DBL_MIN, 0.1,      1.0 / 3,
                           179.99999, -89.99999, 100.0,   123456789.0};
  for (double v : values) EXPECT_EQ(NewDouble(v), Dump(OrderedJson(v))) << v;
  EXPECT_EQ(NewDouble(-0.00001), "-1e-05");
  EXPECT_EQ(NewDouble(-0.0), "-0.0");
  EXPECT_EQ(NewDouble(32.0), "32.0");
  EXPECT_EQ(NewDouble(32.61889), "32.61889");
  EXPECT_EQ(NewDouble(std::nan("")), "null");
  EXPECT_EQ(NewDouble(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(Dump(OrderedJson(std::nan(""))), "null");
}

TEST(JsonNumber, RandomCoordinatesAndBitPatternsMatchNlohmann) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> coordinate(-180.0, 180.0);
  for (int k = 0; k < 100000; ++k) {
    double v = std::round(coordinate(rng) * 1e5) / 1e5;  // as the writers round them
    ASSERT_EQ(NewDouble(v), Dump(OrderedJson(v))) << v;
  }
  for (int k = 0; k < 100000; ++k) {
    uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    ASSERT_EQ(NewDouble(v), Dump(OrderedJson(v))) << bits;
  }
}

TEST(JsonNumber, Integers) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{7}, int64_t{1700000000},
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    std::string out;
    AppendJsonInt(v, &out);
    EXPECT_EQ(out, Dump(OrderedJson(v)));
  }
}

// ---- Structure -----------------------------------------------------------------------

TEST(JsonWriterTest, CommasAndNesting) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.EndArray();
  w.Key("b");
  w.BeginObject();
  w.EndObject();
  w.Key("c");
  w.BeginArray();
  w.Int(1);
  w.Null();
  w.BeginObject();
  w.Key("x");
  w.Bool(false);
  w.EndObject();
  w.BeginArray();
  w.String("");
  w.EndArray();
  w.Double(2.5);
  w.EndArray();
  w.Key("d");
  w.StringOrNull("");
  w.Key("e");
  w.StringOrNull("e");
  w.Key("q'");
  w.Bool(true);
  w.EndObject();
  EXPECT_EQ(out, R"({"a":[],"b":{},"c":[1,null,{"x":false},[""],2.5],"d":null,"e":"e","q'":true})");
  auto parsed = nlohmann::ordered_json::parse(out);
  EXPECT_EQ(Dump(parsed), out);
}

// ---- Whole events: the old nlohmann implementation of the export stage ----------------

double RoundCoordinate(double v) { return std::round(v * 1e5) / 1e5; }

bool HasCoordinates(const Event& e) {
  return e.latitude && e.longitude && std::isfinite(*e.latitude) && std::isfinite(*e.longitude) &&
         !(*e.latitude == 0 && *e.longitude == 0) && std::abs(*e.latitude) <= 90 &&
         std::abs(*e.longitude) <= 180;
}

OrderedJson OptionalInt(const std::optional<int>& v) {
  return v ? OrderedJson(*v) : OrderedJson(nullptr);
}

OrderedJson StringOrNull(const std::string& s) {
  return s.empty() ? OrderedJson(nullptr) : OrderedJson(s);
}

OrderedJson ReferenceEventJson(const Event& e) {
  const CountryCodes* country = FindCountry(e.iso, e.country);
  OrderedJson j;
  j["event_id"] = e.event_id;
  j["article_ids"] = e.article_ids;
  j["event_date"] = StringOrNull(e.event_date);
  j["date_precision"] = StringOrNull(e.date_precision);
  j["disorder_type"] = e.disorder_type;
  j["event_type"] = e.event_type;
  j["sub_event_type"] = e.sub_event_type;
  j["actor1"] = e.actor1;
  j["actor2"] = e.actor2;
  j["assoc_actor_1"] = e.assoc_actor_1;
  j["assoc_actor_2"] = e.assoc_actor_2;
  j["country"] = e.country;
  j["admin1"] = e.admin1;
  j["admin2"] = e.admin2;
  j["admin3"] = e.admin3;
  j["location"] = e.location;
  if (HasCoordinates(e)) {
    j["latitude"] = RoundCoordinate(*e.latitude);
    j["longitude"] = RoundCoordinate(*e.longitude);
  } else {
    j["latitude"] = nullptr;
    j["longitude"] = nullptr;
  }
  j["geo_precision"] = e.geo_precision;
  j["fatalities"] = OptionalInt(e.fatalities);
  j["fatalities_low"] = OptionalInt(e.fatalities_low);
  j["fatalities_high"] = OptionalInt(e.fatalities_high);
  j["injuries"] = OptionalInt(e.injuries);
  j["sources"] = e.sources;
  OrderedJson claims = OrderedJson::array();
  for (const Claim& c : e.claims) {
    OrderedJson cj;
    cj["source"] = c.source;
    cj["claim"] = c.claim;
    cj["fatalities"] = OptionalInt(c.fatalities);
    cj["injuries"] = OptionalInt(c.injuries);
    cj["text"] = c.text;
    claims.push_back(std::move(cj));
  }
  j["claims"] = claims;
  j["notes"] = e.notes;
  OrderedJson evidence = OrderedJson::array();
  for (const Evidence& ev : e.evidence) {
    OrderedJson ej;
    ej["field"] = ev.field;
    ej["start"] = ev.start;
    ej["end"] = ev.end;
    ej["text"] = ev.text;
    evidence.push_back(std::move(ej));
  }
  j["evidence"] = evidence;
  if (!e.cameo.empty()) j["cameo"] = e.cameo;
  if (!e.plover.empty()) j["plover"] = e.plover;
  j["event_datetime"] =
      e.event_date.empty() ? OrderedJson(nullptr) : OrderedJson(e.event_date + "T00:00:00Z");
  j["time_precision"] = e.date_precision.empty() ? OrderedJson(nullptr)
                                                 : OrderedJson(TimePrecisionCode(e.date_precision));
  j["published"] = StringOrNull(e.published);
  j["published_inferred"] = e.published_inferred;
  int iso = e.iso > 0 ? e.iso : (country ? country->numeric : 0);
  j["iso"] = iso > 0 ? OrderedJson(iso) : OrderedJson(nullptr);
  j["region"] = !e.region.empty() ? e.region : std::string(country ? country->region : "");
  j["inter1"] = e.inter1;
  j["inter2"] = e.inter2;
  int interaction = InteractionCode(e.inter1, e.inter2);
  j["interaction"] = interaction > 0 ? OrderedJson(interaction) : OrderedJson(nullptr);
  j["civilian_targeting"] = e.civilian_targeting;
  j["source_scale"] = e.source_scale;
  if (e.timestamp > 0) j["timestamp"] = e.timestamp;
  return j;
}

std::string ReferenceGeojsonFeature(const Event& event) {
  OrderedJson feature;
  feature["type"] = "Feature";
  feature["id"] = event.event_id;
  if (HasCoordinates(event)) {
    feature["geometry"] = {
        {"type", "Point"},
        {"coordinates", {RoundCoordinate(*event.longitude), RoundCoordinate(*event.latitude)}}};
  } else {
    feature["geometry"] = nullptr;
  }
  feature["properties"] = ReferenceEventJson(event);
  return Dump(feature);
}

std::string Render(OutputFormat f, const std::vector<Event>& events) {
  std::ostringstream out;
  auto w = MakeEventWriter(f, out);
  w->Begin();
  for (const Event& e : events) w->Write(e);
  w->End();
  return out.str();
}

// Random events: tricky strings in every text field, missing and present optional values,
// coordinates in and out of range.
class EventMaker {
 public:
  explicit EventMaker(uint32_t seed) : rng_(seed) {}

  Event Make() {
    Event e;
    e.event_id = Text();
    for (int k = Below(3); k > 0; --k) e.article_ids.push_back(Text());
    e.event_date = Pick({"", "2021-03-14", "2019-07"});
    e.date_precision = Pick({"", "day", "week", "month", "year", "odd"});
    e.disorder_type = Text();
    e.event_type = Text();
    e.sub_event_type = Text();
    e.actor1 = Text();
    e.actor2 = Text();
    e.assoc_actor_1 = Text();
    e.assoc_actor_2 = Text();
    e.country = Pick({"", "Syria", "Iraq", "Atlantis", "syrian arab republic"});
    e.iso = Pick({0, 0, 760, 368, -4});
    e.region = Pick({"", "", "Middle East", "Elsewhere \"quoted\""});
    e.admin1 = Text();
    e.admin2 = Text();
    e.admin3 = Text();
    e.location = Text();
    if (Below(5)) e.latitude = Coordinate();
    if (Below(5)) e.longitude = Coordinate();
    e.geo_precision = Below(4);
    e.fatalities = MaybeInt();
    e.fatalities_low = MaybeInt();
    e.fatalities_high = MaybeInt();
    e.injuries = MaybeInt();
    for (int k = Below(3); k > 0; --k) e.sources.push_back(Text());
    for (int k = Below(3); k > 0; --k)
      e.claims.push_back({Text(), Text(), MaybeInt(), MaybeInt(), Text()});
    e.notes = Text();
    for (int k = Below(4); k > 0; --k)
      e.evidence.push_back({Text(), static_cast<int64_t>(rng_() % 100000),
                            static_cast<int64_t>(rng_() % 100000), Text()});
    if (Below(3) == 0) e.cameo = Text();
    if (Below(3) == 0) e.plover = Text();
    e.published = Pick({"", "2021-03-15"});
    e.published_inferred = Below(2) == 1;
    e.inter1 = Below(9);
    e.inter2 = Below(9);
    e.civilian_targeting = Pick({"", "Civilian targeting"});
    e.source_scale = Text();
    e.timestamp = Pick({int64_t{0}, int64_t{-5}, int64_t{1700000000}});
    return e;
  }

 private:
  int Below(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  template <typename T>
  T Pick(std::initializer_list<T> options) {
    return *(options.begin() + Below(static_cast<int>(options.size())));
  }
  std::string Pick(std::initializer_list<const char*> options) {
    return *(options.begin() + Below(static_cast<int>(options.size())));
  }
  std::optional<int> MaybeInt() {
    if (Below(3) == 0) return std::nullopt;
    return Pick({0, 1, 12, -3, 2147483647});
  }
  double Coordinate() {
    switch (Below(8)) {
      case 0:
        return 0.0;
      case 1:
        return -0.000001;
      case 2:
        return 200.0;
      case 3:
        return std::nan("");
      default:
        return std::uniform_real_distribution<double>(-95.0, 95.0)(rng_);
    }
  }
  std::string Text() {
    static const char* const kPieces[] = {"Daraa",
                                          " ",
                                          ",",
                                          "\"",
                                          "\\",
                                          "\n",
                                          "\r",
                                          "\t",
                                          "\x02",
                                          "\x7f",
                                          "\xc2\x9b",
                                          "\xc3\xa9",
                                          "\xd8\xaf\xd8\xb1\xd8\xb9\xd8\xa7",
                                          "\xe2\x80\x99",
                                          "\xf0\x9f\x98\x80",
                                          "\xff",
                                          "\xe2\x82",
                                          "\xed\xa0\x80",
                                          "="};
    std::string s;
    for (int k = Below(6); k > 0; --k) s += kPieces[Below(sizeof kPieces / sizeof *kPieces)];
    return s;
  }

  std::mt19937 rng_;
};

TEST(EventJson, RandomEventsMatchTheOldImplementation) {
  EventMaker maker(42);
  std::vector<Event> events;
  for (int k = 0; k < 3000; ++k) {
    Event e = maker.Make();
    ASSERT_EQ(ToJsonLine(e), Dump(ReferenceEventJson(e))) << "event " << k;
    events.push_back(std::move(e));
  }
  std::string jsonl, geojson = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t k = 0; k < events.size(); ++k) {
    jsonl += Dump(ReferenceEventJson(events[k])) + "\n";
    geojson += (k == 0 ? "\n" : ",\n") + ReferenceGeojsonFeature(events[k]);
  }
  geojson += "\n]}\n";
  EXPECT_EQ(Render(OutputFormat::kJsonl, events), jsonl);
  EXPECT_EQ(Render(OutputFormat::kGeojson, events), geojson);
}

TEST(EventJson, DefaultEventMatchesTheOldImplementation) {
  Event e;
  EXPECT_EQ(ToJsonLine(e), Dump(ReferenceEventJson(e)));
  EXPECT_EQ(ToJsonLine(e).rfind(R"({"event_id":"","article_ids":[],"event_date":null,)", 0), 0u);
}

}  // namespace
}  // namespace sitrep::exporter
