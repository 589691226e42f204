// Writing events: JSONL (SCHEMA.md), ACLED CSV (ACLED's 31 columns in ACLED's order, then
// sitrep's extras), GeoJSON FeatureCollection and a terminal table. Writers stream: Begin,
// Write for each event, End. Implemented by the export stage (src/export/).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep {

enum class OutputFormat { kJsonl, kCsv, kGeojson, kTable };

// "jsonl" | "csv" | "geojson" | "table"; error names the bad value and the choices.
Result<OutputFormat> ParseOutputFormat(std::string_view name);

class EventWriter {
 public:
  virtual ~EventWriter() = default;
  virtual void Begin() {}
  virtual void Write(const Event& event) = 0;
  virtual void End() {}
};

struct WriterOptions {
  // ACLED's spelling of an admin1 name for the CSV ("Daraa" -> "Dar'a"), given the
  // country's ISO alpha-2 code and sitrep's admin1; empty function = sitrep's names.
  // AcledWriterOptions() (sitrep/pipeline.h) fills it from the data directory.
  std::function<std::string(std::string_view iso2, std::string_view admin1)> acled_admin1;
  // Width of the table format in terminal columns (0: 120; at least 60).
  size_t table_width = 0;
};

// `out` must outlive the writer.
std::unique_ptr<EventWriter> MakeEventWriter(OutputFormat format, std::ostream& out,
                                             const WriterOptions& options = {});

// One event as a single JSON line (no trailing newline), fields in SCHEMA.md order.
std::string ToJsonLine(const Event& event);

// Receives the JSON value ToJsonLine writes for an event, one call per token (keys and
// values in the line's order; string values are the event's UTF-8 bytes, unescaped). How
// a front end builds its own objects (Python dicts) without printing and re-parsing JSON.
class JsonVisitor {
 public:
  virtual ~JsonVisitor() = default;
  virtual void BeginObject() = 0;
  virtual void EndObject() = 0;
  virtual void BeginArray() = 0;
  virtual void EndArray() = 0;
  virtual void Key(std::string_view key) = 0;
  virtual void String(std::string_view value) = 0;
  virtual void Int(int64_t value) = 0;
  virtual void Double(double value) = 0;  // always finite: ToJsonLine writes null otherwise
  virtual void Bool(bool value) = 0;
  virtual void Null() = 0;
};

// Calls `visitor` with the tokens of ToJsonLine(event).
void VisitEventJson(const Event& event, JsonVisitor& visitor);

// The inverse, for stores and tests.
Result<Event> EventFromJson(std::string_view json);

// ACLED's interaction code: the two inter codes, lower first ("13"); actor 1 alone gives
// inter1*10 ("10"); 0 when actor 1 has no code (an actor 2 alone is no ACLED interaction).
int InteractionCode(int inter1, int inter2);

// ACLED CSV `event_id_cnty`: ISO3 (or "XXX" when unknown) + the first 8 characters of event_id.
std::string EventIdCnty(const Event& event);

// `text` with every control character (C0, DEL, C1) and every bidirectional embedding,
// override or isolate written as a visible escape ("\x1b", "\u009b", "\u202e"; invalid
// UTF-8 bytes as "\xff"), so that bytes from an article cannot drive a terminal. What the
// table writer does to every cell; `keep_lines` leaves '\n' and '\t' alone.
std::string EscapeForTerminal(std::string_view text, bool keep_lines = false);

// The 31 ACLED columns in ACLED's order, then sitrep's extra columns.
const std::vector<std::string_view>& AcledCsvColumns();

}  // namespace sitrep
