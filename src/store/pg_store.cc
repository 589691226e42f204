// The PostgreSQL back end (PostGIS), built when libpqxx is found: the tables of
// src/store/backend.h, plus a geometry column with a GiST index for bounding-box and
// radius queries in SQL. Text columns sort and compare as "C" (bytes), as in SQLite, so
// both back ends return events in the same order.
#include "store/backend.h"

#ifdef SITREP_HAVE_PQXX

#include <algorithm>
#include <cstdio>
#include <pqxx/pqxx>

#include "sitrep/writer.h"
#include "util/text.h"

namespace sitrep::store {

namespace {

constexpr const char* kFormat = "sitrep-store-2";

constexpr const char* kSchema = R"sql(
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS sitrep_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO sitrep_meta(key, value) VALUES('format', 'sitrep-store-2') ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS articles(
  id TEXT COLLATE "C" PRIMARY KEY, text_hash TEXT NOT NULL, published TEXT, publisher TEXT,
  url TEXT, title TEXT, lang TEXT, text TEXT NOT NULL, ingested_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS reports(
  report_id TEXT COLLATE "C" PRIMARY KEY, article_id TEXT COLLATE "C" NOT NULL,
  event_id TEXT COLLATE "C", json TEXT NOT NULL, published TEXT COLLATE "C",
  event_date TEXT COLLATE "C", date_precision TEXT, date_class INT, date_key BIGINT,
  country TEXT COLLATE "C", admin1 TEXT COLLATE "C", location TEXT, latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION, geo_precision INT, event_type TEXT, sub_event_type TEXT,
  actor1 TEXT, actor2 TEXT, fatalities INT, fatalities_low INT, fatalities_high INT,
  injuries INT, sources TEXT);
CREATE INDEX IF NOT EXISTS reports_block ON reports(country, admin1, date_class, date_key);
CREATE INDEX IF NOT EXISTS reports_by_article ON reports(article_id);
CREATE INDEX IF NOT EXISTS reports_by_event ON reports(event_id);
CREATE TABLE IF NOT EXISTS events(
  event_id TEXT COLLATE "C" PRIMARY KEY, json TEXT NOT NULL, event_date TEXT COLLATE "C",
  event_type TEXT COLLATE "C", sub_event_type TEXT COLLATE "C", country TEXT COLLATE "C",
  admin1 TEXT COLLATE "C", latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
  geom geometry(Point, 4326), fatalities INT, actors TEXT, search TEXT,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
DROP INDEX IF EXISTS events_by_date;
CREATE INDEX IF NOT EXISTS events_by_day ON events(event_date NULLS FIRST, event_id);
CREATE INDEX IF NOT EXISTS events_by_updated ON events(updated_at);
CREATE INDEX IF NOT EXISTS events_by_place ON events(country, admin1);
CREATE INDEX IF NOT EXISTS events_by_latitude ON events(latitude);
CREATE INDEX IF NOT EXISTS events_geom ON events USING GIST(geom);
CREATE TABLE IF NOT EXISTS deleted(
  event_id TEXT COLLATE "C" PRIMARY KEY, merged_into TEXT NOT NULL, deleted_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS deleted_by_time ON deleted(deleted_at);
CREATE TABLE IF NOT EXISTS state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// events_by_day serves the order every query returns events in (event_date NULLS FIRST, as
// SQLite sorts); the index of the first release, events_by_date, sorted NULLs last, so every
// query sorted the whole table (1.2 s for `--limit 1` at a million events) and is dropped.

constexpr const char* kReportColumns =
    "report_id, article_id, coalesce(event_id, ''), published, event_date, date_precision, "
    "country, admin1, location, latitude, longitude, geo_precision, event_type, "
    "sub_event_type, actor1, actor2, fatalities, fatalities_low, fatalities_high, injuries, "
    "sources";

// PostgreSQL text holds neither NUL bytes nor invalid UTF-8; JSON columns are always valid
// (the writer escapes), other copies of event fields are made safe.
std::string Safe(const std::string& s) {
  if (s.find('\0') == std::string::npos && IsValidUtf8(s)) return s;
  std::string out;
  for (char c : s) out += c == '\0' ? ' ' : (static_cast<unsigned char>(c) >= 0x80 ? '?' : c);
  return out;
}

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
std::string OptInt(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }
std::string OptNum(const std::optional<double>& v) { return v ? Num(*v) : ""; }

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

ReportRow ReadReport(const pqxx::row& r, bool with_json) {
  ReportRow out;
  Event& e = out.report;
  e.event_id = Text(r[0]);
  out.article_id = Text(r[1]);
  e.article_ids = {out.article_id};
  out.event_id = Text(r[2]);
  e.published = Text(r[3]);
  e.event_date = Text(r[4]);
  e.date_precision = Text(r[5]);
  e.country = Text(r[6]);
  e.admin1 = Text(r[7]);
  e.location = Text(r[8]);
  if (!r[9].is_null()) e.latitude = r[9].as<double>();
  if (!r[10].is_null()) e.longitude = r[10].as<double>();
  e.geo_precision = r[11].is_null() ? 0 : r[11].as<int>();
  e.event_type = Text(r[12]);
  e.sub_event_type = Text(r[13]);
  e.actor1 = Text(r[14]);
  e.actor2 = Text(r[15]);
  auto opt = [&](int i) { return r[i].is_null() ? std::optional<int>() : r[i].as<int>(); };
  e.fatalities = opt(16);
  e.fatalities_low = opt(17);
  e.fatalities_high = opt(18);
  e.injuries = opt(19);
  e.sources = SplitLines(Text(r[20]));
  if (with_json) out.json = Text(r[21]);
  return out;
}

// "postgresql://user:secret@host/db" -> "postgresql://user@host/db" for messages.
std::string Redacted(const std::string& url) {
  size_t scheme = url.find("://");
  size_t at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

class PgBackend final : public Backend {
 public:
  static Result<std::unique_ptr<Backend>> Open(const std::string& url, const StoreOptions& options);

  const std::string& location() const override { return location_; }

  Status BeginUnit() override { return Run(in_batch_ ? "SAVEPOINT unit" : "BEGIN"); }
  Status CommitUnit() override { return Run(in_batch_ ? "RELEASE SAVEPOINT unit" : "COMMIT"); }
  void RollbackUnit() override {
    (void)Run(in_batch_ ? "ROLLBACK TO SAVEPOINT unit; RELEASE SAVEPOINT unit" : "ROLLBACK");
  }
  Status BeginBatch() override {
    if (in_batch_) return Status::Ok();
    SITREP_RETURN_IF_ERROR(Run("BEGIN"));
    in_batch_ = true;
    return Status::Ok();
  }
  Status CommitBatch() override {
    if (!in_batch_) return Status::Ok();
    in_batch_ = false;
    return Run("COMMIT");
  }

  Status UpsertArticle(const Article& a, const std::string& hash, int64_t now) override {
    return Exec("upsert_article",
                {Safe(a.id), hash, Safe(a.published), Safe(a.publisher), Safe(a.url), Safe(a.title),
                 Safe(a.lang), Safe(a.text), std::to_string(now)});
  }
  Status DeleteArticle(const std::string& id) override {
    return Exec("delete_article", {Safe(id)});
  }
  Result<std::vector<ReportRow>> ArticleReports(const std::string& id) override {
    return Rows("article_reports", {Safe(id)}, true);
  }
  Status InsertReport(const ReportRow& row) override {
    const Event& e = row.report;
    return Exec("insert_report", {Safe(e.event_id),
                                  Safe(row.article_id),
                                  Safe(row.event_id),
                                  row.json,
                                  Safe(e.published),
                                  Safe(e.event_date),
                                  Safe(e.date_precision),
                                  std::to_string(DateClassOf(e)),
                                  std::to_string(DateKeyOf(e)),
                                  Safe(e.country),
                                  Safe(e.admin1),
                                  Safe(e.location),
                                  OptNum(e.latitude),
                                  OptNum(e.longitude),
                                  std::to_string(e.geo_precision),
                                  Safe(e.event_type),
                                  Safe(e.sub_event_type),
                                  Safe(e.actor1),
                                  Safe(e.actor2),
                                  OptInt(e.fatalities),
                                  OptInt(e.fatalities_low),
                                  OptInt(e.fatalities_high),
                                  OptInt(e.injuries),
                                  Safe(JoinLines(e.sources))});
  }
  Status DeleteReport(const std::string& id) override { return Exec("delete_report", {Safe(id)}); }
  Status SetReportEvent(const std::string& report_id, const std::string& event_id) override {
    return Exec("set_report_event", {Safe(report_id), Safe(event_id)});
  }
  Result<std::vector<ReportRow>> Candidates(const std::string& country, const std::string& admin1,
                                            int cls, int64_t lo, int64_t hi) override {
    return Rows(
        "candidates",
        {Safe(country), Safe(admin1), std::to_string(cls), std::to_string(lo), std::to_string(hi)},
        false);
  }
  Result<std::vector<ReportRow>> EventMembers(const std::string& event_id,
                                              bool with_json) const override {
    return Rows(with_json ? "members_json" : "members", {Safe(event_id)}, with_json);
  }
  Result<std::vector<ReportRow>> LoadReports(const std::vector<std::string>& ids) override {
    std::vector<ReportRow> out;
    for (const auto& id : ids) {
      SITREP_ASSIGN_OR_RETURN(auto rows, Rows("load_report", {Safe(id)}, true));
      for (auto& r : rows) {
        auto full = EventFromJsonOrError(r.json);
        if (!full.ok()) return full.status();
        r.report = std::move(*full);
        out.push_back(std::move(r));
      }
    }
    return out;
  }
  Result<std::optional<EventRow>> GetEventRow(const std::string& id) const override {
    SITREP_ASSIGN_OR_RETURN(pqxx::result r, Prepared("event_row", {Safe(id)}));
    std::optional<EventRow> out;
    if (!r.empty()) out = EventRow{Text(r[0][0]), r[0][1].as<int64_t>(), r[0][2].as<int64_t>()};
    return out;
  }
  Status WriteEvent(const Event& e, const std::string& json, int64_t created_at,
                    int64_t updated_at) override {
    const bool place = e.latitude && e.longitude && !(*e.latitude == 0 && *e.longitude == 0);
    return Exec("write_event", {Safe(e.event_id), json, Safe(e.event_date), Safe(e.event_type),
                                Safe(e.sub_event_type), Safe(e.country), Safe(e.admin1),
                                place ? Num(*e.latitude) : "", place ? Num(*e.longitude) : "",
                                OptInt(e.fatalities), Safe(ActorText(e)), Safe(SearchText(e)),
                                std::to_string(created_at), std::to_string(updated_at)});
  }
  Status DeleteEvent(const std::string& id) override { return Exec("delete_event", {Safe(id)}); }
  Status MarkDeleted(const std::string& id, const std::string& into, int64_t now) override {
    return Exec("mark_deleted", {Safe(id), Safe(into), std::to_string(now)});
  }
  Status Undelete(const std::string& id) override { return Exec("undelete", {Safe(id)}); }
  Result<std::optional<std::string>> DeletedInto(const std::string& id) const override {
    return OptionalText("deleted_into", id);
  }
  Result<std::optional<std::string>> ReportEvent(const std::string& id) const override {
    return OptionalText("report_event", id);
  }

  Status QueryEvents(
      const EventQuery& q,
      const std::function<bool(const std::string&, int64_t)>& on_row) const override {
    SITREP_RETURN_IF_ERROR(CheckQuery(q));
    WhereClause w = BuildWhere(q, Dialect::kPostgres);
    std::string sql = "SELECT json, updated_at FROM events" + w.sql +
                      " ORDER BY event_date NULLS FIRST, event_id";
    if (q.limit > 0) sql += " LIMIT " + std::to_string(q.limit);
    if (q.offset > 0) sql += " OFFSET " + std::to_string(q.offset);
    return Stream(sql, w.params,
                  [&](const pqxx::row& r) { return on_row(Text(r[0]), r[1].as<int64_t>()); });
  }
  Status ForEachReportJson(const std::function<bool(const std::string&)>& on_row) const override {
    return Stream("SELECT json FROM reports ORDER BY event_date NULLS FIRST, report_id", {},
                  [&](const pqxx::row& r) { return on_row(Text(r[0])); });
  }
  Result<StoreStats> Stats(const EventQuery& q) const override;
  Status Changes(
      int64_t since,
      const std::function<bool(const EventChange&, const std::string&)>& on_change) const override;
  Result<std::optional<StoredArticle>> GetArticle(const std::string& id) const override;
  Result<int64_t> Count(const char* table) const override {
    SITREP_ASSIGN_OR_RETURN(pqxx::result r, Sql(std::string("SELECT count(*) FROM ") + table, {}));
    return r[0][0].as<int64_t>();
  }
  Result<std::optional<std::string>> GetState(const std::string& key) const override {
    SITREP_ASSIGN_OR_RETURN(pqxx::result r,
                            Sql("SELECT value FROM state WHERE key=$1", {Safe(key)}));
    std::optional<std::string> out;
    if (!r.empty()) out = Text(r[0][0]);
    return out;
  }
  Status SetState(const std::string& key, const std::string& value) override {
    return Sql("INSERT INTO state(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET "
               "value=excluded.value",
               {Safe(key), Safe(value)})
        .status();
  }

 private:
  Status Error(const std::string& what, const std::exception& e) const {
    std::string m = e.what();
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return Status::IoError(location_ + ": " + what + ": " + m);
  }
  // Statements without parameters, several at once allowed (the schema).
  Status Run(const std::string& sql) {
    try {
      tx_->exec(sql);
      return Status::Ok();
    } catch (const std::exception& e) {
      return Error("query failed", e);
    }
  }
  Result<pqxx::result> Sql(const std::string& sql, const std::vector<std::string>& params) const {
    try {
      return tx_->exec_params(sql, pqxx::prepare::make_dynamic_params(params));
    } catch (const std::exception& e) {
      return Error("query failed", e);
    }
  }
  Result<pqxx::result> Prepared(const char* name, const std::vector<std::string>& params) const {
    try {
      return tx_->exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
    } catch (const std::exception& e) {
      return Error(name, e);
    }
  }
  Status Exec(const char* name, const std::vector<std::string>& params) {
    return Prepared(name, params).status();
  }
  Result<std::vector<ReportRow>> Rows(const char* name, const std::vector<std::string>& params,
                                      bool with_json) const {
    SITREP_ASSIGN_OR_RETURN(pqxx::result r, Prepared(name, params));
    std::vector<ReportRow> out;
    for (const auto& row : r) out.push_back(ReadReport(row, with_json));
    return out;
  }
  Result<std::optional<std::string>> OptionalText(const char* name, const std::string& id) const {
    SITREP_ASSIGN_OR_RETURN(pqxx::result r, Prepared(name, {Safe(id)}));
    std::optional<std::string> out;
    if (!r.empty()) out = Text(r[0][0]);
    return out;
  }
  Result<Event> EventFromJsonOrError(const std::string& json) const {
    auto e = EventFromJson(json);
    if (!e.ok())
      return Status::IoError(location_ + ": corrupt report row: " + e.status().message());
    return e;
  }
  // Rows of a query, fetched through a cursor in chunks: memory stays flat.
  Status Stream(const std::string& sql, const std::vector<SqlValue>& params,
                const std::function<bool(const pqxx::row&)>& on_row) const;
  static std::vector<std::string> Strings(const std::vector<SqlValue>& params) {
    std::vector<std::string> out;
    for (const auto& p : params) {
      if (auto* t = std::get_if<std::string>(&p)) out.push_back(Safe(*t));
      if (auto* n = std::get_if<int64_t>(&p)) out.push_back(std::to_string(*n));
      if (auto* d = std::get_if<double>(&p)) out.push_back(Num(*d));
    }
    return out;
  }

  std::string location_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::nontransaction> tx_;
  bool in_batch_ = false;
  mutable int cursors_ = 0;
};

Status PgBackend::Stream(const std::string& sql, const std::vector<SqlValue>& params,
                         const std::function<bool(const pqxx::row&)>& on_row) const {
  // A cursor needs a transaction: its own, unless a batch is open.
  const std::string name = "sitrep_cursor_" + std::to_string(++cursors_);
  const bool own = !in_batch_;
  try {
    if (own) tx_->exec("BEGIN READ ONLY");
    tx_->exec_params("DECLARE " + name + " NO SCROLL CURSOR FOR " + sql,
                     pqxx::prepare::make_dynamic_params(Strings(params)));
    bool more = true;
    while (more) {
      pqxx::result chunk = tx_->exec("FETCH 500 FROM " + name);
      if (chunk.empty()) break;
      for (const auto& row : chunk)
        if (!on_row(row)) {
          more = false;
          break;
        }
    }
    tx_->exec("CLOSE " + name);
    if (own) tx_->exec("COMMIT");
  } catch (const std::exception& e) {
    if (own) {
      try {
        tx_->exec("ROLLBACK");
      } catch (...) {
      }
    }
    return Error("query failed", e);
  }
  return Status::Ok();
}

Result<StoreStats> PgBackend::Stats(const EventQuery& q) const {
  SITREP_RETURN_IF_ERROR(CheckQuery(q));
  WhereClause w = BuildWhere(q, Dialect::kPostgres);
  const auto params = Strings(w.params);
  StoreStats out;
  SITREP_ASSIGN_OR_RETURN(out.articles, Count("articles"));
  SITREP_ASSIGN_OR_RETURN(out.reports, Count("reports"));
  SITREP_ASSIGN_OR_RETURN(
      pqxx::result totals,
      Sql("SELECT count(*), coalesce(sum(fatalities), 0) FROM events" + w.sql, params));
  out.events = totals[0][0].as<int64_t>();
  out.fatalities = totals[0][1].as<int64_t>();
  auto group = [&](const std::string& key, const char* order,
                   std::vector<std::pair<std::string, int64_t>>* into) -> Status {
    auto r = Sql("SELECT " + key + " AS k, count(*) AS n FROM events" + w.sql +
                     " GROUP BY k ORDER BY " + order,
                 params);
    if (!r.ok()) return r.status();
    for (const auto& row : *r) into->emplace_back(Text(row[0]), row[1].as<int64_t>());
    return Status::Ok();
  };
  SITREP_RETURN_IF_ERROR(group("coalesce(event_date, '')", "k", &out.by_day));
  SITREP_RETURN_IF_ERROR(group("event_type", "n DESC, k", &out.by_event_type));
  SITREP_RETURN_IF_ERROR(group("country", "n DESC, k", &out.by_country));
  SITREP_RETURN_IF_ERROR(group("country || '|' || admin1", "n DESC, k", &out.by_admin1));
  SITREP_RETURN_IF_ERROR(
      group("coalesce(event_date, '') || '|' || event_type", "k", &out.by_day_type));
  return out;
}

Status PgBackend::Changes(
    int64_t since,
    const std::function<bool(const EventChange&, const std::string&)>& on_change) const {
  return Stream(
      "SELECT 0 AS kind, event_id, merged_into AS body, deleted_at AS at FROM deleted WHERE "
      "deleted_at >= $1 UNION ALL SELECT CASE WHEN created_at >= $1 THEN 1 ELSE 2 END, "
      "event_id, json, updated_at FROM events WHERE updated_at >= $1 ORDER BY 4, 1, 2",
      {since}, [&](const pqxx::row& r) {
        EventChange c;
        const int kind = r[0].as<int>();
        c.kind = kind == 0   ? EventChange::Kind::kDeleted
                 : kind == 1 ? EventChange::Kind::kNew
                             : EventChange::Kind::kUpdated;
        c.event_id = Text(r[1]);
        c.at = r[3].as<int64_t>();
        if (kind == 0) c.merged_into = Text(r[2]);
        return on_change(c, kind == 0 ? std::string() : Text(r[2]));
      });
}

Result<std::optional<StoredArticle>> PgBackend::GetArticle(const std::string& id) const {
  SITREP_ASSIGN_OR_RETURN(
      pqxx::result r,
      Sql("SELECT id, text_hash, published, publisher, url, title, lang, text, ingested_at FROM "
          "articles WHERE id=$1",
          {Safe(id)}));
  std::optional<StoredArticle> out;
  if (r.empty()) return out;
  StoredArticle a;
  a.article.id = Text(r[0][0]);
  a.text_hash = Text(r[0][1]);
  a.article.published = Text(r[0][2]);
  a.article.publisher = Text(r[0][3]);
  a.article.url = Text(r[0][4]);
  a.article.title = Text(r[0][5]);
  a.article.lang = Text(r[0][6]);
  a.article.text = Text(r[0][7]);
  a.ingested_at = r[0][8].as<int64_t>();
  SITREP_ASSIGN_OR_RETURN(pqxx::result reports,
                          Sql("SELECT report_id, coalesce(event_id, '') FROM reports WHERE "
                              "article_id=$1 ORDER BY report_id",
                              {Safe(id)}));
  for (const auto& row : reports) {
    a.report_ids.push_back(Text(row[0]));
    std::string e = Text(row[1]);
    if (!e.empty() && std::find(a.event_ids.begin(), a.event_ids.end(), e) == a.event_ids.end())
      a.event_ids.push_back(e);
  }
  out = std::move(a);
  return out;
}

Result<std::unique_ptr<Backend>> PgBackend::Open(const std::string& url,
                                                 const StoreOptions& options) {
  auto b = std::make_unique<PgBackend>();
  b->location_ = Redacted(url);
  try {
    b->conn_ = std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    return b->Error("cannot connect", e);
  }
  b->tx_ = std::make_unique<pqxx::nontransaction>(*b->conn_);
  // Creation is serialised (an advisory lock): two processes creating one store both succeed.
  if (!options.read_only) {
    SITREP_RETURN_IF_ERROR(b->Run("BEGIN"));
    SITREP_RETURN_IF_ERROR(b->Run("SELECT pg_advisory_xact_lock(7242016)"));
  }
  auto tables = b->Sql(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'",
      {});
  if (!tables.ok()) return tables.status();
  bool ours = false;
  for (const auto& row : *tables) ours |= Text(row[0]) == "sitrep_meta";
  std::string format;
  if (ours) {
    auto f = b->Sql("SELECT value FROM sitrep_meta WHERE key='format'", {});
    if (f.ok() && !f->empty()) format = Text((*f)[0][0]);
  }
  const bool empty = tables->empty();
  if ((ours && format != kFormat) || (!ours && (!empty || options.read_only))) {
    if (!options.read_only) (void)b->Run("ROLLBACK");
    return Status::InvalidInput(b->location_ + ": not a sitrep store" +
                                (!empty && !ours && !options.read_only
                                     ? " (it holds other tables; sitrep leaves it unchanged)"
                                     : ""));
  }
  if (!options.read_only) {
    if (Status st = b->Run(kSchema); !st.ok()) {
      (void)b->Run("ROLLBACK");
      return st;
    }
    SITREP_RETURN_IF_ERROR(b->Run("COMMIT"));
  } else {
    SITREP_RETURN_IF_ERROR(b->Run("SET default_transaction_read_only = on"));
  }
  const std::string cols = kReportColumns;
  const std::pair<const char*, std::string> statements[] = {
      {"candidates", "SELECT " + cols +
                         " FROM reports WHERE country=$1 AND admin1=$2 AND "
                         "date_class=$3::int AND date_key BETWEEN $4::bigint AND $5::bigint"},
      {"members", "SELECT " + cols + " FROM reports WHERE event_id=$1 ORDER BY report_id"},
      {"members_json",
       "SELECT " + cols + ", json FROM reports WHERE event_id=$1 ORDER BY report_id"},
      {"load_report", "SELECT " + cols + ", json FROM reports WHERE report_id=$1"},
      {"article_reports", "SELECT " + cols + ", json FROM reports WHERE article_id=$1"},
      {"event_row", "SELECT json, created_at, updated_at FROM events WHERE event_id=$1"},
      {"report_event", "SELECT coalesce(event_id, '') FROM reports WHERE report_id=$1"},
      {"deleted_into", "SELECT merged_into FROM deleted WHERE event_id=$1"},
      {"insert_report",
       "INSERT INTO reports(report_id, article_id, event_id, json, published, event_date, "
       "date_precision, date_class, date_key, country, admin1, location, latitude, longitude, "
       "geo_precision, event_type, sub_event_type, actor1, actor2, fatalities, fatalities_low, "
       "fatalities_high, injuries, sources) VALUES($1, $2, NULLIF($3, ''), $4, NULLIF($5, ''), "
       "NULLIF($6, ''), NULLIF($7, ''), $8::int, $9::bigint, $10, $11, $12, "
       "NULLIF($13, '')::float8, NULLIF($14, '')::float8, $15::int, $16, $17, $18, $19, "
       "NULLIF($20, '')::int, NULLIF($21, '')::int, NULLIF($22, '')::int, NULLIF($23, '')::int, "
       "$24)"},
      {"delete_report", "DELETE FROM reports WHERE report_id=$1"},
      {"set_report_event", "UPDATE reports SET event_id=$2 WHERE report_id=$1"},
      {"write_event",
       "INSERT INTO events(event_id, json, event_date, event_type, sub_event_type, country, "
       "admin1, latitude, longitude, geom, fatalities, actors, search, created_at, updated_at) "
       "VALUES($1, $2, NULLIF($3, ''), $4, $5, $6, $7, NULLIF($8, '')::float8, "
       "NULLIF($9, '')::float8, CASE WHEN $8 = '' THEN NULL ELSE "
       "ST_SetSRID(ST_MakePoint(NULLIF($9, '')::float8, NULLIF($8, '')::float8), 4326) END, "
       "NULLIF($10, '')::int, $11, $12, $13::bigint, $14::bigint) ON CONFLICT(event_id) DO "
       "UPDATE SET json=excluded.json, event_date=excluded.event_date, "
       "event_type=excluded.event_type, sub_event_type=excluded.sub_event_type, "
       "country=excluded.country, admin1=excluded.admin1, latitude=excluded.latitude, "
       "longitude=excluded.longitude, geom=excluded.geom, fatalities=excluded.fatalities, "
       "actors=excluded.actors, search=excluded.search, updated_at=excluded.updated_at"},
      {"delete_event", "DELETE FROM events WHERE event_id=$1"},
      {"mark_deleted",
       "INSERT INTO deleted(event_id, merged_into, deleted_at) VALUES($1, $2, $3::bigint) ON "
       "CONFLICT(event_id) DO UPDATE SET merged_into=excluded.merged_into, "
       "deleted_at=excluded.deleted_at"},
      {"undelete", "DELETE FROM deleted WHERE event_id=$1"},
      {"upsert_article",
       "INSERT INTO articles(id, text_hash, published, publisher, url, title, lang, text, "
       "ingested_at) VALUES($1, $2, NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, ''), "
       "NULLIF($6, ''), NULLIF($7, ''), $8, $9::bigint) ON CONFLICT(id) DO UPDATE SET "
       "text_hash=excluded.text_hash, published=excluded.published, "
       "publisher=excluded.publisher, url=excluded.url, title=excluded.title, "
       "lang=excluded.lang, text=excluded.text, ingested_at=excluded.ingested_at"},
      {"delete_article", "DELETE FROM articles WHERE id=$1"},
  };
  try {
    for (const auto& [name, sql] : statements) b->conn_->prepare(name, sql);
  } catch (const std::exception& e) {
    return b->Error("cannot prepare statements", e);
  }
  return std::unique_ptr<Backend>(std::move(b));
}

}  // namespace

Result<std::unique_ptr<Backend>> OpenPostgres(const std::string& url, const StoreOptions& options) {
  return PgBackend::Open(url, options);
}

}  // namespace sitrep::store

#else  // built without libpqxx

namespace sitrep::store {

Result<std::unique_ptr<Backend>> OpenPostgres(const std::string&, const StoreOptions&) {
  return Status::Unsupported(
      "this sitrep was built without PostgreSQL support (install libpqxx-dev and rebuild)");
}

}  // namespace sitrep::store

#endif
