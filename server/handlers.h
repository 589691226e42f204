// The request handlers of `sitrep serve`, and what they share (server.cc wires them up).
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "server.h"
#include "sitrep/pipeline.h"
#include "sitrep/status.h"
#include "sitrep/writer.h"
#include "store_pool.h"

namespace sitrep::server {

// Everything a handler needs; lives as long as the server.
struct Context {
  ServeOptions options;
  std::unique_ptr<StorePool> pool;
  std::shared_ptr<const Resources> resources;  // loaded when posting is enabled
  WriterOptions csv_options;                   // ACLED admin1 spellings
};

// {"error": message, "status": status}.
void SendError(httplib::Response& res, int status, const std::string& message);
// The HTTP status for a failed Status (400 invalid input, 404 not found, 5xx otherwise).
int HttpStatusOf(const Status& status);
void SendJson(httplib::Response& res, const std::string& json, int status = 200);

// GET endpoints (api.cc).
void GetEvents(const Context& ctx, const httplib::Request& req, httplib::Response& res);
void GetEvent(const Context& ctx, const std::string& id, httplib::Response& res);
void GetArticle(const Context& ctx, const std::string& id, httplib::Response& res);
void GetStats(const Context& ctx, const httplib::Request& req, httplib::Response& res);
void GetHealth(const Context& ctx, httplib::Response& res);

// POST /api/articles (post.cc).
void PostArticles(const Context& ctx, const httplib::Request& req, httplib::Response& res);

// The OpenAPI description (openapi.json, compiled in).
const std::string& OpenApiJson();

}  // namespace sitrep::server
