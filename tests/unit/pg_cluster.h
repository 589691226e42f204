// A throw-away PostgreSQL 15 cluster for tests: initdb in a temporary directory, the server
// on a free loopback port (its unix socket in that directory too), one fresh database per
// test, stopped and removed when the test process exits. As root (CI), the server runs as
// the `postgres` user (runuser), since initdb refuses root. Unavailable, with the reason,
// only when the binaries, PostGIS or sitrep's PostgreSQL support are truly absent.
#pragma once

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace sitrep {

class PgCluster {
 public:
  static PgCluster& Get() {
    static PgCluster cluster;
    return cluster;
  }
  bool available() const { return why_not_.empty(); }
  const std::string& why_not() const { return why_not_; }

  // A new, empty database on the cluster with PostGIS ready: its URL ("" on failure).
  std::string NewDatabase() {
    if (!available()) return "";
    const std::string name = "t" + std::to_string(++databases_);
    // Copies of a template that already has PostGIS: much faster than creating it each time.
    if (!Run(Psql("CREATE DATABASE " + name + " TEMPLATE sitrep_template"))) {
      why_not_ = "cannot create a database (see " + dir_ + "/log)";
      return "";
    }
    return "postgresql://sitrep@127.0.0.1:" + std::to_string(port_) + "/" + name;
  }

  ~PgCluster() {
    if (started_) Run(Bin("pg_ctl") + " -D " + dir_ + "/data -m immediate -w stop > /dev/null");
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

 private:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";

  PgCluster() {
#ifndef SITREP_HAVE_PQXX
    why_not_ = "sitrep was built without libpqxx (Debian libpqxx-dev): PostgreSQL tests skipped";
    return;
#endif
    if (!std::filesystem::exists(std::string(kBin) + "initdb")) {
      why_not_ = "PostgreSQL 15 is not installed (Debian postgresql-15): PostgreSQL tests skipped";
      return;
    }
    if (!std::filesystem::exists("/usr/share/postgresql/15/extension/postgis.control")) {
      why_not_ = "PostGIS is not installed (Debian postgresql-15-postgis-3): tests skipped";
      return;
    }
    char tmpl[] = "/tmp/sitrep-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) {
      why_not_ = "cannot create a temporary directory";
      return;
    }
    dir_ = tmpl;
    if (::geteuid() == 0) {
      const passwd* pw = ::getpwnam("postgres");
      if (!pw || ::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        why_not_ = "running as root and there is no `postgres` user to run the server as";
        return;
      }
      as_user_ = "runuser -u postgres -- ";
    }
    port_ = FreePort();
    if (!Run(Bin("initdb") + " -D " + dir_ + "/data -U sitrep --auth=trust -E UTF8 --locale=C > " +
             dir_ + "/initdb.log 2>&1")) {
      why_not_ = "initdb failed (see " + dir_ + "/initdb.log)";
      return;
    }
    const std::string opts = "-p " + std::to_string(port_) + " -k " + dir_ +
                             " -c listen_addresses=127.0.0.1 -c fsync=off -c "
                             "synchronous_commit=off -c full_page_writes=off";
    if (!Run(Bin("pg_ctl") + " -D " + dir_ + "/data -l " + dir_ + "/log -w -o '" + opts +
             "' start > /dev/null")) {
      why_not_ = "the PostgreSQL server did not start (see " + dir_ + "/log)";
      return;
    }
    started_ = true;
    if (!Run(Psql("CREATE DATABASE sitrep_template")) ||
        !Run(Psql("CREATE EXTENSION postgis", "sitrep_template"))) {
      why_not_ = "cannot create the PostGIS template database (see " + dir_ + "/log)";
    }
  }

  std::string Psql(const std::string& sql, const std::string& db = "postgres") const {
    return Bin("psql") + " -q -h " + dir_ + " -p " + std::to_string(port_) + " -U sitrep -d " + db +
           " -c '" + sql + "' > /dev/null";
  }

  std::string Bin(const char* name) const { return as_user_ + kBin + name; }
  static bool Run(const std::string& cmd) { return std::system(cmd.c_str()) == 0; }

  static int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 54329;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
      port = ntohs(a.sin_port);
    if (fd >= 0) ::close(fd);
    return port;
  }

  std::string dir_, as_user_, why_not_;
  int port_ = 0;
  int databases_ = 0;
  bool started_ = false;
};

}  // namespace sitrep
