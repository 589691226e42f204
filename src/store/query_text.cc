// EventQuery from text (sitrep/query.h): one parser for the command line and the server.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "sitrep/query.h"

namespace sitrep {
namespace {

constexpr size_t kMaxValueBytes = 1000;

Status Bad(const std::string& name, QueryNaming naming, const std::string& value,
           const std::string& why) {
  return Status::InvalidInput(QueryFieldLabel(name, naming) + ": \"" + value + "\" " + why);
}

bool ParseWhole(const std::string& s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// "a,b,c" -> exactly `n` finite numbers, or why not.
std::string ParseNumbers(const std::string& s, size_t n, std::vector<double>* out) {
  out->clear();
  for (size_t b = 0; b <= s.size();) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    const std::string part = s.substr(b, e - b);
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0') return "has \"" + part + "\" where a number belongs";
    if (!std::isfinite(v)) return "has a number that is not finite";
    out->push_back(v);
    b = e + 1;
  }
  if (out->size() != n)
    return "has " + std::to_string(out->size()) + " numbers, not " + std::to_string(n);
  return "";
}

std::string OutOf(const char* what, double v, const char* range) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return std::string("has ") + what + " " + buf + " out of range (" + range + ")";
}

std::string CheckLatitude(const char* what, double v) {
  return std::abs(v) > 90 ? OutOf(what, v, "-90..90") : "";
}
std::string CheckLongitude(const char* what, double v) {
  return std::abs(v) > 180 ? OutOf(what, v, "-180..180") : "";
}

Status ApplyField(const std::string& name, const std::string& value, QueryNaming naming,
                  EventQuery* q) {
  auto bad = [&](const std::string& why) { return Bad(name, naming, value, why); };
  std::vector<double> v;
  if (name == "from" || name == "to") {
    if (std::string why = CheckIsoDate(value); !why.empty()) return bad(why);
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
    if (std::string why = ParseNumbers(value, 4, &v); !why.empty())
      return bad(why + " (wants MIN_LON,MIN_LAT,MAX_LON,MAX_LAT)");
    for (std::string why :
         {CheckLongitude("minimum longitude", v[0]), CheckLatitude("minimum latitude", v[1]),
          CheckLongitude("maximum longitude", v[2]), CheckLatitude("maximum latitude", v[3])})
      if (!why.empty()) return bad(why);
    if (v[1] > v[3]) return bad("has its minimum latitude above its maximum");
    q->bbox = EventQuery::Box{v[0], v[1], v[2], v[3]};
  } else if (name == "near") {
    if (std::string why = ParseNumbers(value, 3, &v); !why.empty())
      return bad(why + " (wants LAT,LON,KM)");
    for (std::string why : {CheckLatitude("latitude", v[0]), CheckLongitude("longitude", v[1])})
      if (!why.empty()) return bad(why);
    if (v[2] <= 0) return bad(OutOf("radius", v[2], "KM > 0"));
    q->near = EventQuery::Circle{v[0], v[1], v[2]};
  } else if (name == "since") {
    int64_t t = 0;
    if (!ParseUnixTime(value, &t))
      return bad("is not YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds");
    q->updated_since = t;
  } else if (name == "limit" || name == "offset") {
    int64_t n = 0;
    if (!ParseWhole(value, &n) || n < 0)
      return bad("is not a whole number from 0 to " + std::to_string(INT64_MAX));
    (name == "limit" ? q->limit : q->offset) = n;
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& EventQueryFieldNames() {
  static const std::vector<std::string> kNames = {"from",     "to",    "country", "admin1", "type",
                                                  "sub_type", "actor", "text",    "bbox",   "near",
                                                  "since",    "limit", "offset"};
  return kNames;
}

bool IsEventQueryListField(const std::string& name) {
  return name == "country" || name == "admin1" || name == "type" || name == "sub_type";
}

std::string QueryFieldLabel(const std::string& name, QueryNaming naming) {
  if (naming == QueryNaming::kParameter) return "parameter \"" + name + "\"";
  std::string option = "--" + name;
  for (char& c : option)
    if (c == '_') c = '-';
  return option;
}

Result<EventQuery> ParseEventQuery(const std::multimap<std::string, std::string>& fields,
                                   QueryNaming naming) {
  const auto& names = EventQueryFieldNames();
  for (auto it = fields.begin(); it != fields.end(); it = fields.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      return Status::InvalidInput("unknown " + QueryFieldLabel(name, naming) + " (known: " + known +
                                  ")");
    }
    if (!IsEventQueryListField(name) && fields.count(name) > 1)
      return Status::InvalidInput(QueryFieldLabel(name, naming) + " is given more than once");
  }
  EventQuery q;
  for (const auto& [name, value] : fields) {
    if (value.size() > kMaxValueBytes)
      return Status::InvalidInput(QueryFieldLabel(name, naming) + " is longer than " +
                                  std::to_string(kMaxValueBytes) + " bytes");
    if (value.empty()) continue;  // not given
    SITREP_RETURN_IF_ERROR(ApplyField(name, value, naming, &q));
  }
  if (!q.date_from.empty() && !q.date_to.empty() && q.date_from > q.date_to)
    return Status::InvalidInput(QueryFieldLabel("from", naming) + " (" + q.date_from +
                                ") is after " + QueryFieldLabel("to", naming) + " (" + q.date_to +
                                ")");
  return q;
}

std::string CheckIsoDate(const std::string& date) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (date[i] < '0' || date[i] > '9') return false;
    return true;
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !digits(0, 4) || !digits(5, 2) ||
      !digits(8, 2))
    return "is not a date in the form YYYY-MM-DD";
  const int year = std::stoi(date.substr(0, 4));
  const int month = std::stoi(date.substr(5, 2));
  const int day = std::stoi(date.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap))
    return "is not a calendar date";
  return "";
}

bool ParseUnixTime(const std::string& s, int64_t* out) {
  if (ParseWhole(s, out)) return *out >= 0;
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
  return *out >= 0;
}

}  // namespace sitrep
