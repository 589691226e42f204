// The part of the Python binding that runs without the GIL: articles in, events out, on a
// few threads over one shared Resources. Plain C++ (no Python types), so the same code
// serves extract(), extract_many(), extract_jsonl() and the Dask workers.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sitrep/pipeline.h"
#include "threads.h"

namespace sitrep::python {

// Calls fn(worker, i) for every i in [0, count) on up to `threads` threads: the calling
// thread and, for more than 1, threads of `pool`; `worker` in [0, WorkerCount(count,
// threads)) names the thread. An exception (only std::bad_alloc can get here) stops the
// others and is rethrown.
void ForEachIndex(size_t count, int threads, ThreadPool& pool,
                  const std::function<void(size_t, size_t)>& fn);
size_t WorkerCount(size_t count, int threads);

// The extraction buffers (sitrep::ExtractWorkspace) of an Extractor, kept from batch to batch
// as `sitrep extract` keeps one per thread: each worker thread takes one for a batch and
// gives it back after. Thread-safe (two Python threads may extract with one Extractor).
class WorkspacePool {
 public:
  std::vector<std::unique_ptr<ExtractWorkspace>> Take(size_t count);
  void Give(std::vector<std::unique_ptr<ExtractWorkspace>> workspaces);

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<ExtractWorkspace>> free_;
};

// What became of one article: its events (each exactly the line `sitrep extract` writes),
// or the reason it was skipped.
struct ArticleOutcome {
  std::vector<std::string> events;
  std::string csv;                      // the events' ACLED CSV rows, when asked for (no header)
  std::vector<std::string> block_keys;  // MergeBlockKey of each event, when asked for
  std::string error;                    // empty when the article was read and extracted
};

// Parses each line as a SCHEMA.md article (sitrep::ParseJsonlLine, as the CLI does; the
// matching `origins` entry names it in messages) and extracts its events. Runs on up to
// `threads` threads (the calling thread and threads of `pool`); the outcome order is the input
// order whatever the thread count. Never throws for bad input: bad articles get an error. With
// `csv_options`, each outcome also gets the CSV rows `sitrep extract --format csv` writes
// (straight from the events: no JSON round trip); with `block_keys`, each event's
// MergeBlockKey (what a distributed merge shuffles by).
std::vector<ArticleOutcome> ExtractLines(const std::vector<std::string>& lines,
                                         const std::vector<std::string>& origins,
                                         const Resources& resources, const ExtractOptions& options,
                                         int threads, ThreadPool& pool, WorkspacePool& workspaces,
                                         const WriterOptions* csv_options = nullptr,
                                         bool block_keys = false);

// One article as the binding received it: its fields read from a Python object (not yet
// checked: sitrep::CheckArticle does that on a worker thread), or a JSONL line to parse.
struct ArticleSource {
  Article article;   // fields and origin, when `line` is empty
  std::string line;  // a SCHEMA.md JSONL record; article.origin names it
};

// One article's events as Event values (for Python objects built from them), or the
// reason it was skipped.
struct EventsOutcome {
  std::vector<Event> events;
  std::vector<std::string> lines;  // the events' JSON lines instead, when asked for
  std::string error;
};

// Checks or parses each source and extracts its events, on up to `threads` threads (the
// calling thread and threads of `pool`), in input order. With `as_lines`, each outcome holds its
// events' JSON lines (ToJsonLine) instead of the Events. Never throws for bad input.
std::vector<EventsOutcome> ExtractSources(std::vector<ArticleSource>& sources,
                                          const Resources& resources, const ExtractOptions& options,
                                          int threads, ThreadPool& pool, WorkspacePool& workspaces,
                                          bool as_lines);

}  // namespace sitrep::python
