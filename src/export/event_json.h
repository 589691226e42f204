// Events as JSON (SCHEMA.md field order), shared by the JSONL, GeoJSON and CSV writers.
// ToJsonLine and EventFromJson (sitrep/writer.h) are implemented here too.
#pragma once

#include <vector>

#include "export/json_writer.h"
#include "sitrep/event.h"

namespace sitrep::exporter {

// At most 5 decimals (about 1 m), as ACLED and Kepler expect.
double RoundCoordinate(double v);

// Whether the event has a real position: finite, in range, and not (0, 0), which is an
// ungeocoded place, never a real one ("Null Island"). Writers put null otherwise.
bool HasCoordinates(const Event& e);

// The event as one JSON object; then the claims and the evidence as JSON arrays.
void WriteEventJson(const Event& e, JsonWriter& w);
void WriteClaimsJson(const std::vector<Claim>& claims, JsonWriter& w);
void WriteEvidenceJson(const std::vector<Evidence>& evidence, JsonWriter& w);

}  // namespace sitrep::exporter
