// The event store: articles (with their text), the events each article reported, and the
// merged events those become (sitrep/merge.h: one incident reported by several outlets is
// one event). Re-ingesting an article never duplicates anything; an id that stops naming an
// event of its own gets a `deleted` record (merged into another, or gone). Two back ends with
// the same behaviour: an embedded SQLite file, and PostgreSQL with PostGIS
// ("postgresql://..." when built with libpqxx). Implemented by src/store/; docs/store.md.
//
//   auto store = sitrep::Store::Open("events.sqlite");
//   (*store)->PutArticle(article, events);               // extract's events; merged on put
//   sitrep::EventQuery q;  q.countries = {"Syria"};  q.date_from = "2019-07-01";
//   (*store)->QueryEvents(q, [](const sitrep::Event& e) { ...; return true; });
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/event.h"
#include "sitrep/merge.h"
#include "sitrep/status.h"

namespace sitrep {

struct StoreOptions {
  // Only read: the store must exist and be a sitrep store; nothing is created or changed.
  bool read_only = false;
  // Merge the reports of one incident across articles (the default). Off: every article's
  // events are stored as they are, one event per extracted event.
  bool merge = true;
  MergeOptions merge_options;
};

// Which events a query returns. Empty fields do not filter; list fields match any element.
// Strings match whole values, ignoring ASCII case, except `actor` and `text` (substrings).
struct EventQuery {
  std::string date_from, date_to;  // "YYYY-MM-DD", inclusive
  std::vector<std::string> countries, admin1s, event_types, sub_event_types;
  std::string actor;  // in actor1, actor2 or the associated actors
  std::string text;   // in notes, location, actors, sources or admin names
  struct Box {
    double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;  // min_lon > max_lon: crosses 180°
  };
  std::optional<Box> bbox;
  struct Circle {
    double lat = 0, lon = 0, radius_km = 0;
  };
  std::optional<Circle> near;
  int64_t updated_since = 0;  // Unix seconds: only events created or changed at or after it
  int64_t limit = 0;          // 0 = no limit
  int64_t offset = 0;
};

// An event id looked up: the event, or where it went.
struct EventLookup {
  std::optional<Event> event;  // the live event (also when `id` was absorbed into it)
  std::string merged_into;     // set when `id` itself was absorbed into event->event_id
  bool deleted = false;        // `id` named an event that is gone (no event then)
};

// An article as stored, with the events it contributes to.
struct StoredArticle {
  Article article;                      // text included
  std::string text_hash;                // content hash of the text
  int64_t ingested_at = 0;              // Unix seconds of the last put
  std::vector<std::string> report_ids;  // the events extract gave for it (their own ids)
  std::vector<std::string> event_ids;   // the live (merged) events those belong to
};

// What changed after a time (ACLED's update model): new and updated events, deleted ids.
struct EventChange {
  enum class Kind { kNew, kUpdated, kDeleted };
  Kind kind = Kind::kNew;
  std::string event_id;
  int64_t at = 0;              // Unix seconds
  std::string merged_into;     // kDeleted: the event that absorbed it, empty when gone
  std::optional<Event> event;  // kNew, kUpdated
};
const char* EventChangeKindName(EventChange::Kind kind);  // "new" | "updated" | "deleted"

// Counts for dashboards, over the events a query selects (limit/offset ignored).
struct StoreStats {
  int64_t events = 0, articles = 0, reports = 0, fatalities = 0;
  std::vector<std::pair<std::string, int64_t>> by_day;         // event_date -> events, ascending
  std::vector<std::pair<std::string, int64_t>> by_event_type;  // most first
  std::vector<std::pair<std::string, int64_t>> by_country;     // most first
  std::vector<std::pair<std::string, int64_t>> by_admin1;      // "Syria|Daraa", most first
  std::vector<std::pair<std::string, int64_t>> by_day_type;    // "2021-03-09|Battles", ascending
};

// What one PutArticle did.
struct PutResult {
  int64_t reports = 0;     // events stored for the article
  int64_t new_events = 0;  // events that did not exist before
  int64_t updated_events = 0;
  int64_t deleted_events = 0;  // ids absorbed into another event or gone
};

class Store {
 public:
  // Opens the store at `location`: a SQLite file path, or a "postgresql://" / "postgres://"
  // URL. Creates file and schema when missing (unless read_only). A database that is not a
  // sitrep store is refused, never changed. Fails with the location and the database's own
  // message (a URL's password is never repeated).
  static Result<std::unique_ptr<Store>> Open(const std::string& location,
                                             const StoreOptions& options = {});
  virtual ~Store() = default;

  // Stores the article (text too) and the events extracted from it, replacing what was
  // stored for `article.id` (empty id: a hash of the text), atomically, then merges them
  // with the reports of other articles (StoreOptions::merge).
  virtual Result<PutResult> PutArticle(const Article& article,
                                       const std::vector<Event>& events) = 0;
  // Forgets an article and its reports; events it alone reported get `deleted` records.
  virtual Result<PutResult> RemoveArticle(const std::string& article_id) = 0;

  // Matching events sorted by (event_date, event_id), one at a time: memory stays flat
  // whatever the store's size. Stops early, with Ok, when `on_event` returns false.
  virtual Status QueryEvents(const EventQuery& query,
                             const std::function<bool(const Event&)>& on_event) const = 0;
  Status ForEachEvent(const std::function<bool(const Event&)>& on_event) const {
    return QueryEvents({}, on_event);
  }
  // The same, loaded into memory (small stores and tests).
  Result<std::vector<Event>> AllEvents() const;
  // Every stored report (the events extract gave, before merging), sorted by (event_date,
  // event_id), streamed: what `sitrep events --reports` prints.
  virtual Status ForEachReport(const std::function<bool(const Event&)>& on_report) const = 0;

  // One event by id; an absorbed id leads to the event that absorbed it.
  virtual Result<EventLookup> GetEvent(const std::string& event_id) const = 0;
  // The per-article reports a live event was merged from (what extract printed).
  virtual Result<std::vector<Event>> GetReports(const std::string& event_id) const = 0;
  virtual Result<std::optional<StoredArticle>> GetArticle(const std::string& article_id) const = 0;
  virtual Result<StoreStats> Stats(const EventQuery& query) const = 0;
  // Everything that changed at or after `since` (Unix seconds), oldest first.
  virtual Status Changes(int64_t since,
                         const std::function<bool(const EventChange&)>& on_change) const = 0;

  virtual Result<int64_t> CountEvents() const = 0;
  virtual Result<int64_t> CountArticles() const = 0;
  virtual Result<int64_t> CountReports() const = 0;

  // Small named values kept with the data, committed in the same transaction as the
  // articles put alongside them (`sitrep watch` keeps what it has read here, so a crash
  // never loses or repeats an article).
  virtual Result<std::optional<std::string>> GetState(const std::string& key) const = 0;
  virtual Status SetState(const std::string& key, const std::string& value) = 0;

  // Groups many puts into one transaction (much faster for bulk ingest). Each PutArticle
  // still commits or rolls back on its own within it.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;

  virtual const std::string& location() const = 0;
};

}  // namespace sitrep
