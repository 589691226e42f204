#include "query.h"

#include <charconv>

#include "sitrep/query.h"

namespace sitrep::server {
namespace {

// Only the filters and paging of sitrep/query.h: `format` is the server's own.
Result<EventQuery> ParseFields(Params params, bool paging) {
  if (!paging) {
    for (const char* name : {"limit", "offset"})
      if (params.count(name))
        return Status::InvalidInput("unknown parameter \"" + std::string(name) + "\"");
  }
  return ParseEventQuery(params, QueryNaming::kParameter);
}

}  // namespace

Result<EventsRequest> ParseEventsRequest(const Params& params, const PageLimits& limits) {
  Params fields = params;
  std::string format;
  if (auto it = fields.find("format"); it != fields.end()) {
    if (fields.count("format") > 1)
      return Status::InvalidInput("parameter \"format\" is given more than once");
    format = it->second;
    fields.erase(it);
  }
  EventsRequest r;
  SITREP_ASSIGN_OR_RETURN(r.query, ParseFields(std::move(fields), /*paging=*/true));
  r.limit = limits.default_limit;
  if (auto it = params.find("limit"); it != params.end() && !it->second.empty()) {
    if (r.query.limit < 1 || r.query.limit > limits.max_limit)
      return Status::InvalidInput("parameter \"limit\": \"" + it->second +
                                  "\" is not a whole number from 1 to " +
                                  std::to_string(limits.max_limit));
    r.limit = r.query.limit;
  }
  r.offset = r.query.offset;
  if (format.empty() || format == "json") {
    r.format = ResponseFormat::kJson;
  } else if (format == "geojson") {
    r.format = ResponseFormat::kGeojson;
  } else if (format == "csv") {
    r.format = ResponseFormat::kCsv;
  } else {
    return Status::InvalidInput("parameter \"format\": \"" + format +
                                "\" is not one of json, geojson, csv");
  }
  r.query.limit = r.limit + 1;
  return r;
}

Result<EventQuery> ParseStatsRequest(const Params& params) {
  return ParseFields(params, /*paging=*/false);
}

}  // namespace sitrep::server
