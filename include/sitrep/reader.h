// Reading articles: files, directories and JSONL streams become Articles (SCHEMA.md input).
// Every bad record is reported (origin + problem) and skipped; the rest keep flowing.
// Implemented by the ingest stage (src/ingest/).
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "sitrep/article.h"
#include "sitrep/status.h"

namespace sitrep {

// Metadata the caller gives for .txt/.html inputs (from CLI flags); JSONL fields win.
struct ReadOptions {
  std::string published;  // "YYYY-MM-DD" or empty
  std::string publisher;
  std::string id;                 // only applied when exactly one article is read
  size_t max_bytes = 256u << 20;  // a larger single record is rejected, not loaded
};

// Receives articles and per-record errors in input order.
struct ArticleSink {
  std::function<void(Article&&)> on_article;
  std::function<void(const Status&)> on_error;  // message names origin (path:line) and problem
};

// Reads `path`: a .txt, .html/.htm, .jsonl/.json file, a directory (recursive, sorted by
// path, other extensions skipped) or "-" (JSONL on stdin). Returns non-ok only when the
// path itself is unusable (does not exist, unreadable); bad records go to sink.on_error.
Status ReadPath(const std::string& path, const ReadOptions& options, const ArticleSink& sink);

// Reads JSONL from a stream; `origin_name` is used in messages ("<stdin>").
Status ReadJsonlStream(std::istream& in, const std::string& origin_name, const ReadOptions& options,
                       const ArticleSink& sink);

// One JSONL line -> Article. origin is e.g. "file.jsonl:12".
Result<Article> ParseJsonlLine(std::string_view line, const std::string& origin);

// Plain text: title = first non-empty line; text = the whole file as given.
Result<Article> ArticleFromText(std::string text, const std::string& origin);

// HTML: article body text via gumbo (script/style/nav/header/footer/aside dropped),
// title from <h1> or <title>, published from common meta tags when present.
Result<Article> ArticleFromHtml(std::string_view html, const std::string& origin);

}  // namespace sitrep
