// Output writers: JSONL (SCHEMA.md), ACLED CSV (ACLED's 31 columns in ACLED's order, then
// sitrep's extras) and GeoJSON FeatureCollection. Writers stream: Begin, Write*, End.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

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

struct WriterOptions {
  // ACLED's spelling of an admin1 name for the CSV ("Daraa" -> "Dar'a"), given the
  // country's ISO alpha-2 code and sitrep's admin1; empty function = sitrep's names.
  std::function<std::string(std::string_view iso2, std::string_view admin1)> acled_admin1;
};

// `out` must outlive the writer.
std::unique_ptr<Writer> MakeWriter(Format format, std::ostream& out,
                                   const WriterOptions& options = {});

// One event as a single JSON line (no trailing newline), fields in SCHEMA.md order.
std::string ToJsonLine(const Event& event);

// The inverse, for the store and tests.
Result<Event> EventFromJson(std::string_view json);

}  // namespace sitrep::exporter

namespace sitrep::exporter {

// ISO 3166 codes of one country, for ACLED's `iso`, `region` and `event_id_cnty`.
struct CountryCodes {
  int numeric = 0;
  std::string_view iso2, iso3, name, region;  // region as ACLED names it ("Middle East")
};

// Looks a country up by ISO numeric code, then by English name (ASCII case-insensitive).
// Returns nullptr when the country is not in the built-in table of conflict theatres.
const CountryCodes* FindCountry(int iso_numeric, std::string_view name);

// ACLED's interaction code: the two inter codes, lower first ("13"); one actor gives
// inter*10 ("10"); 0 when neither actor has a code.
int InteractionCode(int inter1, int inter2);

// ACLED CSV `event_id_cnty`: ISO3 (or "XXX" when unknown) + the first 8 characters of event_id.
std::string EventIdCnty(const Event& event);

// The 31 ACLED columns in ACLED's order, then sitrep's extra columns.
const std::vector<std::string_view>& CsvColumns();

}  // namespace sitrep::exporter
