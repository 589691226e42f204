#include "query.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <set>
#include <vector>

namespace sitrep::server {
namespace {

constexpr size_t kMaxValueBytes = 1000;

const std::set<std::string>& FilterNames() {
  static const std::set<std::string> kNames = {"from", "to",       "country", "admin1",
                                               "type", "sub_type", "actor",   "text",
                                               "bbox", "near",     "since"};
  return kNames;
}

bool IsListParam(const std::string& name) {
  return name == "country" || name == "admin1" || name == "type" || name == "sub_type";
}

Status Bad(const std::string& name, const std::string& value, const std::string& why) {
  return Status::InvalidInput("parameter \"" + name + "\": \"" + value + "\" " + why);
}

// "a,b,c" -> exactly `n` finite numbers.
bool ParseNumbers(const std::string& s, size_t n, std::vector<double>* out) {
  out->clear();
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    std::string part = s.substr(b, e - b);
    char* end = nullptr;
    double v = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || !std::isfinite(v)) return false;
    out->push_back(v);
    b = e + 1;
  }
  return out->size() == n;
}

bool ParseInt(const std::string& s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Checks every name against `allowed` and that single-valued ones come once.
Status CheckNames(const Params& params, const std::set<std::string>& allowed) {
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (!allowed.count(name)) {
      std::string known;
      for (const auto& n : allowed) known += (known.empty() ? "" : ", ") + n;
      return Status::InvalidInput("unknown parameter \"" + name + "\" (known: " + known + ")");
    }
    if (!IsListParam(name) && params.count(name) > 1)
      return Status::InvalidInput("parameter \"" + name + "\" is given more than once");
  }
  for (const auto& [name, value] : params) {
    if (value.size() > kMaxValueBytes)
      return Status::InvalidInput("parameter \"" + name + "\" is longer than " +
                                  std::to_string(kMaxValueBytes) + " bytes");
  }
  return Status::Ok();
}

Status ApplyFilter(const std::string& name, const std::string& value, EventQuery* q) {
  std::vector<double> v;
  if (name == "from" || name == "to") {
    if (std::string why = CheckIsoDate(value); !why.empty()) return Bad(name, value, why);
    (name == "from" ? q->date_from : q->date_to) = value;
  } else if (name == "country") {
    q->countries.push_back(value);
  } else if (name == "admin1") {
    q->admin1s.push_back(value);
  } else if (name == "type") {
    q->event_types.push_back(value);
  } else if (name == "sub_type") {
    q->sub_event_types.push_back(value);
  } else if (name == "actor") {
    q->actor = value;
  } else if (name == "text") {
    q->text = value;
  } else if (name == "bbox") {
    if (!ParseNumbers(value, 4, &v))
      return Bad(name, value, "is not MIN_LON,MIN_LAT,MAX_LON,MAX_LAT");
    if (std::abs(v[0]) > 180 || std::abs(v[2]) > 180 || std::abs(v[1]) > 90 ||
        std::abs(v[3]) > 90 || v[1] > v[3])
      return Bad(name, value,
                 "is out of range (longitudes -180..180, latitudes -90..90, "
                 "MIN_LAT <= MAX_LAT)");
    q->bbox = EventQuery::Box{v[0], v[1], v[2], v[3]};
  } else if (name == "near") {
    if (!ParseNumbers(value, 3, &v)) return Bad(name, value, "is not LAT,LON,KM");
    if (std::abs(v[0]) > 90 || std::abs(v[1]) > 180 || v[2] <= 0)
      return Bad(name, value, "is out of range (latitude -90..90, longitude -180..180, KM > 0)");
    q->near = EventQuery::Circle{v[0], v[1], v[2]};
  } else if (name == "since") {
    int64_t t = 0;
    if (!ParseTime(value, &t) || t < 0)
      return Bad(name, value, "is not YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds");
    q->updated_since = t;
  }
  return Status::Ok();
}

Result<EventQuery> ParseFilters(const Params& params) {
  EventQuery q;
  for (const auto& [name, value] : params) {
    if (value.empty() || !FilterNames().count(name)) continue;  // empty: not given
    SITREP_RETURN_IF_ERROR(ApplyFilter(name, value, &q));
  }
  if (!q.date_from.empty() && !q.date_to.empty() && q.date_from > q.date_to)
    return Status::InvalidInput("parameter \"from\" (" + q.date_from + ") is after \"to\" (" +
                                q.date_to + ")");
  return q;
}

}  // namespace

std::string CheckIsoDate(const std::string& date) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (date[i] < '0' || date[i] > '9') return false;
    }
    return true;
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !digits(0, 4) || !digits(5, 2) ||
      !digits(8, 2)) {
    return "is not a date in the form YYYY-MM-DD";
  }
  int year = std::stoi(date.substr(0, 4));
  int month = std::stoi(date.substr(5, 2));
  int day = std::stoi(date.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap)) {
    return "is not a calendar date";
  }
  return "";
}

bool ParseTime(const std::string& s, int64_t* out) {
  if (ParseInt(s, out)) return true;
  if (s.size() < 10 || !CheckIsoDate(s.substr(0, 10)).empty()) return false;
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%d", &tm);
  if (!rest) return false;
  if (*rest == 'T' || *rest == ' ') {
    rest = strptime(rest + 1, "%H:%M:%S", &tm);
    if (!rest) return false;
    if (*rest == 'Z') ++rest;
  }
  if (*rest != '\0') return false;
  *out = static_cast<int64_t>(timegm(&tm));
  return true;
}

Result<EventsRequest> ParseEventsRequest(const Params& params, const PageLimits& limits) {
  std::set<std::string> allowed = FilterNames();
  allowed.insert({"limit", "offset", "format"});
  SITREP_RETURN_IF_ERROR(CheckNames(params, allowed));
  EventsRequest r;
  SITREP_ASSIGN_OR_RETURN(r.query, ParseFilters(params));
  r.limit = limits.default_limit;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    if (name == "limit") {
      if (!ParseInt(value, &r.limit) || r.limit < 1 || r.limit > limits.max_limit)
        return Bad(name, value,
                   "is not a whole number from 1 to " + std::to_string(limits.max_limit));
    } else if (name == "offset") {
      if (!ParseInt(value, &r.offset) || r.offset < 0)
        return Bad(name, value, "is not a whole number >= 0");
    } else if (name == "format") {
      if (value == "json")
        r.format = ResponseFormat::kJson;
      else if (value == "geojson")
        r.format = ResponseFormat::kGeojson;
      else if (value == "csv")
        r.format = ResponseFormat::kCsv;
      else
        return Bad(name, value, "is not one of json, geojson, csv");
    }
  }
  r.query.limit = r.limit + 1;
  r.query.offset = r.offset;
  return r;
}

Result<EventQuery> ParseStatsRequest(const Params& params) {
  SITREP_RETURN_IF_ERROR(CheckNames(params, FilterNames()));
  return ParseFilters(params);
}

}  // namespace sitrep::server
