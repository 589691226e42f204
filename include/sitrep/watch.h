// Continuous monitoring: `sitrep watch` follows directories of incoming files, RSS/Atom
// feeds and Telegram channel exports, extracts what is new and puts it into a store, where
// reports of one incident merge (sitrep/store.h). What was read is remembered in the store
// itself (Store::SetState, committed with the articles), so a restart, or a kill -9 at any
// point, neither ingests an item twice nor loses one. Implemented by src/watch/;
// docs/cli.md ("sitrep watch") and docs/store.md ("What watch remembers").
//
//   sitrep::Watcher watcher(*store, resources, {{sitrep::WatchSource::Kind::kFeed, url}}, {});
//   auto counts = watcher.Poll({.on_error = [](const sitrep::Status& s) { ... }});
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/pipeline.h"
#include "sitrep/reader.h"
#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep {

// Where articles come from.
struct WatchSource {
  enum class Kind {
    kDirectory,  // .txt/.html/.htm/.jsonl/.json files, recursively (as `sitrep extract` reads them)
    kFeed,       // an RSS 2.0, RSS 1.0 or Atom feed: http://, https:// or file:// URL
    kTelegram,   // a Telegram Desktop export (result.json): each message is an article
  };
  Kind kind = Kind::kDirectory;
  std::string location;  // directory, URL or file path
};
const char* WatchSourceKindName(WatchSource::Kind kind);  // "directory" | "feed" | "telegram"

struct WatchOptions {
  ReadOptions read;  // publisher/published for .txt/.html files (their own metadata wins)
  ExtractOptions extract;
  int jobs = 1;  // extraction threads
  // A file modified less than this long ago may still be being written: it is left for a
  // later pass (WatchCounts::deferred counts it).
  double settle_seconds = 1.0;
  int http_timeout_seconds = 30;
  size_t max_feed_bytes = 32u << 20;
};

// What a pass did.
struct WatchCounts {
  int64_t articles = 0;  // new or changed articles extracted and stored
  int64_t events = 0;    // events extracted from them (reports)
  int64_t new_events = 0, updated_events = 0, deleted_events = 0;  // store events after merging
  int64_t unchanged = 0;                                           // items read before, skipped
  int64_t skipped = 0;   // bad sources or records, reported through on_error
  int64_t deferred = 0;  // files still being written, left for the next pass
  int64_t reread = 0;    // JSONL files rewritten or truncated, read again from their start
};

struct WatchHooks {
  // A bad source (unreachable feed, malformed XML or JSON, unreadable file) or record: the
  // message names it and the problem. It is skipped; everything else goes on.
  std::function<void(const Status&)> on_error;
  // After each stored batch, with the pass's running counts.
  std::function<void(const WatchCounts&)> on_progress;
  // Asked between batches: true stops the pass early (what is stored stays stored).
  std::function<bool()> should_stop;
};

class Watcher {
 public:
  // `store` and `resources` must outlive the watcher.
  Watcher(Store& store, const Resources& resources, std::vector<WatchSource> sources,
          WatchOptions options);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // One pass over every source: reads what is new or changed since the last pass (of this
  // or any earlier process on the same store), extracts it and stores it. Fails only when
  // the store fails (then nothing half-done is remembered as read).
  Result<WatchCounts> Poll(const WatchHooks& hooks = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Feed and export parsing, for the watcher and for tests. `origin` names the input in
// messages. Items without any text are left out.
//
// RSS 2.0, RSS 1.0 (RDF) or Atom: each item or entry becomes an article: title, link, date
// (pubDate, dc:date, published or updated), publisher = the channel's title, text = the
// title then content:encoded, content or description as plain text; id = "feed-" + a hash
// of the item's guid (else its link, else its title and text).
Result<std::vector<Article>> ParseFeed(std::string_view xml, const std::string& origin);

// A Telegram Desktop export (result.json of one chat, or of a whole account with
// "chats": {"list": [...]}): each message with text becomes an article; publisher = the
// channel's name, published = the message's date, id = "telegram-<chat id>-<message id>".
// Text given as an array of strings and entity objects is joined.
Result<std::vector<Article>> ParseTelegramExport(std::string_view json, const std::string& origin);

}  // namespace sitrep
