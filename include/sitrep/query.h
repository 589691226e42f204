// An EventQuery (sitrep/store.h) from text: the filters and paging of `sitrep events`
// (options) and of the server's /api/events and /api/stats (query parameters), parsed one
// way for both. Every problem is an error naming the field the way its front-end spells it
// (`--near` or `parameter "near"`), the value and what is wrong with it. Implemented in
// src/store/query_text.cc.
//
//   std::multimap<std::string, std::string> fields = {{"country", "Syria"}, {"near",
//   "32.6,36.1,25"}}; auto q = sitrep::ParseEventQuery(fields, sitrep::QueryNaming::kOption);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep {

// How errors name a field: `--sub-type` (a command-line option) or `parameter "sub_type"`.
enum class QueryNaming { kOption, kParameter };

// The field names, as query parameters: from, to, country, admin1, type, sub_type, actor,
// text, bbox, near, since, limit, offset. Options are the same with '-' for '_'.
const std::vector<std::string>& EventQueryFieldNames();
// country, admin1, type and sub_type may be given several times (any of them matches).
bool IsEventQueryListField(const std::string& name);

// Parses every field into one query. An empty value means "not given". Unknown names, a
// single-valued field given twice, malformed or out-of-range values and `from` after `to`
// are errors. limit and offset are whole numbers >= 0 (0 = no limit).
Result<EventQuery> ParseEventQuery(const std::multimap<std::string, std::string>& fields,
                                   QueryNaming naming);

// How a field is named in errors under `naming`.
std::string QueryFieldLabel(const std::string& name, QueryNaming naming);

// "" when `date` is a calendar day written YYYY-MM-DD, else why not.
std::string CheckIsoDate(const std::string& date);
// "2026-11-29", "2026-11-29T10:00:00Z" (UTC) or Unix seconds (>= 0) -> Unix seconds.
bool ParseUnixTime(const std::string& text, int64_t* seconds);

}  // namespace sitrep
