// The event store: where extracted events are kept, upserted by event_id, with the articles
// they came from (by id and text hash), so re-ingesting the same article never duplicates
// anything. Today one back end: an embedded SQLite file. Implemented by src/store/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep {

struct StoreOptions {
  // Only read: the store must exist and be a sitrep store; nothing is created or changed.
  bool read_only = false;
};

class Store {
 public:
  // Opens the store at `location` (a SQLite file path), creating file and schema when
  // missing (unless read_only). A database that is not a sitrep store is refused, never
  // changed. Fails with the location and the database's own message.
  static Result<std::unique_ptr<Store>> Open(const std::string& location,
                                             const StoreOptions& options = {});
  virtual ~Store() = default;

  // Replaces everything previously stored for `article.id` with `events`, atomically;
  // bumps each event's timestamp.
  virtual Status PutArticle(const Article& article, const std::vector<Event>& events) = 0;

  // Every stored event, sorted by (event_date, event_id), one at a time: memory stays flat
  // whatever the store's size. Stops early, with Ok, when `on_event` returns false.
  virtual Status ForEachEvent(const std::function<bool(const Event&)>& on_event) const = 0;
  // The same, loaded into memory (small stores and tests).
  Result<std::vector<Event>> AllEvents() const;
  virtual Result<int64_t> CountEvents() const = 0;
  virtual Result<int64_t> CountArticles() const = 0;

  // Groups many PutArticle calls into one transaction (much faster for bulk ingest).
  // PutArticle still commits or rolls back each article on its own within it.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;

  virtual const std::string& location() const = 0;
};

}  // namespace sitrep
