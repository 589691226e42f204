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

// Metadata the caller gives for inputs that cannot say it themselves (from CLI flags): a
// record's or page's own fields win. And the limits of what one input may cost.
struct ReadOptions {
  std::string published;  // "YYYY-MM-DD" or empty
  std::string publisher;
  std::string id;         // only applied when exactly one article is read
  // A JSONL line or a .txt file larger than this is rejected as soon as it passes the
  // limit, without being held (ExtractOptions::max_text_bytes is the same limit).
  size_t max_bytes = 8u << 20;
  // An .html page or a .json document, which are read whole (markup, many articles).
  size_t max_document_bytes = 64u << 20;
  // In a directory, follow symbolic links that lead out of it and links to directories
  // (without, they are reported and skipped).
  bool follow_links = false;
  // The number JSONL messages give the first line read (a file read on from an offset, as
  // `sitrep watch` reads a growing file).
  size_t first_line = 1;
};

// Receives articles and per-record errors in input order.
struct ArticleSink {
  std::function<void(Article&&)> on_article;
  std::function<void(const Status&)> on_error;  // message names origin (path:line) and problem
};

// Reads `path`: a .txt, .html/.htm, .jsonl or .json file, a directory (recursive, sorted by
// path, other extensions ignored) or "-" (JSONL on stdin). Returns non-ok only when the
// path itself is unusable: kNotFound (missing), kUnsupported (not a kind it reads, a
// directory without article files), kIoError (cannot be opened, or a read failed; what was
// read before went to the sink). Bad records and skipped directory entries go to
// sink.on_error, each naming its origin and the problem.
Status ReadPath(const std::string& path, const ReadOptions& options, const ArticleSink& sink);

// Reads JSONL from a stream; `origin_name` is used in messages ("<stdin>").
Status ReadJsonlStream(std::istream& in, const std::string& origin_name, const ReadOptions& options,
                       const ArticleSink& sink);

// "YYYY-MM-DD" from a date or an ISO 8601 datetime with a real day and time
// ("2019-07-28T10:00:00Z"); the error says what is wrong with `value`.
Result<std::string> NormalizePublished(std::string_view value);

// One JSONL line -> Article. origin is e.g. "file.jsonl:12".
Result<Article> ParseJsonlLine(std::string_view line, const std::string& origin);

// An article whose fields a caller set one by one (a front end reading its own objects),
// checked and normalised as ParseJsonlLine does a parsed record: an error when the text is
// empty or blank or `published` is no date; `published` as "YYYY-MM-DD", title, publisher
// and lang cleaned. Messages name article.origin. The fields must be valid UTF-8.
Result<Article> CheckArticle(Article article);

// Plain text: title = first non-empty line; text = the whole file as given.
Result<Article> ArticleFromText(std::string text, const std::string& origin);

// HTML: article body text via gumbo (script/style/nav/header/footer/aside dropped),
// title from <h1> or <title>, published from common meta tags when present.
Result<Article> ArticleFromHtml(std::string_view html, const std::string& origin);

}  // namespace sitrep
