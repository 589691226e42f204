#include "batch.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <sstream>
#include <thread>

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

std::vector<ArticleOutcome> ExtractLines(const std::vector<std::string>& lines,
                                         const std::vector<std::string>& origins,
                                         const Resources& resources, const ExtractOptions& options,
                                         int threads, const WriterOptions* csv_options,
                                         bool block_keys) {
  std::vector<ArticleOutcome> outcomes(lines.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  auto work = [&]() {
    try {
      for (size_t i = next++; i < lines.size(); i = next++) {
        outcomes[i] = ExtractOne(lines[i], i < origins.size() ? origins[i] : std::string(),
                                 resources, options, csv_options, block_keys);
      }
    } catch (...) {
      // Only std::bad_alloc can get here; the caller turns it into MemoryError.
      if (!failed.exchange(true)) error = std::current_exception();
      next = lines.size();
    }
  };
  size_t count = std::min(lines.size(), static_cast<size_t>(std::max(1, threads)));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < count; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return outcomes;
}

}  // namespace sitrep::python
