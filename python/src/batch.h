// The part of the Python binding that runs without the GIL: JSONL article lines in, the
// CLI's event JSON lines out, on a few threads over one shared Resources. Plain C++ (no
// Python types), so the same code serves extract(), extract_many() and the Dask workers.
#pragma once

#include <string>
#include <vector>

#include "sitrep/pipeline.h"

namespace sitrep::python {

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
// `threads` threads (1 = the calling thread only); the outcome order is the input order
// whatever the thread count. Never throws for bad input: bad articles get an error. With
// `csv_options`, each outcome also gets the CSV rows `sitrep extract --format csv` writes
// (straight from the events: no JSON round trip); with `block_keys`, each event's
// MergeBlockKey (what a distributed merge shuffles by).
std::vector<ArticleOutcome> ExtractLines(const std::vector<std::string>& lines,
                                         const std::vector<std::string>& origins,
                                         const Resources& resources, const ExtractOptions& options,
                                         int threads, const WriterOptions* csv_options = nullptr,
                                         bool block_keys = false);

}  // namespace sitrep::python
