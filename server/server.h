// `sitrep serve`: the HTTP API and the map dashboard over a store (docs/server.md).
//
//   sitrep::server::ServeOptions options;
//   options.db = "sitrep.sqlite";
//   sitrep::server::Server server(options);
//   if (Status st = server.Bind(); !st.ok()) ...;   // port 0: any free port
//   server.Run();                                   // until Stop() from another thread
//
// The server is a front-end: it reads and writes through sitrep::Store and extracts POSTed
// articles with sitrep::Extract; it never builds SQL.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sitrep/status.h"

namespace sitrep::server {

struct ServeOptions {
  std::string db;  // a SQLite file or a postgresql:// URL
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (port() tells which)
  // POST /api/articles needs "Authorization: Bearer <token>"; empty: posting is disabled
  // and the store is opened read-only.
  std::string token;
  int threads = 8;                   // requests served at once
  size_t max_body_bytes = 8u << 20;  // larger request bodies get 413
  int64_t default_limit = 1000;      // events per page when `limit` is not given
  int64_t max_limit = 50000;         // the largest `limit` accepted
  std::string data_dir;              // extraction data (POST); empty: DefaultDataDir()
  std::string web_dir;               // the dashboard (web/); empty: this build's
  std::string vendor_dir;            // npm packages (third_party/npm/node_modules)
  bool access_log = false;           // one line per request on stderr
};

// The directories this build was configured with (the source tree's web/ and npm packages).
std::string DefaultWebDir();
std::string DefaultVendorDir();

class Server {
 public:
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the store (and loads the extraction data when posting is enabled), then binds
  // the listening socket. Fails with a message naming what is wrong.
  Status Bind();
  int port() const;
  // Serves until Stop(). Returns an error when the server could not listen.
  Status Run();
  // Thread-safe; Run() returns soon after.
  void Stop();
  // Problems that do not stop the server (e.g. the dashboard's npm packages are missing).
  const std::string& warnings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep::server
