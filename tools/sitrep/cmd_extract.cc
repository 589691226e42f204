// Reads articles in batches, extracts each batch on N threads, then writes the batch in
// input order. Memory stays bounded by one batch; output does not depend on N.
#include "cmd_extract.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "common.h"
#include "sitrep/pipeline.h"
#include "sitrep/reader.h"
#include "sitrep/store.h"
#include "sitrep/writer.h"

namespace sitrep::cli {
namespace {

struct ExtractFlags {
  std::vector<std::string> inputs;
  std::string format = "jsonl";
  std::string output;
  int jobs = 0;
  std::string published, publisher, id;
  std::string data_dir;
  std::string db;
  bool quiet = false;
  bool keep_undated = false;
  bool explain = false;
  bool follow_links = false;
  // Limits (docs/cli.md, "Limits"): what one input may cost.
  size_t max_article_bytes = 8u << 20;
  size_t max_document_bytes = 64u << 20;
  size_t max_events = 1000;
  size_t max_memory = size_t{2} << 30;
  double max_seconds = 120;
};

struct Counts {
  int64_t articles = 0;  // extracted without error
  int64_t events = 0;
  int64_t skipped = 0;  // records or inputs reported and left out
};

// Shows articles/s on a terminal; silent otherwise.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), last_(start_) {}
  void Update(const Counts& c, bool force = false) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? static_cast<double>(c.articles) / seconds : 0.0;
    std::fprintf(stderr, "\r\033[K%lld articles, %lld events, %lld skipped, %.0f articles/s",
                 static_cast<long long>(c.articles), static_cast<long long>(c.events),
                 static_cast<long long>(c.skipped), rate);
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point start_, last_;
  bool shown_ = false;
};

// The working memory of the articles being extracted at once, kept under a budget
// (--max-memory): a worker waits until its article fits; one that cannot fit even alone is
// refused. An article costs about kBytesPerTextByte times its text while it is extracted
// (measured on pathological texts, docs/reliability.md: 120 for a list of place names,
// 30-60 for prose), plus a fixed part.
class MemoryBudget {
 public:
  static constexpr size_t kBytesPerTextByte = 128;
  static constexpr size_t kFixedBytes = 1u << 20;
  explicit MemoryBudget(size_t budget) : budget_(budget) {}

  static size_t Cost(const Article& a) { return a.text.size() * kBytesPerTextByte + kFixedBytes; }
  bool Fits(size_t cost) const { return cost <= budget_; }

  // Holds `cost` bytes of the budget while it lives.
  class Hold {
   public:
    Hold(MemoryBudget& b, size_t cost) : b_(b), cost_(cost) {
      std::unique_lock<std::mutex> lock(b_.mu_);
      b_.cv_.wait(lock, [&] { return b_.used_ == 0 || b_.used_ + cost_ <= b_.budget_; });
      b_.used_ += cost_;
    }
    ~Hold() {
      {
        std::lock_guard<std::mutex> lock(b_.mu_);
        b_.used_ -= cost_;
      }
      b_.cv_.notify_all();
    }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    MemoryBudget& b_;
    size_t cost_;
  };

 private:
  size_t budget_;
  std::mutex mu_;
  std::condition_variable cv_;
  size_t used_ = 0;
};

std::string MiB(size_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB"; }

// "path:3: problem" stays as is; a message without the origin gets it in front.
std::string WithOrigin(const std::string& origin, const std::string& message) {
  if (origin.empty() || message.rfind(origin, 0) == 0) return message;
  return origin + ": " + message;
}

class BatchExtractor {
 public:
  BatchExtractor(const Resources& resources, const ExtractOptions& options, int jobs,
                 size_t max_memory, EventWriter& writer, Output& out, Store* store,
                 Progress& progress)
      : resources_(resources),
        options_(options),
        max_memory_(max_memory),
        memory_(max_memory),
        jobs_(std::max(1, jobs)),
        writer_(writer),
        out_(out),
        store_(store),
        progress_(progress) {}

  void Add(Article&& article) {
    if (failed_) return;
    batch_bytes_ += article.text.size();
    batch_.push_back(std::move(article));
    if (batch_.size() >= MaxBatchArticles() || batch_bytes_ >= kMaxBatchBytes) Flush();
  }

  void Skip(const std::string& message) {
    progress_.Clear();  // so the message starts on its own line
    Report("skipped " + message);
    ++counts_.skipped;
  }

  // A message that is no skip (a read error): on its own line, not counted.
  void Say(const std::string& message) {
    progress_.Clear();
    Report(message);
  }

  // Extracts and writes what is pending. After a write or store failure, does nothing.
  void Flush() {
    if (batch_.empty() || failed_) return;
    std::vector<Result<std::vector<Event>>> results(batch_.size(),
                                                    Status::Internal("not extracted"));
    explanations_.assign(explain_ ? batch_.size() : 0, std::string());
    RunParallel(results);
    if (store_) {
      Status st = store_->BeginBatch();
      if (!st.ok()) return Fail(st.message());
    }
    for (size_t i = 0; i < batch_.size(); ++i) {
      if (explain_) {
        progress_.Clear();
        std::cerr << "== explain "
                  << EscapeForTerminal(batch_[i].origin.empty() ? batch_[i].id : batch_[i].origin)
                  << "\n"
                  << EscapeForTerminal(explanations_[i], /*keep_lines=*/true);
      }
      if (!results[i].ok()) {
        Skip(WithOrigin(batch_[i].origin, results[i].status().message()));
        continue;
      }
      std::vector<Event>& events = *results[i];
      if (events.size() > max_events_) {
        progress_.Clear();
        Report(WithOrigin(batch_[i].origin.empty() ? batch_[i].id : batch_[i].origin,
                          std::to_string(events.size()) + " events, only the first " +
                              std::to_string(max_events_) + " kept (--max-events)"));
        events.resize(max_events_);
        ++counts_.skipped;
      }
      for (const Event& e : events) writer_.Write(e);
      ++counts_.articles;
      counts_.events += static_cast<int64_t>(events.size());
      if (store_) {
        auto put = store_->PutArticle(batch_[i], events);
        if (!put.ok()) return Fail(put.status().message());
      }
    }
    if (store_) {
      Status st = store_->CommitBatch();
      if (!st.ok()) return Fail(st.message());
    }
    if (!out_.stream()) return Fail(out_.WriteError());
    batch_.clear();
    batch_bytes_ = 0;
    progress_.Update(counts_);
  }

  void set_explain(bool on) { explain_ = on; }
  void set_max_events(size_t n) { max_events_ = n; }
  const Counts& counts() const { return counts_; }
  bool failed() const { return failed_; }
  const std::string& failure() const { return failure_; }

 private:
  static constexpr size_t kMaxBatchBytes = 16u << 20;
  size_t MaxBatchArticles() const { return 16 * static_cast<size_t>(jobs_); }

  void Fail(const std::string& message) {
    failed_ = true;
    failure_ = message;
    batch_.clear();
    batch_bytes_ = 0;
  }

  void RunParallel(std::vector<Result<std::vector<Event>>>& results) {
    std::atomic<size_t> next{0};
    std::exception_ptr error;
    std::atomic<bool> has_error{false};
    // One workspace per thread, kept from batch to batch: its buffers serve every article the
    // thread extracts.
    size_t threads = std::min(batch_.size(), static_cast<size_t>(jobs_));
    if (workspaces_.size() < threads) workspaces_.resize(threads);
    auto work = [&](size_t thread) {
      try {
        for (size_t i = next++; i < batch_.size(); i = next++) {
          const size_t cost = MemoryBudget::Cost(batch_[i]);
          if (!memory_.Fits(cost)) {
            results[i] = Status::InvalidInput(
                "an article of " + std::to_string(batch_[i].text.size()) + " bytes needs about " +
                MiB(cost) + " to extract, over the limit of " + MiB(max_memory_) +
                " (--max-memory)");
            continue;
          }
          MemoryBudget::Hold hold(memory_, cost);
          ExtractOptions options = options_;
          if (explain_) options.explain = &explanations_[i];
          options.workspace = &workspaces_[thread];
          results[i] = Extract(batch_[i], resources_, options);
        }
      } catch (...) {
        // Handed to the main thread, which rethrows it to main()'s handler.
        if (!has_error.exchange(true)) error = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
  }

  const Resources& resources_;
  ExtractOptions options_;
  size_t max_memory_;
  MemoryBudget memory_;
  bool explain_ = false;  // print how each article's events were assembled, on stderr
  size_t max_events_ = SIZE_MAX;
  std::vector<std::string> explanations_;
  std::vector<ExtractWorkspace> workspaces_;  // one per worker thread
  int jobs_;
  EventWriter& writer_;
  Output& out_;
  Store* store_;
  Progress& progress_;
  std::vector<Article> batch_;
  size_t batch_bytes_ = 0;
  Counts counts_;
  bool failed_ = false;
  std::string failure_;
};

// True when `inputs` is exactly one .txt/.html/.htm file: the only case --id may name.
bool IsSingleArticleFile(const std::vector<std::string>& inputs) {
  if (inputs.size() != 1) return false;
  std::string ext = std::filesystem::path(inputs[0]).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".txt" || ext == ".html" || ext == ".htm";
}

int RunExtract(const ExtractFlags& flags) {
  auto format = ParseOutputFormat(flags.format);
  if (!format.ok()) {
    Report(format.status().message());
    return kExitUsage;
  }
  if (!flags.id.empty() && !IsSingleArticleFile(flags.inputs)) {
    // One id for several articles would make them overwrite each other in the store.
    Report("--id names one .txt or .html article; it cannot be used with " +
           (flags.inputs.size() > 1 ? std::to_string(flags.inputs.size()) + " inputs"
            : flags.inputs.empty()  ? std::string("stdin")
                                    : flags.inputs[0]) +
           " (JSONL articles carry their own \"id\")");
    return kExitUsage;
  }
  std::vector<std::string> inputs = flags.inputs;
  if (inputs.empty()) inputs.push_back("-");
  // Before anything is opened: -o truncates its file at once.
  if (std::string why = CheckOutputTarget(flags.output, inputs, flags.db); !why.empty()) {
    Report("refusing to run: " + why);
    return kExitUsage;
  }
  std::string data_dir = flags.data_dir.empty() ? DefaultDataDir() : flags.data_dir;
  auto resources = Resources::Load(data_dir);
  if (!resources.ok()) {
    Report("cannot load data from " + data_dir + ": " + resources.status().message());
    return kExitUsage;
  }

  std::string error;
  auto output = Output::Open(flags.output, &error);
  if (!output) {
    Report(error);
    return kExitIo;
  }
  std::unique_ptr<Store> store;
  if (!flags.db.empty()) {
    auto opened = Store::Open(flags.db);
    if (!opened.ok()) {
      Report(opened.status().message());
      return kExitIo;
    }
    store = std::move(*opened);
  }

  if (!flags.quiet && std::find(inputs.begin(), inputs.end(), "-") != inputs.end() &&
      isatty(STDIN_FILENO)) {
    Report("reading JSONL articles from the terminal (Ctrl-D ends; see sitrep extract --help)");
  }

  int jobs = flags.jobs > 0 ? flags.jobs : static_cast<int>(std::thread::hardware_concurrency());
  ExtractOptions options;
  options.keep_undated = flags.keep_undated;
  options.max_text_bytes = flags.max_article_bytes;
  options.max_seconds = flags.max_seconds;
  Progress progress(!flags.quiet && isatty(STDERR_FILENO));
  WriterOptions writer_options;
  if (*format == OutputFormat::kCsv) writer_options = AcledWriterOptions(data_dir);
  if (*format == OutputFormat::kTable) writer_options.table_width = TableWidth(output->fd());
  auto writer = MakeEventWriter(*format, output->stream(), writer_options);
  writer->Begin();
  BatchExtractor extractor(**resources, options, jobs, flags.max_memory, *writer, *output,
                           store.get(), progress);
  extractor.set_explain(flags.explain);
  extractor.set_max_events(flags.max_events);

  ReadOptions read_options;
  read_options.published = flags.published;
  read_options.publisher = flags.publisher;
  read_options.id = flags.id;
  read_options.max_bytes = flags.max_article_bytes;
  read_options.max_document_bytes = flags.max_document_bytes;
  read_options.follow_links = flags.follow_links;
  ArticleSink sink;
  sink.on_article = [&](Article&& a) { extractor.Add(std::move(a)); };
  sink.on_error = [&](const Status& s) { extractor.Skip(s.message()); };

  size_t unusable = 0;
  bool read_failed = false;
  for (const std::string& input : inputs) {
    Status st = ReadPath(input, read_options, sink);
    if (st.code() == StatusCode::kIoError) {
      // An input that cannot be opened or fails while being read: an I/O error (exit 3),
      // reported now; what was read before it is still extracted.
      extractor.Say(st.message());
      read_failed = true;
    } else if (!st.ok()) {
      extractor.Skip(st.message());
      ++unusable;
    }
    if (extractor.failed()) break;
  }
  extractor.Flush();
  writer->End();
  progress.Clear();
  bool written = output->Finish();
  // Failures first, so that the summary is the last line.
  if (extractor.failed()) Report(extractor.failure());
  if (!written && !extractor.failed()) Report(output->WriteError());

  const Counts& c = extractor.counts();
  if (!flags.quiet) {
    std::fprintf(stderr, "%lld article%s, %lld event%s, %lld skipped\n",
                 static_cast<long long>(c.articles), c.articles == 1 ? "" : "s",
                 static_cast<long long>(c.events), c.events == 1 ? "" : "s",
                 static_cast<long long>(c.skipped));
  }
  if (extractor.failed() || !written || read_failed) return kExitIo;
  if (unusable == inputs.size()) {
    Report("no usable input");
    return kExitUsage;
  }
  return c.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace

void AddExtractCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ExtractFlags>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract conflict events from articles");
  cmd->footer(
      "INPUT is a .txt, .html or .jsonl file, a directory (read recursively, sorted by path)\n"
      "or - for JSONL articles on stdin (the default). Events go to stdout as JSONL.\n"
      "Exit codes: 0 ok, 1 some inputs skipped, 2 usage error or no usable input,\n"
      "3 read, write or store error. See docs/cli.md.");
  cmd->add_option("INPUT", flags->inputs, "Files, directories or - (stdin, JSONL)");
  cmd->add_option("-f,--format", flags->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv", "geojson", "table"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write events to FILE instead of stdout");
  cmd->add_option("-j,--jobs", flags->jobs,
                  "Worker threads (0 = one per hardware thread); output is the same for any N")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmd->add_option("--published", flags->published,
                  "Publication date YYYY-MM-DD for inputs that do not state one (a JSONL field "
                  "or an HTML page's own date wins)")
      ->check(CLI::Validator(
          [](std::string& v) {
            auto date = NormalizePublished(v);
            return date.ok() ? std::string() : date.status().message();
          },
          "YYYY-MM-DD", "date"));
  cmd->add_option("--publisher", flags->publisher, "Publisher for .txt/.html inputs");
  cmd->add_option("--id", flags->id,
                  "Article id of a single .txt/.html INPUT (default: a hash of the text)");
  cmd->add_option("--data-dir", flags->data_dir,
                  "Data directory (default: $SITREP_DATA_DIR or the build's data/)");
  cmd->add_option("--db", flags->db, "Also upsert articles and events into this SQLite file");
  cmd->add_flag("--keep-undated", flags->keep_undated, "Keep background events that have no date");
  cmd->add_flag("--explain", flags->explain,
                "Print on stderr how each article's events were assembled (mentions, groups, "
                "merges, places)");
  cmd->add_flag("--follow-links", flags->follow_links,
                "In directories, follow symbolic links out of the tree and to folders");
  cmd->add_option("--max-article-bytes", flags->max_article_bytes,
                  "Largest article: a JSONL line, a .txt file or a text (default 8MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1}, size_t{1} << 40));
  cmd->add_option("--max-document-bytes", flags->max_document_bytes,
                  "Largest .html page or .json document, read whole (default 64MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1}, size_t{1} << 40));
  cmd->add_option("--max-memory", flags->max_memory,
                  "Working memory of the articles extracted at once (default 2GiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{1} << 20, size_t{1} << 50));
  cmd->add_option("--max-seconds", flags->max_seconds,
                  "Give up an article whose extraction passes this many seconds (0 = never)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--max-events", flags->max_events,
                  "Most events kept from one article; the rest are dropped and reported")
      ->check(CLI::Range(size_t{1}, size_t{1} << 40))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", flags->quiet, "No progress and no summary on stderr");
  cmd->callback([flags, exit_code]() { *exit_code = RunExtract(*flags); });
}

}  // namespace sitrep::cli
