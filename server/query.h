// The query string of /api/events and /api/stats as a sitrep::EventQuery: the filters of
// `sitrep events`, parsed by the same parser (sitrep/query.h; docs/server.md lists them). Every
// problem is an error that names the parameter and the value; unknown parameters are errors too (a
// typo must not silently widen a query).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep::server {

using Params = std::multimap<std::string, std::string>;

enum class ResponseFormat { kJson, kGeojson, kCsv };

struct EventsRequest {
  EventQuery query;  // limit is the page size plus one (to know whether a next page exists)
  int64_t limit = 0;
  int64_t offset = 0;
  ResponseFormat format = ResponseFormat::kJson;
};

struct PageLimits {
  int64_t default_limit = 1000;
  int64_t max_limit = 50000;
};

// /api/events: filters, limit, offset, format.
Result<EventsRequest> ParseEventsRequest(const Params& params, const PageLimits& limits);
// /api/stats: filters only.
Result<EventQuery> ParseStatsRequest(const Params& params);

}  // namespace sitrep::server
