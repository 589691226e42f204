// When two reports are one incident (docs/merge.md, "Which reports merge"). Every test is
// a function of the two reports alone, so the clustering built on it does not depend on the
// order reports arrive in.
#include <algorithm>
#include <cmath>
#include <string>

#include "merge/merge_internal.h"

namespace sitrep::merge {

namespace {

// Days from civil date (Howard Hinnant's algorithm), proleptic Gregorian.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Sub-event types that outlets use for one act: a bomber who "blew himself up" and "an
// explosion"; a protest the police broke up or not; a riot as mob or demonstration.
int SubTypeGroup(const std::string& s) {
  if (s == "Suicide bomb" || s == "Remote explosive/landmine/IED" || s == "Grenade") return 1;
  if (s == "Peaceful protest" || s == "Protest with intervention" ||
      s == "Excessive force against protesters")
    return 2;
  if (s == "Violent demonstration" || s == "Mob violence") return 3;
  return 0;
}

bool Generic(const std::string& actor) {
  return actor.empty() || actor.rfind("Unidentified", 0) == 0;
}

bool ActorsAgree(const std::string& a, const std::string& b) {
  return Generic(a) || Generic(b) || a == b;
}

bool ShareArticle(const Event& a, const Event& b) {
  for (const auto& x : a.article_ids)
    if (std::find(b.article_ids.begin(), b.article_ids.end(), x) != b.article_ids.end())
      return true;
  return false;
}

MergeVerdict No(std::string reason) { return {false, 0, std::move(reason)}; }

}  // namespace

std::optional<int64_t> DayNumber(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  if (!Digits(iso.substr(0, 4)) || !Digits(iso.substr(5, 2)) || !Digits(iso.substr(8, 2)))
    return std::nullopt;
  const int64_t y = std::stoi(std::string(iso.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(iso.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(iso.substr(8, 2))));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

DateKey KeyOf(const Event& e) {
  auto day = DayNumber(e.event_date);
  if (!day) return {};
  const std::string& p = e.date_precision;
  if (p == "day") return {DateClass::kDay, *day};
  if (p == "week") return {DateClass::kWeek, *day};
  const int64_t y = std::stoi(e.event_date.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(e.event_date.substr(5, 2)));
  if (p == "month") return {DateClass::kMonth, DaysFromCivil(y, m, 1)};
  if (p == "year") return {DateClass::kYear, DaysFromCivil(y, 1, 1)};
  return {};
}

// A week-precision date is the day the report was written about: the incident fell in the
// seven days up to it. Month and year dates match only their own kind, in the same period.
bool CandidateRange(const DateKey& key, DateClass other, int64_t* lo, int64_t* hi) {
  using C = DateClass;
  switch (key.cls) {
    case C::kDay:
      if (other == C::kDay) return *lo = key.day, *hi = key.day, true;
      if (other == C::kWeek) return *lo = key.day, *hi = key.day + 6, true;
      return false;
    case C::kWeek:
      if (other == C::kDay) return *lo = key.day - 6, *hi = key.day, true;
      if (other == C::kWeek) return *lo = key.day - 6, *hi = key.day + 6, true;
      return false;
    case C::kMonth:
    case C::kYear:
      if (other == key.cls) return *lo = key.day, *hi = key.day, true;
      return false;
    case C::kNone:
      return false;
  }
  return false;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadiusKm = 6371.0087714;
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::string Signature(const Event& e) {
  auto opt = [](const std::optional<double>& v) { return v ? std::to_string(*v) : "-"; };
  return e.country + "|" + e.admin1 + "|" + e.event_date + "|" + e.date_precision + "|" +
         std::to_string(e.geo_precision) + "|" + opt(e.latitude) + "|" + opt(e.longitude) + "|" +
         e.location + "|" + e.event_type + "|" + e.sub_event_type + "|" + e.actor1 + "|" +
         e.actor2 + "|" + (e.fatalities ? std::to_string(*e.fatalities) : "-");
}

bool HasPlace(const Event& e) {
  return e.latitude && e.longitude && !(*e.latitude == 0 && *e.longitude == 0);
}

}  // namespace sitrep::merge

namespace sitrep {

using merge::DateClass;

std::string MergeBlockKey(const Event& e) {
  if (e.country.empty() || e.admin1.empty()) return "";
  return e.country + "|" + e.admin1;
}

MergeVerdict CompareReports(const Event& a, const Event& b, const MergeOptions& options) {
  const std::string key = MergeBlockKey(a);
  if (key.empty() || key != MergeBlockKey(b)) return merge::No("different or unknown province");
  if (merge::ShareArticle(a, b)) return merge::No("same article");

  // When: the same day, or overlapping weeks, or the same month or year.
  const merge::DateKey ka = merge::KeyOf(a), kb = merge::KeyOf(b);
  int64_t lo = 0, hi = 0;
  if (ka.cls == DateClass::kNone || kb.cls == DateClass::kNone) return merge::No("no date");
  if (!merge::CandidateRange(ka, kb.cls, &lo, &hi) || kb.day < lo || kb.day > hi)
    return merge::No("dates apart");
  const bool both_days = ka.cls == DateClass::kDay && kb.cls == DateClass::kDay;

  // Where: the same place (5 km), near it (25 km) when either says "near"; a report that
  // names only the province matches a place in it only on the same day.
  double km = -1;
  const int coarsest = std::max(a.geo_precision, b.geo_precision);
  if (merge::HasPlace(a) && merge::HasPlace(b) && coarsest <= 2) {
    km = merge::DistanceKm(*a.latitude, *a.longitude, *b.latitude, *b.longitude);
    const double limit = coarsest <= 1 ? options.same_place_km : options.near_place_km;
    if (km > limit) return merge::No("places " + std::to_string(static_cast<int>(km)) + " km apart");
  }
  const bool precise_place = km >= 0 && km <= options.same_place_km;
  if (!both_days && !precise_place) return merge::No("neither the day nor the place is exact");
  if (km < 0 && !both_days) return merge::No("province only, not the same day");

  // What and who.
  if (a.event_type != b.event_type) return merge::No("event types differ");
  const bool same_sub = a.sub_event_type == b.sub_event_type;
  if (!same_sub && (merge::SubTypeGroup(a.sub_event_type) == 0 ||
                    merge::SubTypeGroup(a.sub_event_type) != merge::SubTypeGroup(b.sub_event_type)))
    return merge::No("sub-event types differ");
  bool actors = merge::ActorsAgree(a.actor1, b.actor1) && merge::ActorsAgree(a.actor2, b.actor2);
  if (!actors && a.event_type == "Battles")  // who attacked whom is told both ways
    actors = merge::ActorsAgree(a.actor1, b.actor2) && merge::ActorsAgree(a.actor2, b.actor1);
  if (!actors) return merge::No("actors differ");

  // How many: one story, or two.
  if (a.fatalities && b.fatalities) {
    const int lo_f = std::min(*a.fatalities, *b.fatalities);
    const int hi_f = std::max(*a.fatalities, *b.fatalities);
    if (hi_f > 2 * lo_f + options.fatalities_slack) return merge::No("fatalities differ");
  }

  MergeVerdict v{true, 10, ""};
  v.reason = both_days ? "same day" : "overlapping dates";
  if (km >= 0) {
    v.score -= km / 5;
    v.reason += ", " + std::to_string(static_cast<int>(std::lround(km))) + " km";
  } else {
    v.reason += ", same province";
  }
  if (a.location == b.location) v.score += 3;
  if (both_days) v.score += 2;
  if (same_sub) v.score += 2, v.reason += ", same sub-type";
  if (!merge::Generic(a.actor1) && a.actor1 == b.actor1) v.score += 2;
  if (!merge::Generic(a.actor2) && a.actor2 == b.actor2) v.score += 1;
  if (a.fatalities && a.fatalities == b.fatalities) v.score += 1;
  return v;
}

}  // namespace sitrep
