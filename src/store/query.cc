// Helpers every back end uses the same way, so SQLite and PostgreSQL answer a query alike.
#include <cmath>

#include "merge/merge_internal.h"
#include "store/backend.h"
#include "util/text.h"

namespace sitrep::store {

std::string LowerAscii(const std::string& s) { return AsciiLowerCopy(s); }

std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "\n" : "") + items[i];
  return out;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  for (size_t b = 0; b < s.size();) {
    size_t e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

std::string ActorText(const Event& e) {
  return LowerAscii(e.actor1 + "\n" + e.actor2 + "\n" + e.assoc_actor_1 + "\n" + e.assoc_actor_2);
}

std::string SearchText(const Event& e) {
  std::string s = e.notes + "\n" + e.location + "\n" + e.admin1 + "\n" + e.admin2 + "\n" +
                  e.admin3 + "\n" + e.country + "\n" + e.actor1 + "\n" + e.actor2 + "\n" +
                  e.assoc_actor_1 + "\n" + e.assoc_actor_2;
  for (const auto& src : e.sources) s += "\n" + src;
  return LowerAscii(s);
}

int DateClassOf(const Event& e) { return static_cast<int>(merge::KeyOf(e).cls); }
int64_t DateKeyOf(const Event& e) { return merge::KeyOf(e).day; }

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  return merge::DistanceKm(lat1, lon1, lat2, lon2);
}

EventQuery::Box CircleBox(const EventQuery::Circle& c) {
  // 111.19 km per degree of latitude on the sphere; a little slack for rounding.
  const double dlat = c.radius_km / 111.0 + 1e-6;
  const double coslat = std::cos(c.lat * M_PI / 180.0);
  const double dlon =
      coslat > 1e-6 ? std::min(180.0, c.radius_km / (111.0 * coslat) + 1e-6) : 180.0;
  EventQuery::Box b;
  b.min_lat = std::max(-90.0, c.lat - dlat);
  b.max_lat = std::min(90.0, c.lat + dlat);
  if (dlon >= 180.0 || b.min_lat <= -90.0 || b.max_lat >= 90.0) {
    b.min_lon = -180.0, b.max_lon = 180.0;
  } else {
    b.min_lon = c.lon - dlon, b.max_lon = c.lon + dlon;
    if (b.min_lon < -180.0) b.min_lon += 360.0;  // then min_lon > max_lon: crosses 180°
    if (b.max_lon > 180.0) b.max_lon -= 360.0;
  }
  return b;
}

}  // namespace sitrep::store

namespace sitrep::store {

namespace {

class WhereBuilder {
 public:
  explicit WhereBuilder(Dialect d) : d_(d) {}
  std::string Param(SqlValue v) {
    out_.params.push_back(std::move(v));
    return (d_ == Dialect::kPostgres ? "$" : "?") + std::to_string(out_.params.size());
  }
  void Add(const std::string& condition) {
    out_.sql += (out_.sql.empty() ? " WHERE " : " AND ") + condition;
  }
  // column equals any of `values`, ignoring ASCII case.
  void AnyOf(const char* column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string c = "(";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) c += " OR ";
      c += d_ == Dialect::kPostgres
               ? "lower(" + std::string(column) + ") = " + Param(LowerAscii(values[i]))
               : std::string(column) + " = " + Param(values[i]) + " COLLATE NOCASE";
    }
    Add(c + ")");
  }
  void Contains(const char* column, const std::string& needle) {
    if (needle.empty()) return;
    const std::string p = Param(LowerAscii(needle));
    Add(d_ == Dialect::kPostgres ? "strpos(" + std::string(column) + ", " + p + ") > 0"
                                 : "instr(" + std::string(column) + ", " + p + ") > 0");
  }
  void Box(const EventQuery::Box& b) {
    if (d_ == Dialect::kPostgres) {  // the spatial index narrows; the columns decide, as in SQLite
      auto envelope = [&](double min_lon, double max_lon) {
        return "geom && ST_MakeEnvelope(" + Param(min_lon) + ", " + Param(b.min_lat) + ", " +
               Param(max_lon) + ", " + Param(b.max_lat) + ", 4326)";
      };
      Add(b.min_lon <= b.max_lon
              ? envelope(b.min_lon, b.max_lon)
              : "(" + envelope(b.min_lon, 180) + " OR " + envelope(-180, b.max_lon) + ")");
    }
    Add("latitude BETWEEN " + Param(b.min_lat) + " AND " + Param(b.max_lat));
    if (b.min_lon <= b.max_lon) {
      Add("longitude BETWEEN " + Param(b.min_lon) + " AND " + Param(b.max_lon));
    } else {  // crosses the antimeridian
      Add("(longitude >= " + Param(b.min_lon) + " OR longitude <= " + Param(b.max_lon) + ")");
    }
  }
  WhereClause Done() { return std::move(out_); }
  Dialect dialect() const { return d_; }

 private:
  Dialect d_;
  WhereClause out_;
};

}  // namespace

Status CheckQuery(const EventQuery& q) {
  for (const std::string* d : {&q.date_from, &q.date_to})
    if (!d->empty() && !merge::DayNumber(*d))
      return Status::InvalidInput("date \"" + *d + "\" is not YYYY-MM-DD");
  auto lat_ok = [](double v) { return v >= -90 && v <= 90; };
  auto lon_ok = [](double v) { return v >= -180 && v <= 180; };
  if (q.bbox && (!lat_ok(q.bbox->min_lat) || !lat_ok(q.bbox->max_lat) || !lon_ok(q.bbox->min_lon) ||
                 !lon_ok(q.bbox->max_lon) || q.bbox->min_lat > q.bbox->max_lat))
    return Status::InvalidInput("bounding box must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT in degrees");
  if (q.near && (!lat_ok(q.near->lat) || !lon_ok(q.near->lon) || !(q.near->radius_km > 0)))
    return Status::InvalidInput("radius must be LAT,LON,KM with KM > 0");
  if (q.limit < 0 || q.offset < 0) return Status::InvalidInput("limit and offset must be >= 0");
  return Status::Ok();
}

WhereClause BuildWhere(const EventQuery& q, Dialect d) {
  WhereBuilder w(d);
  if (!q.date_from.empty()) w.Add("event_date >= " + w.Param(q.date_from));
  if (!q.date_to.empty()) w.Add("event_date <= " + w.Param(q.date_to));
  w.AnyOf("country", q.countries);
  w.AnyOf("admin1", q.admin1s);
  w.AnyOf("event_type", q.event_types);
  w.AnyOf("sub_event_type", q.sub_event_types);
  w.Contains("actors", q.actor);
  w.Contains("search", q.text);
  if (q.bbox) w.Box(*q.bbox);
  if (q.near) {
    w.Box(CircleBox(*q.near));  // the index narrows; the distance decides
    if (d == Dialect::kPostgres) {
      w.Add("ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(" + w.Param(q.near->lon) + ", " +
            w.Param(q.near->lat) + "), 4326)::geography, " + w.Param(q.near->radius_km * 1000.0) +
            ", false)");
    } else {
      w.Add("sitrep_km(latitude, longitude, " + w.Param(q.near->lat) + ", " + w.Param(q.near->lon) +
            ") <= " + w.Param(q.near->radius_km));
    }
  }
  if (q.updated_since > 0) w.Add("updated_at >= " + w.Param(q.updated_since));
  return w.Done();
}

}  // namespace sitrep::store
