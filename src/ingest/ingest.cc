// Ingest stage: files, directories and JSONL streams -> Articles. Reads line by line with a
// byte cap per record, so a huge single-line file costs at most max_bytes of memory.
#include "ingest/ingest.h"

#include <gumbo.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>
#include <vector>

#include "util/text.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Lower(std::string s) {
  for (char& c : s) c = AsciiLower(c);
  return s;
}

// "2019-07-28" or an ISO datetime starting with a date ("2019-07-28T10:00:00Z",
// "2019-07-28 10:00"). On success *date is the date part.
bool ParsePublished(std::string_view s, std::string* date) {
  s = TrimWhitespace(s);
  if (s.size() < 10) return false;
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!IsAsciiDigit(s[k])) return false;
  if (s[4] != '-' || s[7] != '-') return false;
  if (s.size() > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
  if (s.size() > 10) {
    // The time part: digits and ':', '.', '+', '-', 'Z' only, starting with HH:MM.
    std::string_view t = s.substr(11);
    if (t.size() < 5 || !IsAsciiDigit(t[0]) || !IsAsciiDigit(t[1]) || t[2] != ':') return false;
    for (char c : t)
      if (!IsAsciiDigit(c) && c != ':' && c != '.' && c != '+' && c != '-' && c != 'Z' && c != 'z')
        return false;
  }
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > max_day) return false;
  date->assign(s.substr(0, 10));
  return true;
}

// Content checks shared by every file kind: empty, NUL bytes, invalid UTF-8.
Status CheckContent(std::string_view data, const std::string& origin, const char* what) {
  if (TrimWhitespace(data).empty()) return Status::InvalidInput(origin + ": empty " + what);
  const void* nul = std::memchr(data.data(), '\0', data.size());
  if (nul != nullptr) {
    size_t at = static_cast<const char*>(nul) - data.data();
    return Status::InvalidInput(origin + ": binary data (NUL byte at offset " + std::to_string(at) +
                                "), not a text " + what);
  }
  size_t bad = 0;
  if (!IsValidUtf8(data, &bad))
    return Status::InvalidInput(origin + ": invalid UTF-8 at byte offset " + std::to_string(bad));
  return Status::Ok();
}

std::string_view StripBom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// Reads one '\n'-terminated line, keeping at most `max` bytes; the rest of an over-long
// line is skipped. Returns false at end of stream with nothing read.
bool ReadLineBounded(std::istream& in, size_t max, std::string* line, size_t* total) {
  line->clear();
  *total = 0;
  std::streambuf* sb = in.rdbuf();
  if (sb == nullptr) return false;
  bool any = false;
  for (;;) {
    int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (++*total <= max) line->push_back(static_cast<char>(c));
  }
}

// ---- JSONL records ---------------------------------------------------------------------

// The article fields of a JSONL record, in the order their errors are reported.
constexpr std::array<const char*, 7> kRecordFields = {"text",      "id",  "title", "published",
                                                      "publisher", "url", "lang"};

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
// it did with nlohmann's DOM. *root_type is the top-level value's type name.
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
// bits, nesting deeper than 1024), which must keep working.
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

Result<Article> ArticleFromRecord(const RecordFields& fields, const std::string& origin) {
  for (size_t i = 0; i < kRecordFields.size(); ++i) {
    const RecordField& f = fields[i];
    if (f.present && std::string_view(f.type_name) != "string")
      return Status::InvalidInput(origin + ": field \"" + kRecordFields[i] +
                                  "\" must be a string, got " + f.type_name);
    if (i == 0 && !f.present)
      return Status::InvalidInput(origin + ": missing required field \"text\"");
    if (i == 0 && TrimWhitespace(f.value).empty())
      return Status::InvalidInput(origin + ": field \"text\" is empty");
  }
  Article a;
  a.origin = origin;
  std::string* dest[] = {&a.text, &a.id, &a.title, &a.published, &a.publisher, &a.url, &a.lang};
  for (size_t i = 0; i < kRecordFields.size(); ++i) dest[i]->assign(fields[i].value);
  if (!a.published.empty()) {
    std::string date;
    if (!ParsePublished(a.published, &date))
      return Status::InvalidInput(origin + ": field \"published\" is \"" + a.published +
                                  "\", expected YYYY-MM-DD or an ISO datetime");
    a.published = date;
  }
  return a;
}

void ApplyDefaults(const ReadOptions& options, Article* a) {
  if (a->published.empty()) a->published = options.published;
  if (a->publisher.empty()) a->publisher = options.publisher;
}

// ---- HTML ----------------------------------------------------------------------------

bool IsDroppedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return true;
    default:
      return false;
  }
}

// Collects text with collapsed whitespace; Break() asks for a paragraph break before the
// next text.
class TextBuilder {
 public:
  void Text(std::string_view s) {
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = true;
        continue;
      }
      if (breaks_ > 0 && !out_.empty()) {
        out_.append(breaks_ >= 2 ? "\n\n" : "\n");
      } else if (space_ && !out_.empty() && out_.back() != '\n') {
        out_.push_back(' ');
      }
      breaks_ = 0;
      space_ = false;
      out_.push_back(c);
    }
  }
  void Break(int n) { breaks_ = std::max(breaks_, n); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  int breaks_ = 0;
  bool space_ = false;
};

std::string CollapsedText(const GumboNode* root) {
  TextBuilder b;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      b.Text(n->v.text.text);
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& kids = n->v.element.children;
      for (unsigned k = kids.length; k > 0; --k)
        stack.push_back(static_cast<const GumboNode*>(kids.data[k - 1]));
    }
  }
  return std::string(TrimWhitespace(b.Take()));
}

// gumbo's memory grows with the square of the element depth (16k nested <div>s take 2 GB),
// so hostile nesting is refused before parsing. This is an upper bound of the depth: tags
// that never nest (void elements, and those the parser closes implicitly) are not counted.
constexpr int kMaxHtmlDepth = 1000;

int EstimateHtmlDepth(std::string_view html) {
  int depth = 0, max_depth = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size();
       i = html.find('<', i + 1)) {
    char c = html[i + 1];
    if (c == '/') {
      depth = depth > 0 ? depth - 1 : 0;
      continue;
    }
    if (!IsAsciiAlpha(c)) continue;
    size_t e = i + 1;
    while (e < html.size() && (IsAsciiAlpha(html[e]) || IsAsciiDigit(html[e]))) ++e;
    std::string name = Lower(std::string(html.substr(i + 1, e - i - 1)));
    static constexpr std::string_view kFlat[] = {
        "area",  "base", "br", "col", "embed", "hr", "img",    "input", "link", "meta", "source",
        "track", "wbr",  "p",  "li",  "dt",    "dd", "option", "tr",    "td",   "th",   "param"};
    if (std::find(std::begin(kFlat), std::end(kFlat), name) != std::end(kFlat)) continue;
    size_t close = html.find('>', e);
    if (close != std::string_view::npos && html[close - 1] == '/') continue;
    max_depth = std::max(max_depth, ++depth);
    if (max_depth > kMaxHtmlDepth) break;
  }
  return max_depth;
}

const char* Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

}  // namespace

// ---- Public entry points ---------------------------------------------------------------

Result<Article> ParseJsonlLine(std::string_view line, const std::string& origin) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = StripBom(line);
  if (TrimWhitespace(line).empty()) return Status::InvalidInput(origin + ": empty line");
  if (std::memchr(line.data(), '\0', line.size()) != nullptr)
    return Status::InvalidInput(origin + ": binary data (NUL byte) in JSON line");
  size_t bad = 0;
  if (!IsValidUtf8(line, &bad))
    return Status::InvalidInput(origin + ": invalid UTF-8 at byte offset " + std::to_string(bad) +
                                " of the line");
  // simdjson keeps its buffers from line to line: one parser per thread (a parser is not
  // thread-safe). A huge line gets a parser of its own, so its memory goes with it.
  constexpr size_t kReusedParserMaxLine = 1u << 20;
  thread_local simdjson::dom::parser reused_parser;
  std::optional<simdjson::dom::parser> own_parser;
  if (line.size() > kReusedParserMaxLine) own_parser.emplace();
  RecordFields fields;
  const char* root_type = "";
  if (ReadRecordFast(own_parser ? *own_parser : reused_parser, line, &fields, &root_type)) {
    if (std::string_view(root_type) != "object")
      return Status::InvalidInput(origin + ": expected a JSON object, got " + root_type);
    return ArticleFromRecord(fields, origin);
  }
  json obj = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded()) return Status::InvalidInput(origin + ": malformed JSON");
  if (!obj.is_object())
    return Status::InvalidInput(origin + ": expected a JSON object, got " + obj.type_name());
  ReadRecordFields(obj, &fields);
  return ArticleFromRecord(fields, origin);
}

Result<Article> ArticleFromText(std::string text, const std::string& origin) {
  SITREP_RETURN_IF_ERROR(CheckContent(text, origin, "file"));
  Article a;
  a.origin = origin;
  std::string_view body = StripBom(text);
  for (std::string_view line : SplitString(body, '\n')) {
    std::string_view t = TrimWhitespace(line);
    if (!t.empty()) {
      a.title.assign(t);
      break;
    }
  }
  a.text = std::move(text);
  return a;
}

Result<Article> ArticleFromHtml(std::string_view html, const std::string& origin) {
  SITREP_RETURN_IF_ERROR(CheckContent(html, origin, "file"));
  if (EstimateHtmlDepth(html) > kMaxHtmlDepth)
    return Status::InvalidInput(origin + ": HTML elements nested deeper than " +
                                std::to_string(kMaxHtmlDepth) + " levels");
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (out == nullptr) return Status::InvalidInput(origin + ": HTML parser failed");
  Article a;
  a.origin = origin;
  std::string h1, title;
  TextBuilder body;
  struct Frame {
    const GumboNode* node;
    bool dropped;
    bool closing;  // emit the block break after the children
  };
  std::vector<Frame> stack{{out->root, false, false}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* n = f.node;
    if (f.closing) {
      body.Break(2);
      continue;
    }
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      if (!f.dropped) body.Text(n->v.text.text);
      continue;
    }
    if (n->type == GUMBO_NODE_WHITESPACE) {
      if (!f.dropped) body.Text(" ");
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE &&
        n->type != GUMBO_NODE_DOCUMENT)
      continue;
    const GumboVector* kids =
        n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
    bool dropped = f.dropped;
    if (n->type != GUMBO_NODE_DOCUMENT) {
      GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_H1 && h1.empty()) h1 = CollapsedText(n);
      if (tag == GUMBO_TAG_TITLE && title.empty()) title = CollapsedText(n);
      if (tag == GUMBO_TAG_META && a.published.empty()) {
        const char* key = Attr(n, "property");
        if (!key) key = Attr(n, "name");
        if (!key) key = Attr(n, "itemprop");
        const char* content = Attr(n, "content");
        if (key && content) {
          std::string k = Lower(key);
          std::string date;
          if ((k == "article:published_time" || k == "datepublished" || k == "date" ||
               k == "pubdate" || k == "publishdate" || k == "og:published_time" ||
               k == "dc.date") &&
              ParsePublished(content, &date))
            a.published = date;
        }
      }
      if (tag == GUMBO_TAG_BR && !dropped) body.Break(1);
      dropped = dropped || IsDroppedTag(tag);
      if (IsBlockTag(tag) && !dropped) {
        body.Break(2);
        stack.push_back({n, dropped, true});
      }
    }
    for (unsigned k = kids->length; k > 0; --k)
      stack.push_back({static_cast<const GumboNode*>(kids->data[k - 1]), dropped, false});
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  std::string text(TrimWhitespace(body.Take()));
  a.title = !h1.empty() ? h1 : title;
  // Downstream stages read the first line as the headline: put it there when the body
  // does not already start with it (an <h1> inside a dropped <header>, or only <title>).
  if (!a.title.empty() && !std::string_view(text).starts_with(a.title))
    text = a.title + "\n\n" + text;
  if (TrimWhitespace(text).empty())
    return Status::InvalidInput(origin + ": no article text found in HTML");
  a.text = std::move(text);
  return a;
}

Status ReadJsonlStream(std::istream& in, const std::string& origin_name, const ReadOptions& options,
                       const ArticleSink& sink) {
  std::string line;
  size_t total = 0;
  size_t line_no = 0;
  bool any_line = false;
  while (ReadLineBounded(in, options.max_bytes, &line, &total)) {
    ++line_no;
    std::string origin = origin_name + ":" + std::to_string(line_no);
    if (total > options.max_bytes) {
      if (sink.on_error)
        sink.on_error(Status::InvalidInput(origin + ": record of " + std::to_string(total) +
                                           " bytes exceeds the limit of " +
                                           std::to_string(options.max_bytes) + " bytes"));
      any_line = true;
      continue;
    }
    if (TrimWhitespace(line).empty()) continue;
    any_line = true;
    Result<Article> a = ParseJsonlLine(line, origin);
    if (!a.ok()) {
      if (sink.on_error) sink.on_error(a.status());
      continue;
    }
    ApplyDefaults(options, &a.value());
    if (sink.on_article) sink.on_article(std::move(a).value());
  }
  if (in.bad()) return Status::IoError(origin_name + ": read error");
  if (!any_line && sink.on_error)
    sink.on_error(Status::InvalidInput(origin_name + ": empty input (no JSON lines)"));
  return Status::Ok();
}

namespace {

enum class Kind { kText, kHtml, kJsonl, kOther };

Kind KindOf(const fs::path& p) {
  std::string ext = Lower(p.extension().string());
  if (ext == ".txt") return Kind::kText;
  if (ext == ".html" || ext == ".htm") return Kind::kHtml;
  if (ext == ".jsonl" || ext == ".json") return Kind::kJsonl;
  return Kind::kOther;
}

// Reads one file; problems with its content go to the sink. `apply_id` is true when the
// caller's id may name this article.
Status ReadFile(const fs::path& p, const ReadOptions& options, const ArticleSink& sink,
                bool apply_id) {
  const std::string name = p.string();
  auto report = [&](Status s) {
    if (sink.on_error) sink.on_error(s);
    return Status::Ok();
  };
  Kind kind = KindOf(p);
  if (kind == Kind::kJsonl) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::IoError(name + ": cannot open file");
    return ReadJsonlStream(in, name, options, sink);
  }
  std::error_code ec;
  uintmax_t size = fs::file_size(p, ec);
  if (ec) return Status::IoError(name + ": cannot read file size: " + ec.message());
  if (size > options.max_bytes)
    return report(Status::InvalidInput(name + ": file of " + std::to_string(size) +
                                       " bytes exceeds the limit of " +
                                       std::to_string(options.max_bytes) + " bytes"));
  std::string data, error;
  if (!ReadFileToString(name, &data, &error)) return Status::IoError(error);
  Result<Article> a =
      kind == Kind::kHtml ? ArticleFromHtml(data, name) : ArticleFromText(std::move(data), name);
  if (!a.ok()) return report(a.status());
  if (!options.published.empty()) {
    std::string date;
    if (!ParsePublished(options.published, &date))
      return report(Status::InvalidInput(name + ": published \"" + options.published +
                                         "\" is not YYYY-MM-DD or an ISO datetime"));
    a->published = date;
  }
  if (!options.publisher.empty()) a->publisher = options.publisher;
  // A hash of the text, as for JSONL records without an id: file names repeat across folders
  // ("a/report.txt", "b/report.txt"), texts do not, and the same text keeps its id.
  a->id = (apply_id && !options.id.empty()) ? options.id : Hex64(Fnv1a64(a->text));
  if (sink.on_article) sink.on_article(std::move(a).value());
  return Status::Ok();
}

}  // namespace

Status ReadPath(const std::string& path, const ReadOptions& options, const ArticleSink& sink) {
  if (path == "-") return ReadJsonlStream(std::cin, "<stdin>", options, sink);
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    if (ec && ec != std::errc::no_such_file_or_directory)
      return Status::IoError(path + ": " + ec.message());
    return Status::NotFound(path + ": no such file or directory");
  }
  if (fs::is_directory(st)) {
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    if (ec) return Status::IoError(path + ": cannot list directory: " + ec.message());
    for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
      if (ec) {
        if (sink.on_error) sink.on_error(Status::IoError(path + ": " + ec.message()));
        break;
      }
      std::error_code fec;
      if (!it->is_regular_file(fec)) continue;
      std::string ext = Lower(it->path().extension().string());
      if (ext == ".txt" || ext == ".html" || ext == ".htm" || ext == ".jsonl")
        files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    const bool one_article = files.size() == 1 && KindOf(files[0]) != Kind::kJsonl;
    for (const fs::path& f : files) {
      Status s = ReadFile(f, options, sink, one_article);
      if (!s.ok() && sink.on_error) sink.on_error(s);
    }
    return Status::Ok();
  }
  fs::path p(path);
  if (KindOf(p) == Kind::kOther)
    return Status::Unsupported(path +
                               ": unsupported file type (expected .txt, .html, .htm, "
                               ".jsonl or .json)");
  return ReadFile(p, options, sink, /*apply_id=*/true);
}

}  // namespace sitrep
