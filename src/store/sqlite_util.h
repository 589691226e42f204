// Small SQLite helpers for the SQLite back end (sqlite_store.cc, sqlite_query.cc).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "sitrep/status.h"
#include "store/backend.h"

namespace sitrep::store {

constexpr int kBusyTimeoutMs = 10000;
// Page cache of a connection that writes, in KiB (SQLite's default is 2,000). A put reads the
// index pages of its province and dates and writes a few pages of each table and index; past
// about 100,000 events those no longer fit in 2 MB and every put reads them again from the
// file (docs/store.md, bench/README.md). The cache fills only as pages are used.
constexpr int kWriterCacheKiB = 64 << 10;
// WAL pages after which a commit copies the log into the database file (SQLite's default is
// 1,000, 4 MB). Each copy writes every page the log holds and waits for two fsyncs; a put into
// a large store dirties pages all over its indexes, so at the default the copies took 40 % of
// an ingest into a store of 100,000 articles. A page changed by many commits between two
// copies is copied once.
constexpr int kWalCheckpointPages = 16384;

// Owns one prepared statement; Use() resets it and clears its bindings.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { Finalize(); }
  int Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  sqlite3_stmt* Use() const {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return stmt_;
  }
  void Finalize() {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

inline void BindText(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
inline void BindTextOrNull(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    BindText(s, i, v);
  }
}
inline std::string ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

// Runs `sql` with parameters ?1..?n bound in order; `on_row` returns false to stop.
inline Status RunQuery(sqlite3* db, const std::string& path, const std::string& sql,
                       const std::vector<SqlValue>& params,
                       const std::function<bool(sqlite3_stmt*)>& on_row) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    return Status::IoError(path + ": cannot prepare query: " + sqlite3_errmsg(db));
  for (size_t i = 0; i < params.size(); ++i) {
    const int at = static_cast<int>(i + 1);
    if (auto* t = std::get_if<std::string>(&params[i])) BindText(s, at, *t);
    if (auto* n = std::get_if<int64_t>(&params[i])) sqlite3_bind_int64(s, at, *n);
    if (auto* d = std::get_if<double>(&params[i])) sqlite3_bind_double(s, at, *d);
  }
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    if (!on_row(s)) {
      rc = SQLITE_DONE;
      break;
    }
  Status st = rc == SQLITE_DONE ? Status::Ok()
                                : Status::IoError(path + ": query failed: " + sqlite3_errmsg(db));
  sqlite3_finalize(s);
  return st;
}

inline Status ExecSql(sqlite3* db, const std::string& path, const char* sql) {
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
inline Status ExecRetrying(sqlite3* db, const std::string& path, const char* sql) {
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

}  // namespace sitrep::store
