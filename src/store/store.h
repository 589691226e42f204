// The embedded event store (SQLite, one file, no server). Upserts by event_id and records
// which articles were ingested (by id and text hash), so re-ingesting the same article
// never duplicates anything.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep::store {

class SqliteStore {
 public:
  // Creates the file and schema when missing. Fails with the path and SQLite's message.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore();

  // Replaces everything previously stored for `article.id` with `events`, in one
  // transaction; bumps each event's timestamp.
  Status PutArticle(const Article& article, const std::vector<Event>& events);

  // Every stored event, sorted by (event_date, event_id).
  Result<std::vector<Event>> AllEvents() const;
  Result<int64_t> CountEvents() const;
  Result<int64_t> CountArticles() const;

  // Groups many PutArticle calls into one transaction (much faster for bulk ingest).
  // PutArticle still commits or rolls back each article on its own within it.
  Status BeginBatch();
  Status CommitBatch();

  const std::string& path() const;

  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep::store
