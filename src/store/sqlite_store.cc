// The SQLite back end: one file, WAL journal (readers run while an ingest writes), tables
// as src/store/backend.h describes them.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "sitrep/writer.h"
#include "store/backend.h"
#include "store/sqlite_util.h"

namespace sitrep::store {

namespace {

// Marks the file as a sitrep store; `sitrep events` refuses any other database.
constexpr const char* kFormat = "sitrep-store-2";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sitrep_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO sitrep_meta(key, value) VALUES('format', 'sitrep-store-2');
CREATE TABLE IF NOT EXISTS articles(
  id TEXT PRIMARY KEY, text_hash TEXT NOT NULL, published TEXT, publisher TEXT, url TEXT,
  title TEXT, lang TEXT, text TEXT NOT NULL, ingested_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reports(
  report_id TEXT PRIMARY KEY, article_id TEXT NOT NULL, event_id TEXT, json TEXT NOT NULL,
  published TEXT, event_date TEXT, date_precision TEXT, date_class INTEGER, date_key INTEGER,
  country TEXT, admin1 TEXT, location TEXT, latitude REAL, longitude REAL,
  geo_precision INTEGER, event_type TEXT, sub_event_type TEXT, actor1 TEXT, actor2 TEXT,
  fatalities INTEGER, fatalities_low INTEGER, fatalities_high INTEGER, injuries INTEGER,
  sources TEXT);
CREATE INDEX IF NOT EXISTS reports_block ON reports(country, admin1, date_class, date_key);
CREATE INDEX IF NOT EXISTS reports_by_article ON reports(article_id);
CREATE INDEX IF NOT EXISTS reports_by_event ON reports(event_id);
CREATE TABLE IF NOT EXISTS events(
  event_id TEXT PRIMARY KEY, json TEXT NOT NULL, event_date TEXT, event_type TEXT,
  sub_event_type TEXT, country TEXT, admin1 TEXT, latitude REAL, longitude REAL,
  fatalities INTEGER, actors TEXT, search TEXT, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_date ON events(event_date, event_id);
CREATE INDEX IF NOT EXISTS events_by_updated ON events(updated_at);
CREATE INDEX IF NOT EXISTS events_by_place ON events(country, admin1);
CREATE INDEX IF NOT EXISTS events_by_latitude ON events(latitude);
CREATE TABLE IF NOT EXISTS deleted(
  event_id TEXT PRIMARY KEY, merged_into TEXT NOT NULL, deleted_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS deleted_by_time ON deleted(deleted_at);
CREATE TABLE IF NOT EXISTS state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

constexpr const char* kReportColumns =
    "report_id, article_id, event_id, published, event_date, date_precision, country, admin1, "
    "location, latitude, longitude, geo_precision, event_type, sub_event_type, actor1, actor2, "
    "fatalities, fatalities_low, fatalities_high, injuries, sources";

// A report row from kReportColumns (then optionally json) at column 0.
ReportRow ReadReport(sqlite3_stmt* s, bool with_json) {
  ReportRow r;
  Event& e = r.report;
  e.event_id = ColumnText(s, 0);
  r.article_id = ColumnText(s, 1);
  e.article_ids = {r.article_id};
  r.event_id = ColumnText(s, 2);
  e.published = ColumnText(s, 3);
  e.event_date = ColumnText(s, 4);
  e.date_precision = ColumnText(s, 5);
  e.country = ColumnText(s, 6);
  e.admin1 = ColumnText(s, 7);
  e.location = ColumnText(s, 8);
  if (sqlite3_column_type(s, 9) != SQLITE_NULL) e.latitude = sqlite3_column_double(s, 9);
  if (sqlite3_column_type(s, 10) != SQLITE_NULL) e.longitude = sqlite3_column_double(s, 10);
  e.geo_precision = sqlite3_column_int(s, 11);
  e.event_type = ColumnText(s, 12);
  e.sub_event_type = ColumnText(s, 13);
  e.actor1 = ColumnText(s, 14);
  e.actor2 = ColumnText(s, 15);
  auto opt_int = [s](int i) {
    return sqlite3_column_type(s, i) == SQLITE_NULL ? std::optional<int>()
                                                    : std::optional<int>(sqlite3_column_int(s, i));
  };
  e.fatalities = opt_int(16);
  e.fatalities_low = opt_int(17);
  e.fatalities_high = opt_int(18);
  e.injuries = opt_int(19);
  e.sources = SplitLines(ColumnText(s, 20));
  if (with_json) r.json = ColumnText(s, 21);
  return r;
}

// sitrep_km(lat1, lon1, lat2, lon2): the distance radius queries test.
void SqlDistanceKm(sqlite3_context* ctx, int, sqlite3_value** v) {
  for (int i = 0; i < 4; ++i)
    if (sqlite3_value_type(v[i]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  sqlite3_result_double(ctx, DistanceKm(sqlite3_value_double(v[0]), sqlite3_value_double(v[1]),
                                        sqlite3_value_double(v[2]), sqlite3_value_double(v[3])));
}

enum class Contents { kEmpty, kSitrep, kFirstRelease, kForeign };

}  // namespace

class SqliteBackend final : public Backend {
 public:
  static Result<std::unique_ptr<Backend>> Open(const std::string& path,
                                               const StoreOptions& options);
  ~SqliteBackend() override {
    for (Statement* s :
         {&candidates_, &members_, &members_json_, &event_row_, &report_event_, &deleted_into_,
          &insert_report_, &delete_report_, &set_report_event_, &write_event_, &delete_event_,
          &mark_deleted_, &undelete_, &article_reports_, &upsert_article_, &load_report_})
      s->Finalize();
    if (db_) sqlite3_close_v2(db_);
  }

  const std::string& location() const override { return path_; }

  // Outside a batch a unit is its own transaction, write-locked from the start: a deferred
  // one that reads first could not upgrade once another process has written (SQLITE_BUSY
  // without waiting). Inside a batch (already write-locked) it is a savepoint.
  Status BeginUnit() override {
    return in_batch_ ? Exec("SAVEPOINT unit") : ExecRetrying(db_, path_, "BEGIN IMMEDIATE");
  }
  Status CommitUnit() override {
    return in_batch_ ? Exec("RELEASE unit") : ExecRetrying(db_, path_, "COMMIT");
  }
  void RollbackUnit() override {
    (void)Exec(in_batch_ ? "ROLLBACK TO unit; RELEASE unit" : "ROLLBACK");
  }
  Status BeginBatch() override {
    if (in_batch_) return Status::Ok();
    SITREP_RETURN_IF_ERROR(ExecRetrying(db_, path_, "BEGIN IMMEDIATE"));
    in_batch_ = true;
    return Status::Ok();
  }
  Status CommitBatch() override {
    if (!in_batch_) return Status::Ok();
    in_batch_ = false;
    return ExecRetrying(db_, path_, "COMMIT");
  }

  Status UpsertArticle(const Article& a, const std::string& hash, int64_t now) override {
    sqlite3_stmt* s = upsert_article_.Use();
    BindText(s, 1, a.id);
    BindText(s, 2, hash);
    BindTextOrNull(s, 3, a.published);
    BindTextOrNull(s, 4, a.publisher);
    BindTextOrNull(s, 5, a.url);
    BindTextOrNull(s, 6, a.title);
    BindTextOrNull(s, 7, a.lang);
    BindText(s, 8, a.text);
    sqlite3_bind_int64(s, 9, now);
    return Step(s, "cannot store article " + a.id);
  }
  Status DeleteArticle(const std::string& id) override {
    return ExecBound("DELETE FROM articles WHERE id=?1", {id});
  }
  Result<std::vector<ReportRow>> ArticleReports(const std::string& article_id) override {
    sqlite3_stmt* s = article_reports_.Use();
    BindText(s, 1, article_id);
    return Rows(s, true);
  }
  Status InsertReport(const ReportRow& row) override {
    const Event& e = row.report;
    sqlite3_stmt* s = insert_report_.Use();
    BindText(s, 1, e.event_id);
    BindText(s, 2, row.article_id);
    BindTextOrNull(s, 3, row.event_id);
    BindText(s, 4, row.json);
    BindTextOrNull(s, 5, e.published);
    BindTextOrNull(s, 6, e.event_date);
    BindTextOrNull(s, 7, e.date_precision);
    sqlite3_bind_int(s, 8, DateClassOf(e));
    sqlite3_bind_int64(s, 9, DateKeyOf(e));
    BindText(s, 10, e.country);
    BindText(s, 11, e.admin1);
    BindText(s, 12, e.location);
    if (e.latitude && e.longitude) {
      sqlite3_bind_double(s, 13, *e.latitude);
      sqlite3_bind_double(s, 14, *e.longitude);
    }
    sqlite3_bind_int(s, 15, e.geo_precision);
    BindText(s, 16, e.event_type);
    BindText(s, 17, e.sub_event_type);
    BindText(s, 18, e.actor1);
    BindText(s, 19, e.actor2);
    int at = 20;
    for (const auto* v : {&e.fatalities, &e.fatalities_low, &e.fatalities_high, &e.injuries}) {
      if (*v) sqlite3_bind_int(s, at, **v);
      ++at;
    }
    BindText(s, 24, JoinLines(e.sources));
    return Step(s, "cannot store report " + e.event_id);
  }
  Status DeleteReport(const std::string& id) override {
    sqlite3_stmt* s = delete_report_.Use();
    BindText(s, 1, id);
    return Step(s, "cannot delete report " + id);
  }
  Status SetReportEvent(const std::string& report_id, const std::string& event_id) override {
    sqlite3_stmt* s = set_report_event_.Use();
    BindText(s, 1, report_id);
    BindText(s, 2, event_id);
    return Step(s, "cannot link report " + report_id);
  }
  Result<std::vector<ReportRow>> Candidates(const std::string& country, const std::string& admin1,
                                            int date_class, int64_t lo, int64_t hi) override {
    sqlite3_stmt* s = candidates_.Use();
    BindText(s, 1, country);
    BindText(s, 2, admin1);
    sqlite3_bind_int(s, 3, date_class);
    sqlite3_bind_int64(s, 4, lo);
    sqlite3_bind_int64(s, 5, hi);
    return Rows(s, false);
  }
  Result<std::vector<ReportRow>> EventMembers(const std::string& event_id,
                                              bool with_json) const override {
    sqlite3_stmt* s = (with_json ? members_json_ : members_).Use();
    BindText(s, 1, event_id);
    return Rows(s, with_json);
  }
  Result<std::vector<ReportRow>> LoadReports(const std::vector<std::string>& ids) override {
    std::vector<ReportRow> out;
    for (const auto& id : ids) {
      sqlite3_stmt* s = load_report_.Use();
      BindText(s, 1, id);
      SITREP_ASSIGN_OR_RETURN(auto rows, Rows(s, true));
      for (auto& r : rows) {
        auto full = EventFromJsonChecked(r.json);
        if (!full.ok()) return full.status();
        r.report = std::move(*full);
        out.push_back(std::move(r));
      }
    }
    return out;
  }

  Result<std::optional<EventRow>> GetEventRow(const std::string& id) const override {
    sqlite3_stmt* s = event_row_.Use();
    BindText(s, 1, id);
    int rc = sqlite3_step(s);
    std::optional<EventRow> out;
    if (rc == SQLITE_ROW) {
      out = EventRow{ColumnText(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2)};
    } else if (rc != SQLITE_DONE) {
      return Error("cannot read event " + id);
    }
    sqlite3_reset(s);
    return out;
  }
  Status WriteEvent(const Event& e, const std::string& json, int64_t created_at,
                    int64_t updated_at) override {
    sqlite3_stmt* s = write_event_.Use();
    BindText(s, 1, e.event_id);
    BindText(s, 2, json);
    BindTextOrNull(s, 3, e.event_date);
    BindText(s, 4, e.event_type);
    BindText(s, 5, e.sub_event_type);
    BindText(s, 6, e.country);
    BindText(s, 7, e.admin1);
    if (e.latitude && e.longitude && !(*e.latitude == 0 && *e.longitude == 0)) {
      sqlite3_bind_double(s, 8, *e.latitude);
      sqlite3_bind_double(s, 9, *e.longitude);
    }
    if (e.fatalities) sqlite3_bind_int(s, 10, *e.fatalities);
    BindText(s, 11, ActorText(e));
    BindText(s, 12, SearchText(e));
    sqlite3_bind_int64(s, 13, created_at);
    sqlite3_bind_int64(s, 14, updated_at);
    return Step(s, "cannot store event " + e.event_id);
  }
  Status DeleteEvent(const std::string& id) override {
    sqlite3_stmt* s = delete_event_.Use();
    BindText(s, 1, id);
    return Step(s, "cannot delete event " + id);
  }
  Status MarkDeleted(const std::string& id, const std::string& into, int64_t now) override {
    sqlite3_stmt* s = mark_deleted_.Use();
    BindText(s, 1, id);
    BindText(s, 2, into);
    sqlite3_bind_int64(s, 3, now);
    return Step(s, "cannot record deleted event " + id);
  }
  Status Undelete(const std::string& id) override {
    sqlite3_stmt* s = undelete_.Use();
    BindText(s, 1, id);
    return Step(s, "cannot update deleted events");
  }
  Result<std::optional<std::string>> DeletedInto(const std::string& id) const override {
    return OptionalText(deleted_into_, id);
  }
  Result<std::optional<std::string>> ReportEvent(const std::string& id) const override {
    return OptionalText(report_event_, id);
  }

  Status QueryEvents(const EventQuery& q,
                     const std::function<bool(const std::string&, int64_t)>& on_row) const override;
  Result<StoreStats> Stats(const EventQuery& q) const override;
  Status ForEachReportJson(const std::function<bool(const std::string&)>& on_row) const override;
  Status Changes(
      int64_t since,
      const std::function<bool(const EventChange&, const std::string&)>& on_change) const override;
  Result<std::optional<StoredArticle>> GetArticle(const std::string& id) const override;
  Result<int64_t> Count(const char* table) const override {
    std::string sql = std::string("SELECT count(*) FROM ") + table;
    int64_t n = 0;
    SITREP_RETURN_IF_ERROR(Query(sql, {}, [&](sqlite3_stmt* s) {
      n = sqlite3_column_int64(s, 0);
      return true;
    }));
    return n;
  }
  Result<std::optional<std::string>> GetState(const std::string& key) const override {
    std::optional<std::string> out;
    SITREP_RETURN_IF_ERROR(
        Query("SELECT value FROM state WHERE key=?1", {key}, [&](sqlite3_stmt* s) {
          out = ColumnText(s, 0);
          return false;
        }));
    return out;
  }
  Status SetState(const std::string& key, const std::string& value) override {
    return ExecBound(
        "INSERT INTO state(key, value) VALUES(?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
        {key, value});
  }

 private:
  Status Error(const std::string& what) const {
    return Status::IoError(path_ + ": " + what + ": " +
                           (db_ ? sqlite3_errmsg(db_) : "no database"));
  }
  Status Exec(const char* sql) { return ExecSql(db_, path_, sql); }
  Status Step(sqlite3_stmt* s, const std::string& what) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(what);
    return Status::Ok();
  }
  Result<Event> EventFromJsonChecked(const std::string& json) const {
    auto e = EventFromJson(json);
    if (!e.ok()) return Status::IoError(path_ + ": corrupt report row: " + e.status().message());
    return e;
  }
  Result<std::vector<ReportRow>> Rows(sqlite3_stmt* s, bool with_json) const {
    std::vector<ReportRow> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(ReadReport(s, with_json));
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return Error("cannot read reports");
    return out;
  }
  Result<std::optional<std::string>> OptionalText(const Statement& st,
                                                  const std::string& id) const {
    sqlite3_stmt* s = st.Use();
    BindText(s, 1, id);
    std::optional<std::string> out;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) out = ColumnText(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("cannot read");
    return out;
  }
  // Runs `sql` with text parameters ?1..?n; `on_row` returns false to stop.
  Status Query(const std::string& sql, const std::vector<SqlValue>& params,
               const std::function<bool(sqlite3_stmt*)>& on_row) const {
    return RunQuery(db_, path_, sql, params, on_row);
  }
  Status ExecBound(const std::string& sql, const std::vector<SqlValue>& params) {
    return RunQuery(db_, path_, sql, params, [](sqlite3_stmt*) { return true; });
  }
  Status PrepareAll();

  std::string path_;
  sqlite3* db_ = nullptr;
  bool in_batch_ = false;
  Statement candidates_, members_, members_json_, event_row_, report_event_, deleted_into_,
      insert_report_, delete_report_, set_report_event_, write_event_, delete_event_, mark_deleted_,
      undelete_, article_reports_, upsert_article_, load_report_;
};

namespace {

Result<Contents> Inspect(sqlite3* db, const std::string& path) {
  std::set<std::string> tables;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &s,
                         nullptr) != SQLITE_OK) {
    // "file is not a database", "database disk image is malformed" ...
    return Status::InvalidInput(path + ": not a sitrep store (" + sqlite3_errmsg(db) + ")");
  }
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) tables.insert(ColumnText(s, 0));
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE)
    return Status::IoError(path + ": cannot read the schema: " + sqlite3_errmsg(db));
  if (tables.empty()) return Contents::kEmpty;
  if (!tables.count("sitrep_meta")) return Contents::kForeign;
  std::string format;
  (void)RunQuery(db, path, "SELECT value FROM sitrep_meta WHERE key='format'", {},
                 [&](sqlite3_stmt* st) {
                   format = ColumnText(st, 0);
                   return false;
                 });
  if (format == kFormat) return Contents::kSitrep;
  if (format == "sitrep-store-1") return Contents::kFirstRelease;
  return Contents::kForeign;
}

}  // namespace

Result<std::unique_ptr<Backend>> SqliteBackend::Open(const std::string& path,
                                                     const StoreOptions& options) {
  auto b = std::make_unique<SqliteBackend>();
  b->path_ = path;
  const int mode =
      options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &b->db_, mode | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
    return b->Error("cannot open database");
  sqlite3_busy_timeout(b->db_, kBusyTimeoutMs);
  sqlite3_create_function_v2(b->db_, "sitrep_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             SqlDistanceKm, nullptr, nullptr, nullptr);
  auto refuse = [&](Contents c) -> Status {
    if (c == Contents::kFirstRelease)
      return Status::InvalidInput(path +
                                  ": a store of an earlier sitrep (format 1, before "
                                  "merging); extract the articles into a new store");
    return Status::InvalidInput(path + ": not a sitrep store" +
                                (c == Contents::kForeign && !options.read_only
                                     ? " (it holds other tables; sitrep leaves it unchanged)"
                                     : ""));
  };
  if (options.read_only) {
    SITREP_ASSIGN_OR_RETURN(Contents c, Inspect(b->db_, path));
    if (c != Contents::kSitrep) return refuse(c);
  } else {
    // The write lock first (BEGIN IMMEDIATE waits for other writers), then look and create:
    // two processes creating one new store both succeed, one after the other.
    SITREP_RETURN_IF_ERROR(ExecRetrying(b->db_, path, "BEGIN IMMEDIATE"));
    auto c = Inspect(b->db_, path);
    if (!c.ok() || (*c != Contents::kEmpty && *c != Contents::kSitrep)) {
      (void)b->Exec("ROLLBACK");
      return c.ok() ? refuse(*c) : c.status();
    }
    if (Status st = b->Exec(kSchema); !st.ok()) {
      (void)b->Exec("ROLLBACK");
      return st;
    }
    SITREP_RETURN_IF_ERROR(ExecRetrying(b->db_, path, "COMMIT"));
    SITREP_RETURN_IF_ERROR(ExecRetrying(b->db_, path, "PRAGMA journal_mode=WAL"));
    SITREP_RETURN_IF_ERROR(b->Exec("PRAGMA synchronous=NORMAL"));
    const std::string cache = "PRAGMA cache_size=-" + std::to_string(kWriterCacheKiB);
    SITREP_RETURN_IF_ERROR(b->Exec(cache.c_str()));
    const std::string checkpoint =
        "PRAGMA wal_autocheckpoint=" + std::to_string(kWalCheckpointPages);
    SITREP_RETURN_IF_ERROR(b->Exec(checkpoint.c_str()));
  }
  SITREP_RETURN_IF_ERROR(b->PrepareAll());
  return std::unique_ptr<Backend>(std::move(b));
}

Status SqliteBackend::PrepareAll() {
  const std::string cols = kReportColumns;
  struct {
    Statement* st;
    std::string sql;
  } all[] = {
      {&candidates_, "SELECT " + cols +
                         " FROM reports WHERE country=?1 AND admin1=?2 AND "
                         "date_class=?3 AND date_key BETWEEN ?4 AND ?5"},
      {&members_, "SELECT " + cols + " FROM reports WHERE event_id=?1 ORDER BY report_id"},
      {&members_json_,
       "SELECT " + cols + ", json FROM reports WHERE event_id=?1 ORDER BY report_id"},
      {&load_report_, "SELECT " + cols + ", json FROM reports WHERE report_id=?1"},
      {&article_reports_, "SELECT " + cols + ", json FROM reports WHERE article_id=?1"},
      {&event_row_, "SELECT json, created_at, updated_at FROM events WHERE event_id=?1"},
      {&report_event_, "SELECT event_id FROM reports WHERE report_id=?1"},
      {&deleted_into_, "SELECT merged_into FROM deleted WHERE event_id=?1"},
      {&insert_report_, "INSERT INTO reports(" + cols.substr(0, cols.find(", published")) +
                            ", json, published, event_date, date_precision, date_class, date_key, "
                            "country, admin1, location, latitude, longitude, geo_precision, "
                            "event_type, sub_event_type, actor1, actor2, fatalities, "
                            "fatalities_low, fatalities_high, injuries, sources) VALUES(?1, "
                            "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                            "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)"},
      {&delete_report_, "DELETE FROM reports WHERE report_id=?1"},
      {&set_report_event_, "UPDATE reports SET event_id=?2 WHERE report_id=?1"},
      {&write_event_,
       "INSERT INTO events(event_id, json, event_date, event_type, sub_event_type, country, "
       "admin1, latitude, longitude, fatalities, actors, search, created_at, updated_at) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
       "ON CONFLICT(event_id) DO UPDATE SET json=excluded.json, event_date=excluded.event_date, "
       "event_type=excluded.event_type, sub_event_type=excluded.sub_event_type, "
       "country=excluded.country, admin1=excluded.admin1, latitude=excluded.latitude, "
       "longitude=excluded.longitude, fatalities=excluded.fatalities, actors=excluded.actors, "
       "search=excluded.search, updated_at=excluded.updated_at"},
      {&delete_event_, "DELETE FROM events WHERE event_id=?1"},
      {&mark_deleted_,
       "INSERT INTO deleted(event_id, merged_into, deleted_at) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(event_id) DO UPDATE SET merged_into=excluded.merged_into, "
       "deleted_at=excluded.deleted_at"},
      {&undelete_, "DELETE FROM deleted WHERE event_id=?1"},
      {&upsert_article_,
       "INSERT INTO articles(id, text_hash, published, publisher, url, title, lang, text, "
       "ingested_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET "
       "text_hash=excluded.text_hash, published=excluded.published, "
       "publisher=excluded.publisher, url=excluded.url, title=excluded.title, "
       "lang=excluded.lang, text=excluded.text, ingested_at=excluded.ingested_at"},
  };
  for (auto& p : all)
    if (p.st->Prepare(db_, p.sql.c_str()) != SQLITE_OK) return Error("cannot prepare statement");
  return Status::Ok();
}

Status SqliteBackend::QueryEvents(
    const EventQuery& q, const std::function<bool(const std::string&, int64_t)>& on_row) const {
  SITREP_RETURN_IF_ERROR(CheckQuery(q));
  WhereClause w = BuildWhere(q, Dialect::kSqlite);
  std::string sql =
      "SELECT json, updated_at FROM events" + w.sql + " ORDER BY event_date, event_id";
  if (q.limit > 0 || q.offset > 0)
    sql += " LIMIT " + std::to_string(q.limit > 0 ? q.limit : -1) + " OFFSET " +
           std::to_string(q.offset);
  return Query(sql, w.params, [&](sqlite3_stmt* s) {
    return on_row(ColumnText(s, 0), sqlite3_column_int64(s, 1));
  });
}

Status SqliteBackend::ForEachReportJson(
    const std::function<bool(const std::string&)>& on_row) const {
  return Query("SELECT json FROM reports ORDER BY event_date, report_id", {},
               [&](sqlite3_stmt* s) { return on_row(ColumnText(s, 0)); });
}

Result<StoreStats> SqliteBackend::Stats(const EventQuery& q) const {
  SITREP_RETURN_IF_ERROR(CheckQuery(q));
  WhereClause w = BuildWhere(q, Dialect::kSqlite);
  StoreStats out;
  SITREP_ASSIGN_OR_RETURN(out.articles, Count("articles"));
  SITREP_ASSIGN_OR_RETURN(out.reports, Count("reports"));
  SITREP_RETURN_IF_ERROR(Query("SELECT count(*), coalesce(sum(fatalities), 0) FROM events" + w.sql,
                               w.params, [&](sqlite3_stmt* s) {
                                 out.events = sqlite3_column_int64(s, 0);
                                 out.fatalities = sqlite3_column_int64(s, 1);
                                 return false;
                               }));
  auto group = [&](const std::string& key, const char* order,
                   std::vector<std::pair<std::string, int64_t>>* into) {
    return Query("SELECT " + key + " AS k, count(*) AS n FROM events" + w.sql +
                     " GROUP BY k ORDER BY " + order,
                 w.params, [&](sqlite3_stmt* s) {
                   into->emplace_back(ColumnText(s, 0), sqlite3_column_int64(s, 1));
                   return true;
                 });
  };
  SITREP_RETURN_IF_ERROR(group("coalesce(event_date, '')", "k", &out.by_day));
  SITREP_RETURN_IF_ERROR(group("event_type", "n DESC, k", &out.by_event_type));
  SITREP_RETURN_IF_ERROR(group("country", "n DESC, k", &out.by_country));
  SITREP_RETURN_IF_ERROR(group("country || '|' || admin1", "n DESC, k", &out.by_admin1));
  SITREP_RETURN_IF_ERROR(
      group("coalesce(event_date, '') || '|' || event_type", "k", &out.by_day_type));
  return out;
}

Status SqliteBackend::Changes(
    int64_t since,
    const std::function<bool(const EventChange&, const std::string&)>& on_change) const {
  // Both lists come sorted by time; deleted ids sort before events of the same second, so a
  // reader that applies them in order ends with the store's state.
  return Query(
      "SELECT 0, event_id, '', deleted_at, '' FROM deleted WHERE deleted_at >= ?1 "
      "UNION ALL SELECT CASE WHEN created_at >= ?1 THEN 1 ELSE 2 END, event_id, json, "
      "updated_at, '' FROM events WHERE updated_at >= ?1 ORDER BY 4, 1, 2",
      {since}, [&](sqlite3_stmt* s) {
        EventChange c;
        const int kind = sqlite3_column_int(s, 0);
        c.kind = kind == 0   ? EventChange::Kind::kDeleted
                 : kind == 1 ? EventChange::Kind::kNew
                             : EventChange::Kind::kUpdated;
        c.event_id = ColumnText(s, 1);
        c.at = sqlite3_column_int64(s, 3);
        std::string json;
        if (kind == 0) {
          auto into = DeletedInto(c.event_id);
          if (into.ok() && *into) c.merged_into = **into;
        } else {
          json = ColumnText(s, 2);
        }
        return on_change(c, json);
      });
}

Result<std::optional<StoredArticle>> SqliteBackend::GetArticle(const std::string& id) const {
  std::optional<StoredArticle> out;
  SITREP_RETURN_IF_ERROR(
      Query("SELECT id, text_hash, published, publisher, url, title, lang, text, ingested_at FROM "
            "articles WHERE id=?1",
            {id}, [&](sqlite3_stmt* s) {
              StoredArticle a;
              a.article.id = ColumnText(s, 0);
              a.text_hash = ColumnText(s, 1);
              a.article.published = ColumnText(s, 2);
              a.article.publisher = ColumnText(s, 3);
              a.article.url = ColumnText(s, 4);
              a.article.title = ColumnText(s, 5);
              a.article.lang = ColumnText(s, 6);
              a.article.text = ColumnText(s, 7);
              a.ingested_at = sqlite3_column_int64(s, 8);
              out = std::move(a);
              return false;
            }));
  if (!out) return out;
  SITREP_RETURN_IF_ERROR(Query(
      "SELECT report_id, coalesce(event_id, '') FROM reports WHERE article_id=?1 ORDER BY "
      "report_id",
      {id}, [&](sqlite3_stmt* s) {
        out->report_ids.push_back(ColumnText(s, 0));
        std::string e = ColumnText(s, 1);
        if (!e.empty() &&
            std::find(out->event_ids.begin(), out->event_ids.end(), e) == out->event_ids.end())
          out->event_ids.push_back(e);
        return true;
      }));
  return out;
}

Result<std::unique_ptr<Backend>> OpenSqlite(const std::string& path, const StoreOptions& options) {
  return SqliteBackend::Open(path, options);
}

}  // namespace sitrep::store
