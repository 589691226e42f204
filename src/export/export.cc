// Writers for JSONL, ACLED CSV, GeoJSON and a terminal table. Every writer is a pure
// function of the events it is given, so the same events give byte-identical output.
#include "export/export.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/text.h"

namespace sitrep {
namespace {

using exporter::CountryCodes;
using exporter::FindCountry;

using OrderedJson = nlohmann::ordered_json;
using Json = nlohmann::json;

// At most 5 decimals (about 1 m), as ACLED and Kepler expect.
double RoundCoordinate(double v) { return std::round(v * 1e5) / 1e5; }

// (0, 0) is an ungeocoded place, never a real one ("Null Island"): write null instead.
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

OrderedJson ClaimsJson(const std::vector<Claim>& claims) {
  OrderedJson out = OrderedJson::array();
  for (const Claim& c : claims) {
    OrderedJson j;
    j["source"] = c.source;
    j["claim"] = c.claim;
    j["fatalities"] = OptionalInt(c.fatalities);
    j["injuries"] = OptionalInt(c.injuries);
    j["text"] = c.text;
    if (!c.article_id.empty()) j["article_id"] = c.article_id;  // merged events only
    out.push_back(std::move(j));
  }
  return out;
}

OrderedJson EvidenceJson(const std::vector<Evidence>& evidence) {
  OrderedJson out = OrderedJson::array();
  for (const Evidence& ev : evidence) {
    OrderedJson j;
    j["field"] = ev.field;
    j["start"] = ev.start;
    j["end"] = ev.end;
    j["text"] = ev.text;
    if (!ev.article_id.empty()) j["article_id"] = ev.article_id;  // merged events only
    out.push_back(std::move(j));
  }
  return out;
}

// Compact, and never throws: invalid UTF-8 in a string becomes U+FFFD.
std::string Dump(const OrderedJson& j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

// The event's fields in SCHEMA.md order, then the derived ACLED/Kepler fields.
OrderedJson EventJson(const Event& e) {
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
  j["claims"] = ClaimsJson(e.claims);
  j["notes"] = e.notes;
  j["evidence"] = EvidenceJson(e.evidence);
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

// ---- Reading JSON back -------------------------------------------------------------

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

// ---- CSV ---------------------------------------------------------------------------

// RFC 4180: quote a field that holds a comma, quote, CR or LF; double inner quotes.
void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

std::string IntOrEmpty(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

// Shortest decimal form with at most 5 decimals: 32.61, not 32.610000.
std::string FormatCoordinate(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5f", RoundCoordinate(v));
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::vector<std::string> CsvRow(const Event& e, const WriterOptions& options) {
  const CountryCodes* country = FindCountry(e.iso, e.country);
  std::string admin1 = e.admin1;
  if (options.acled_admin1 && country && !admin1.empty())
    admin1 = options.acled_admin1(country->iso2, e.admin1);
  int iso = e.iso > 0 ? e.iso : (country ? country->numeric : 0);
  int interaction = InteractionCode(e.inter1, e.inter2);
  bool has_xy = HasCoordinates(e);
  std::string year = e.event_date.size() >= 4 ? e.event_date.substr(0, 4) : "";
  return {
      EventIdCnty(e),
      e.event_date,
      year,
      e.date_precision.empty() ? "" : std::to_string(TimePrecisionCode(e.date_precision)),
      e.disorder_type,
      e.event_type,
      e.sub_event_type,
      e.actor1,
      e.assoc_actor_1,
      std::to_string(e.inter1),
      e.actor2,
      e.assoc_actor_2,
      std::to_string(e.inter2),
      interaction > 0 ? std::to_string(interaction) : "",
      e.civilian_targeting,
      iso > 0 ? std::to_string(iso) : "",
      !e.region.empty() ? e.region : std::string(country ? country->region : ""),
      e.country,
      admin1,
      e.admin2,
      e.admin3,
      e.location,
      has_xy ? FormatCoordinate(*e.latitude) : "",
      has_xy ? FormatCoordinate(*e.longitude) : "",
      std::to_string(e.geo_precision),
      Join(e.sources, "; "),
      e.source_scale,
      e.notes,
      IntOrEmpty(e.fatalities),
      "",  // tags
      e.timestamp > 0 ? std::to_string(e.timestamp) : "",
      // sitrep extras
      e.event_id,
      Join(e.article_ids, "; "),
      e.date_precision,
      IntOrEmpty(e.injuries),
      IntOrEmpty(e.fatalities_low),
      IntOrEmpty(e.fatalities_high),
      Dump(ClaimsJson(e.claims)),
      Dump(EvidenceJson(e.evidence)),
  };
}

void WriteCsvLine(const std::vector<std::string>& fields, std::ostream& out) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line.push_back(',');
    AppendCsvField(fields[i], &line);
  }
  line.push_back('\n');
  out << line;
}

class JsonlWriter : public EventWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void Write(const Event& event) override {
    std::string line = ToJsonLine(event);
    line.push_back('\n');
    out_ << line;
  }

 private:
  std::ostream& out_;
};

class CsvWriter : public EventWriter {
 public:
  CsvWriter(std::ostream& out, WriterOptions options) : out_(out), options_(std::move(options)) {}
  void Begin() override {
    std::vector<std::string> header(AcledCsvColumns().begin(), AcledCsvColumns().end());
    WriteCsvLine(header, out_);
  }
  void Write(const Event& event) override { WriteCsvLine(CsvRow(event, options_), out_); }

 private:
  std::ostream& out_;
  WriterOptions options_;
};

// One feature per line, so a huge collection streams and diffs well.
class GeojsonWriter : public EventWriter {
 public:
  explicit GeojsonWriter(std::ostream& out) : out_(out) {}
  void Begin() override { out_ << "{\"type\":\"FeatureCollection\",\"features\":["; }
  void Write(const Event& event) override {
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
    feature["properties"] = EventJson(event);
    out_ << (first_ ? "\n" : ",\n") << Dump(feature);
    first_ = false;
  }
  void End() override { out_ << "\n]}\n"; }

 private:
  std::ostream& out_;
  bool first_ = true;
};

// Appends `s` cut or padded to `width` code points (a truncated cell ends in "~").
void AppendCell(std::string_view s, size_t width, std::string* out) {
  size_t count = 0, i = 0;
  while (i < s.size() && count < width) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (i + len > s.size()) break;
    if (count + 1 == width && i + len < s.size()) {
      out->push_back('~');
      ++count;
      i = s.size();
      break;
    }
    out->append(s.substr(i, len));
    i += len;
    ++count;
  }
  out->append(width - count, ' ');
}

// Fixed column widths so the table streams: no need to see every row first.
class TableWriter : public EventWriter {
 public:
  explicit TableWriter(std::ostream& out) : out_(out) {}
  void Begin() override {
    std::string line;
    for (size_t i = 0; i < kHeader.size(); ++i) {
      AppendCell(kHeader[i], kWidths[i], &line);
      line.push_back(' ');
    }
    line.append("SOURCES");
    line.push_back('\n');
    size_t width = line.size() - 1;
    line.append(width, '-');
    line.push_back('\n');
    out_ << line;
  }
  void Write(const Event& e) override {
    std::string actors = e.actor1.empty() ? "?" : e.actor1;
    if (!e.actor2.empty()) actors += " -> " + e.actor2;
    std::string place = e.location;
    if (!e.admin1.empty() && e.admin1 != e.location) place += " (" + e.admin1 + ")";
    std::string casualties = (e.fatalities ? std::to_string(*e.fatalities) : "-") + "/" +
                             (e.injuries ? std::to_string(*e.injuries) : "-");
    const std::string cells[] = {e.event_date.empty() ? "?" : e.event_date,
                                 e.event_type,
                                 e.sub_event_type,
                                 actors,
                                 place,
                                 casualties};
    std::string line;
    for (size_t i = 0; i < kHeader.size(); ++i) {
      AppendCell(cells[i], kWidths[i], &line);
      line.push_back(' ');
    }
    line.append(Join(e.sources, ", "));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    line.push_back('\n');
    out_ << line;
    ++rows_;
  }
  void End() override { out_ << "(" << rows_ << (rows_ == 1 ? " event)\n" : " events)\n"); }

 private:
  static constexpr std::array<std::string_view, 6> kHeader = {
      "DATE", "TYPE", "SUB-TYPE", "ACTOR1 -> ACTOR2", "LOCATION (ADMIN1)", "KIA/WIA"};
  static constexpr std::array<size_t, 6> kWidths = {10, 26, 35, 44, 30, 7};
  std::ostream& out_;
  int64_t rows_ = 0;
};

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "jsonl") return OutputFormat::kJsonl;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "geojson") return OutputFormat::kGeojson;
  if (name == "table") return OutputFormat::kTable;
  return Status::InvalidInput("unknown format \"" + std::string(name) +
                              "\" (choose jsonl, csv, geojson or table)");
}

std::unique_ptr<EventWriter> MakeEventWriter(OutputFormat format, std::ostream& out,
                                             const WriterOptions& options) {
  switch (format) {
    case OutputFormat::kJsonl:
      return std::make_unique<JsonlWriter>(out);
    case OutputFormat::kCsv:
      return std::make_unique<CsvWriter>(out, options);
    case OutputFormat::kGeojson:
      return std::make_unique<GeojsonWriter>(out);
    case OutputFormat::kTable:
      return std::make_unique<TableWriter>(out);
  }
  return std::make_unique<JsonlWriter>(out);
}

std::string ToJsonLine(const Event& event) { return Dump(EventJson(event)); }

Result<Event> EventFromJson(std::string_view json) {
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
    c.String("article_id", &claim.article_id);
    e.claims.push_back(std::move(claim));
  });
  r.String("notes", &e.notes);
  r.Objects("evidence", [&e](FieldReader& c) {
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
  if (!r.status().ok()) return r.status();
  return e;
}

int InteractionCode(int inter1, int inter2) {
  if (inter1 <= 0 && inter2 <= 0) return 0;
  if (inter1 <= 0 || inter2 <= 0) return 10 * std::max(inter1, inter2);
  return 10 * std::min(inter1, inter2) + std::max(inter1, inter2);
}

std::string EventIdCnty(const Event& event) {
  const CountryCodes* country = FindCountry(event.iso, event.country);
  std::string id(country ? country->iso3 : "XXX");
  id.append(event.event_id.substr(0, 8));
  return id;
}

const std::vector<std::string_view>& AcledCsvColumns() {
  static const std::vector<std::string_view> kColumns = {
      "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
      "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
      "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
      "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
      "fatalities", "tags", "timestamp",
      // sitrep extras
      "event_id", "article_ids", "date_precision", "injuries", "fatalities_low", "fatalities_high",
      "claims", "evidence"};
  return kColumns;
}

}  // namespace sitrep
