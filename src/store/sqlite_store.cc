// SQLite event store. Events are kept as their JSONL line (the export format is the
// storage format, so what `sitrep events` prints is what `sitrep extract` printed), with
// a few columns copied out for querying.
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <set>
#include <thread>

#include "sitrep/writer.h"
#include "store/store.h"
#include "util/text.h"

namespace sitrep::store {

namespace {

// Marks the file as a sitrep store; `sitrep events` refuses any other database.
constexpr const char* kFormat = "sitrep-store-1";
constexpr int kBusyTimeoutMs = 10000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sitrep_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO sitrep_meta(key, value) VALUES('format', 'sitrep-store-1');
CREATE TABLE IF NOT EXISTS articles(
  id TEXT PRIMARY KEY,
  text_hash TEXT NOT NULL,
  published TEXT,
  publisher TEXT,
  url TEXT,
  ingested_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events(
  event_id TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  event_date TEXT,
  event_type TEXT,
  sub_event_type TEXT,
  country TEXT,
  admin1 TEXT,
  location TEXT,
  latitude REAL,
  longitude REAL,
  fatalities INTEGER,
  updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_date ON events(event_date, event_id);
CREATE TABLE IF NOT EXISTS article_events(
  article_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY(article_id, event_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_events_by_event ON article_events(event_id);
)sql";

// Owns one prepared statement; resets it on every use.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  int Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  sqlite3_stmt* Use() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return stmt_;
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void BindTextOrNull(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    BindText(s, i, v);
  }
}

std::string ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

// What the file holds: nothing yet, a sitrep store, or some other database.
enum class Contents { kEmpty, kSitrep, kForeign };

}  // namespace

struct SqliteStore::Impl {
  std::string path;
  sqlite3* db = nullptr;
  bool in_batch = false;
  Statement put_article, select_links, delete_links, upsert_event, insert_link, delete_orphan,
      all_events, count_events, count_articles;

  // close_v2 defers the real close until the member statements are finalized just after.
  ~Impl() {
    if (db) sqlite3_close_v2(db);
  }

  Status Error(const std::string& what) const {
    return Status::IoError(path + ": " + what + ": " + (db ? sqlite3_errmsg(db) : "no database"));
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err ? err : sqlite3_errmsg(db);
      sqlite3_free(err);
      return Status::IoError(path + ": " + message);
    }
    return Status::Ok();
  }

  // Exec that also waits out SQLITE_BUSY the busy handler does not cover (a journal-mode
  // change or a lock upgrade while another process creates the file).
  Status ExecRetrying(const char* sql) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
      int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) return Status::Ok();
      if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        return Status::IoError(path + ": " + sqlite3_errmsg(db));
      if (std::chrono::steady_clock::now() > deadline)
        return Status::IoError(path + ": " + sqlite3_errmsg(db) + " (waited " +
                               std::to_string(kBusyTimeoutMs / 1000) + " s)");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  Status Prepare(Statement& st, const char* sql) {
    if (st.Prepare(db, sql) != SQLITE_OK) return Error("cannot prepare statement");
    return Status::Ok();
  }

  Status Step(sqlite3_stmt* s, const std::string& what) {
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(what);
    return Status::Ok();
  }

  Status PutArticleInTransaction(const Article& article, const std::vector<Event>& events);
};

namespace {

Result<Contents> Inspect(SqliteStore::Impl& d) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &raw,
                         nullptr) != SQLITE_OK) {
    // "file is not a database", "database disk image is malformed" ...
    return Status::InvalidInput(d.path + ": not a sitrep store (" + sqlite3_errmsg(d.db) + ")");
  }
  std::set<std::string> tables;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) tables.insert(ColumnText(raw, 0));
  sqlite3_finalize(raw);
  if (rc != SQLITE_DONE) return d.Error("cannot read the schema");
  if (tables.empty()) return Contents::kEmpty;
  if (!tables.count("sitrep_meta")) {
    // Stores of the first release have no marker but exactly these tables.
    bool first_release = tables == std::set<std::string>{"articles", "events", "article_events"};
    return first_release ? Contents::kSitrep : Contents::kForeign;
  }
  return Contents::kSitrep;
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteStore::~SqliteStore() {
  if (impl_ && impl_->in_batch) (void)CommitBatch();
}

const std::string& SqliteStore::location() const { return impl_->path; }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  const int mode =
      options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &impl->db, mode | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return impl->Error("cannot open database");
  sqlite3_busy_timeout(impl->db, kBusyTimeoutMs);
  Impl& d = *impl;
  if (options.read_only) {
    SITREP_ASSIGN_OR_RETURN(Contents contents, Inspect(d));
    if (contents != Contents::kSitrep) return Status::InvalidInput(path + ": not a sitrep store");
  } else {
    // The write lock first (BEGIN IMMEDIATE waits for other writers), then look and create:
    // two processes creating one new store both succeed, one after the other.
    SITREP_RETURN_IF_ERROR(d.ExecRetrying("BEGIN IMMEDIATE"));
    auto contents = Inspect(d);
    if (!contents.ok() || *contents == Contents::kForeign) {
      (void)d.Exec("ROLLBACK");
      if (!contents.ok()) return contents.status();
      return Status::InvalidInput(path +
                                  ": not a sitrep store (it holds other tables; "
                                  "sitrep leaves it unchanged)");
    }
    Status created = d.Exec(kSchema);
    if (!created.ok()) {
      (void)d.Exec("ROLLBACK");
      return created;
    }
    SITREP_RETURN_IF_ERROR(d.ExecRetrying("COMMIT"));
    // WAL lets readers (`sitrep events`) run while an ingest writes.
    SITREP_RETURN_IF_ERROR(d.ExecRetrying("PRAGMA journal_mode=WAL"));
    SITREP_RETURN_IF_ERROR(d.Exec("PRAGMA synchronous=NORMAL"));
  }
  SITREP_RETURN_IF_ERROR(d.Prepare(
      d.put_article,
      "INSERT INTO articles(id, text_hash, published, publisher, url, ingested_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET text_hash=excluded.text_hash, "
      "published=excluded.published, publisher=excluded.publisher, url=excluded.url, "
      "ingested_at=excluded.ingested_at"));
  SITREP_RETURN_IF_ERROR(
      d.Prepare(d.select_links, "SELECT event_id FROM article_events WHERE article_id=?1"));
  SITREP_RETURN_IF_ERROR(
      d.Prepare(d.delete_links, "DELETE FROM article_events WHERE article_id=?1"));
  SITREP_RETURN_IF_ERROR(d.Prepare(
      d.upsert_event,
      "INSERT INTO events(event_id, json, event_date, event_type, sub_event_type, country, "
      "admin1, location, latitude, longitude, fatalities, updated_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "ON CONFLICT(event_id) DO UPDATE SET json=excluded.json, event_date=excluded.event_date, "
      "event_type=excluded.event_type, sub_event_type=excluded.sub_event_type, "
      "country=excluded.country, admin1=excluded.admin1, location=excluded.location, "
      "latitude=excluded.latitude, longitude=excluded.longitude, "
      "fatalities=excluded.fatalities, updated_at=excluded.updated_at"));
  SITREP_RETURN_IF_ERROR(d.Prepare(
      d.insert_link, "INSERT OR IGNORE INTO article_events(article_id, event_id) VALUES(?1, ?2)"));
  SITREP_RETURN_IF_ERROR(d.Prepare(d.delete_orphan,
                                   "DELETE FROM events WHERE event_id=?1 AND NOT EXISTS "
                                   "(SELECT 1 FROM article_events WHERE event_id=?1)"));
  SITREP_RETURN_IF_ERROR(d.Prepare(
      d.all_events, "SELECT json FROM events ORDER BY coalesce(event_date, ''), event_id"));
  SITREP_RETURN_IF_ERROR(d.Prepare(d.count_events, "SELECT count(*) FROM events"));
  SITREP_RETURN_IF_ERROR(d.Prepare(d.count_articles, "SELECT count(*) FROM articles"));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

Status SqliteStore::Impl::PutArticleInTransaction(const Article& article,
                                                  const std::vector<Event>& events) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const std::string id = !article.id.empty() ? article.id : Hex64(Fnv1a64(article.text));

  sqlite3_stmt* s = put_article.Use();
  BindText(s, 1, id);
  BindText(s, 2, Hex64(Fnv1a64(article.text)));
  BindTextOrNull(s, 3, article.published);
  BindTextOrNull(s, 4, article.publisher);
  BindTextOrNull(s, 5, article.url);
  sqlite3_bind_int64(s, 6, now);
  SITREP_RETURN_IF_ERROR(Step(s, "cannot store article"));

  std::set<std::string> previous;
  s = select_links.Use();
  BindText(s, 1, id);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) previous.insert(ColumnText(s, 0));
  if (rc != SQLITE_DONE) return Error("cannot read article links");
  s = delete_links.Use();
  BindText(s, 1, id);
  SITREP_RETURN_IF_ERROR(Step(s, "cannot delete article links"));

  for (const Event& original : events) {
    Event e = original;
    e.timestamp = now;
    s = upsert_event.Use();
    BindText(s, 1, e.event_id);
    BindText(s, 2, ToJsonLine(e));
    BindTextOrNull(s, 3, e.event_date);
    BindText(s, 4, e.event_type);
    BindText(s, 5, e.sub_event_type);
    BindText(s, 6, e.country);
    BindText(s, 7, e.admin1);
    BindText(s, 8, e.location);
    if (e.latitude && e.longitude && !(*e.latitude == 0 && *e.longitude == 0)) {
      sqlite3_bind_double(s, 9, *e.latitude);
      sqlite3_bind_double(s, 10, *e.longitude);
    }
    if (e.fatalities) sqlite3_bind_int(s, 11, *e.fatalities);
    sqlite3_bind_int64(s, 12, now);
    SITREP_RETURN_IF_ERROR(Step(s, "cannot store event " + e.event_id));
    s = insert_link.Use();
    BindText(s, 1, id);
    BindText(s, 2, e.event_id);
    SITREP_RETURN_IF_ERROR(Step(s, "cannot link event"));
    previous.erase(e.event_id);
  }
  // Events this article alone used to report are gone now.
  for (const std::string& stale : previous) {
    s = delete_orphan.Use();
    BindText(s, 1, stale);
    SITREP_RETURN_IF_ERROR(Step(s, "cannot delete stale event"));
  }
  return Status::Ok();
}

Status SqliteStore::PutArticle(const Article& article, const std::vector<Event>& events) {
  // A savepoint nests inside BeginBatch's transaction and works alone as well.
  SITREP_RETURN_IF_ERROR(impl_->Exec("SAVEPOINT put_article"));
  Status st = impl_->PutArticleInTransaction(article, events);
  if (!st.ok()) {
    (void)impl_->Exec("ROLLBACK TO put_article; RELEASE put_article");
    return st;
  }
  return impl_->Exec("RELEASE put_article");
}

Status SqliteStore::BeginBatch() {
  if (impl_->in_batch) return Status::Ok();
  SITREP_RETURN_IF_ERROR(impl_->Exec("BEGIN IMMEDIATE"));
  impl_->in_batch = true;
  return Status::Ok();
}

Status SqliteStore::CommitBatch() {
  if (!impl_->in_batch) return Status::Ok();
  impl_->in_batch = false;
  return impl_->Exec("COMMIT");
}

Status SqliteStore::ForEachEvent(const std::function<bool(const Event&)>& on_event) const {
  sqlite3_stmt* s = impl_->all_events.Use();
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    auto event = EventFromJson(ColumnText(s, 0));
    if (!event.ok()) {
      sqlite3_reset(s);
      return Status::IoError(impl_->path + ": corrupt event row: " + event.status().message());
    }
    if (!on_event(*event)) break;
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return impl_->Error("cannot read events");
  sqlite3_reset(s);  // ends the read transaction
  return Status::Ok();
}

Result<int64_t> SqliteStore::CountEvents() const {
  sqlite3_stmt* s = impl_->count_events.Use();
  if (sqlite3_step(s) != SQLITE_ROW) return impl_->Error("cannot count events");
  return static_cast<int64_t>(sqlite3_column_int64(s, 0));
}

Result<int64_t> SqliteStore::CountArticles() const {
  sqlite3_stmt* s = impl_->count_articles.Use();
  if (sqlite3_step(s) != SQLITE_ROW) return impl_->Error("cannot count articles");
  return static_cast<int64_t>(sqlite3_column_int64(s, 0));
}

}  // namespace sitrep::store

namespace sitrep {

Result<std::vector<Event>> Store::AllEvents() const {
  std::vector<Event> events;
  SITREP_RETURN_IF_ERROR(ForEachEvent([&](const Event& e) {
    events.push_back(e);
    return true;
  }));
  return events;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& location,
                                           const StoreOptions& options) {
  auto opened = store::SqliteStore::Open(location, options);
  if (!opened.ok()) return opened.status();
  return std::unique_ptr<Store>(std::move(*opened));
}

}  // namespace sitrep
