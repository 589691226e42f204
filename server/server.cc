// The HTTP layer: cpp-httplib's threaded server, the routes, JSON errors for every failure
// (httplib's own 404/413/400 included), security headers, and the dashboard's files.
#include "server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "handlers.h"
#include "sitrep/pipeline.h"

namespace sitrep::server {

namespace fs = std::filesystem;

std::string DefaultWebDir() { return SITREP_DEFAULT_WEB_DIR; }
std::string DefaultVendorDir() { return SITREP_DEFAULT_VENDOR_DIR; }

void SendJson(httplib::Response& res, const std::string& json, int status) {
  res.status = status;
  res.set_content(json, "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  nlohmann::ordered_json j;
  j["error"] = message;
  j["status"] = status;
  SendJson(res, j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), status);
}

int HttpStatusOf(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kUnsupported:
      return 403;
    case StatusCode::kIoError:
      return 503;
    default:
      return 500;
  }
}

namespace {

// The dashboard's npm packages: URL prefix -> folder under the vendor directory.
struct VendorMount {
  const char* url;
  const char* folder;
  const char* probe;  // a file that must be there
};
constexpr VendorMount kVendorMounts[] = {
    {"/vendor/leaflet", "leaflet/dist", "leaflet.js"},
    {"/vendor/leaflet.markercluster", "leaflet.markercluster/dist", "leaflet.markercluster.js"},
    {"/vendor/topojson-client", "topojson-client/dist", "topojson-client.min.js"},
    {"/vendor/world-atlas", "world-atlas", "countries-50m.json"},
};

// Scripts only from this server; OpenStreetMap tiles are the one outside image source (the
// base map's optional layer). Article text can therefore never run as script.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://tile.openstreetmap.org https://*.tile.openstreetmap.org; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

}  // namespace

struct Server::Impl {
  Context ctx;
  httplib::Server http;
  std::string warnings;
  int port = 0;
  bool bound = false;

  void Routes();
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->ctx.options = std::move(options);
  ServeOptions& o = impl_->ctx.options;
  if (o.data_dir.empty()) o.data_dir = DefaultDataDir();
  if (o.web_dir.empty()) o.web_dir = DefaultWebDir();
  if (o.vendor_dir.empty()) o.vendor_dir = DefaultVendorDir();
}

Server::~Server() = default;

int Server::port() const { return impl_->port; }
const std::string& Server::warnings() const { return impl_->warnings; }

Status Server::Bind() {
  Context& ctx = impl_->ctx;
  const ServeOptions& o = ctx.options;
  const bool writable = !o.token.empty();
  const bool url = o.db.find("://") != std::string::npos;
  std::error_code ec;
  // A read-only server never creates a store: a typo in the path is an error instead.
  if (!url && !writable && !fs::is_regular_file(o.db, ec))
    return Status::NotFound(o.db + ": no such database file (start with --token to create one)");
  if (o.threads < 1 || o.max_limit < 1 || o.default_limit < 1 || o.default_limit > o.max_limit)
    return Status::InvalidInput(
        "--threads, --max-limit and --page-size must be >= 1, "
        "and --page-size <= --max-limit");
  SITREP_ASSIGN_OR_RETURN(ctx.pool, StorePool::Open(o.db, writable, o.threads));
  if (writable) {
    SITREP_ASSIGN_OR_RETURN(ctx.resources, Resources::Load(o.data_dir));
  }
  ctx.csv_options = AcledWriterOptions(o.data_dir);

  httplib::Server& http = impl_->http;
  const int threads = o.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(o.max_body_bytes);
  // Headers and body go out in separate writes: with Nagle's algorithm the body waited for
  // the client's delayed ACK, 40 ms per request on a keep-alive connection.
  http.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second server share a port
  // that is in use, and half the requests would go to it.
  http.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_read_timeout(10);
  http.set_write_timeout(30);
  if (!fs::is_regular_file(fs::path(o.web_dir) / "index.html", ec)) {
    impl_->warnings += o.web_dir + ": no index.html; the dashboard is not served\n";
  } else {
    http.set_mount_point("/", o.web_dir);
  }
  for (const VendorMount& m : kVendorMounts) {
    fs::path dir = fs::path(o.vendor_dir) / m.folder;
    if (!fs::is_regular_file(dir / m.probe, ec)) {
      impl_->warnings += (dir / m.probe).string() +
                         " is missing: the dashboard needs the npm packages ./setup.sh installs\n";
      continue;
    }
    http.set_mount_point(m.url, dir.string(), {{"Cache-Control", "public, max-age=86400"}});
  }
  impl_->Routes();

  int port = o.port;
  if (port == 0) {
    port = http.bind_to_any_port(o.host);
  } else if (!http.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port <= 0)
    return Status::IoError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                           " (in use, or not an address of this machine)");
  impl_->port = port;
  impl_->bound = true;
  return Status::Ok();
}

void Server::Impl::Routes() {
  const Context& c = ctx;
  http.Get("/healthz",
           [&c](const httplib::Request&, httplib::Response& res) { GetHealth(c, res); });
  http.Get("/api/openapi.json",
           [](const httplib::Request&, httplib::Response& res) { SendJson(res, OpenApiJson()); });
  http.Get("/api/events",
           [&c](const httplib::Request& req, httplib::Response& res) { GetEvents(c, req, res); });
  http.Get(R"(/api/events/(.+))", [&c](const httplib::Request& req, httplib::Response& res) {
    GetEvent(c, req.matches[1], res);
  });
  http.Get(R"(/api/articles/(.+))", [&c](const httplib::Request& req, httplib::Response& res) {
    GetArticle(c, req.matches[1], res);
  });
  http.Get("/api/stats",
           [&c](const httplib::Request& req, httplib::Response& res) { GetStats(c, req, res); });
  http.Post("/api/articles", [&c](const httplib::Request& req, httplib::Response& res) {
    PostArticles(c, req, res);
  });
  auto wrong_method = [](const char* allowed) {
    return [allowed](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allowed);
      SendError(res, 405, req.method + " " + req.path + ": use " + allowed);
    };
  };
  http.Get("/api/articles", wrong_method("POST"));
  for (const char* path : {"/api/events", "/api/stats", "/healthz"}) {
    http.Post(path, wrong_method("GET"));
    http.Put(path, wrong_method("GET"));
    http.Delete(path, wrong_method("GET"));
  }

  // httplib's own refusals (no route, body too large, unreadable request) as JSON too.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message;
        switch (res.status) {
          case 404:
            message = "no such resource: " + req.path;
            break;
          case 413:
            message = "request body too large (the limit is --max-body)";
            break;
          case 414:
            message = "request URI too long";
            break;
          default:
            message = "bad request (HTTP " + std::to_string(res.status) + ")";
        }
        SendError(res, res.status, message);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        SendError(res, 500, "internal error: " + what);
      });
  http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("Referrer-Policy", "no-referrer");
    if (!res.has_header("Cache-Control"))
      res.set_header("Cache-Control", req.path.rfind("/api/", 0) == 0 ? "no-store" : "no-cache");
  });
  if (ctx.options.access_log) {
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << req.remote_addr << " " << req.method << " " << req.target << " " << res.status
                << "\n";
    });
  }
}

Status Server::Run() {
  if (!impl_->bound) return Status::Internal("Run() before a successful Bind()");
  if (!impl_->http.listen_after_bind())
    return Status::IoError("the server stopped listening on " + impl_->ctx.options.host + ":" +
                           std::to_string(impl_->port));
  return Status::Ok();
}

void Server::Stop() { impl_->http.stop(); }

}  // namespace sitrep::server
