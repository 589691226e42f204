// The output record: one conflict event in ACLED's terms (SCHEMA.md, "Output: an event").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sitrep {

// Where a field's value came from. Offsets count Unicode code points (as Python's str
// does) into the article's original `text`, so text == article.text[start:end].
struct Evidence {
  std::string field;
  int64_t start = 0;
  int64_t end = 0;
  std::string text;
  std::string article_id = {};  // the article the offsets point into; empty = the event's only one
};

// One source's account of the event; conflicting figures stay side by side.
struct Claim {
  std::string source;
  std::string claim;  // "responsibility" | "report" | "denial"
  std::optional<int> fatalities;
  std::optional<int> injuries;
  std::string text;             // the sentence fragment the claim came from
  std::string article_id = {};  // the article that carried it; empty = the event's only one
};

struct Event {
  std::string event_id;  // stable content hash
  std::vector<std::string> article_ids;
  std::string event_date;      // "YYYY-MM-DD", empty = unknown (null)
  std::string date_precision;  // "day" | "week" | "month" | "year"
  std::string disorder_type;
  std::string event_type;
  std::string sub_event_type;
  std::string actor1, actor2;
  std::string assoc_actor_1, assoc_actor_2;  // "; "-separated
  int inter1 = 0, inter2 = 0;                // ACLED actor-type codes, 0 = none
  std::string civilian_targeting;            // "Civilian targeting" or ""
  int iso = 0;                               // ISO 3166 numeric country code
  std::string region, country, admin1, admin2, admin3, location;
  std::optional<double> latitude, longitude;
  int geo_precision = 3;
  std::optional<int> fatalities, fatalities_low, fatalities_high, injuries;
  std::vector<std::string> sources;
  std::string source_scale;
  std::vector<Claim> claims;
  std::string notes;
  std::vector<Evidence> evidence;
  std::string published;  // the article's publication date used for resolution
  bool published_inferred = false;
  std::string cameo, plover;
  int64_t timestamp = 0;  // Unix seconds of the last update (set by the store)
};

// ACLED's time_precision code: day 1, week 2, month and year 3.
int TimePrecisionCode(const std::string& date_precision);

}  // namespace sitrep
