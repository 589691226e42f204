// Pieces of the merge rule shared by its files (compare, cluster, combine) and the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/event.h"
#include "sitrep/merge.h"

namespace sitrep::merge {

// ACLED's date precisions as the rule uses them; kNone = no date (never merges).
enum class DateClass { kDay = 0, kWeek = 1, kMonth = 2, kYear = 3, kNone = 4 };

// Days since 1970-01-01 of "YYYY-MM-DD"; nullopt when malformed.
std::optional<int64_t> DayNumber(std::string_view iso_date);

// The day a report is filed under for candidate lookups: its date (day, week), the first day
// of its month or year. Candidates of a report lie in the ranges CandidateRange gives.
struct DateKey {
  DateClass cls = DateClass::kNone;
  int64_t day = 0;
};
DateKey KeyOf(const Event& report);

// The [lo, hi] range of keys of class `other` that may match `key`; false when none can.
bool CandidateRange(const DateKey& key, DateClass other, int64_t* lo, int64_t* hi);

// Great-circle distance in km on PostGIS's sphere (radius 6371008.7714 m), so SQLite and
// PostgreSQL agree on every radius query.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

bool HasPlace(const Event& e);

// What CompareReports reads of a report, but for its ids: reports alike in all of it (one
// story copied by many outlets) match the same reports, bar those of their own article.
std::string Signature(const Event& e);

}  // namespace sitrep::merge
