// ParseJsonlLine reads records with simdjson and falls back to nlohmann for the few records
// only nlohmann accepts (and to explain a syntax error). Its results (articles and error
// messages) must be those of the nlohmann-only reader it replaced, kept below as the oracle.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "ingest/ingest.h"
#include "util/text.h"

namespace sitrep {
namespace {

using nlohmann::json;

// The record as " (id ...)" for error messages, when it has a string id.
std::string NamedSuffix(const std::string& id) { return id.empty() ? "" : " (id \"" + id + "\")"; }

// The nlohmann-only reader, minus the checks before parsing (empty line, NUL, UTF-8), which
// do not depend on the parser. Errors are what follows "f.jsonl:1"; a syntax error is given
// by its byte offset only (the reason's wording is nlohmann's, see Parse).
std::string ReferenceParse(std::string_view line) {
  json obj;
  try {
    obj = json::parse(line.begin(), line.end());
  } catch (const json::parse_error& e) {
    return "error" + NamedSuffix(ingest::GuessRecordId(line)) + ": malformed JSON at byte " +
           std::to_string(e.byte > 0 ? e.byte - 1 : 0);
  } catch (const std::exception& e) {
    return "error" + NamedSuffix(ingest::GuessRecordId(line)) + ": malformed JSON: " + e.what();
  }
  if (!obj.is_object()) return std::string("error: expected a JSON object, got ") + obj.type_name();
  std::string named;
  if (auto id = obj.find("id"); id != obj.end() && id->is_string())
    named = NamedSuffix(id->get<std::string>());
  std::string out;
  for (const char* name : {"text", "id", "title", "published", "publisher", "url", "lang"}) {
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) {
      if (std::string_view(name) == "text")
        return "error" + named + ": missing required field \"text\"";
      out += std::string(name) + "=<none>;";
      continue;
    }
    if (!it->is_string())
      return "error" + named + ": field \"" + std::string(name) + "\" must be a string, got " +
             it->type_name();
    std::string value = it->get<std::string>();
    if (std::string_view(name) == "text" && TrimWhitespace(value).empty())
      return "error" + named + ": field \"text\" is empty";
    if (std::string_view(name) == "published") {
      std::string date, why;
      if (!ingest::ParsePublished(value, &date, &why))
        return "error" + named + ": field \"published\" is \"" + value + "\": " + why;
      value = date;
    }
    for (const char* cleaned : {"title", "publisher", "lang"})
      if (std::string_view(name) == cleaned) value = ingest::CleanMetadataField(value);
    out += std::string(name) + "=" + (value.empty() ? "<none>" : value) + ";";
  }
  return out;
}

std::string Parse(std::string_view line) {
  auto a = ParseJsonlLine(line, "f.jsonl:1");
  if (!a.ok()) {
    std::string m = a.status().message();
    m = "error" + m.substr(std::string("f.jsonl:1").size());
    // "malformed JSON at byte N: <nlohmann's reason>" -> "malformed JSON at byte N"
    const std::string syntax = "malformed JSON at byte ";
    if (size_t at = m.find(syntax); at != std::string::npos)
      m = m.substr(0, m.find(':', at + syntax.size()));
    return m;
  }
  std::string out = "text=" + a->text + ";";
  for (auto [name, value] : {std::pair{"id", &a->id},
                             {"title", &a->title},
                             {"published", &a->published},
                             {"publisher", &a->publisher},
                             {"url", &a->url},
                             {"lang", &a->lang}})
    out += std::string(name) + "=" + (value->empty() ? "<none>" : *value) + ";";
  return out;
}

TEST(JsonlRecord, MatchesTheOldReaderOnTrickyRecords) {
  const char* lines[] = {
      R"({"text":"a","text":"b"})",                          // the last duplicate wins
      R"({"text":5,"text":"b"})",                            // ... even over a wrong type
      R"({"text":"b","text":null})",                         // ... and a null removes it
      R"({"t\u0065xt":"escaped key"})",                      // keys compare unescaped
      R"({"text":"\ud83d\ude00 \u00e9\n\"q\" \u0000 \/"})",  // escapes, surrogate pair, NUL
      R"({"text":"\ud800"})",                                // lone surrogates are malformed
      R"({"text":"\udc00x"})",
      R"({"text":"x","n":123456789012345678901234567890})",  // beyond 64 bits: nlohmann only
      R"({"text":"x","n":-9223372036854775809,"id":"i"})",
      R"({"text":"x","n":1e400})",  // overflow: malformed for both
      R"({"text":"x","n":1e-400,"lang":"en"})",
      R"("just a string")",
      "42",
      "true",
      "null",
      R"([{"text":"x"}])",
      R"({"text":"x","id":7,"title":[]})",  // the first bad field is named
      R"({"text":"x","title":{},"id":"ok"})",
      R"({"text":"x","url":false})",
      R"({"text":"   "})",
      R"({"id":"x"})",
      R"({})",
      R"({"text":"x"} {"text":"y"})",
      R"({"text":"x",})",
      R"({"text":"x"} )",
      " \t{\"text\":\"x\"}\r",
      R"({"text":"x","nested":[[[{"a":[1,2,{"b":null}]}]]]})",
      R"({"text":"x","published":"2019-07-28","publisher":"P"})",
  };
  for (std::string_view line : lines) {
    std::string_view trimmed = line;
    if (!trimmed.empty() && trimmed.back() == '\r') trimmed.remove_suffix(1);
    EXPECT_EQ(Parse(line), ReferenceParse(trimmed)) << line;
  }
}

TEST(JsonlRecord, DeepNestingStillReads) {
  // simdjson stops at depth 1024; nlohmann, and so sitrep, read any depth.
  std::string line =
      R"({"text":"deep","x":)" + std::string(3000, '[') + std::string(3000, ']') + "}";
  EXPECT_EQ(Parse(line), ReferenceParse(line));
  EXPECT_EQ(Parse(line).rfind("text=deep;", 0), 0u);
}

TEST(JsonlRecord, HugeRecordsUseTheirOwnParser) {
  std::string line = R"({"id":"big","text":")" + std::string(3u << 20, 'w') + R"("})";
  EXPECT_EQ(Parse(line), ReferenceParse(line));
  EXPECT_EQ(Parse(R"({"text":"small after big"})"),
            "text=small after big;id=<none>;title=<none>;"
            "published=<none>;publisher=<none>;url=<none>;"
            "lang=<none>;");
}

// Random records: valid ones with random field types, and the same bytes cut or altered.
TEST(JsonlRecord, RandomRecordsMatchTheOldReader) {
  std::mt19937 rng(99);
  const char* values[] = {R"("plain")",
                          R"("  ")",
                          R"("\u00e9\t")",
                          "12",
                          "-0.5e3",
                          "true",
                          "null",
                          "[]",
                          R"({"k":[1]})",
                          R"("\ud83d\ude00")",
                          "18446744073709551616"};
  const char* keys[] = {"text", "id", "title", "url", "lang", "publisher", "other", "t\\u0065xt"};
  for (int round = 0; round < 5000; ++round) {
    std::string line = "{";
    int members = static_cast<int>(rng() % 6);
    for (int k = 0; k < members; ++k) {
      if (k) line += ",";
      line += std::string("\"") + keys[rng() % std::size(keys)] +
              "\":" + values[rng() % std::size(values)];
    }
    line += "}";
    if (rng() % 4 == 0) {  // damage it
      size_t at = rng() % line.size();
      const char junk[] = {',', '"', '}', '[', ' ', 'x', '\\', ':'};
      if (rng() % 2)
        line[at] = junk[rng() % sizeof junk];
      else
        line.erase(at, 1);
    }
    if (TrimWhitespace(line).empty()) continue;
    ASSERT_EQ(Parse(line), ReferenceParse(line)) << line;
  }
}

}  // namespace
}  // namespace sitrep
