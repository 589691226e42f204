// sitrep._sitrep.Store: one connection to an event store (sitrep/store.h), speaking event
// JSON lines (what `sitrep events` prints) so that Python sees exactly the CLI's records.
// python/sitrep/_store.py checks the caller's arguments and gives the friendly API; the
// filters arrive here as a dict of checked, typed values.
#include "sitrep/store.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.h"
#include "sitrep/reader.h"
#include "sitrep/writer.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace sitrep::python {
namespace {

template <typename T>
T Get(const py::dict& d, const char* key, T fallback) {
  return d.contains(key) ? d[key].cast<T>() : fallback;
}

// The filters of Store.events() (already checked by _store.py) as an EventQuery.
EventQuery QueryOf(const py::dict& f) {
  EventQuery q;
  q.date_from = Get<std::string>(f, "date_from", "");
  q.date_to = Get<std::string>(f, "date_to", "");
  q.countries = Get<std::vector<std::string>>(f, "countries", {});
  q.admin1s = Get<std::vector<std::string>>(f, "admin1s", {});
  q.event_types = Get<std::vector<std::string>>(f, "event_types", {});
  q.sub_event_types = Get<std::vector<std::string>>(f, "sub_event_types", {});
  q.actor = Get<std::string>(f, "actor", "");
  q.text = Get<std::string>(f, "text", "");
  if (f.contains("bbox")) {
    auto b = f["bbox"].cast<std::vector<double>>();
    if (b.size() == 4) q.bbox = EventQuery::Box{b[0], b[1], b[2], b[3]};
  }
  if (f.contains("near")) {
    auto n = f["near"].cast<std::vector<double>>();
    if (n.size() == 3) q.near = EventQuery::Circle{n[0], n[1], n[2]};
  }
  q.updated_since = Get<int64_t>(f, "updated_since", 0);
  q.limit = Get<int64_t>(f, "limit", 0);
  q.offset = Get<int64_t>(f, "offset", 0);
  return q;
}

void Check(const Status& st) {
  if (!st.ok()) Raise(st);
}

template <typename T>
T Value(Result<T> r) {
  if (!r.ok()) Raise(r.status());
  return std::move(*r);
}

py::list Pairs(const std::vector<std::pair<std::string, int64_t>>& counts) {
  py::list out;
  for (const auto& [name, n] : counts) out.append(py::make_tuple(name, n));
  return out;
}

// One store connection; the GIL serialises the calls on it (it is never released here).
class StoreHandle {
 public:
  StoreHandle(const std::string& location, bool read_only, bool merge) {
    StoreOptions options;
    options.read_only = read_only;
    options.merge = merge;
    store_ = Value(Store::Open(location, options));
  }

  std::vector<std::string> QueryLines(const py::dict& filters) {
    std::vector<std::string> lines;
    Check(Get().QueryEvents(QueryOf(filters), [&](const Event& e) {
      lines.push_back(ToJsonLine(e));
      return true;
    }));
    return lines;
  }

  std::vector<std::string> ReportLines(const std::optional<std::string>& event_id) {
    std::vector<std::string> lines;
    if (event_id) {
      for (const Event& e : Value(Get().GetReports(*event_id))) lines.push_back(ToJsonLine(e));
      return lines;
    }
    Check(Get().ForEachReport([&](const Event& e) {
      lines.push_back(ToJsonLine(e));
      return true;
    }));
    return lines;
  }

  // (event line or None, merged_into, deleted)
  py::tuple Lookup(const std::string& event_id) {
    EventLookup found = Value(Get().GetEvent(event_id));
    py::object line = found.event ? py::object(py::str(ToJsonLine(*found.event))) : py::none();
    return py::make_tuple(line, found.merged_into, found.deleted);
  }

  py::object Article(const std::string& article_id) {
    std::optional<StoredArticle> stored = Value(Get().GetArticle(article_id));
    if (!stored) return py::none();
    const sitrep::Article& a = stored->article;
    py::dict d;
    d["id"] = a.id;
    d["text"] = a.text;
    for (auto [key, value] : {std::pair<const char*, const std::string*>{"title", &a.title},
                              {"published", &a.published},
                              {"publisher", &a.publisher},
                              {"url", &a.url},
                              {"lang", &a.lang}})
      if (!value->empty()) d[key] = *value;
    d["text_hash"] = stored->text_hash;
    d["ingested_at"] = stored->ingested_at;
    d["report_ids"] = stored->report_ids;
    d["event_ids"] = stored->event_ids;
    return d;
  }

  py::dict Stats(const py::dict& filters) {
    StoreStats s = Value(Get().Stats(QueryOf(filters)));
    py::dict d;
    d["events"] = s.events;
    d["articles"] = s.articles;
    d["reports"] = s.reports;
    d["fatalities"] = s.fatalities;
    d["by_day"] = Pairs(s.by_day);
    d["by_event_type"] = Pairs(s.by_event_type);
    d["by_country"] = Pairs(s.by_country);
    d["by_admin1"] = Pairs(s.by_admin1);
    return d;
  }

  // [(kind, event_id, at, merged_into, event line or None)], oldest first.
  py::list Changes(int64_t since) {
    py::list out;
    Check(Get().Changes(since, [&](const EventChange& c) {
      py::object line = c.event ? py::object(py::str(ToJsonLine(*c.event))) : py::none();
      out.append(
          py::make_tuple(EventChangeKindName(c.kind), c.event_id, c.at, c.merged_into, line));
      return true;
    }));
    return out;
  }

  py::dict PutArticle(const std::string& article_line, const std::string& origin,
                      const std::vector<std::string>& event_lines) {
    sitrep::Article article = Value(ParseJsonlLine(article_line, origin));
    PutResult r = Value(Get().PutArticle(article, EventsFromLines(event_lines)));
    return Counts(r);
  }

  py::dict RemoveArticle(const std::string& article_id) {
    return Counts(Value(Get().RemoveArticle(article_id)));
  }

  int64_t CountEvents() { return Value(Get().CountEvents()); }
  int64_t CountArticles() { return Value(Get().CountArticles()); }
  int64_t CountReports() { return Value(Get().CountReports()); }
  void BeginBatch() { Check(Get().BeginBatch()); }
  void CommitBatch() { Check(Get().CommitBatch()); }
  std::string Location() { return Get().location(); }
  void Close() { store_.reset(); }
  bool Closed() const { return store_ == nullptr; }

 private:
  static py::dict Counts(const PutResult& r) {
    py::dict d;
    d["reports"] = r.reports;
    d["new_events"] = r.new_events;
    d["updated_events"] = r.updated_events;
    d["deleted_events"] = r.deleted_events;
    return d;
  }

  Store& Get() {
    if (!store_) {
      PyErr_SetString(PyExc_ValueError, "the store is closed");
      throw py::error_already_set();
    }
    return *store_;
  }

  std::unique_ptr<Store> store_;
};

}  // namespace

void BindStore(py::module_& m) {
  py::class_<StoreHandle>(m, "Store")
      .def(py::init<const std::string&, bool, bool>(), "location"_a, "read_only"_a = false,
           "merge"_a = true)
      .def("query_lines", &StoreHandle::QueryLines, "filters"_a)
      .def("report_lines", &StoreHandle::ReportLines, "event_id"_a = py::none())
      .def("lookup", &StoreHandle::Lookup, "event_id"_a)
      .def("article", &StoreHandle::Article, "article_id"_a)
      .def("stats", &StoreHandle::Stats, "filters"_a)
      .def("changes", &StoreHandle::Changes, "since"_a)
      .def("put_article", &StoreHandle::PutArticle, "article_line"_a, "origin"_a, "event_lines"_a)
      .def("remove_article", &StoreHandle::RemoveArticle, "article_id"_a)
      .def("count_events", &StoreHandle::CountEvents)
      .def("count_articles", &StoreHandle::CountArticles)
      .def("count_reports", &StoreHandle::CountReports)
      .def("begin_batch", &StoreHandle::BeginBatch)
      .def("commit_batch", &StoreHandle::CommitBatch)
      .def("close", &StoreHandle::Close)
      .def_property_readonly("closed", &StoreHandle::Closed)
      .def_property_readonly("location", &StoreHandle::Location);
}

}  // namespace sitrep::python
