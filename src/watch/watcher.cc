// The watcher: each pass reads every source, offers each article to the store's memory of
// what was read ("watch:seen:<id>" -> content hash) and extracts only the new or changed
// ones, in batches on N threads. A batch is one store transaction holding the articles, the
// keys that mark them read and the markers of the files and feeds they came from (queued
// after their articles), so a kill at any point leaves either all of it or none.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "sitrep/watch.h"
#include "util/text.h"
#include "watch/fetch.h"
#include "watch/jsonl_tail.h"

namespace sitrep {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSeenKey = "watch:seen:";
constexpr std::string_view kFileKey = "watch:file:";
constexpr std::string_view kFeedKey = "watch:feed:";
constexpr size_t kMaxBatchBytes = 16u << 20;

// Changes when anything the store keeps of the article changes.
std::string ContentHash(const Article& a) {
  uint64_t h = Fnv1a64(a.id);
  for (const std::string* f : {&a.title, &a.text, &a.published, &a.publisher, &a.url, &a.lang}) {
    h = Fnv1a64(std::string_view("\x1f", 1), h);
    h = Fnv1a64(*f, h);
  }
  return Hex64(h);
}

enum class FileKind { kArticle, kJsonl, kJson, kOther };

FileKind KindOf(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".txt" || ext == ".html" || ext == ".htm") return FileKind::kArticle;
  if (ext == ".jsonl") return FileKind::kJsonl;
  if (ext == ".json") return FileKind::kJson;
  return FileKind::kOther;
}

struct FileStamp {
  int64_t size = 0;
  int64_t mtime_ns = 0;
  std::string Key() const { return std::to_string(size) + " " + std::to_string(mtime_ns); }
};

bool StatFile(const std::string& path, FileStamp* stamp) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  stamp->size = static_cast<int64_t>(st.st_size);
  stamp->mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A pretty-printed JSON document (a Telegram export) opens with "{" alone on its first
// line; a JSONL line never does.
bool LooksLikeJsonDocument(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[256];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  std::string_view s(buf, n);
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  size_t nl = s.find('\n');
  return nl != std::string_view::npos && TrimWhitespace(s.substr(0, nl)) == "{";
}

}  // namespace

const char* WatchSourceKindName(WatchSource::Kind kind) {
  switch (kind) {
    case WatchSource::Kind::kDirectory:
      return "directory";
    case WatchSource::Kind::kFeed:
      return "feed";
    case WatchSource::Kind::kTelegram:
      return "telegram";
  }
  return "?";
}

struct Watcher::Impl {
  Impl(Store& s, const Resources& r, std::vector<WatchSource> src, WatchOptions o)
      : store(s), resources(r), sources(std::move(src)), options(std::move(o)) {}

  // One queued step of a batch, applied in order inside its transaction.
  struct Op {
    enum class Kind { kPut, kSetState, kRemove } kind;
    Article article;         // kPut
    std::string key, value;  // kPut: seen key + hash; kSetState; kRemove: key = article id
  };

  Store& store;
  const Resources& resources;
  std::vector<WatchSource> sources;
  WatchOptions options;
  const WatchHooks* hooks = nullptr;
  WatchCounts counts;
  std::vector<Op> ops;
  size_t batch_articles = 0, batch_bytes = 0;
  bool stopping = false;

  bool ShouldStop() {
    if (!stopping && hooks->should_stop && hooks->should_stop()) stopping = true;
    return stopping;
  }

  void Error(const Status& s) {
    ++counts.skipped;
    if (hooks->on_error) hooks->on_error(s);
  }

  size_t MaxBatchArticles() const { return 16 * static_cast<size_t>(std::max(1, options.jobs)); }

  // Queues the article unless the store has it read with this very content.
  Status Offer(Article&& a) {
    if (stopping) return Status::Ok();
    std::string hash = ContentHash(a);
    std::string key = std::string(kSeenKey) + a.id;
    SITREP_ASSIGN_OR_RETURN(auto seen, store.GetState(key));
    if (seen && *seen == hash) {
      ++counts.unchanged;
      return Status::Ok();
    }
    batch_bytes += a.text.size();
    ++batch_articles;
    ops.push_back({Op::Kind::kPut, std::move(a), std::move(key), std::move(hash)});
    if (batch_articles >= MaxBatchArticles() || batch_bytes >= kMaxBatchBytes) return Flush();
    return Status::Ok();
  }

  void Queue(Op::Kind kind, std::string key, std::string value = {}) {
    ops.push_back({kind, Article(), std::move(key), std::move(value)});
  }

  void ExtractAll(std::vector<Result<std::vector<Event>>>* results) {
    std::vector<const Article*> todo;
    for (const Op& op : ops)
      if (op.kind == Op::Kind::kPut) todo.push_back(&op.article);
    results->assign(todo.size(), Status::Internal("not extracted"));
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < todo.size(); i = next++)
        (*results)[i] = Extract(*todo[i], resources, options.extract);
    };
    std::vector<std::thread> pool;
    size_t threads = std::min(todo.size(), static_cast<size_t>(std::max(1, options.jobs)));
    try {
      for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    } catch (const std::system_error&) {
      // No more threads to be had: the ones started and this one do the rest.
    }
    work();
    for (auto& t : pool) t.join();
  }

  // Extracts the queued articles and applies the batch in one transaction.
  Status Flush() {
    if (ops.empty() || stopping) return Status::Ok();
    std::vector<Result<std::vector<Event>>> results;
    ExtractAll(&results);
    SITREP_RETURN_IF_ERROR(store.BeginBatch());
    size_t next_result = 0;
    for (Op& op : ops) {
      switch (op.kind) {
        case Op::Kind::kPut: {
          const auto& events = results[next_result++];
          if (!events.ok()) {
            const std::string& m = events.status().message();
            const std::string& origin = op.article.origin;
            Error(Status(events.status().code(),
                         origin.empty() || m.rfind(origin, 0) == 0 ? m : origin + ": " + m));
          } else {
            SITREP_ASSIGN_OR_RETURN(PutResult put, store.PutArticle(op.article, *events));
            ++counts.articles;
            counts.events += put.reports;
            counts.new_events += put.new_events;
            counts.updated_events += put.updated_events;
            counts.deleted_events += put.deleted_events;
          }
          // Read, even when it could not be extracted: it would fail the same way again.
          SITREP_RETURN_IF_ERROR(store.SetState(op.key, op.value));
          break;
        }
        case Op::Kind::kSetState:
          SITREP_RETURN_IF_ERROR(store.SetState(op.key, op.value));
          break;
        case Op::Kind::kRemove: {
          SITREP_ASSIGN_OR_RETURN(PutResult removed, store.RemoveArticle(op.key));
          counts.deleted_events += removed.deleted_events;
          counts.updated_events += removed.updated_events;
          break;
        }
      }
    }
    SITREP_RETURN_IF_ERROR(store.CommitBatch());
    ops.clear();
    batch_articles = batch_bytes = 0;
    if (hooks->on_progress) hooks->on_progress(counts);
    ShouldStop();
    return Status::Ok();
  }

  // The marker of a file as read: "size mtime_ns", then the article id for a .txt/.html.
  Status PollFile(const std::string& path, FileKind kind) {
    FileStamp stamp;
    if (!StatFile(path, &stamp)) return Status::Ok();  // gone since the listing
    if (NowNs() - stamp.mtime_ns < static_cast<int64_t>(options.settle_seconds * 1e9)) {
      ++counts.deferred;  // may still be being written
      return Status::Ok();
    }
    std::string key = std::string(kFileKey) + path;
    SITREP_ASSIGN_OR_RETURN(auto marker, store.GetState(key));
    std::string stamp_key = stamp.Key();
    std::string old_id;
    if (marker) {
      std::string_view m = *marker;
      if (m == stamp_key || m.starts_with(stamp_key + " ")) return Status::Ok();  // unchanged
      size_t second_space = m.find(' ', m.find(' ') + 1);
      if (second_space != std::string_view::npos) old_id = std::string(m.substr(second_space + 1));
    }
    if (kind == FileKind::kJson && LooksLikeJsonDocument(path))
      return PollTelegramFile(path, key, stamp);
    if (kind == FileKind::kJsonl) return PollJsonlFile(path, key, stamp, marker);
    std::vector<std::string> ids;
    Status inner;
    ArticleSink sink;
    sink.on_article = [&](Article&& a) {
      if (!inner.ok()) return;
      ids.push_back(a.id);
      inner = Offer(std::move(a));
    };
    sink.on_error = [&](const Status& s) { Error(s); };
    Status read = ReadPath(path, options.read, sink);
    SITREP_RETURN_IF_ERROR(inner);
    if (!read.ok()) {
      Error(read);
      return Status::Ok();
    }
    std::string value = stamp_key;
    if (kind == FileKind::kArticle && ids.size() == 1) {
      // A rewritten article file replaces its article (a copy caught half-written, an edit).
      if (!old_id.empty() && old_id != ids[0]) Queue(Op::Kind::kRemove, old_id);
      value += " " + ids[0];
    }
    Queue(Op::Kind::kSetState, key, value);
    return Status::Ok();
  }

  // A JSONL file grows at its end: read on from where the last pass stopped, unless the
  // bytes read before changed (rewritten or truncated): then from the start, and articles
  // read before with the same content are skipped by their `watch:seen` keys.
  // Marker: "size mtime_ns offset lines fingerprint" (jsonl_tail.h).
  Status PollJsonlFile(const std::string& path, const std::string& key, const FileStamp& stamp,
                       const std::optional<std::string>& marker) {
    watch::JsonlMark from;
    if (marker) {
      std::string_view m = *marker;
      size_t second_space = m.find(' ', m.find(' ') + 1);
      auto mark = second_space == std::string_view::npos
                      ? std::nullopt
                      : watch::ParseMark(m.substr(second_space + 1));
      bool same_prefix = false;
      if (mark && mark->offset <= stamp.size) {
        auto now = watch::PrefixFingerprint(path, mark->offset);
        same_prefix = now.ok() && *now == mark->fingerprint;
      }
      if (same_prefix) {
        from = *mark;
      } else if (mark && mark->offset > 0) {
        ++counts.reread;
      }
    }
    Status inner;
    ArticleSink sink;
    sink.on_article = [&](Article&& a) {
      if (inner.ok()) inner = Offer(std::move(a));
    };
    sink.on_error = [&](const Status& s) { Error(s); };
    auto next = watch::ReadJsonlFrom(path, from, stamp.size, options.read, sink);
    SITREP_RETURN_IF_ERROR(inner);
    if (!next.ok()) {
      Error(next.status());
      return Status::Ok();
    }
    Queue(Op::Kind::kSetState, key, stamp.Key() + " " + watch::FormatMark(*next));
    return Status::Ok();
  }

  Status PollDirectory(const WatchSource& source) {
    std::error_code ec;
    if (!fs::is_directory(source.location, ec)) {
      Error(Status::NotFound(source.location + ": no such directory"));
      return Status::Ok();
    }
    // Absolute paths name the files in the store: a restart from another directory finds them.
    fs::path base = fs::absolute(source.location, ec).lexically_normal();
    std::vector<std::pair<std::string, FileKind>> files;
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      Error(Status::IoError(source.location + ": cannot list directory: " + ec.message()));
      return Status::Ok();
    }
    for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
      if (ec) {
        Error(Status::IoError(source.location + ": cannot list directory: " + ec.message()));
        break;
      }
      std::string name = it->path().filename().string();
      // Hidden files and folders: editors' and rsync's temporary copies.
      if (name.starts_with(".")) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      FileKind kind = KindOf(it->path());
      if (kind != FileKind::kOther)
        files.emplace_back(it->path().lexically_normal().string(), kind);
    }
    std::sort(files.begin(), files.end());
    for (const auto& [path, kind] : files) {
      if (ShouldStop()) break;
      SITREP_RETURN_IF_ERROR(PollFile(path, kind));
    }
    return Status::Ok();
  }

  Status PollTelegramFile(const std::string& path, const std::string& key, const FileStamp& stamp) {
    if (static_cast<size_t>(stamp.size) > options.read.max_bytes) {
      Error(Status::InvalidInput(path + ": file of " + std::to_string(stamp.size) +
                                 " bytes exceeds the limit of " +
                                 std::to_string(options.read.max_bytes) + " bytes"));
      return Status::Ok();
    }
    std::string data, error;
    if (!ReadFileToString(path, &data, &error)) {
      Error(Status::IoError(error));
      return Status::Ok();
    }
    auto articles = ParseTelegramExport(data, path);
    // A malformed export is marked read too: it is reported once, not on every pass, and
    // read again as soon as it changes.
    if (!articles.ok())
      Error(articles.status());
    else
      for (Article& a : *articles) SITREP_RETURN_IF_ERROR(Offer(std::move(a)));
    Queue(Op::Kind::kSetState, key, stamp.Key());
    return Status::Ok();
  }

  Status PollTelegram(const WatchSource& source) {
    std::error_code ec;
    std::string path = source.location;
    if (fs::is_directory(path, ec)) path = (fs::path(path) / "result.json").string();
    path = fs::absolute(path, ec).lexically_normal().string();
    FileStamp stamp;
    if (!StatFile(path, &stamp)) {
      Error(Status::NotFound(
          path + ": no such file or directory (a Telegram export: its folder or its result.json)"));
      return Status::Ok();
    }
    if (NowNs() - stamp.mtime_ns < static_cast<int64_t>(options.settle_seconds * 1e9)) {
      ++counts.deferred;
      return Status::Ok();
    }
    std::string key = std::string(kFileKey) + path;
    SITREP_ASSIGN_OR_RETURN(auto marker, store.GetState(key));
    if (marker && *marker == stamp.Key()) return Status::Ok();
    return PollTelegramFile(path, key, stamp);
  }

  // "etag\nlast-modified\nbody hash": a feed that answers 304, or sends the same bytes, is
  // not parsed again.
  Status PollFeed(const WatchSource& source) {
    std::string key = std::string(kFeedKey) + source.location;
    SITREP_ASSIGN_OR_RETURN(auto marker, store.GetState(key));
    std::vector<std::string_view> parts;
    if (marker) parts = SplitString(*marker, '\n');
    FetchRequest request;
    request.url = source.location;
    if (parts.size() == 3) {
      request.etag = std::string(parts[0]);
      request.last_modified = std::string(parts[1]);
    }
    request.timeout_seconds = options.http_timeout_seconds;
    request.max_bytes = options.max_feed_bytes;
    request.cancelled = [this] { return ShouldStop(); };
    auto response = Fetch(request);
    if (stopping) return Status::Ok();  // abandoned: read next time
    if (!response.ok()) {
      Error(response.status());
      return Status::Ok();
    }
    if (response->not_modified) return Status::Ok();
    std::string body_hash = Hex64(Fnv1a64(response->body));
    if (parts.size() == 3 && parts[2] == body_hash) return Status::Ok();
    auto articles = ParseFeed(response->body, source.location);
    if (!articles.ok())
      Error(articles.status());
    else
      for (Article& a : *articles) SITREP_RETURN_IF_ERROR(Offer(std::move(a)));
    Queue(Op::Kind::kSetState, key,
          response->etag + "\n" + response->last_modified + "\n" + body_hash);
    return Status::Ok();
  }
};

Watcher::Watcher(Store& store, const Resources& resources, std::vector<WatchSource> sources,
                 WatchOptions options)
    : impl_(std::make_unique<Impl>(store, resources, std::move(sources), std::move(options))) {}

Watcher::~Watcher() = default;

Result<WatchCounts> Watcher::Poll(const WatchHooks& hooks) {
  Impl& w = *impl_;
  w.hooks = &hooks;
  w.counts = WatchCounts();
  w.stopping = false;
  w.ops.clear();
  w.batch_articles = w.batch_bytes = 0;
  for (const WatchSource& source : w.sources) {
    if (w.ShouldStop()) break;
    Status st;
    switch (source.kind) {
      case WatchSource::Kind::kDirectory:
        st = w.PollDirectory(source);
        break;
      case WatchSource::Kind::kFeed:
        st = w.PollFeed(source);
        break;
      case WatchSource::Kind::kTelegram:
        st = w.PollTelegram(source);
        break;
    }
    if (!st.ok()) return st;
  }
  SITREP_RETURN_IF_ERROR(w.Flush());
  w.ops.clear();  // what a stop left queued is read again next time
  return w.counts;
}

}  // namespace sitrep
