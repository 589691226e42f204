#include "watch/fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "sitrep/pipeline.h"
#include "util/text.h"

namespace sitrep {
namespace {

struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Transfer {
  size_t max_bytes = 0;
  const std::function<bool()>* cancelled = nullptr;
  bool too_large = false;
  FetchResponse response;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->response.body.size() + n > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  t->response.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {  // a new response (after a redirect): forget the last one's
    t->response.etag.clear();
    t->response.last_modified.clear();
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = AsciiLowerCopy(TrimWhitespace(line.substr(0, colon)));
  std::string value(TrimWhitespace(line.substr(colon + 1)));
  if (name == "etag") t->response.etag = value;
  if (name == "last-modified") t->response.last_modified = value;
  return n;
}

// Called about once a second while a transfer waits: a stop request ends it early.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return *t->cancelled && (*t->cancelled)() ? 1 : 0;
}

}  // namespace

Result<FetchResponse> Fetch(const FetchRequest& request) {
  std::unique_ptr<CURL, EasyFree> curl(curl_easy_init());
  if (!curl) return Status::Internal(request.url + ": cannot start an HTTP client (libcurl)");
  CURL* c = curl.get();
  Transfer transfer;
  transfer.max_bytes = request.max_bytes;
  transfer.cancelled = &request.cancelled;
  char error[CURL_ERROR_SIZE] = "";
  std::unique_ptr<curl_slist, ListFree> headers;
  auto add_header = [&](const std::string& h) {
    curl_slist* l = curl_slist_append(headers.get(), h.c_str());
    if (l) {
      (void)headers.release();
      headers.reset(l);
    }
  };
  if (!request.etag.empty()) add_header("If-None-Match: " + request.etag);
  if (!request.last_modified.empty()) add_header("If-Modified-Since: " + request.last_modified);
  std::string agent = std::string("sitrep/") + Version();
  long timeout = std::max(1, request.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(timeout, 15L));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);         // no SIGALRM for DNS timeouts: safe in threads
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode (gzip, ...)
  curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  if (request.cancelled) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  CURLcode rc = curl_easy_perform(c);
  if (transfer.too_large)
    return Status::InvalidInput(request.url + ": more than " + std::to_string(request.max_bytes) +
                                " bytes (the feed size limit)");
  if (rc != CURLE_OK)
    return Status::IoError(request.url + ": " + (error[0] ? error : curl_easy_strerror(rc)));
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code == 304) {
    transfer.response.not_modified = true;
    transfer.response.body.clear();
    return std::move(transfer.response);
  }
  // file:// answers 0; anything else than 2xx is the server saying no.
  if (code != 0 && (code < 200 || code > 299))
    return Status::IoError(request.url + ": HTTP " + std::to_string(code));
  return std::move(transfer.response);
}

}  // namespace sitrep
