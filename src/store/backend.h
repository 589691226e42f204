// What a database must offer the store (src/store/store_impl.cc holds the logic common to
// every back end: replacing an article's reports and merging them). SQLite
// (sqlite_store.cc) and PostgreSQL (pg_store.cc) implement it with the same tables:
//
//   articles  id, text_hash, published, publisher, url, title, lang, text, ingested_at
//   reports   one row per event extract gave (report_id = its event_id): the JSON, the
//             fields the merge rule compares, and event_id = the live event it belongs to
//   events    one row per live (merged) event: JSON without timestamp, query columns,
//             created_at, updated_at
//   deleted   ids that no longer name an event: merged_into, deleted_at
//   state     key/value (sitrep watch's cursors)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sitrep/store.h"

namespace sitrep::store {

// A stored report. `report` is complete when loaded with its JSON; candidate lookups fill
// only what the merge rule compares (ids, date, place, type, actors, fatalities, published).
struct ReportRow {
  Event report;
  std::string article_id;
  std::string event_id;  // the live event it belongs to
  std::string json;      // empty unless loaded
};

// A live event row.
struct EventRow {
  std::string json;  // without timestamp
  int64_t created_at = 0, updated_at = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const std::string& location() const = 0;

  // A unit that commits or rolls back on its own, nested in a batch when one is open.
  virtual Status BeginUnit() = 0;
  virtual Status CommitUnit() = 0;
  virtual void RollbackUnit() = 0;
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;

  virtual Status UpsertArticle(const Article& article, const std::string& text_hash,
                               int64_t now) = 0;
  virtual Status DeleteArticle(const std::string& article_id) = 0;
  virtual Result<std::vector<ReportRow>> ArticleReports(const std::string& article_id) = 0;
  virtual Status InsertReport(const ReportRow& row) = 0;
  virtual Status DeleteReport(const std::string& report_id) = 0;
  virtual Status SetReportEvent(const std::string& report_id, const std::string& event_id) = 0;
  // Reports of `country`/`admin1` whose date key of class `date_class` is in [lo, hi].
  virtual Result<std::vector<ReportRow>> Candidates(const std::string& country,
                                                    const std::string& admin1, int date_class,
                                                    int64_t lo, int64_t hi) = 0;
  virtual Result<std::vector<ReportRow>> EventMembers(const std::string& event_id,
                                                      bool with_json) const = 0;
  virtual Result<std::vector<ReportRow>> LoadReports(const std::vector<std::string>& ids) = 0;

  virtual Result<std::optional<EventRow>> GetEventRow(const std::string& event_id) const = 0;
  virtual Status WriteEvent(const Event& event, const std::string& json, int64_t created_at,
                            int64_t updated_at) = 0;
  virtual Status DeleteEvent(const std::string& event_id) = 0;
  virtual Status MarkDeleted(const std::string& event_id, const std::string& merged_into,
                             int64_t now) = 0;
  virtual Status Undelete(const std::string& event_id) = 0;
  // nullopt: not deleted; else what it was merged into ("" = gone).
  virtual Result<std::optional<std::string>> DeletedInto(const std::string& event_id) const = 0;
  virtual Result<std::optional<std::string>> ReportEvent(const std::string& report_id) const = 0;

  // Queries (sorted by event_date, event_id; the JSON and its updated_at).
  virtual Status QueryEvents(const EventQuery& query,
                             const std::function<bool(const std::string& json, int64_t updated_at)>&
                                 on_row) const = 0;
  virtual Result<StoreStats> Stats(const EventQuery& query) const = 0;
  virtual Status ForEachReportJson(const std::function<bool(const std::string& json)>& on_row) const = 0;
  // Events created or updated at or after `since`, and deleted ids, oldest first.
  virtual Status Changes(int64_t since,
                         const std::function<bool(const EventChange&, const std::string& json)>&
                             on_change) const = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(const std::string& id) const = 0;
  virtual Result<int64_t> Count(const char* table) const = 0;  // articles, reports, events
  virtual Result<std::optional<std::string>> GetState(const std::string& key) const = 0;
  virtual Status SetState(const std::string& key, const std::string& value) = 0;
};

// The SQLite back end (sqlite_store.cc).
Result<std::unique_ptr<Backend>> OpenSqlite(const std::string& path, const StoreOptions& options);
// The PostgreSQL back end (pg_store.cc); Unsupported when built without libpqxx.
Result<std::unique_ptr<Backend>> OpenPostgres(const std::string& url, const StoreOptions& options);

// The store over any back end (store_impl.cc).
std::unique_ptr<Store> MakeStore(std::unique_ptr<Backend> backend, const StoreOptions& options);

// Query helpers shared by the back ends (query.cc).
std::string SearchText(const Event& e);   // lower-cased notes, place, actors, sources
std::string ActorText(const Event& e);    // lower-cased actors and associated actors
std::string LowerAscii(const std::string& s);
// Lists kept in one column, one item per line.
std::string JoinLines(const std::vector<std::string>& items);
std::vector<std::string> SplitLines(const std::string& s);
int DateClassOf(const Event& e);          // merge::DateClass as int
int64_t DateKeyOf(const Event& e);
// Bounding box of a circle (for index pre-filtering; the exact test is DistanceKm).
EventQuery::Box CircleBox(const EventQuery::Circle& c);
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

// A query's WHERE clause for either back end: parameters numbered from `first_param`
// (?N for SQLite, $N for PostgreSQL).
using SqlValue = std::variant<std::string, int64_t, double>;
struct WhereClause {
  std::string sql;  // "" or " WHERE ..."
  std::vector<SqlValue> params;
};
enum class Dialect { kSqlite, kPostgres };
WhereClause BuildWhere(const EventQuery& query, Dialect dialect);
// Checks a query's values (dates, ranges): a clear error before any SQL runs.
Status CheckQuery(const EventQuery& query);

}  // namespace sitrep::store
