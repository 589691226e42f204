// HTTP(S) GET for feeds (libcurl), with the conditional request that makes polling cheap:
// a feed that has not changed since the last poll answers 304 and sends nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "sitrep/status.h"

namespace sitrep {

struct FetchRequest {
  std::string url;                  // http://, https:// or file://
  std::string etag;                 // from the last response: sent as If-None-Match
  std::string last_modified;        // from the last response: sent as If-Modified-Since
  int timeout_seconds = 30;         // the whole transfer
  size_t max_bytes = 32u << 20;     // a larger body is refused, not loaded
  std::function<bool()> cancelled;  // asked while waiting: true abandons the fetch
};

struct FetchResponse {
  bool not_modified = false;  // 304: nothing new since `etag` / `last_modified`
  std::string body;
  std::string etag, last_modified;
};

// Fails with the URL and the reason (curl's message, or "HTTP 404") on anything but a 2xx
// or 304 answer. Follows up to 5 redirects (HTTP and HTTPS only).
Result<FetchResponse> Fetch(const FetchRequest& request);

}  // namespace sitrep
