// The SQLite back end of include/sitrep/store.h (one file, no server).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sitrep/store.h"

namespace sitrep::store {

class SqliteStore final : public Store {
 public:
  // Creates the file and schema when missing (unless read-only). Fails with the path and
  // SQLite's message; "not a sitrep store" for any other database.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const StoreOptions& options = {});
  ~SqliteStore() override;

  Status PutArticle(const Article& article, const std::vector<Event>& events) override;
  Status ForEachEvent(const std::function<bool(const Event&)>& on_event) const override;
  Result<int64_t> CountEvents() const override;
  Result<int64_t> CountArticles() const override;
  Status BeginBatch() override;
  Status CommitBatch() override;
  const std::string& location() const override;
  const std::string& path() const { return location(); }

  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep::store
