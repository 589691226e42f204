// The GET endpoints: events (paged, filtered, three formats), one event with its reports,
// one article with its evidence spans, stats, health. docs/server.md describes each.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <streambuf>

#include "handlers.h"
#include "query.h"
#include "sitrep/pipeline.h"
#include "sitrep/store.h"
#include "sitrep/writer.h"

namespace sitrep::server {
namespace {

using Json = nlohmann::ordered_json;

// Dumps without throwing: invalid UTF-8 in stored text becomes U+FFFD.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json EventObject(const Event& e) { return Json::parse(ToJsonLine(e)); }

// An ostream target that sends chunks to the client as it fills; failed() once the client
// is gone, so a query stops instead of producing rows nobody reads.
class SinkBuffer : public std::streambuf {
 public:
  explicit SinkBuffer(httplib::DataSink& sink) : sink_(sink) { buffer_.reserve(kChunk); }
  bool failed() const { return failed_; }
  bool Flush() {
    if (!buffer_.empty() && !failed_) failed_ = !sink_.write(buffer_.data(), buffer_.size());
    buffer_.clear();
    return !failed_;
  }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    buffer_.push_back(static_cast<char>(c));
    if (buffer_.size() >= kChunk) Flush();
    return failed_ ? traits_type::eof() : c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    buffer_.append(s, static_cast<size_t>(n));
    if (buffer_.size() >= kChunk) Flush();
    return failed_ ? 0 : n;
  }
  int sync() override { return Flush() ? 0 : -1; }

 private:
  static constexpr size_t kChunk = 64 << 10;
  httplib::DataSink& sink_;
  std::string buffer_;
  bool failed_ = false;
};

bool ContainsId(const std::vector<std::string>& ids, const std::string& id) {
  for (const auto& x : ids) {
    if (x == id) return true;
  }
  return false;
}

Json ArticleSummary(const StoredArticle& s) {
  const Article& a = s.article;
  Json j;
  j["id"] = a.id;
  j["title"] = a.title;
  j["publisher"] = a.publisher;
  j["published"] = a.published.empty() ? Json(nullptr) : Json(a.published);
  j["url"] = a.url;
  j["lang"] = a.lang;
  return j;
}

Json CountsObject(const std::vector<std::pair<std::string, int64_t>>& counts) {
  Json j = Json::object();
  for (const auto& [key, n] : counts) j[key] = n;
  return j;
}

}  // namespace

void GetEvents(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto parsed = ParseEventsRequest(req.params, {ctx.options.default_limit, ctx.options.max_limit});
  if (!parsed.ok()) return SendError(res, 400, parsed.status().message());
  auto lease = ctx.pool->Reader();
  if (!lease.ok()) return SendError(res, 503, lease.status().message());
  // The provider runs after this handler returns, on the same thread; it owns the lease.
  auto store = std::make_shared<StorePool::Lease>(std::move(*lease));
  const EventsRequest request = std::move(*parsed);
  const char* type = "application/json";
  if (request.format == ResponseFormat::kGeojson) type = "application/geo+json";
  if (request.format == ResponseFormat::kCsv) {
    type = "text/csv; charset=utf-8";
    res.set_header("Content-Disposition", "attachment; filename=\"sitrep-events.csv\"");
  }
  const Context* context = &ctx;
  res.set_chunked_content_provider(
      type, [store, request, context](size_t, httplib::DataSink& sink) {
        SinkBuffer buffer(sink);
        std::ostream out(&buffer);
        int64_t rows = 0;
        bool more = false;
        std::unique_ptr<EventWriter> writer;
        if (request.format == ResponseFormat::kJson) {
          out << "{\"events\":[";
        } else {
          writer = MakeEventWriter(
              request.format == ResponseFormat::kCsv ? OutputFormat::kCsv : OutputFormat::kGeojson,
              out, request.format == ResponseFormat::kCsv ? context->csv_options : WriterOptions{});
          writer->Begin();
        }
        Status st = (*store)->QueryEvents(request.query, [&](const Event& e) {
          if (rows == request.limit) {  // the extra row only says a next page exists
            more = true;
            return false;
          }
          if (writer) {
            writer->Write(e);
          } else {
            out << (rows ? ",\n" : "\n") << ToJsonLine(e);
          }
          ++rows;
          return !buffer.failed();
        });
        if (!st.ok() || buffer.failed()) return false;  // the client sees a cut-off response
        if (writer) {
          writer->End();
        } else {
          out << "\n],\"count\":" << rows << ",\"limit\":" << request.limit
              << ",\"offset\":" << request.offset << ",\"next_offset\":"
              << (more ? std::to_string(request.offset + rows) : std::string("null")) << "}\n";
        }
        if (!buffer.Flush()) return false;
        sink.done();
        return true;
      });
}

void GetEvent(const Context& ctx, const std::string& id, httplib::Response& res) {
  auto store = ctx.pool->Reader();
  if (!store.ok()) return SendError(res, 503, store.status().message());
  auto found = (*store)->GetEvent(id);
  if (!found.ok()) return SendError(res, HttpStatusOf(found.status()), found.status().message());
  if (!found->event) {
    if (found->deleted)
      return SendError(res, 410, "event " + id + " was deleted (no article reports it any more)");
    return SendError(res, 404, "no event " + id);
  }
  const Event& event = *found->event;
  auto reports = (*store)->GetReports(event.event_id);
  if (!reports.ok())
    return SendError(res, HttpStatusOf(reports.status()), reports.status().message());
  Json j;
  j["requested_id"] = id;
  j["merged_into"] = found->merged_into.empty() ? Json(nullptr) : Json(found->merged_into);
  j["event"] = EventObject(event);
  j["reports"] = Json::array();
  for (const Event& r : *reports) j["reports"].push_back(EventObject(r));
  j["articles"] = Json::array();
  for (const std::string& article_id : event.article_ids) {
    auto article = (*store)->GetArticle(article_id);
    if (!article.ok())
      return SendError(res, HttpStatusOf(article.status()), article.status().message());
    if (*article) j["articles"].push_back(ArticleSummary(**article));
  }
  SendJson(res, Dump(j));
}

void GetArticle(const Context& ctx, const std::string& id, httplib::Response& res) {
  auto store = ctx.pool->Reader();
  if (!store.ok()) return SendError(res, 503, store.status().message());
  auto found = (*store)->GetArticle(id);
  if (!found.ok()) return SendError(res, HttpStatusOf(found.status()), found.status().message());
  if (!*found) return SendError(res, 404, "no article " + id);
  const StoredArticle& stored = **found;
  Json j = ArticleSummary(stored);
  j["text"] = stored.article.text;
  j["text_hash"] = stored.text_hash;
  j["ingested_at"] = stored.ingested_at;
  j["report_ids"] = stored.report_ids;
  j["event_ids"] = stored.event_ids;
  // What each field of each report came from: code-point offsets into `text`.
  Json spans = Json::array();
  std::set<std::tuple<std::string, int64_t, int64_t, std::string>> seen;
  for (const std::string& event_id : stored.event_ids) {
    auto reports = (*store)->GetReports(event_id);
    if (!reports.ok())
      return SendError(res, HttpStatusOf(reports.status()), reports.status().message());
    for (const Event& report : *reports) {
      if (!ContainsId(report.article_ids, id)) continue;
      for (const Evidence& ev : report.evidence) {
        if (!seen.insert({ev.field, ev.start, ev.end, event_id}).second) continue;
        spans.push_back({{"field", ev.field},
                         {"start", ev.start},
                         {"end", ev.end},
                         {"text", ev.text},
                         {"event_id", event_id},
                         {"report_id", report.event_id}});
      }
    }
  }
  j["spans"] = std::move(spans);
  SendJson(res, Dump(j));
}

void GetStats(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto query = ParseStatsRequest(req.params);
  if (!query.ok()) return SendError(res, 400, query.status().message());
  auto store = ctx.pool->Reader();
  if (!store.ok()) return SendError(res, 503, store.status().message());
  auto stats = (*store)->Stats(*query);
  if (!stats.ok()) return SendError(res, HttpStatusOf(stats.status()), stats.status().message());
  Json j;
  j["events"] = stats->events;
  j["articles"] = stats->articles;
  j["reports"] = stats->reports;
  j["fatalities"] = stats->fatalities;
  j["by_day"] = CountsObject(stats->by_day);
  j["by_event_type"] = CountsObject(stats->by_event_type);
  j["by_country"] = CountsObject(stats->by_country);
  j["by_admin1"] = CountsObject(stats->by_admin1);
  // Days by type, for the dashboard's stacked timeline: "day|type" keys come in day order.
  Json days = Json::object();
  for (const auto& [key, n] : stats->by_day_type) {
    const size_t bar = key.find('|');
    days[key.substr(0, bar)][bar == std::string::npos ? "" : key.substr(bar + 1)] = n;
  }
  j["by_day_type"] = std::move(days);
  SendJson(res, Dump(j));
}

void GetHealth(const Context& ctx, httplib::Response& res) {
  Json j;
  auto store = ctx.pool->Reader();
  auto events = store.ok() ? (*store)->CountEvents() : Result<int64_t>(store.status());
  auto articles = store.ok() ? (*store)->CountArticles() : Result<int64_t>(store.status());
  if (!events.ok() || !articles.ok()) {
    const Status& st = events.ok() ? articles.status() : events.status();
    return SendJson(res, Dump({{"status", "error"}, {"error", st.message()}}), 503);
  }
  j["status"] = "ok";
  j["version"] = Version();
  j["events"] = *events;
  j["articles"] = *articles;
  j["posting"] = ctx.pool->writable();
  j["default_limit"] = ctx.options.default_limit;
  j["max_limit"] = ctx.options.max_limit;
  SendJson(res, Dump(j));
}

}  // namespace sitrep::server
