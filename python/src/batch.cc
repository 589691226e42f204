#include "batch.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <latch>
#include <memory>
#include <sstream>

#include "sitrep/merge.h"
#include "sitrep/reader.h"
#include "sitrep/writer.h"

namespace sitrep::python {
namespace {

ArticleOutcome ExtractOne(const std::string& line, const std::string& origin,
                          const Resources& resources, const ExtractOptions& options,
                          const WriterOptions* csv_options, bool block_keys) {
  ArticleOutcome outcome;
  Result<Article> article = ParseJsonlLine(line, origin);
  if (!article.ok()) {
    outcome.error = article.status().message();
    return outcome;
  }
  Result<std::vector<Event>> events = Extract(*article, resources, options);
  if (!events.ok()) {
    outcome.error = events.status().message();
    return outcome;
  }
  outcome.events.reserve(events->size());
  for (const Event& e : *events) outcome.events.push_back(ToJsonLine(e));
  if (block_keys)
    for (const Event& e : *events) outcome.block_keys.push_back(MergeBlockKey(e));
  if (csv_options != nullptr && !events->empty()) {
    std::ostringstream rows;
    std::unique_ptr<EventWriter> writer = MakeEventWriter(OutputFormat::kCsv, rows, *csv_options);
    for (const Event& e : *events) writer->Write(e);  // no Begin(): the header is the caller's
    writer->End();
    outcome.csv = std::move(rows).str();
  }
  return outcome;
}

}  // namespace

size_t WorkerCount(size_t count, int threads) {
  return std::min(count, static_cast<size_t>(std::max(1, threads)));
}

void ForEachIndex(size_t count, int threads, ThreadPool& pool,
                  const std::function<void(size_t, size_t)>& fn) {
  if (count == 0) return;
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  auto work = [&](size_t worker) {
    try {
      for (size_t i = next++; i < count; i = next++) fn(worker, i);
    } catch (...) {
      if (!failed.exchange(true)) error = std::current_exception();
      next = count;
    }
  };
  const size_t workers = WorkerCount(count, threads);
  std::latch helpers_done(static_cast<std::ptrdiff_t>(workers - 1));
  for (size_t t = 1; t < workers; ++t) {
    try {
      pool.Launch([&, t] { work(t); }, [&] { helpers_done.count_down(); });
    } catch (...) {
      // No thread to be had: the threads running already share the work.
      helpers_done.count_down(static_cast<std::ptrdiff_t>(workers - t));
      break;
    }
  }
  work(0);
  helpers_done.wait();  // the helpers use this frame's variables
  if (error) std::rethrow_exception(error);
}

std::vector<std::unique_ptr<ExtractWorkspace>> WorkspacePool::Take(size_t count) {
  std::vector<std::unique_ptr<ExtractWorkspace>> taken;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    while (taken.size() < count && !free_.empty()) {
      taken.push_back(std::move(free_.back()));
      free_.pop_back();
    }
  }
  while (taken.size() < count) taken.push_back(std::make_unique<ExtractWorkspace>());
  return taken;
}

void WorkspacePool::Give(std::vector<std::unique_ptr<ExtractWorkspace>> workspaces) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& w : workspaces) free_.push_back(std::move(w));
}

namespace {

// Runs fn(options, i) for every i on up to `threads` threads, each thread's options naming a
// workspace of the pool of its own; the workspaces go back to the pool after (also when an
// exception ends the run).
void ForEachWithWorkspace(size_t count, int threads, ThreadPool& thread_pool,
                          const ExtractOptions& options, WorkspacePool& workspaces,
                          const std::function<void(const ExtractOptions&, size_t)>& fn) {
  struct Lease {
    WorkspacePool& pool;
    std::vector<std::unique_ptr<ExtractWorkspace>> workspaces;
    ~Lease() { pool.Give(std::move(workspaces)); }
  } lease{workspaces, workspaces.Take(WorkerCount(count, threads))};
  std::vector<ExtractOptions> per_worker(lease.workspaces.size(), options);
  for (size_t w = 0; w < per_worker.size(); ++w)
    per_worker[w].workspace = lease.workspaces[w].get();
  ForEachIndex(count, threads, thread_pool,
               [&](size_t worker, size_t i) { fn(per_worker[worker], i); });
}

}  // namespace

std::vector<ArticleOutcome> ExtractLines(const std::vector<std::string>& lines,
                                         const std::vector<std::string>& origins,
                                         const Resources& resources, const ExtractOptions& options,
                                         int threads, ThreadPool& pool, WorkspacePool& workspaces,
                                         const WriterOptions* csv_options, bool block_keys) {
  std::vector<ArticleOutcome> outcomes(lines.size());
  ForEachWithWorkspace(
      lines.size(), threads, pool, options, workspaces, [&](const ExtractOptions& mine, size_t i) {
        outcomes[i] = ExtractOne(lines[i], i < origins.size() ? origins[i] : std::string(),
                                 resources, mine, csv_options, block_keys);
      });
  return outcomes;
}

std::vector<EventsOutcome> ExtractSources(std::vector<ArticleSource>& sources,
                                          const Resources& resources, const ExtractOptions& options,
                                          int threads, ThreadPool& pool, WorkspacePool& workspaces,
                                          bool as_lines) {
  std::vector<EventsOutcome> outcomes(sources.size());
  auto extract_one = [&](const ExtractOptions& mine, size_t i) {
    ArticleSource& source = sources[i];
    EventsOutcome& outcome = outcomes[i];
    Result<Article> article = source.line.empty()
                                  ? CheckArticle(std::move(source.article))
                                  : ParseJsonlLine(source.line, source.article.origin);
    source = ArticleSource{};  // the text is no longer needed: free it now
    if (!article.ok()) {
      outcome.error = article.status().message();
      return;
    }
    Result<std::vector<Event>> events = Extract(*article, resources, mine);
    if (!events.ok()) {
      outcome.error = events.status().message();
      return;
    }
    if (!as_lines) {
      outcome.events = std::move(*events);
      return;
    }
    outcome.lines.reserve(events->size());
    for (const Event& e : *events) outcome.lines.push_back(ToJsonLine(e));
  };
  ForEachWithWorkspace(sources.size(), threads, pool, options, workspaces, extract_one);
  return outcomes;
}

}  // namespace sitrep::python
