// Events as JSON objects, fields in SCHEMA.md order: written through JsonWriter (for
// JSONL, GeoJSON and the claims/evidence cells of the CSV) and read back (EventFromJson).
#include "export/event_json.h"

#include <simdjson.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "export/export.h"

namespace sitrep::exporter {
namespace {

using Json = nlohmann::json;

template <typename W>
void OptionalInt(const std::optional<int>& v, W& w) {
  if (v)
    w.Int(*v);
  else
    w.Null();
}

template <typename W>
void WriteStrings(const std::vector<std::string>& strings, W& w) {
  w.BeginArray();
  for (const std::string& s : strings) w.String(s);
  w.EndArray();
}

// ---- Reading JSON back -------------------------------------------------------------
// simdjson reads an event; nlohmann reads it when simdjson rejects the text (integers beyond
// 64 bits) or when an object repeats a key (nlohmann keeps the last one). One FieldReader
// template over the two DOMs keeps the fields, their order and the messages in one place.

// nlohmann's DOM, as EventFromJson read every event before.
struct NlohmannDom {
  using Value = const Json*;
  class Object {
   public:
    explicit Object(Value obj) : obj_(*obj) {}
    bool has_duplicate_keys() const { return false; }  // the DOM kept the last one
    bool Find(const char* key, Value* out) const {
      auto it = obj_.find(key);
      if (it == obj_.end()) return false;
      *out = &*it;
      return true;
    }

   private:
    const Json& obj_;
  };
  static bool IsNull(Value v) { return v->is_null(); }
  static bool IsString(Value v) { return v->is_string(); }
  static bool IsInteger(Value v) { return v->is_number_integer(); }
  static bool IsNumber(Value v) { return v->is_number(); }
  static bool IsBool(Value v) { return v->is_boolean(); }
  static bool IsArray(Value v) { return v->is_array(); }
  static bool IsObject(Value v) { return v->is_object(); }
  static std::string_view GetString(Value v) { return v->get_ref<const std::string&>(); }
  static int64_t GetInteger(Value v) { return v->get<int64_t>(); }
  static double GetDouble(Value v) { return v->get<double>(); }
  static bool GetBool(Value v) { return v->get<bool>(); }
  template <typename F>  // f(Value) -> false stops
  static void ForEach(Value array, F f) {
    for (const Json& item : *array)
      if (!f(&item)) return;
  }
};

// simdjson's DOM. Lookups follow the order the fields were written in (ToJsonLine's order
// is the order they are read in), so most take one comparison.
struct SimdjsonDom {
  using Value = simdjson::dom::element;
  class Object {
   public:
    explicit Object(Value value) {
      simdjson::dom::object obj;
      if (value.get(obj) != simdjson::SUCCESS) return;
      for (simdjson::dom::key_value_pair member : obj) members_.push_back(member);
      duplicates_ = HasDuplicateKeys();
    }
    bool has_duplicate_keys() const { return duplicates_; }
    bool Find(const char* key, Value* out) {
      const std::string_view wanted(key);
      if (next_ < members_.size() && members_[next_].key == wanted) {
        *out = members_[next_++].value;
        return true;
      }
      for (size_t i = 0; i < members_.size(); ++i) {
        if (members_[i].key == wanted) {
          *out = members_[i].value;
          next_ = i + 1;
          return true;
        }
      }
      return false;
    }

   private:
    // An open-addressing table of the keys' hashes; equal hashes compare the keys.
    bool HasDuplicateKeys() const {
      if (members_.size() < 2) return false;
      size_t slots = 4;
      while (slots < 2 * members_.size()) slots *= 2;
      std::vector<uint32_t> table(slots, 0);  // 1 + member index; 0 = empty
      for (size_t i = 0; i < members_.size(); ++i) {
        const std::string_view key = members_[i].key;
        for (size_t at = std::hash<std::string_view>{}(key) & (slots - 1);;
             at = (at + 1) & (slots - 1)) {
          if (table[at] == 0) {
            table[at] = static_cast<uint32_t>(i + 1);
            break;
          }
          if (members_[table[at] - 1].key == key) return true;
        }
      }
      return false;
    }

    std::vector<simdjson::dom::key_value_pair> members_;
    size_t next_ = 0;  // the member after the last one found
    bool duplicates_ = false;
  };
  static bool IsNull(Value v) { return v.is_null(); }
  static bool IsString(Value v) { return v.is_string(); }
  static bool IsInteger(Value v) { return v.is_int64() || v.is_uint64(); }
  static bool IsNumber(Value v) { return v.is_number(); }
  static bool IsBool(Value v) { return v.is_bool(); }
  static bool IsArray(Value v) { return v.is_array(); }
  static bool IsObject(Value v) { return v.is_object(); }
  static std::string_view GetString(Value v) { return v.get_string().value_unsafe(); }
  // As nlohmann's get<int64_t>(): an unsigned value above INT64_MAX wraps.
  static int64_t GetInteger(Value v) {
    return v.is_int64() ? v.get_int64().value_unsafe()
                        : static_cast<int64_t>(v.get_uint64().value_unsafe());
  }
  static double GetDouble(Value v) { return v.get_double().value_unsafe(); }
  static bool GetBool(Value v) { return v.get_bool().value_unsafe(); }
  template <typename F>
  static void ForEach(Value array, F f) {
    simdjson::dom::array items;
    if (array.get(items) != simdjson::SUCCESS) return;
    for (Value item : items)
      if (!f(item)) return;
  }
};

template <typename Dom>
class FieldReader {
 public:
  using Value = typename Dom::Value;
  explicit FieldReader(Value obj) : obj_(obj) {
    if (obj_.has_duplicate_keys()) duplicate_keys_ = true;
  }
  const Status& status() const { return status_; }
  // An object read so far repeats a key: the event must be read by NlohmannDom.
  bool duplicate_keys() const { return duplicate_keys_; }

  void String(const char* key, std::string* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsString(v)) return Fail(key, "a string");
    out->assign(Dom::GetString(v));
  }
  void Int(const char* key, int* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsInteger(v)) return Fail(key, "an integer");
    *out = static_cast<int>(Dom::GetInteger(v));
  }
  void Int64(const char* key, int64_t* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsInteger(v)) return Fail(key, "an integer");
    *out = Dom::GetInteger(v);
  }
  void OptInt(const char* key, std::optional<int>* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsInteger(v)) return Fail(key, "an integer or null");
    *out = static_cast<int>(Dom::GetInteger(v));
  }
  void OptDouble(const char* key, std::optional<double>* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsNumber(v)) return Fail(key, "a number or null");
    *out = Dom::GetDouble(v);
  }
  void Bool(const char* key, bool* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsBool(v)) return Fail(key, "a boolean");
    *out = Dom::GetBool(v);
  }
  void StringList(const char* key, std::vector<std::string>* out) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsArray(v)) return Fail(key, "an array of strings");
    Dom::ForEach(v, [&](Value item) {
      if (!Dom::IsString(item)) {
        Fail(key, "an array of strings");
        return false;
      }
      out->emplace_back(Dom::GetString(item));
      return true;
    });
  }
  // Calls `each` with a FieldReader for every object in the array `key`.
  template <typename F>
  void Objects(const char* key, F each) {
    Value v;
    if (!Find(key, &v)) return;
    if (!Dom::IsArray(v)) return Fail(key, "an array of objects");
    Dom::ForEach(v, [&](Value item) {
      if (!Dom::IsObject(item)) {
        Fail(key, "an array of objects");
        return false;
      }
      FieldReader inner(item);
      each(inner);
      duplicate_keys_ = duplicate_keys_ || inner.duplicate_keys();
      if (!inner.status().ok() && status_.ok()) {
        status_ = Status::InvalidInput(std::string(key) + "[]: " + inner.status().message());
      }
      return true;
    });
  }

 private:
  // Present and not null.
  bool Find(const char* key, Value* v) { return obj_.Find(key, v) && !Dom::IsNull(*v); }
  void Fail(const char* key, const char* expected) {
    if (status_.ok()) {
      status_ = Status::InvalidInput(std::string("field \"") + key + "\" must be " + expected);
    }
  }

  typename Dom::Object obj_;
  Status status_;
  bool duplicate_keys_ = false;
};

template <typename Dom>
void ReadEvent(FieldReader<Dom>& r, Event* event) {
  Event& e = *event;
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
  r.Objects("claims", [&e](FieldReader<Dom>& c) {
    Claim claim;
    c.String("source", &claim.source);
    c.String("claim", &claim.claim);
    c.OptInt("fatalities", &claim.fatalities);
    c.OptInt("injuries", &claim.injuries);
    c.String("text", &claim.text);
    c.String("article_id", &claim.article_id);
    e.claims.push_back(std::move(claim));
  });
  r.String("notes", &e.notes);
  r.Objects("evidence", [&e](FieldReader<Dom>& c) {
    Evidence ev;
    c.String("field", &ev.field);
    c.Int64("start", &ev.start);
    c.Int64("end", &ev.end);
    c.String("text", &ev.text);
    c.String("article_id", &ev.article_id);
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
}

}  // namespace

// At most 5 decimals (about 1 m), as ACLED and Kepler expect.
double RoundCoordinate(double v) { return std::round(v * 1e5) / 1e5; }

// (0, 0) is an ungeocoded place, never a real one ("Null Island"): write null instead.
bool HasCoordinates(const Event& e) {
  return e.latitude && e.longitude && std::isfinite(*e.latitude) && std::isfinite(*e.longitude) &&
         !(*e.latitude == 0 && *e.longitude == 0) && std::abs(*e.latitude) <= 90 &&
         std::abs(*e.longitude) <= 180;
}

namespace {

// The writers below serve JsonWriter (the JSON text) and VisitorWriter (a front end's own
// objects): one field order and one set of derived values for both.
template <typename W>
void WriteClaims(const std::vector<Claim>& claims, W& w) {
  w.BeginArray();
  for (const Claim& c : claims) {
    w.BeginObject();
    w.Key("source");
    w.String(c.source);
    w.Key("claim");
    w.String(c.claim);
    w.Key("fatalities");
    OptionalInt(c.fatalities, w);
    w.Key("injuries");
    OptionalInt(c.injuries, w);
    w.Key("text");
    w.String(c.text);
    if (!c.article_id.empty()) {  // merged events only
      w.Key("article_id");
      w.String(c.article_id);
    }
    w.EndObject();
  }
  w.EndArray();
}

template <typename W>
void WriteEvidence(const std::vector<Evidence>& evidence, W& w) {
  w.BeginArray();
  for (const Evidence& ev : evidence) {
    w.BeginObject();
    w.Key("field");
    w.String(ev.field);
    w.Key("start");
    w.Int(ev.start);
    w.Key("end");
    w.Int(ev.end);
    w.Key("text");
    w.String(ev.text);
    if (!ev.article_id.empty()) {  // merged events only
      w.Key("article_id");
      w.String(ev.article_id);
    }
    w.EndObject();
  }
  w.EndArray();
}

// The event as a JSON object: its fields in SCHEMA.md order, then the derived ACLED/Kepler
// fields.
template <typename W>
void WriteEvent(const Event& e, W& w) {
  const CountryCodes* country = FindCountry(e.iso, e.country);
  w.BeginObject();
  w.Key("event_id");
  w.String(e.event_id);
  w.Key("article_ids");
  WriteStrings(e.article_ids, w);
  w.Key("event_date");
  w.StringOrNull(e.event_date);
  w.Key("date_precision");
  w.StringOrNull(e.date_precision);
  w.Key("disorder_type");
  w.String(e.disorder_type);
  w.Key("event_type");
  w.String(e.event_type);
  w.Key("sub_event_type");
  w.String(e.sub_event_type);
  w.Key("actor1");
  w.String(e.actor1);
  w.Key("actor2");
  w.String(e.actor2);
  w.Key("assoc_actor_1");
  w.String(e.assoc_actor_1);
  w.Key("assoc_actor_2");
  w.String(e.assoc_actor_2);
  w.Key("country");
  w.String(e.country);
  w.Key("admin1");
  w.String(e.admin1);
  w.Key("admin2");
  w.String(e.admin2);
  w.Key("admin3");
  w.String(e.admin3);
  w.Key("location");
  w.String(e.location);
  const bool has_xy = HasCoordinates(e);
  w.Key("latitude");
  if (has_xy)
    w.Double(RoundCoordinate(*e.latitude));
  else
    w.Null();
  w.Key("longitude");
  if (has_xy)
    w.Double(RoundCoordinate(*e.longitude));
  else
    w.Null();
  w.Key("geo_precision");
  w.Int(e.geo_precision);
  w.Key("fatalities");
  OptionalInt(e.fatalities, w);
  w.Key("fatalities_low");
  OptionalInt(e.fatalities_low, w);
  w.Key("fatalities_high");
  OptionalInt(e.fatalities_high, w);
  w.Key("injuries");
  OptionalInt(e.injuries, w);
  w.Key("sources");
  WriteStrings(e.sources, w);
  w.Key("claims");
  WriteClaims(e.claims, w);
  w.Key("notes");
  w.String(e.notes);
  w.Key("evidence");
  WriteEvidence(e.evidence, w);
  if (!e.cameo.empty()) {
    w.Key("cameo");
    w.String(e.cameo);
  }
  if (!e.plover.empty()) {
    w.Key("plover");
    w.String(e.plover);
  }
  w.Key("event_datetime");
  if (e.event_date.empty()) {
    w.Null();
  } else {
    std::string datetime = e.event_date;
    datetime.append("T00:00:00Z");
    w.String(datetime);
  }
  w.Key("time_precision");
  if (e.date_precision.empty())
    w.Null();
  else
    w.Int(TimePrecisionCode(e.date_precision));
  w.Key("published");
  w.StringOrNull(e.published);
  w.Key("published_inferred");
  w.Bool(e.published_inferred);
  const int iso = e.iso > 0 ? e.iso : (country ? country->numeric : 0);
  w.Key("iso");
  if (iso > 0)
    w.Int(iso);
  else
    w.Null();
  w.Key("region");
  w.String(!e.region.empty() ? std::string_view(e.region)
                             : (country ? country->region : std::string_view()));
  w.Key("inter1");
  w.Int(e.inter1);
  w.Key("inter2");
  w.Int(e.inter2);
  const int interaction = InteractionCode(e.inter1, e.inter2);
  w.Key("interaction");
  if (interaction > 0)
    w.Int(interaction);
  else
    w.Null();
  w.Key("civilian_targeting");
  w.String(e.civilian_targeting);
  w.Key("source_scale");
  w.String(e.source_scale);
  if (e.timestamp > 0) {
    w.Key("timestamp");
    w.Int(e.timestamp);
  }
  w.EndObject();
}

// JsonWriter's calls passed on to a JsonVisitor: null for an empty StringOrNull and for a
// non-finite double, as JsonWriter writes them.
class VisitorWriter {
 public:
  explicit VisitorWriter(JsonVisitor& v) : v_(v) {}
  void BeginObject() { v_.BeginObject(); }
  void EndObject() { v_.EndObject(); }
  void BeginArray() { v_.BeginArray(); }
  void EndArray() { v_.EndArray(); }
  void Key(const JsonKey& key) { v_.Key(key.text()); }
  void String(std::string_view s) { v_.String(s); }
  void StringOrNull(std::string_view s) {
    if (s.empty())
      v_.Null();
    else
      v_.String(s);
  }
  void Int(int64_t i) { v_.Int(i); }
  void Double(double d) {
    if (std::isfinite(d))
      v_.Double(d);
    else
      v_.Null();
  }
  void Bool(bool b) { v_.Bool(b); }
  void Null() { v_.Null(); }

 private:
  JsonVisitor& v_;
};

}  // namespace

void WriteClaimsJson(const std::vector<Claim>& claims, JsonWriter& w) { WriteClaims(claims, w); }
void WriteEvidenceJson(const std::vector<Evidence>& evidence, JsonWriter& w) {
  WriteEvidence(evidence, w);
}
void WriteEventJson(const Event& e, JsonWriter& w) { WriteEvent(e, w); }

}  // namespace sitrep::exporter

namespace sitrep {

using exporter::FieldReader;
using exporter::Json;
using exporter::JsonWriter;

std::string ToJsonLine(const Event& event) {
  std::string line;
  line.reserve(1024);
  JsonWriter w(&line);
  WriteEventJson(event, w);
  return line;
}

void VisitEventJson(const Event& event, JsonVisitor& visitor) {
  exporter::VisitorWriter w(visitor);
  exporter::WriteEvent(event, w);
}

Result<Event> EventFromJson(std::string_view json) {
  using exporter::NlohmannDom;
  using exporter::ReadEvent;
  using exporter::SimdjsonDom;
  // The parser keeps its buffers between events: one per thread (a parser is not
  // thread-safe); an event over 1 MiB gets a parser of its own, whose memory goes with it.
  constexpr size_t kReusedParserMaxBytes = 1u << 20;
  thread_local simdjson::dom::parser reused_parser;
  std::optional<simdjson::dom::parser> own_parser;
  if (json.size() > kReusedParserMaxBytes) own_parser.emplace();
  simdjson::dom::parser& parser = own_parser ? *own_parser : reused_parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) == simdjson::SUCCESS) {
    if (!root.is_object()) return Status::InvalidInput("event is not a JSON object");
    Event e;
    FieldReader<SimdjsonDom> r(root);
    ReadEvent(r, &e);
    if (!r.duplicate_keys()) {
      if (!r.status().ok()) return r.status();
      return e;
    }
  }
  Json j = Json::parse(json.begin(), json.end(), nullptr, false);
  if (j.is_discarded()) return Status::InvalidInput("event is not valid JSON");
  if (!j.is_object()) return Status::InvalidInput("event is not a JSON object");
  Event e;
  FieldReader<NlohmannDom> r(&j);
  ReadEvent(r, &e);
  if (!r.status().ok()) return r.status();
  return e;
}

}  // namespace sitrep
