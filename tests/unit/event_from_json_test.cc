// EventFromJson reads with simdjson and leaves to nlohmann the events simdjson rejects or
// whose objects repeat a key. Its results must be those of the nlohmann-only reader it
// replaced, kept below (verbatim) as the oracle.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "sitrep/writer.h"

namespace sitrep {
namespace {

using Json = nlohmann::json;

// ---- The old reader ---------------------------------------------------------------------

class FieldReader {
 public:
  explicit FieldReader(const Json& obj) : obj_(obj) {}
  const Status& status() const { return status_; }

  void String(const char* key, std::string* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_string()) return Fail(key, "a string");
    *out = v->get<std::string>();
  }
  void Int(const char* key, int* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer()) return Fail(key, "an integer");
    *out = v->get<int>();
  }
  void Int64(const char* key, int64_t* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer()) return Fail(key, "an integer");
    *out = v->get<int64_t>();
  }
  void OptInt(const char* key, std::optional<int>* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number_integer()) return Fail(key, "an integer or null");
    *out = v->get<int>();
  }
  void OptDouble(const char* key, std::optional<double>* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_number()) return Fail(key, "a number or null");
    *out = v->get<double>();
  }
  void Bool(const char* key, bool* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_boolean()) return Fail(key, "a boolean");
    *out = v->get<bool>();
  }
  void StringList(const char* key, std::vector<std::string>* out) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) return Fail(key, "an array of strings");
    for (const Json& item : *v) {
      if (!item.is_string()) return Fail(key, "an array of strings");
      out->push_back(item.get<std::string>());
    }
  }
  // Calls `each` with a FieldReader for every object in the array `key`.
  template <typename F>
  void Objects(const char* key, F each) {
    const Json* v = Find(key);
    if (!v || v->is_null()) return;
    if (!v->is_array()) return Fail(key, "an array of objects");
    for (const Json& item : *v) {
      if (!item.is_object()) return Fail(key, "an array of objects");
      FieldReader inner(item);
      each(inner);
      if (!inner.status().ok() && status_.ok()) {
        status_ = Status::InvalidInput(std::string(key) + "[]: " + inner.status().message());
      }
    }
  }

 private:
  const Json* Find(const char* key) {
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }
  void Fail(const char* key, const char* expected) {
    if (status_.ok()) {
      status_ = Status::InvalidInput(std::string("field \"") + key + "\" must be " + expected);
    }
  }

  const Json& obj_;
  Status status_;
};

Result<Event> ReferenceEventFromJson(std::string_view json) {
  Json j = Json::parse(json.begin(), json.end(), nullptr, false);
  if (j.is_discarded()) return Status::InvalidInput("event is not valid JSON");
  if (!j.is_object()) return Status::InvalidInput("event is not a JSON object");
  Event e;
  FieldReader r(j);
  r.String("event_id", &e.event_id);
  r.StringList("article_ids", &e.article_ids);
  r.String("event_date", &e.event_date);
  r.String("date_precision", &e.date_precision);
  r.String("disorder_type", &e.disorder_type);
  r.String("event_type", &e.event_type);
  r.String("sub_event_type", &e.sub_event_type);
  r.String("actor1", &e.actor1);
  r.String("actor2", &e.actor2);
  r.String("assoc_actor_1", &e.assoc_actor_1);
  r.String("assoc_actor_2", &e.assoc_actor_2);
  r.String("country", &e.country);
  r.String("admin1", &e.admin1);
  r.String("admin2", &e.admin2);
  r.String("admin3", &e.admin3);
  r.String("location", &e.location);
  r.OptDouble("latitude", &e.latitude);
  r.OptDouble("longitude", &e.longitude);
  r.Int("geo_precision", &e.geo_precision);
  r.OptInt("fatalities", &e.fatalities);
  r.OptInt("fatalities_low", &e.fatalities_low);
  r.OptInt("fatalities_high", &e.fatalities_high);
  r.OptInt("injuries", &e.injuries);
  r.StringList("sources", &e.sources);
  r.Objects("claims", [&e](FieldReader& c) {
    Claim claim;
    c.String("source", &claim.source);
    c.String("claim", &claim.claim);
    c.OptInt("fatalities", &claim.fatalities);
    c.OptInt("injuries", &claim.injuries);
    c.String("text", &claim.text);
    e.claims.push_back(std::move(claim));
  });
  r.String("notes", &e.notes);
  r.Objects("evidence", [&e](FieldReader& c) {
    Evidence ev;
    c.String("field", &ev.field);
    c.Int64("start", &ev.start);
    c.Int64("end", &ev.end);
    c.String("text", &ev.text);
    e.evidence.push_back(std::move(ev));
  });
  r.String("cameo", &e.cameo);
  r.String("plover", &e.plover);
  r.String("published", &e.published);
  r.Bool("published_inferred", &e.published_inferred);
  r.Int("iso", &e.iso);
  r.String("region", &e.region);
  r.Int("inter1", &e.inter1);
  r.Int("inter2", &e.inter2);
  r.String("civilian_targeting", &e.civilian_targeting);
  r.String("source_scale", &e.source_scale);
  r.Int64("timestamp", &e.timestamp);
  if (!r.status().ok()) return r.status();
  return e;
}

// ---- Comparison -------------------------------------------------------------------------

// Every field of the event as stored (no derived fields), or the error message.
std::string Raw(const Result<Event>& r) {
  if (!r.ok()) return "error: " + r.status().message();
  const Event& e = *r;
  std::ostringstream out;
  out.precision(17);
  auto opt = [&out](const auto& v) {
    if (v)
      out << *v << ",";
    else
      out << "-,";
  };
  auto list = [&out](const std::vector<std::string>& v) {
    for (const std::string& s : v) out << s << "|";
    out << ",";
  };
  out << e.event_id << ",";
  list(e.article_ids);
  for (const std::string* s :
       {&e.event_date,     &e.date_precision, &e.disorder_type, &e.event_type,
        &e.sub_event_type, &e.actor1,         &e.actor2,        &e.assoc_actor_1,
        &e.assoc_actor_2,  &e.country,        &e.admin1,        &e.admin2,
        &e.admin3,         &e.location,       &e.notes,         &e.cameo,
        &e.plover,         &e.published,      &e.region,        &e.civilian_targeting,
        &e.source_scale})
    out << *s << ",";
  opt(e.latitude);
  opt(e.longitude);
  opt(e.fatalities);
  opt(e.fatalities_low);
  opt(e.fatalities_high);
  opt(e.injuries);
  out << e.geo_precision << "," << e.published_inferred << "," << e.iso << "," << e.inter1 << ","
      << e.inter2 << "," << e.timestamp << ",";
  list(e.sources);
  for (const Claim& c : e.claims) {
    out << c.source << "/" << c.claim << "/";
    opt(c.fatalities);
    opt(c.injuries);
    out << c.text << ";";
  }
  for (const Evidence& ev : e.evidence)
    out << ev.field << "/" << ev.start << "/" << ev.end << "/" << ev.text << ";";
  return out.str();
}

void ExpectSame(const std::string& text) {
  EXPECT_EQ(Raw(EventFromJson(text)), Raw(ReferenceEventFromJson(text))) << text;
}

TEST(EventFromJsonTest, MatchesTheOldReaderOnTrickyEvents) {
  const char* events[] = {
      R"({"event_id":"a","event_id":"b"})",  // the last key counts
      R"({"event_id":1,"event_id":"b"})",
      R"({"event_id":"b","event_id":1})",
      R"({"claims":[{"text":"x","text":"y"}]})",  // also inside claims
      R"({"fatalities":5,"fatalities":null})",
      R"({"fatalities":18446744073709551615})",  // unsigned 64 bits: wraps
      R"({"timestamp":18446744073709551615,"iso":4294967297})",
      R"({"timestamp":123456789012345678901234567890})",  // beyond 64 bits
      R"({"fatalities":-123456789012345678901234567890})",
      R"({"latitude":12,"longitude":-0.0})",  // integers are numbers
      R"({"latitude":32.618890000000001,"longitude":1e-5})",
      R"({"latitude":"12"})",
      R"({"geo_precision":1.0})",
      R"({"geo_precision":-0})",
      R"({"geo_precision":1e2})",
      R"({"published_inferred":1})",
      R"({"published_inferred":true})",
      R"({"article_ids":["a",2,"c"]})",
      R"({"article_ids":"a"})",
      R"({"article_ids":null,"sources":[null]})",
      R"({"claims":[{"fatalities":"x"},{"injuries":"y"}]})",  // the first error counts
      R"({"claims":[{"source":"s"},7,{"source":"t"}]})",
      R"({"claims":{"source":"s"}})",
      R"({"evidence":[{"field":"event_type","start":3,"end":9,"text":"t"}],"notes":5})",
      R"({"notes":5,"evidence":[{"start":"3"}]})",  // the read order decides
      R"({"inter1":3,"inter2":"1","iso":"x"})",
      R"([1,2])",
      R"("event")",
      R"({"event_id":)",
      "",
      R"({"a":1} x)",
      "null",
      R"({"event_id":"\u00e9\ud83d\ude00","notes":"a\"b\\c\n"})",
      R"({"event_id":"\ud800"})",
      R"({"event_id":"e","extra":{"k":1,"k":2},"notes":"n"})",  // ignored duplicates
      R"({"timestamp":1700000000,"cameo":"190","plover":"ASSAULT","region":"r"})",
  };
  for (const char* text : events) ExpectSame(text);
}

// Events written by ToJsonLine, then with their keys shuffled, repeated, retyped or removed.
TEST(EventFromJsonTest, RandomEventsMatchTheOldReader) {
  std::mt19937 rng(17);
  const std::vector<std::string> values = {"null",
                                           "0",
                                           "-3",
                                           "7",
                                           "2147483648",
                                           "18446744073709551615",
                                           "1.5",
                                           "-0.0",
                                           "1e3",
                                           "true",
                                           "false",
                                           R"("")",
                                           R"("text")",
                                           R"("\u00e9")",
                                           "[]",
                                           R"(["a","b"])",
                                           "[1]",
                                           "{}",
                                           R"([{"source":"s","fatalities":2}])",
                                           R"([{"field":"notes","start":1,"end":4,"text":"abc"}])",
                                           R"([{"text":1}])"};
  const std::vector<std::string> keys = {
      "event_id",  "article_ids",   "event_date", "actor1",    "latitude",
      "longitude", "geo_precision", "fatalities", "injuries",  "sources",
      "claims",    "notes",         "evidence",   "cameo",     "published_inferred",
      "iso",       "region",        "inter1",     "timestamp", "other"};
  Event base;
  base.event_id = "3f9a0c1d2e4b5a67";
  base.article_ids = {"art-1"};
  base.event_date = "2021-03-14";
  base.date_precision = "day";
  base.country = "Syria";
  base.latitude = 32.61889;
  base.longitude = 36.10213;
  base.fatalities = 2;
  base.claims = {{"Wire", "report", 4, std::nullopt, "four died"}};
  base.evidence = {{"event_type", 10, 22, "roadside bomb"}};
  base.timestamp = 1700000000;
  const std::string line = ToJsonLine(base);
  ExpectSame(line);
  for (int round = 0; round < 3000; ++round) {
    Json j = Json::parse(line);
    std::vector<std::pair<std::string, std::string>> members;
    for (auto it = j.begin(); it != j.end(); ++it)
      members.emplace_back(it.key(), it.value().dump());
    std::shuffle(members.begin(), members.end(), rng);
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) {
      const std::string& key = keys[rng() % keys.size()];
      const std::string& value = values[rng() % values.size()];
      switch (rng() % 3) {
        case 0:  // add (perhaps a second copy of the key)
          members.insert(members.begin() + static_cast<long>(rng() % (members.size() + 1)),
                         {key, value});
          break;
        case 1:  // retype
          for (auto& m : members)
            if (m.first == key) m.second = value;
          break;
        default:  // remove
          std::erase_if(members, [&key](const auto& m) { return m.first == key; });
      }
    }
    std::string text = "{";
    for (size_t k = 0; k < members.size(); ++k)
      text += (k ? "," : "") + Json(members[k].first).dump() + ":" + members[k].second;
    text += "}";
    ExpectSame(text);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace sitrep
