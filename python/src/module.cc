// sitrep._sitrep: the compiled half of the `sitrep` Python package. It speaks only in JSON
// text (SCHEMA.md article lines in, the CLI's event lines out) so that Python sees exactly
// what `sitrep extract` writes; sitrep/__init__.py turns that text into dicts, checks the
// caller's arguments and gives the friendly API. Uses the public include/sitrep/ API only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "batch.h"
#include "common.h"
#include "objects.h"
#include "sitrep/pipeline.h"
#include "sitrep/reader.h"
#include "sitrep/writer.h"
#include "threads.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace sitrep::python {

// The library reports errors as Status values; Python callers expect the built-in
// exception that fits: bad input is a ValueError, a missing file a FileNotFoundError.
void Raise(const Status& status) {
  PyObject* type = PyExc_RuntimeError;
  switch (status.code()) {
    case StatusCode::kInvalidInput:
      type = PyExc_ValueError;
      break;
    case StatusCode::kNotFound:
      type = PyExc_FileNotFoundError;
      break;
    case StatusCode::kIoError:
      type = PyExc_OSError;
      break;
    case StatusCode::kUnsupported:
      type = PyExc_NotImplementedError;
      break;
    default:
      break;
  }
  PyErr_SetString(type, status.message().c_str());
  throw py::error_already_set();
}

std::vector<Event> EventsFromLines(const std::vector<std::string>& lines) {
  std::vector<Event> events;
  events.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    Result<Event> e = EventFromJson(lines[i]);
    if (!e.ok())
      Raise(Status::InvalidInput("event " + std::to_string(i) + ": " + e.status().message()));
    events.push_back(std::move(*e));
  }
  return events;
}

namespace {

// Whether a line is empty or white space only, as bytes.strip() sees it.
bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\n\r\v\f") == std::string_view::npos;
}

std::string JoinAsArray(const std::vector<ArticleOutcome>& outcomes) {
  size_t bytes = 2;
  for (const ArticleOutcome& o : outcomes)
    for (const std::string& e : o.events) bytes += e.size() + 1;
  std::string joined;
  joined.reserve(bytes);
  joined.push_back('[');
  for (const ArticleOutcome& o : outcomes) {
    for (const std::string& e : o.events) {
      if (joined.size() > 1) joined.push_back(',');
      joined += e;
    }
  }
  joined.push_back(']');
  return joined;
}

// A batch of articles on its way through extract_many / extract_jsonl: read from Python
// objects (with the GIL), extracted on C++ threads that never touch Python objects,
// handed back as event dicts or lines (with the GIL). The extraction of one batch runs
// while the calling thread builds the previous batch's dicts.
class ArticleBatch {
 public:
  ArticleBatch(std::shared_ptr<const Resources> resources, const ExtractOptions& options,
               std::shared_ptr<ThreadPool> threads, std::shared_ptr<WorkspacePool> workspaces,
               std::shared_ptr<EventDictBuilder> builder, std::vector<ArticleSource> sources)
      : resources_(std::move(resources)),
        options_(options),
        threads_(std::move(threads)),
        workspaces_(std::move(workspaces)),
        builder_(std::move(builder)),
        sources_(std::move(sources)) {}

  ~ArticleBatch() {
    if (started_) AwaitExtraction();  // the extraction needs no GIL: no deadlock
  }

  // Starts the extraction on a thread of the Extractor's pool (which runs `threads`
  // workers); the caller goes on building the previous batch's dicts meanwhile.
  void Start(int threads, bool as_lines) {
    if (started_) throw std::logic_error("the batch was started already");
    auto extract = [this, threads, as_lines] {
      try {
        outcomes_ = ExtractSources(sources_, *resources_, options_, threads, *threads_,
                                   *workspaces_, as_lines);
      } catch (...) {
        error_ = std::current_exception();  // std::bad_alloc: MemoryError in Wait()
      }
      sources_.clear();
    };
    auto signal = [this] {
      std::lock_guard<std::mutex> lock(done_mutex_);  // held while notifying: `this` may
      extracted_ = true;                              // go as soon as Wait() sees it
      done_.notify_all();
    };
    threads_->Launch(extract, signal);
    started_ = true;
  }

  // (index in the batch, message) of each article that was skipped.
  py::list Errors() {
    Wait();
    // (index in the batch, message) of each article that was skipped.
    py::list errors;
    for (size_t i = 0; i < outcomes_.size(); ++i)
      if (!outcomes_[i].error.empty()) errors.append(py::make_tuple(i, outcomes_[i].error));
    return errors;
  }

  // Every event as a dict (equal to json.loads of its line), in article order; the Events
  // are freed as their dicts are made.
  py::list Dicts() {
    Wait();
    size_t count = 0;
    for (const EventsOutcome& o : outcomes_) count += o.events.size();
    py::list dicts(count);
    // The dicts cannot be garbage yet: thousands of them would set off the cyclic
    // collector many times over for nothing.
    const int collecting = PyGC_Disable();
    size_t at = 0;
    for (EventsOutcome& o : outcomes_) {
      for (const Event& e : o.events) {
        PyObject* dict = builder_->Build(e);
        if (dict == nullptr) {
          if (collecting) PyGC_Enable();
          throw py::error_already_set();
        }
        PyList_SET_ITEM(dicts.ptr(), static_cast<Py_ssize_t>(at++), dict);
      }
      o.events = {};
    }
    if (collecting) PyGC_Enable();
    return dicts;
  }

  // Every event's JSON line (as `sitrep extract` writes it), when run with as_lines.
  py::list Lines() {
    Wait();
    size_t count = 0;
    for (const EventsOutcome& o : outcomes_) count += o.lines.size();
    py::list lines(count);
    size_t at = 0;
    for (EventsOutcome& o : outcomes_) {
      for (const std::string& line : o.lines) {
        PyObject* str =
            PyUnicode_DecodeUTF8(line.data(), static_cast<Py_ssize_t>(line.size()), "replace");
        if (str == nullptr) throw py::error_already_set();
        PyList_SET_ITEM(lines.ptr(), static_cast<Py_ssize_t>(at++), str);
      }
      o.lines = {};
    }
    return lines;
  }

  // Writes every event's JSON line and a newline, the bytes `sitrep extract` writes, by
  // calls of `write` (a binary file's write method) with bytes of up to kWriteChunkBytes;
  // returns the number of lines. When run with as_lines. No str per line: the caller that
  // only stores the lines saves making them (the CLI's own job).
  size_t WriteLines(const py::object& write) {
    Wait();
    size_t count = 0;
    std::string chunk;
    chunk.reserve(kWriteChunkBytes);
    for (EventsOutcome& o : outcomes_) {
      for (const std::string& line : o.lines) {
        if (!chunk.empty() && chunk.size() + line.size() + 1 > kWriteChunkBytes) {
          WriteAll(write, chunk);
          chunk.clear();
        }
        chunk += line;
        chunk.push_back('\n');
        ++count;
      }
      o.lines = {};
    }
    if (!chunk.empty()) WriteAll(write, chunk);
    return count;
  }

  // Waits until the extraction has finished (without the GIL).
  void Wait() {
    if (!started_) throw std::logic_error("the batch was not started");
    {
      py::gil_scoped_release release;
      AwaitExtraction();
    }
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  // Big enough that a buffered file passes each chunk straight to the OS, small enough
  // that a batch's output is not copied whole.
  static constexpr size_t kWriteChunkBytes = 1 << 20;

  // Calls write(bytes) until all of `data` is taken: a raw file's write may take part of it
  // (and returns how much) or none (None: a non-blocking file that is full).
  static void WriteAll(const py::object& write, const std::string& data) {
    const py::bytes whole(data);
    const auto size = static_cast<Py_ssize_t>(data.size());
    Py_ssize_t done = 0;
    while (done < size) {
      py::object piece = whole;
      if (done > 0) piece = py::memoryview(whole)[py::slice(done, size, 1)];
      py::object written = write(piece);
      if (written.is_none()) {
        PyErr_SetString(PyExc_BlockingIOError, "the file took no data (non-blocking)");
        throw py::error_already_set();
      }
      // A write() that returns no count (a file-like object of the caller's) took it all.
      if (!py::isinstance<py::int_>(written)) return;
      const auto taken = written.cast<Py_ssize_t>();
      if (taken <= 0) {
        PyErr_Format(PyExc_OSError, "write() took none of %zd bytes", size - done);
        throw py::error_already_set();
      }
      done += taken;
    }
  }

  void AwaitExtraction() {
    std::unique_lock<std::mutex> lock(done_mutex_);
    done_.wait(lock, [this] { return extracted_; });
  }

  std::shared_ptr<const Resources> resources_;
  ExtractOptions options_;
  std::shared_ptr<ThreadPool> threads_;        // the Extractor's
  std::shared_ptr<WorkspacePool> workspaces_;  // the Extractor's
  std::shared_ptr<EventDictBuilder> builder_;  // the Extractor's; used with the GIL held
  std::vector<ArticleSource> sources_;
  std::vector<EventsOutcome> outcomes_;
  bool started_ = false;  // touched with the GIL held only
  std::mutex done_mutex_;
  std::condition_variable done_;
  bool extracted_ = false;  // guarded by done_mutex_
  std::exception_ptr error_;
};

class Extractor {
 public:
  Extractor(std::optional<std::string> data_dir, bool keep_undated) {
    std::string dir = data_dir.value_or(DefaultDataDir());
    Result<std::shared_ptr<const Resources>> loaded = [&] {
      py::gil_scoped_release release;  // loading takes a moment; let other threads run
      return Resources::Load(dir);
    }();
    if (!loaded.ok())
      Raise(Status(loaded.status().code(),
                   "cannot load sitrep data from " + dir + ": " + loaded.status().message()));
    resources_ = std::move(*loaded);
    options_.keep_undated = keep_undated;
    reader_.emplace(options_.max_text_bytes);
  }

  // A batch of articles[first_index:first_index + len(items)] as extract_many takes them;
  // `slow(item, index)` returns (JSONL line, name for messages) for an item the fast
  // reader leaves to Python, or raises the exception that explains it.
  std::unique_ptr<ArticleBatch> BatchOfObjects(const py::list& items, size_t first_index,
                                               const py::function& slow) {
    std::vector<ArticleSource> sources(items.size());
    for (size_t i = 0; i < sources.size(); ++i) {
      PyObject* item = PyList_GET_ITEM(items.ptr(), static_cast<Py_ssize_t>(i));
      if (reader_->Read(item, first_index + i, &sources[i])) continue;
      sources[i] = ArticleSource{};
      py::tuple got = slow(py::reinterpret_borrow<py::object>(item), first_index + i);
      if (got.size() != 2) throw std::logic_error("slow() must return (line, name)");
      sources[i].line = got[0].cast<std::string>();
      sources[i].article.origin = got[1].cast<std::string>();
    }
    return std::make_unique<ArticleBatch>(resources_, options_, Threads(), workspaces_, builder_,
                                          std::move(sources));
  }

  // A batch of JSONL article lines (bytes), each named by its `origins` entry.
  std::unique_ptr<ArticleBatch> BatchOfLines(const py::list& lines, const py::list& origins) {
    if (lines.size() != origins.size()) throw std::invalid_argument("one origin per line");
    std::vector<ArticleSource> sources(lines.size());
    for (size_t i = 0; i < sources.size(); ++i) {
      PyObject* line = PyList_GET_ITEM(lines.ptr(), static_cast<Py_ssize_t>(i));
      char* data = nullptr;
      Py_ssize_t size = 0;
      if (PyBytes_AsStringAndSize(line, &data, &size) != 0) throw py::error_already_set();
      sources[i].line.assign(data, static_cast<size_t>(size));
      sources[i].article.origin =
          py::handle(PyList_GET_ITEM(origins.ptr(), static_cast<Py_ssize_t>(i)))
              .cast<std::string>();
    }
    return std::make_unique<ArticleBatch>(resources_, options_, Threads(), workspaces_, builder_,
                                          std::move(sources));
  }

  // The next batch of the JSONL text buffer[offset:end] (a buffer of bytes read from a
  // binary file, whose line at `offset` is line number `line_number`): whole lines only,
  // the last one without a newline too when `at_end`; blank lines skipped and trailing
  // "\r\n" stripped as Extractor._raw_batches does; each line named "line N". Returns
  // (batch, offset after its last line, number of the next line) once the batch holds
  // `max_lines` lines or `max_bytes` bytes or the text ends (`at_end`), else (None, offset,
  // line_number): the caller then reads more. The lines are copied: the caller may reuse
  // the buffer. Saves making a bytes object of every line in Python.
  py::tuple BatchOfJsonl(const py::buffer& buffer, size_t offset, size_t end, size_t line_number,
                         size_t max_lines, size_t max_bytes, bool at_end) {
    const py::buffer_info info = buffer.request();
    if (info.ndim != 1 || info.itemsize != 1)
      throw std::invalid_argument("expected a buffer of bytes");
    if (offset > end || end > static_cast<size_t>(info.size))
      throw std::out_of_range("offset or end past the end of the buffer");
    const std::string_view text(static_cast<const char*>(info.ptr), end);
    std::vector<ArticleSource> sources;
    sources.reserve(std::min<size_t>(max_lines, 1024));
    size_t at = offset, number = line_number, bytes = 0;
    while (at < text.size() && sources.size() < max_lines && bytes < max_bytes) {
      size_t stop = text.find('\n', at);
      if (stop == std::string_view::npos) {
        if (!at_end) break;  // a partial line: the rest of it is still to be read
        stop = text.size();
      }
      std::string_view line = text.substr(at, stop - at);
      at = std::min(stop + 1, text.size());
      const size_t name = number++;
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
      if (IsBlank(line)) continue;
      ArticleSource& source = sources.emplace_back();
      source.line.assign(line);
      source.article.origin = "line " + std::to_string(name);
      bytes += line.size();
    }
    const bool full = sources.size() >= max_lines || bytes >= max_bytes;
    if (sources.empty() || (!full && !at_end))
      return py::make_tuple(py::none(), offset, line_number);
    auto batch = std::make_unique<ArticleBatch>(resources_, options_, Threads(), workspaces_,
                                                builder_, std::move(sources));
    return py::make_tuple(std::move(batch), at, number);
  }

  const std::string& data_dir() const { return resources_->data_dir(); }
  bool keep_undated() const { return options_.keep_undated; }

  // Returns (events, counts, errors, csv, keys): events is one JSON array text of every
  // event when `joined`, else a list of event lines; counts[i] is the number of events of
  // lines[i]; errors lists (index, message) for the articles that were skipped; csv is the
  // events' ACLED CSV rows (no header) when `csv`, else None; keys the events'
  // MergeBlockKey, in event order, when `keys`, else None.
  py::tuple ExtractLinesPy(const std::vector<std::string>& lines,
                           const std::vector<std::string>& origins, int threads, bool joined,
                           bool csv, bool keys) {
    std::vector<ArticleOutcome> outcomes;
    std::string array, rows;
    std::shared_ptr<ThreadPool> pool = Threads();
    {
      py::gil_scoped_release release;
      const WriterOptions* csv_options = csv ? &CsvOptions() : nullptr;
      outcomes = ExtractLines(lines, origins, *resources_, options_, threads, *pool, *workspaces_,
                              csv_options, keys);
      if (joined) array = JoinAsArray(outcomes);
      for (const ArticleOutcome& o : outcomes) rows += o.csv;
    }
    py::object csv_text = csv ? py::object(py::str(rows)) : py::object(py::none());
    py::object key_list = py::none();
    if (keys) {
      py::list list;
      for (const ArticleOutcome& o : outcomes)
        for (const std::string& k : o.block_keys) list.append(py::str(k));
      key_list = std::move(list);
    }
    py::list counts(outcomes.size());
    py::list errors;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      counts[i] = py::int_(outcomes[i].events.size());
      if (!outcomes[i].error.empty()) errors.append(py::make_tuple(i, outcomes[i].error));
    }
    if (joined) return py::make_tuple(py::str(array), counts, errors, csv_text, key_list);
    py::list events;
    for (const ArticleOutcome& o : outcomes)
      for (const std::string& e : o.events) events.append(py::str(e));
    return py::make_tuple(events, counts, errors, csv_text, key_list);
  }

 private:
  // The extraction threads (with the GIL held); a forked child makes its own, as its copy of
  // the pool has no threads behind it.
  std::shared_ptr<ThreadPool> Threads() {
    if (threads_->Forked()) threads_ = std::make_shared<ThreadPool>();
    return threads_;
  }

  // ACLED's admin1 spellings, opened the first time CSV is asked for.
  const WriterOptions& CsvOptions() {
    std::call_once(csv_once_, [this] { csv_options_ = AcledWriterOptions(data_dir()); });
    return csv_options_;
  }

  std::shared_ptr<const Resources> resources_;
  ExtractOptions options_;
  std::optional<ArticleReader> reader_;
  // Kept from call to call, as `sitrep extract` keeps its threads, so that the core's
  // per-thread caches stay warm (threads.h).
  std::shared_ptr<ThreadPool> threads_ = std::make_shared<ThreadPool>();
  std::shared_ptr<WorkspacePool> workspaces_ = std::make_shared<WorkspacePool>();
  std::shared_ptr<EventDictBuilder> builder_ = std::make_shared<EventDictBuilder>();
  std::once_flag csv_once_;
  WriterOptions csv_options_;
};

// ACLED CSV exactly as `sitrep extract --format csv` writes it.
py::str EventsToCsv(const std::vector<std::string>& lines, std::optional<std::string> data_dir,
                    bool header) {
  std::vector<Event> events = EventsFromLines(lines);
  std::ostringstream out;
  {
    py::gil_scoped_release release;
    auto writer = MakeEventWriter(OutputFormat::kCsv, out,
                                  AcledWriterOptions(data_dir.value_or(DefaultDataDir())));
    if (header) writer->Begin();
    for (const Event& e : events) writer->Write(e);
    writer->End();
  }
  return py::str(out.str());
}

// Articles of a file or directory, read exactly as `sitrep extract PATH` reads them:
// returns (articles as dicts of SCHEMA.md fields plus "origin", error messages).
py::tuple ReadArticles(const std::string& path, const std::string& published,
                       const std::string& publisher, const std::string& id) {
  std::vector<Article> articles;
  std::vector<std::string> errors;
  Status status;
  {
    py::gil_scoped_release release;
    ReadOptions options;
    options.published = published;
    options.publisher = publisher;
    options.id = id;
    ArticleSink sink;
    sink.on_article = [&](Article&& a) { articles.push_back(std::move(a)); };
    sink.on_error = [&](const Status& s) { errors.push_back(s.message()); };
    status = ReadPath(path, options, sink);
  }
  if (!status.ok()) Raise(status);
  // Built with the C API: interned keys made once, the fields decoded straight into str.
  PyPtr keys[8];
  const char* names[8] = {"id", "text", "title", "published", "publisher", "url", "lang", "origin"};
  for (size_t k = 0; k < 8; ++k) {
    keys[k].reset(PyUnicode_InternFromString(names[k]));
    if (!keys[k]) throw py::error_already_set();
  }
  py::list dicts(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    Article& a = articles[i];
    const std::string* values[8] = {&a.id,        &a.text, &a.title, &a.published,
                                    &a.publisher, &a.url,  &a.lang,  &a.origin};
    PyPtr dict(PyDict_New());
    if (!dict) throw py::error_already_set();
    for (size_t k = 0; k < 8; ++k) {
      if (values[k]->empty() && k != 1 && k != 7) continue;  // text and origin always
      PyPtr value(PyUnicode_DecodeUTF8(values[k]->data(),
                                       static_cast<Py_ssize_t>(values[k]->size()), "replace"));
      if (!value || PyDict_SetItem(dict.get(), keys[k].get(), value.get()) != 0)
        throw py::error_already_set();
    }
    a = Article{};  // its text is in the dict now
    PyList_SET_ITEM(dicts.ptr(), static_cast<Py_ssize_t>(i), dict.release());
  }
  return py::make_tuple(dicts, errors);
}

// An event line with every optional key present, so Python can read the SCHEMA.md key order.
std::string FullEventLine() {
  Event e;
  e.cameo = "x";
  e.plover = "x";
  e.timestamp = 1;
  return ToJsonLine(e);
}

}  // namespace

PYBIND11_MODULE(_sitrep, m) {
  m.doc() = "sitrep's compiled core; use the `sitrep` package, not this module.";
  m.attr("__version__") = Version();
  m.attr("MAX_TEXT_BYTES") = ExtractOptions{}.max_text_bytes;
  m.def("default_data_dir", &DefaultDataDir,
        "$SITREP_DATA_DIR, else the data/ directory sitrep was built with.");
  m.def("full_event_line", &FullEventLine, "An event line with every optional key present.");
  m.def("read_articles", &ReadArticles, "path"_a, "published"_a = "", "publisher"_a = "",
        "id"_a = "");
  m.def("hardware_threads", [] { return std::max(1u, std::thread::hardware_concurrency()); });
  m.def("events_to_csv", &EventsToCsv, "event_lines"_a, "data_dir"_a = py::none(),
        "header"_a = true, "ACLED CSV of event JSON lines, as `sitrep extract --format csv`.");

  py::class_<Extractor>(m, "Extractor")
      .def(py::init<std::optional<std::string>, bool>(), "data_dir"_a = py::none(),
           "keep_undated"_a = false)
      .def_property_readonly("data_dir", &Extractor::data_dir)
      .def_property_readonly("keep_undated", &Extractor::keep_undated)
      .def("extract_lines", &Extractor::ExtractLinesPy, "lines"_a, "origins"_a, "threads"_a = 1,
           "joined"_a = true, "csv"_a = false, "keys"_a = false)
      .def("batch_of_objects", &Extractor::BatchOfObjects, "items"_a, "first_index"_a, "slow"_a)
      .def("batch_of_lines", &Extractor::BatchOfLines, "lines"_a, "origins"_a)
      .def("batch_of_jsonl", &Extractor::BatchOfJsonl, "buffer"_a, "offset"_a, "end"_a,
           "line_number"_a, "max_lines"_a, "max_bytes"_a, "at_end"_a);

  py::class_<ArticleBatch>(m, "ArticleBatch")
      .def("start", &ArticleBatch::Start, "threads"_a = 1, "as_lines"_a = false)
      .def("wait", &ArticleBatch::Wait)
      .def("errors", &ArticleBatch::Errors)
      .def("dicts", &ArticleBatch::Dicts)
      .def("lines", &ArticleBatch::Lines)
      .def("write_lines", &ArticleBatch::WriteLines, "write"_a);

  BindStore(m);
  BindMerge(m);
}

}  // namespace sitrep::python
