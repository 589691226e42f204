// Store connections for concurrent requests. A sitrep::Store is one database connection and
// is used by one thread at a time, so readers borrow one of several read-only connections
// (SQLite's WAL and PostgreSQL both let them read while a put writes) and writers take turns
// on the one read-write connection.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep::server {

class StorePool {
 public:
  // A borrowed connection; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Store& operator*() const { return *store_; }
    Store* operator->() const { return store_; }

   private:
    friend class StorePool;
    Lease(StorePool* pool, std::unique_ptr<Store> reader)
        : pool_(pool), reader_(std::move(reader)) {
      store_ = reader_.get();
    }
    Lease(Store* writer, std::unique_lock<std::mutex> lock)
        : store_(writer), writer_lock_(std::move(lock)) {}

    StorePool* pool_ = nullptr;
    std::unique_ptr<Store> reader_;  // a reader's connection, returned to the pool
    Store* store_ = nullptr;
    std::unique_lock<std::mutex> writer_lock_;  // the writer's turn
  };

  // Opens the store: read-write when `writable` (creating it when missing), and one
  // read-only connection to check that readers can open it too. At most `max_readers`
  // read-only connections are open at once; more readers wait for one.
  static Result<std::unique_ptr<StorePool>> Open(const std::string& location, bool writable,
                                                 int max_readers);
  ~StorePool();

  // A read-only connection (opened on first need, then reused).
  Result<Lease> Reader();
  // The read-write connection, exclusively; Unsupported when the pool is read-only.
  Result<Lease> Writer();
  bool writable() const { return writer_ != nullptr; }
  const std::string& location() const { return location_; }

 private:
  StorePool() = default;
  void Return(std::unique_ptr<Store> store);

  std::string location_;
  int max_readers_ = 1;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Store>> idle_;  // read-only connections not in use
  int open_readers_ = 0;
  std::unique_ptr<Store> writer_;
  std::mutex writer_mutex_;
};

}  // namespace sitrep::server
