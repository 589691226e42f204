// The extraction entry point.
//
//   auto res = sitrep::Resources::Load(sitrep::DefaultDataDir());
//   if (!res.ok()) { /* res.status().message() says which data file is wrong */ }
//   sitrep::Article a{.id = "x", .text = "...", .published = "2019-07-28"};
//   auto events = sitrep::Extract(a, **res);
//
// Resources (dictionaries, gazetteer) are loaded once and are immutable afterwards, so one
// Resources object can be shared by any number of threads calling Extract().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/event.h"
#include "sitrep/status.h"
#include "sitrep/writer.h"

namespace sitrep {

namespace detail {
struct ResourcesImpl;
struct WorkspaceImpl;
}  // namespace detail

class Resources {
 public:
  // Loads every data file under `data_dir` (actors, triggers, number and date words,
  // gazetteer index). Fails with a message that names the file and line that is wrong.
  static Result<std::shared_ptr<const Resources>> Load(const std::string& data_dir);
  ~Resources();

  const detail::ResourcesImpl& impl() const { return *impl_; }
  const std::string& data_dir() const;

 private:
  explicit Resources(std::unique_ptr<detail::ResourcesImpl> impl);
  std::unique_ptr<detail::ResourcesImpl> impl_;
};

// Buffers that one thread reuses from article to article (the cleaned text, tokens, word ids,
// mention indexes), so that an article costs fewer allocations. Optional: Extract() without
// one makes its own. Not thread-safe: give each worker thread its own.
class ExtractWorkspace {
 public:
  ExtractWorkspace();
  ~ExtractWorkspace();
  ExtractWorkspace(ExtractWorkspace&&) noexcept;
  ExtractWorkspace& operator=(ExtractWorkspace&&) noexcept;

  detail::WorkspaceImpl& impl() { return *impl_; }

 private:
  std::unique_ptr<detail::WorkspaceImpl> impl_;
};

struct ExtractOptions {
  // Texts longer than this are refused with a clear error: a news report is kilobytes, and a
  // many-megabyte "article" is a wrong input (a dump, a binary) that would only cost memory.
  size_t max_text_bytes = 8u << 20;
  // An article whose extraction passes this many seconds is given up between two stages
  // with a clear error (0 = no limit). Every stage is linear in the text, so this only
  // catches what no test foresaw; it makes the output depend on the machine's speed.
  double max_seconds = 0;
  // Keep background events the article only recalls without a date (ACLED coders often skip them).
  bool keep_undated = false;
  // When set, receives a plain-text account of how the events were assembled (mentions,
  // groups, merges, places), for `sitrep extract --explain` and debugging.
  std::string* explain = nullptr;
  // When set, the buffers of this workspace are reused (one per thread; see ExtractWorkspace).
  // The events are the same with or without it.
  ExtractWorkspace* workspace = nullptr;
};

// Extracts every distinct conflict event the article reports. Never throws. Fails only
// on input it cannot read at all (e.g. invalid UTF-8, empty text); an article with no
// events gives an empty vector. Thread-safe for a shared `resources`.
Result<std::vector<Event>> Extract(const Article& article, const Resources& resources,
                                   const ExtractOptions& options = {});

// Writer options with ACLED's admin1 spellings ("Daraa" -> "Dar'a") from the gazetteer of
// `data_dir` (data/gazetteer/acled_admin1.tsv); plain options when it cannot be opened.
WriterOptions AcledWriterOptions(const std::string& data_dir);

// The id Extract() and the store give an article whose `id` is empty: a hash of its text.
std::string DefaultArticleId(const std::string& text);

// $SITREP_DATA_DIR, else the data/ directory this build was configured with.
std::string DefaultDataDir();

// "0.1.0"
const char* Version();

}  // namespace sitrep
