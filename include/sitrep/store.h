// The event store: where extracted events are kept, upserted by event_id, with the articles
// they came from (by id and text hash), so re-ingesting the same article never duplicates
// anything. Today one back end: an embedded SQLite file. Implemented by src/store/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep {

class Store {
 public:
  // Opens the store at `location` (a SQLite file path), creating file and schema when
  // missing. Fails with the location and the database's own message.
  static Result<std::unique_ptr<Store>> Open(const std::string& location);
  virtual ~Store() = default;

  // Replaces everything previously stored for `article.id` with `events`, atomically;
  // bumps each event's timestamp.
  virtual Status PutArticle(const Article& article, const std::vector<Event>& events) = 0;

  // Every stored event, sorted by (event_date, event_id).
  virtual Result<std::vector<Event>> AllEvents() const = 0;
  virtual Result<int64_t> CountEvents() const = 0;
  virtual Result<int64_t> CountArticles() const = 0;

  // Groups many PutArticle calls into one transaction (much faster for bulk ingest).
  // PutArticle still commits or rolls back each article on its own within it.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;

  virtual const std::string& location() const = 0;
};

}  // namespace sitrep
