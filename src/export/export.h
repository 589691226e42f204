// Output writers: JSONL (SCHEMA.md), ACLED CSV (ACLED's 31 columns in ACLED's order, then
// sitrep's extras) and GeoJSON FeatureCollection. Writers stream: Begin, Write*, End.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep::exporter {

enum class Format { kJsonl, kCsv, kGeojson, kTable };

// "jsonl" | "csv" | "geojson" | "table"; error names the bad value and the choices.
Result<Format> ParseFormat(std::string_view name);

class Writer {
 public:
  virtual ~Writer() = default;
  virtual void Begin() {}
  virtual void Write(const Event& event) = 0;
  virtual void End() {}
};

// `out` must outlive the writer.
std::unique_ptr<Writer> MakeWriter(Format format, std::ostream& out);

// One event as a single JSON line (no trailing newline), fields in SCHEMA.md order.
std::string ToJsonLine(const Event& event);

// The inverse, for the store and tests.
Result<Event> EventFromJson(std::string_view json);

}  // namespace sitrep::exporter
