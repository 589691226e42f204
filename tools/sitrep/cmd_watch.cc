// `sitrep watch`: polls directories, feeds and Telegram exports, and puts what is new into
// the store (sitrep/watch.h does the work; this is flags, the loop, signals and messages).
#include "cmd_watch.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common.h"
#include "sitrep/pipeline.h"
#include "sitrep/store.h"
#include "sitrep/watch.h"

namespace sitrep::cli {
namespace {

// Set by SIGINT/SIGTERM: the pass stops after its current batch (which is stored whole).
volatile std::sig_atomic_t g_stop = 0;

void OnStopSignal(int) { g_stop = 1; }

void InstallStopHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnStopSignal;
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends the process at once
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

struct WatchFlags {
  std::vector<std::string> sources, dirs, feeds, telegram;
  std::string db;
  double interval = 60;
  bool once = false;
  int jobs = 0;
  double settle = 1;
  int timeout = 30;
  std::string publisher;
  std::string data_dir;
  bool keep_undated = false;
  bool quiet = false;
};

// A SOURCE given without a flag: a URL is a feed, a .json file a Telegram export, anything
// else a directory.
WatchSource Classify(const std::string& s) {
  if (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("file://"))
    return {WatchSource::Kind::kFeed, s};
  std::string ext = std::filesystem::path(s).extension().string();
  if (ext == ".json" || ext == ".JSON") return {WatchSource::Kind::kTelegram, s};
  return {WatchSource::Kind::kDirectory, s};
}

std::string Plural(int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string Summary(const WatchCounts& c) {
  std::string s = Plural(c.articles, "article") + ", " + Plural(c.events, "event") +
                  " extracted (store: " + std::to_string(c.new_events) + " new, " +
                  std::to_string(c.updated_events) + " updated, " +
                  std::to_string(c.deleted_events) + " merged into others or deleted)";
  if (c.unchanged) s += ", " + std::to_string(c.unchanged) + " already read";
  s += ", " + std::to_string(c.skipped) + " skipped";
  if (c.deferred) s += ", " + std::to_string(c.deferred) + " still being written";
  if (c.reread) s += ", " + Plural(c.reread, "rewritten file") + " read again";
  return s;
}

std::string Clock() {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The live line on a terminal: what the running pass has stored so far, and its rate.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  void Start() { start_ = last_ = std::chrono::steady_clock::now(); }
  void Update(const WatchCounts& c) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r\033[Kwatch: %lld articles, %lld events, %lld skipped, %.0f articles/s",
                 static_cast<long long>(c.articles), static_cast<long long>(c.events),
                 static_cast<long long>(c.skipped),
                 seconds > 0 ? static_cast<double>(c.articles) / seconds : 0.0);
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// Sleeps `seconds` in small steps, returning early on a stop signal.
void SleepUnlessStopped(double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!g_stop && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

int RunWatch(const WatchFlags& flags) {
  std::vector<WatchSource> sources;
  for (const auto& d : flags.dirs) sources.push_back({WatchSource::Kind::kDirectory, d});
  for (const auto& f : flags.feeds) sources.push_back({WatchSource::Kind::kFeed, f});
  for (const auto& t : flags.telegram) sources.push_back({WatchSource::Kind::kTelegram, t});
  for (const auto& s : flags.sources) sources.push_back(Classify(s));
  if (sources.empty()) {
    Report(
        "nothing to watch: give directories, feed URLs or Telegram exports (see sitrep watch "
        "--help)");
    return kExitUsage;
  }
  std::string data_dir = flags.data_dir.empty() ? DefaultDataDir() : flags.data_dir;
  auto resources = Resources::Load(data_dir);
  if (!resources.ok()) {
    Report("cannot load data from " + data_dir + ": " + resources.status().message());
    return kExitUsage;
  }
  auto store = Store::Open(flags.db);
  if (!store.ok()) {
    Report(store.status().message());
    return kExitIo;
  }

  WatchOptions options;
  options.read.publisher = flags.publisher;
  options.extract.keep_undated = flags.keep_undated;
  options.jobs =
      flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());
  options.settle_seconds = flags.settle;
  options.http_timeout_seconds = flags.timeout;
  Watcher watcher(**store, **resources, sources, options);

  InstallStopHandlers();
  ProgressLine progress(!flags.quiet && isatty(STDERR_FILENO));
  WatchHooks hooks;
  hooks.on_error = [&](const Status& s) {
    progress.Clear();
    Report("skipped " + s.message());
  };
  hooks.on_progress = [&](const WatchCounts& c) { progress.Update(c); };
  hooks.should_stop = [] { return g_stop != 0; };

  if (!flags.quiet && !flags.once) {
    std::string what;
    for (const WatchSource& s : sources)
      what +=
          std::string(what.empty() ? "" : ", ") + WatchSourceKindName(s.kind) + " " + s.location;
    std::fprintf(stderr, "%s watching %s every %g s into %s (Ctrl-C stops)\n", Clock().c_str(),
                 what.c_str(), flags.interval, (*store)->location().c_str());
  }
  WatchCounts total;
  for (int pass = 1; !g_stop; ++pass) {
    progress.Start();
    auto counts = watcher.Poll(hooks);
    progress.Clear();
    if (!counts.ok()) {
      Report(counts.status().message());
      return kExitIo;
    }
    const WatchCounts& c = *counts;
    total.articles += c.articles;
    total.events += c.events;
    total.new_events += c.new_events;
    total.updated_events += c.updated_events;
    total.deleted_events += c.deleted_events;
    total.unchanged += c.unchanged;
    total.reread += c.reread;
    total.skipped += c.skipped;
    total.deferred = c.deferred;
    if (flags.once) {
      // Files still being written are waited for, a few times, so one run reads them.
      if (c.deferred > 0 && pass < 5) {
        SleepUnlessStopped(flags.settle);
        continue;
      }
      break;
    }
    if (!flags.quiet && (c.articles > 0 || c.skipped > 0))
      std::fprintf(stderr, "%s pass %d: %s\n", Clock().c_str(), pass, Summary(c).c_str());
    SleepUnlessStopped(flags.interval);
  }
  if (!flags.quiet && (flags.once || g_stop)) std::fprintf(stderr, "%s\n", Summary(total).c_str());
  return total.skipped > 0 && flags.once ? kExitSkipped : kExitOk;
}

}  // namespace

void AddWatchCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<WatchFlags>();
  CLI::App* cmd = app.add_subcommand(
      "watch", "Follow directories, RSS/Atom feeds and Telegram exports into a store");
  cmd->footer(
      "SOURCE is a directory (its .txt, .html, .jsonl and .json files, recursively; a\n"
      "pretty-printed .json is read as a Telegram export), an http(s):// or file:// RSS or\n"
      "Atom feed, or a Telegram Desktop export (result.json, or --telegram DIR). Each pass\n"
      "reads only what is new or changed since the last one -- of this run or any earlier\n"
      "one: the store remembers what was read, so restarts and kill -9 neither repeat nor\n"
      "lose anything. A bad feed, file or record is reported (naming it) and skipped.\n"
      "Exit codes: 0 ok (or stopped by Ctrl-C/SIGTERM), 1 with --once when something was\n"
      "skipped, 2 usage error, 3 store error. See docs/cli.md.");
  cmd->add_option("SOURCE", flags->sources, "Directories, feed URLs, Telegram result.json files");
  // One value per flag: `--feed URL dir/` leaves dir/ to SOURCE.
  cmd->add_option("--dir", flags->dirs, "A directory of incoming article files (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--feed", flags->feeds, "An RSS or Atom feed URL (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--telegram", flags->telegram,
                  "A Telegram Desktop export: its result.json or its folder (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--db", flags->db, "The store: a SQLite file or a postgresql:// URL")->required();
  cmd->add_option("--interval", flags->interval, "Seconds between passes")
      ->check(CLI::Range(0.1, 86400.0 * 7))
      ->capture_default_str();
  cmd->add_flag("--once", flags->once, "One pass, then exit (for cron and scripts)");
  cmd->add_option("-j,--jobs", flags->jobs, "Extraction threads (0 = one per hardware thread)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--settle", flags->settle,
                  "Seconds a file must be left unchanged before it is read (it may still be "
                  "being written)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  cmd->add_option("--timeout", flags->timeout, "Seconds allowed to fetch one feed")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--publisher", flags->publisher, "Publisher of .txt/.html files that do not say");
  cmd->add_option("--data-dir", flags->data_dir,
                  "Data directory (default: $SITREP_DATA_DIR or the build's data/)");
  cmd->add_flag("--keep-undated", flags->keep_undated, "Keep background events that have no date");
  cmd->add_flag("-q,--quiet", flags->quiet, "No progress and no summaries on stderr");
  cmd->callback([flags, exit_code]() { *exit_code = RunWatch(*flags); });
}

}  // namespace sitrep::cli
