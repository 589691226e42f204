// JSON records: JSONL streams read line by line with a byte cap per line, and .json
// documents (one article or an array of them). A bad record is reported with its origin,
// the id it seems to carry and what is wrong; the rest keep flowing.
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>

#include "ingest/ingest.h"
#include "util/text.h"

namespace sitrep::ingest {

using nlohmann::json;

// ---- Sources and lines -----------------------------------------------------------------

std::ptrdiff_t FdSource::Read(char* buf, size_t n) {
  for (;;) {
    ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) return got;
    if (errno == EINTR) continue;
    errno_ = errno;
    return -1;
  }
}

std::string FdSource::error() const { return std::strerror(errno_); }

std::ptrdiff_t StreamSource::Read(char* buf, size_t n) {
  std::streambuf* sb = in_.rdbuf();
  if (sb == nullptr) {
    error_ = "no stream";
    return -1;
  }
  try {
    std::streamsize got = sb->sgetn(buf, static_cast<std::streamsize>(n));
    if (got == 0) in_.setstate(std::ios::eofbit);
    return static_cast<std::ptrdiff_t>(got);
  } catch (const std::exception& e) {
    error_ = e.what();
  } catch (...) {
    error_ = "unknown error";
  }
  in_.setstate(std::ios::badbit);
  return -1;
}

std::ptrdiff_t MemorySource::Read(char* buf, size_t n) {
  size_t k = std::min(n, data_.size());
  std::memcpy(buf, data_.data(), k);
  data_.remove_prefix(k);
  return static_cast<std::ptrdiff_t>(k);
}

bool LineReader::Fill() {
  pos_ = len_ = 0;
  std::ptrdiff_t got = source_.Read(buffer_.data(), buffer_.size());
  if (got < 0) {
    error_ = source_.error();
    return false;
  }
  len_ = static_cast<size_t>(got);
  return got > 0;
}

LineReader::Got LineReader::Next(size_t max, std::string* line) {
  line->clear();
  bool any = false;
  for (;;) {
    if (pos_ == len_ && !Fill()) {
      if (!error_.empty()) return Got::kError;
      return any ? Got::kLine : Got::kEnd;
    }
    any = true;
    const char* start = buffer_.data() + pos_;
    const size_t avail = len_ - pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    const size_t take = nl ? static_cast<size_t>(nl - start) : avail;
    if (line->size() + take > max) {
      const size_t room = max - line->size();
      line->append(start, room);
      pos_ += room;
      return Got::kTooLong;
    }
    line->append(start, take);
    pos_ += take;
    if (nl) {
      ++pos_;
      return Got::kLine;
    }
  }
}

LineReader::Got LineReader::SkipRest(bool* nul) {
  for (;;) {
    if (pos_ == len_ && !Fill()) return error_.empty() ? Got::kEnd : Got::kError;
    const char* start = buffer_.data() + pos_;
    const size_t avail = len_ - pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    const size_t take = nl ? static_cast<size_t>(nl - start) : avail;
    if (std::memchr(start, '\0', take) != nullptr) *nul = true;
    pos_ += take;
    if (nl) {
      ++pos_;
      return Got::kLine;
    }
  }
}

// ---- Records -----------------------------------------------------------------------------

namespace {

// "f.jsonl:3" or, when the record shows an id, "f.jsonl:3 (id "a-17")".
std::string Named(const std::string& origin, const std::string& id) {
  if (id.empty()) return origin;
  return origin + " (id \"" + id + "\")";
}

// nlohmann's parse_error text without its prefix and without the bytes it last read
// (which can be megabytes of a broken string).
std::string ParseErrorReason(const json::parse_error& e) {
  std::string what = e.what();
  size_t colon = what.find(": ");
  if (colon != std::string::npos) what.erase(0, colon + 2);
  if (size_t last = what.find("; last read: "); last != std::string::npos) {
    size_t expected = what.find("; expected ", last);
    std::string tail = expected == std::string::npos ? "" : what.substr(expected);
    what.erase(last);
    what += tail;
  }
  if (what.size() > 200) what = what.substr(0, 200) + "...";
  return "malformed JSON at byte " + std::to_string(e.byte > 0 ? e.byte - 1 : 0) + ": " + what;
}

// Parses a whole JSON value; nullopt with *why on failure. The library never throws
// across its API: nlohmann's exceptions stop here.
std::optional<json> ParseJson(std::string_view text, std::string* why) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    *why = ParseErrorReason(e);
  } catch (const std::exception& e) {
    *why = std::string("malformed JSON: ") + e.what();
  }
  return std::nullopt;
}

// The article fields of a record, in the order their errors are reported.
constexpr std::array<const char*, 7> kRecordFields = {"text",      "id",  "title", "published",
                                                      "publisher", "url", "lang"};
constexpr size_t kTextField = 0, kIdField = 1;

// One of them as the record holds it: absent (or null), a string, or another type.
struct RecordField {
  bool present = false;
  const char* type_name = "";  // nlohmann's names: "number", "array", ...
  std::string_view value;      // when a string; points into the parser's memory
};
using RecordFields = std::array<RecordField, kRecordFields.size()>;

int RecordFieldIndex(std::string_view key) {
  for (size_t i = 0; i < kRecordFields.size(); ++i)
    if (key == kRecordFields[i]) return static_cast<int>(i);
  return -1;
}

const char* TypeName(simdjson::dom::element_type type) {
  using simdjson::dom::element_type;
  switch (type) {
    case element_type::ARRAY:
      return "array";
    case element_type::OBJECT:
      return "object";
    case element_type::STRING:
      return "string";
    case element_type::BOOL:
      return "boolean";
    case element_type::NULL_VALUE:
      return "null";
    default:
      return "number";
  }
}

// simdjson reads the record; false when it rejects the JSON. A later duplicate key wins, as
// it does with nlohmann's DOM. *root_type is the top-level value's type name.
bool ReadRecordFast(simdjson::dom::parser& parser, std::string_view line, RecordFields* fields,
                    const char** root_type) {
  simdjson::dom::element root;
  if (parser.parse(line.data(), line.size()).get(root) != simdjson::SUCCESS) return false;
  *root_type = TypeName(root.type());
  simdjson::dom::object obj;
  if (root.get(obj) != simdjson::SUCCESS) return true;
  for (simdjson::dom::key_value_pair member : obj) {
    int i = RecordFieldIndex(member.key);
    if (i < 0) continue;
    RecordField& f = (*fields)[i];
    f = RecordField{};
    if (member.value.is_null()) continue;
    f.present = true;
    f.type_name = TypeName(member.value.type());
    std::string_view text;
    if (member.value.get(text) == simdjson::SUCCESS) f.value = text;
  }
  return true;
}

// nlohmann reads the record: it accepts a few records simdjson rejects (integers beyond 64
// bits, nesting deeper than 1024), which must keep working; .json documents too.
void ReadRecordFields(const json& obj, RecordFields* fields) {
  for (size_t i = 0; i < kRecordFields.size(); ++i) {
    auto it = obj.find(kRecordFields[i]);
    if (it == obj.end() || it->is_null()) continue;
    RecordField& f = (*fields)[i];
    f.present = true;
    f.type_name = it->type_name();
    if (it->is_string()) f.value = it->get_ref<const std::string&>();
  }
}

// One article record (SCHEMA.md "Input") -> Article. Errors name the record's id when it
// has one.
Result<Article> ArticleFromRecord(const RecordFields& fields, const std::string& origin) {
  const RecordField& id = fields[kIdField];
  // (Made only for an error: most records have none.)
  auto named = [&] {
    return id.present && id.type_name == std::string_view("string")
               ? Named(origin, std::string(id.value))
               : origin;
  };
  for (size_t i = 0; i < kRecordFields.size(); ++i) {
    const RecordField& f = fields[i];
    if (f.present && std::string_view(f.type_name) != "string")
      return Status::InvalidInput(named() + ": field \"" + kRecordFields[i] +
                                  "\" must be a string, got " + f.type_name);
    if (i == kTextField && !f.present)
      return Status::InvalidInput(named() + ": missing required field \"text\"");
    if (i == kTextField && TrimWhitespace(f.value).empty())
      return Status::InvalidInput(named() + ": field \"text\" is empty");
  }
  Article a;
  a.origin = origin;
  std::string* dest[] = {&a.text, &a.id, &a.title, &a.published, &a.publisher, &a.url, &a.lang};
  for (size_t i = 0; i < kRecordFields.size(); ++i) dest[i]->assign(fields[i].value);
  if (!a.published.empty()) {
    std::string date, why;
    if (!ParsePublished(a.published, &date, &why))
      return Status::InvalidInput(named() + ": field \"published\" is \"" + a.published +
                                  "\": " + why);
    a.published = date;
  }
  a.title = CleanMetadataField(a.title);
  a.publisher = CleanMetadataField(a.publisher);
  a.lang = CleanMetadataField(a.lang);
  return a;
}

// A parsed JSON value as an article.
Result<Article> ArticleFromJson(const json& value, const std::string& origin) {
  if (!value.is_object())
    return Status::InvalidInput(origin + ": expected a JSON object, got " + value.type_name());
  RecordFields fields;
  ReadRecordFields(value, &fields);
  return ArticleFromRecord(fields, origin);
}

}  // namespace

std::string GuessRecordId(std::string_view record) {
  size_t at = record.find("\"id\"");
  if (at == std::string_view::npos || at > 4096) return "";
  size_t i = at + 4;
  while (i < record.size() && (record[i] == ' ' || record[i] == '\t')) ++i;
  if (i >= record.size() || record[i] != ':') return "";
  ++i;
  while (i < record.size() && (record[i] == ' ' || record[i] == '\t')) ++i;
  if (i >= record.size() || record[i] != '"') return "";
  size_t end = record.find('"', i + 1);
  if (end == std::string_view::npos || end - i - 1 > 200) return "";
  std::string_view id = record.substr(i + 1, end - i - 1);
  if (id.find('\\') != std::string_view::npos || !IsValidUtf8(id)) return "";
  return std::string(id);
}

}  // namespace sitrep::ingest

namespace sitrep {

using ingest::ByteSource;
using ingest::LineReader;

Result<Article> ParseJsonlLine(std::string_view line, const std::string& origin) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = ingest::StripBom(line);
  if (TrimWhitespace(line).empty()) return Status::InvalidInput(origin + ": empty line");
  auto named = [&] { return ingest::Named(origin, ingest::GuessRecordId(line)); };  // (errors)
  if (const void* nul = std::memchr(line.data(), '\0', line.size()))
    return Status::InvalidInput(named() + ": binary data (NUL byte at offset " +
                                std::to_string(static_cast<const char*>(nul) - line.data()) +
                                " of the line)");
  size_t bad = 0;
  if (!IsValidUtf8(line, &bad))
    return Status::InvalidInput(named() + ": invalid UTF-8 at byte offset " + std::to_string(bad) +
                                " of the line");
  // simdjson keeps its buffers from line to line: one parser per thread (a parser is not
  // thread-safe). A huge line gets a parser of its own, so its memory goes with it.
  constexpr size_t kReusedParserMaxLine = 1u << 20;
  thread_local simdjson::dom::parser reused_parser;
  std::optional<simdjson::dom::parser> own_parser;
  if (line.size() > kReusedParserMaxLine) own_parser.emplace();
  ingest::RecordFields fields;
  const char* root_type = "";
  if (ingest::ReadRecordFast(own_parser ? *own_parser : reused_parser, line, &fields, &root_type)) {
    if (std::string_view(root_type) != "object")
      return Status::InvalidInput(origin + ": expected a JSON object, got " + root_type);
    return ingest::ArticleFromRecord(fields, origin);
  }
  // What simdjson rejects, nlohmann reads or explains.
  std::string why;
  std::optional<nlohmann::json> obj = ingest::ParseJson(line, &why);
  if (!obj) return Status::InvalidInput(named() + ": " + why);
  return ingest::ArticleFromJson(*obj, origin);
}

Result<Article> CheckArticle(Article article) {
  ingest::RecordFields fields;
  const std::string* values[] = {&article.text,      &article.id,        &article.title,
                                 &article.published, &article.publisher, &article.url,
                                 &article.lang};
  for (size_t i = 0; i < fields.size(); ++i) {
    fields[i].present = true;
    fields[i].type_name = "string";
    fields[i].value = *values[i];
  }
  return ingest::ArticleFromRecord(fields, article.origin);
}

namespace ingest {

namespace {

Status ReadError(const std::string& name, size_t lines, const std::string& why) {
  std::string where = lines > 0 ? " after line " + std::to_string(lines) : "";
  return Status::IoError(name + ": read error" + where + ": " + why);
}

}  // namespace

Status ReadJsonl(ByteSource& source, const std::string& name, const ReadOptions& options,
                 const ArticleSink& sink) {
  auto report = [&](Status s) {
    if (sink.on_error) sink.on_error(std::move(s));
  };
  const std::string limit = std::to_string(options.max_bytes) + " bytes";
  LineReader reader(source);
  std::string line;
  size_t line_no = options.first_line > 0 ? options.first_line - 1 : 0;
  bool any_line = false;
  for (;;) {
    LineReader::Got got = reader.Next(options.max_bytes, &line);
    if (got == LineReader::Got::kEnd) break;
    if (got == LineReader::Got::kError) return ReadError(name, line_no, reader.error());
    ++line_no;
    const std::string origin = name + ":" + std::to_string(line_no);
    if (got == LineReader::Got::kTooLong) {
      any_line = true;
      if (std::memchr(line.data(), '\0', line.size()) != nullptr) {
        // Binary data with no line end in sight (/dev/zero, an image): this is no JSONL, and
        // waiting for a line end could take forever.
        report(Status::InvalidInput(origin + ": binary data (NUL bytes) and no line end within " +
                                    limit + "; the rest of " + name + " is not read"));
        return Status::Ok();
      }
      report(Status::InvalidInput(Named(origin, GuessRecordId(line)) +
                                  ": record longer than the limit of " + limit +
                                  " (--max-article-bytes), skipped"));
      bool nul = false;
      got = reader.SkipRest(&nul);
      if (got == LineReader::Got::kError) return ReadError(name, line_no, reader.error());
      if (got == LineReader::Got::kEnd) break;
      continue;
    }
    if (TrimWhitespace(line).empty()) continue;
    any_line = true;
    Result<Article> a = ParseJsonlLine(line, origin);
    if (!a.ok()) {
      report(a.status());
      continue;
    }
    ApplyDefaults(options, &a.value());
    if (sink.on_article) sink.on_article(std::move(a).value());
  }
  if (!any_line) report(Status::InvalidInput(name + ": empty input (no JSON lines)"));
  return Status::Ok();
}

void ReadJsonDocument(std::string_view document, const std::string& name,
                      const ReadOptions& options, const ArticleSink& sink) {
  auto report = [&](Status s) {
    if (sink.on_error) sink.on_error(std::move(s));
  };
  Status content = CheckContent(document, name, "file");
  if (!content.ok()) return report(content);
  document = StripBom(document);
  const size_t first = document.find_first_not_of(" \t\r\n");
  // (A byte-order mark and nothing else: empty once the mark is read.)
  if (first == std::string_view::npos) return report(Status::InvalidInput(name + ": empty file"));
  // JSONL named .json: its first line is a whole object and more lines follow.
  const size_t eol = document.find('\n', first);
  if (document[first] == '{' && eol != std::string_view::npos &&
      !TrimWhitespace(document.substr(eol)).empty()) {
    std::string ignored;
    std::optional<json> head = ParseJson(document.substr(first, eol - first), &ignored);
    if (head && head->is_object()) {
      MemorySource source(document);
      (void)ReadJsonl(source, name, options, sink);  // memory cannot fail to read
      return;
    }
  }
  std::string why;
  std::optional<json> doc = ParseJson(document, &why);
  if (!doc) return report(Status::InvalidInput(name + ": " + why));
  auto emit = [&](const json& value, const std::string& origin) {
    Result<Article> a = ArticleFromJson(value, origin);
    if (!a.ok()) return report(a.status());
    if (a->text.size() > options.max_bytes)
      return report(Status::InvalidInput(
          origin + ": article text of " + std::to_string(a->text.size()) +
          " bytes is over the limit of " + std::to_string(options.max_bytes) + " bytes"));
    ApplyDefaults(options, &a.value());
    if (sink.on_article) sink.on_article(std::move(a).value());
  };
  if (doc->is_object()) return emit(*doc, name);
  if (!doc->is_array())
    return report(Status::InvalidInput(
        name + ": expected an article object or an array of them, got " + doc->type_name()));
  if (doc->empty()) return report(Status::InvalidInput(name + ": empty array, no articles"));
  for (size_t i = 0; i < doc->size(); ++i) emit((*doc)[i], name + "[" + std::to_string(i) + "]");
}

}  // namespace ingest

Status ReadJsonlStream(std::istream& in, const std::string& origin_name, const ReadOptions& options,
                       const ArticleSink& sink) {
  ingest::StreamSource source(in);
  return ingest::ReadJsonl(source, origin_name, options, sink);
}

}  // namespace sitrep
