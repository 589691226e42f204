// Writers for JSONL, ACLED CSV, GeoJSON and a terminal table. Every writer is a pure
// function of the events it is given, so the same events give byte-identical output.
#include "export/export.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "export/event_json.h"
#include "export/json_writer.h"
#include "util/text.h"

namespace sitrep {
namespace {

using exporter::CountryCodes;
using exporter::FindCountry;
using exporter::HasCoordinates;
using exporter::JsonWriter;
using exporter::RoundCoordinate;
using exporter::WriteClaimsJson;
using exporter::WriteEventJson;
using exporter::WriteEvidenceJson;

// ---- CSV ---------------------------------------------------------------------------

// A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a leading
// "'" (OWASP's advice on CSV injection); a plain number such as "-12.5" stays a number.
bool NeedsFormulaGuard(std::string_view field) {
  if (field.empty() || std::string_view("=+-@\t\r").find(field[0]) == std::string_view::npos)
    return false;
  size_t i = (field[0] == '-' || field[0] == '+') ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < field.size(); ++i) {
    if (IsAsciiDigit(field[i])) {
      digits = true;
    } else if (field[i] == '.' && !dot) {
      dot = true;
    } else {
      return true;
    }
  }
  return !digits;
}

// RFC 4180: quote a field that holds a comma, quote, CR or LF; double inner quotes. Control
// characters other than tab and line feed are written as visible escapes ("\x1b").
void AppendCsvField(std::string_view raw, std::string* out) {
  std::string escaped;
  std::string_view field = raw;
  for (char c : raw) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F || u == 0xC2 || u >= 0xF8) {
      escaped = exporter::EscapeControls(raw, /*keep_lines=*/true, /*bidi=*/false);
      field = escaped;
      break;
    }
  }
  const bool guard = NeedsFormulaGuard(field);
  if (!guard && field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  if (guard) out->push_back('\'');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// One CSV record appended to a reused buffer: every field goes through AppendCsvField.
class CsvLine {
 public:
  CsvLine(std::string* line, std::string* scratch) : line_(line), scratch_(scratch) {}

  void Field(std::string_view field) {
    if (!first_) line_->push_back(',');
    first_ = false;
    AppendCsvField(field, line_);
  }
  void Int(int64_t v) {
    char buf[24];
    Field(std::string_view(buf,
                           static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf)));
  }
  void IntOrEmpty(const std::optional<int>& v) {
    if (v)
      Int(*v);
    else
      Field({});
  }
  void PositiveIntOrEmpty(int64_t v) {
    if (v > 0)
      Int(v);
    else
      Field({});
  }
  // Shortest decimal form with at most 5 decimals: 32.61, not 32.610000.
  void Coordinate(double v) {
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%.5f", RoundCoordinate(v));
    std::string_view s(buf, n > 0 ? static_cast<size_t>(n) : 0);
    while (!s.empty() && s.back() == '0') s.remove_suffix(1);
    if (!s.empty() && s.back() == '.') s.remove_suffix(1);
    if (s == "-0") s = "0";
    Field(s);
  }
  void Joined(const std::vector<std::string>& parts) {
    scratch_->clear();
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i) scratch_->append("; ");
      scratch_->append(parts[i]);
    }
    Field(*scratch_);
  }
  // A JSON value written by `write` into the scratch buffer.
  template <typename F>
  void Json(F write) {
    scratch_->clear();
    JsonWriter w(scratch_);
    write(w);
    Field(*scratch_);
  }

 private:
  std::string* line_;
  std::string* scratch_;
  bool first_ = true;
};

void AppendCsvRow(const Event& e, const WriterOptions& options, std::string* line,
                  std::string* scratch) {
  const CountryCodes* country = FindCountry(e.iso, e.country);
  CsvLine row(line, scratch);
  scratch->assign(country ? country->iso3 : "XXX");  // event_id_cnty, as EventIdCnty()
  scratch->append(std::string_view(e.event_id).substr(0, 8));
  row.Field(*scratch);
  row.Field(e.event_date);
  row.Field(std::string_view(e.event_date).substr(0, e.event_date.size() >= 4 ? 4 : 0));
  if (e.date_precision.empty())
    row.Field({});
  else
    row.Int(TimePrecisionCode(e.date_precision));
  row.Field(e.disorder_type);
  row.Field(e.event_type);
  row.Field(e.sub_event_type);
  row.Field(e.actor1);
  row.Field(e.assoc_actor_1);
  row.Int(e.inter1);
  row.Field(e.actor2);
  row.Field(e.assoc_actor_2);
  row.Int(e.inter2);
  row.PositiveIntOrEmpty(InteractionCode(e.inter1, e.inter2));
  row.Field(e.civilian_targeting);
  row.PositiveIntOrEmpty(e.iso > 0 ? e.iso : (country ? country->numeric : 0));
  row.Field(!e.region.empty() ? std::string_view(e.region)
                              : (country ? country->region : std::string_view()));
  row.Field(e.country);
  if (options.acled_admin1 && country && !e.admin1.empty())
    row.Field(options.acled_admin1(country->iso2, e.admin1));
  else
    row.Field(e.admin1);
  row.Field(e.admin2);
  row.Field(e.admin3);
  row.Field(e.location);
  if (HasCoordinates(e)) {
    row.Coordinate(*e.latitude);
    row.Coordinate(*e.longitude);
  } else {
    row.Field({});
    row.Field({});
  }
  row.Int(e.geo_precision);
  row.Joined(e.sources);
  row.Field(e.source_scale);
  row.Field(e.notes);
  row.IntOrEmpty(e.fatalities);
  row.Field({});  // tags
  row.PositiveIntOrEmpty(e.timestamp);
  // sitrep extras
  row.Field(e.event_id);
  row.Joined(e.article_ids);
  row.Field(e.date_precision);
  row.IntOrEmpty(e.injuries);
  row.IntOrEmpty(e.fatalities_low);
  row.IntOrEmpty(e.fatalities_high);
  row.Json([&e](JsonWriter& w) { WriteClaimsJson(e.claims, w); });
  row.Json([&e](JsonWriter& w) { WriteEvidenceJson(e.evidence, w); });
  line->push_back('\n');
}

class JsonlWriter : public EventWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void Write(const Event& event) override {
    line_.clear();
    JsonWriter w(&line_);
    WriteEventJson(event, w);
    line_.push_back('\n');
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }

 private:
  std::ostream& out_;
  std::string line_;  // reused: no allocation per event once it has grown
};

class CsvWriter : public EventWriter {
 public:
  CsvWriter(std::ostream& out, WriterOptions options) : out_(out), options_(std::move(options)) {}
  void Begin() override {
    line_.clear();
    CsvLine header(&line_, &scratch_);
    for (std::string_view column : AcledCsvColumns()) header.Field(column);
    line_.push_back('\n');
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }
  void Write(const Event& event) override {
    line_.clear();
    AppendCsvRow(event, options_, &line_, &scratch_);
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }

 private:
  std::ostream& out_;
  WriterOptions options_;
  std::string line_, scratch_;  // reused across rows
};

// One feature per line, so a huge collection streams and diffs well.
class GeojsonWriter : public EventWriter {
 public:
  explicit GeojsonWriter(std::ostream& out) : out_(out) {}
  void Begin() override { out_ << "{\"type\":\"FeatureCollection\",\"features\":["; }
  void Write(const Event& event) override {
    line_.assign(first_ ? "\n" : ",\n");
    first_ = false;
    JsonWriter w(&line_);
    w.BeginObject();
    w.Key("type");
    w.String("Feature");
    w.Key("id");
    w.String(event.event_id);
    w.Key("geometry");
    if (HasCoordinates(event)) {
      w.BeginObject();
      w.Key("type");
      w.String("Point");
      w.Key("coordinates");
      w.BeginArray();
      w.Double(RoundCoordinate(*event.longitude));
      w.Double(RoundCoordinate(*event.latitude));
      w.EndArray();
      w.EndObject();
    } else {
      w.Null();
    }
    w.Key("properties");
    WriteEventJson(event, w);
    w.EndObject();
    out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  }
  void End() override { out_ << "\n]}\n"; }

 private:
  std::ostream& out_;
  std::string line_;
  bool first_ = true;
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
      return exporter::MakeTableWriter(out, options);
  }
  return std::make_unique<JsonlWriter>(out);
}

int InteractionCode(int inter1, int inter2) {
  // ACLED's sole-actor codes (10 "sole military action", 60 "sole protester action") say
  // what actor 1 did alone; without an actor 1 there is no interaction to code.
  if (inter1 <= 0) return 0;
  if (inter2 <= 0) return 10 * inter1;
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
