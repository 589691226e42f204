// The input record: one news article (SCHEMA.md, "Input: an article").
#pragma once

#include <string>

namespace sitrep {

struct Article {
  std::string id;         // caller's id; when empty, Extract() uses a hash of `text`
  std::string text;       // article body as published, boilerplate and all (UTF-8)
  std::string title;      // headline; may be empty
  std::string published;  // "YYYY-MM-DD" or empty when unknown
  std::string publisher;  // the article's own outlet, e.g. "Enab Baladi"
  std::string url;
  std::string lang;    // ISO 639-1; empty means detect
  std::string origin;  // where it came from, for messages: "path/file.jsonl:12"
};

}  // namespace sitrep
