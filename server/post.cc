// POST /api/articles: one article (a JSON object), many (a JSON array, or JSONL with
// Content-Type application/x-ndjson), in SCHEMA.md's input form. Every article is read and
// extracted before any is stored, so a bad one rejects the request and stores nothing; then
// each is put (atomically, merged with the store's reports) and the merged events return.
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <vector>

#include "handlers.h"
#include "sitrep/article.h"
#include "sitrep/pipeline.h"
#include "sitrep/reader.h"
#include "sitrep/store.h"

namespace sitrep::server {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

const std::set<std::string>& ArticleFields() {
  static const std::set<std::string> kFields = {"id",        "text", "title", "published",
                                                "publisher", "url",  "lang"};
  return kFields;
}

// Compares in time independent of where the strings differ.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

// 0 when the request carries the server's token, else the HTTP status to refuse it with.
int CheckToken(const Context& ctx, const httplib::Request& req, std::string* why) {
  if (ctx.options.token.empty()) {
    *why = "posting is disabled: this server was started without --token";
    return 403;
  }
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty()) {
    *why = "missing token: send \"Authorization: Bearer <token>\"";
    return 401;
  }
  if (header.compare(0, kBearer.size(), kBearer) != 0 ||
      !SameSecret(std::string_view(header).substr(kBearer.size()), ctx.options.token)) {
    *why = "wrong token";
    return 403;
  }
  return 0;
}

// The JSON values of the body, or why it cannot be read. `what` names each for messages.
Status SplitBody(const httplib::Request& req, std::vector<Json>* values) {
  const std::string& body = req.body;
  const std::string type = req.get_header_value("Content-Type");
  const bool jsonl =
      type.find("ndjson") != std::string::npos || type.find("jsonl") != std::string::npos;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidInput("empty body: send an article (JSON object) or a list of them");
  auto parse = [](std::string_view text, const std::string& where, Json* out) -> Status {
    try {
      *out = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
      return Status::InvalidInput("malformed JSON" + where + ": " + e.what());
    }
    return Status::Ok();
  };
  if (jsonl) {
    size_t line_no = 0, begin = 0;
    while (begin < body.size()) {
      size_t end = body.find('\n', begin);
      if (end == std::string::npos) end = body.size();
      std::string_view line(body.data() + begin, end - begin);
      ++line_no;
      begin = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      Json v;
      SITREP_RETURN_IF_ERROR(parse(line, " on line " + std::to_string(line_no), &v));
      values->push_back(std::move(v));
    }
    return Status::Ok();
  }
  Json v;
  SITREP_RETURN_IF_ERROR(parse(body, "", &v));
  if (v.is_array()) {
    if (v.empty()) return Status::InvalidInput("empty list: no article to store");
    for (auto& item : v) values->push_back(std::move(item));
  } else {
    values->push_back(std::move(v));
  }
  return Status::Ok();
}

// One JSON value as an Article (SCHEMA.md input); unknown fields are refused.
Result<Article> ToArticle(const Json& value, const std::string& origin) {
  if (!value.is_object())
    return Status::InvalidInput(origin + ": expected a JSON object, got " + value.type_name());
  for (const auto& [key, _] : value.items()) {
    if (!ArticleFields().count(key))
      return Status::InvalidInput(origin + ": unknown field \"" + key +
                                  "\" (an article has id, text, title, published, publisher, "
                                  "url, lang)");
  }
  auto article = ParseJsonlLine(Dump(value), origin);
  if (!article.ok()) return article.status();
  if (article->id.empty()) article->id = DefaultArticleId(article->text);
  return article;
}

struct Extracted {
  Article article;
  std::vector<Event> events;
};

}  // namespace

void PostArticles(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::string why;
  if (int refused = CheckToken(ctx, req, &why)) {
    if (refused == 401) res.set_header("WWW-Authenticate", "Bearer");
    return SendError(res, refused, why);
  }
  std::vector<Json> values;
  if (Status st = SplitBody(req, &values); !st.ok()) return SendError(res, 400, st.message());
  std::vector<Extracted> batch;
  std::set<std::string> ids;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string origin =
        "article " + std::to_string(i + 1) + " of " + std::to_string(values.size());
    auto article = ToArticle(values[i], origin);
    if (!article.ok()) return SendError(res, 400, article.status().message());
    if (!ids.insert(article->id).second)
      return SendError(res, 400, origin + ": id \"" + article->id + "\" appears twice");
    // Extraction runs outside the writer's turn: many requests extract at once.
    auto events = Extract(*article, *ctx.resources);
    if (!events.ok())
      return SendError(res, HttpStatusOf(events.status()),
                       origin + ": " + events.status().message());
    batch.push_back({std::move(*article), std::move(*events)});
  }
  auto store = ctx.pool->Writer();
  if (!store.ok()) return SendError(res, 503, store.status().message());
  Json articles = Json::array();
  std::vector<PutResult> results;
  for (const Extracted& item : batch) {
    auto put = (*store)->PutArticle(item.article, item.events);
    if (!put.ok()) {
      // Earlier articles of this request are stored; say which.
      return SendJson(res,
                      Dump({{"error", item.article.id + ": " + put.status().message()},
                            {"status", 500},
                            {"stored", articles}}),
                      500);
    }
    results.push_back(*put);
    articles.push_back({{"id", item.article.id}});
  }
  // The live events now, after every put (a later article may have merged an earlier one's).
  Json events = Json::array();
  std::set<std::string> seen;
  for (size_t i = 0; i < batch.size(); ++i) {
    auto stored = (*store)->GetArticle(batch[i].article.id);
    if (!stored.ok() || !*stored)
      return SendError(res, 500, batch[i].article.id + ": stored, but cannot be read back");
    const PutResult& put = results[i];
    articles[i]["reports"] = put.reports;
    articles[i]["new_events"] = put.new_events;
    articles[i]["updated_events"] = put.updated_events;
    articles[i]["deleted_events"] = put.deleted_events;
    articles[i]["event_ids"] = (*stored)->event_ids;
    for (const auto& id : (*stored)->event_ids) {
      auto found = (*store)->GetEvent(id);
      if (!found.ok() || !found->event || !seen.insert(found->event->event_id).second) continue;
      events.push_back(Json::parse(ToJsonLine(*found->event)));
    }
  }
  SendJson(res, Dump({{"articles", std::move(articles)}, {"events", std::move(events)}}));
}

}  // namespace sitrep::server
