// sitrep._sitrep's merge functions: the store's cross-report merge rule (sitrep/merge.h) over
// event JSON lines, so that Python and Dask merge exactly as a store does.
#include "sitrep/merge.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.h"
#include "sitrep/pipeline.h"
#include "sitrep/writer.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace sitrep::python {
namespace {

using Deleted = std::vector<std::pair<std::string, std::string>>;  // (event_id, merged_into)

Deleted DeletedPairs(const std::vector<DeletedEvent>& deleted) {
  Deleted out;
  out.reserve(deleted.size());
  for (const DeletedEvent& d : deleted) out.emplace_back(d.event_id, d.merged_into);
  return out;
}

// Reports for the merge rule: event records with their id (the rule names merged events and
// absorbed ids by it; a dict that only parses as JSON is no report).
std::vector<Event> Reports(const std::vector<std::string>& lines) {
  std::vector<Event> events = EventsFromLines(lines);
  for (size_t i = 0; i < events.size(); ++i)
    if (events[i].event_id.empty())
      Raise(Status::InvalidInput("event " + std::to_string(i) +
                                 ": no event_id (not an event record sitrep wrote)"));
  return events;
}

std::vector<std::string> Lines(const std::vector<Event>& events) {
  std::vector<std::string> lines;
  lines.reserve(events.size());
  for (const Event& e : events) lines.push_back(ToJsonLine(e));
  return lines;
}

// MergeReports over event lines: (merged event lines, [(absorbed id, merged_into)]).
std::pair<std::vector<std::string>, Deleted> MergeLines(const std::vector<std::string>& lines) {
  std::vector<Event> reports = Reports(lines);
  py::gil_scoped_release release;
  MergeResult merged = MergeReports(reports);
  return {Lines(merged.events), DeletedPairs(merged.deleted)};
}

std::vector<std::string> BlockKeys(const std::vector<std::string>& lines) {
  std::vector<Event> events = Reports(lines);
  std::vector<std::string> keys;
  keys.reserve(events.size());
  for (const Event& e : events) keys.push_back(MergeBlockKey(e));
  return keys;
}

// One partition of a distributed merge: reports grouped by `blocks[i]` (a MergeBlockKey, or
// any other label that keeps the reports of one block together), each group merged with
// MergeReports on its own. Returns the merged events sorted by (event_date, event_id) as
// MergeReports sorts them, their ACLED CSV rows (no header) when `csv`, and the absorbed
// ids sorted by id.
py::tuple MergeBlocks(const std::vector<std::string>& lines, const std::vector<std::string>& blocks,
                      bool csv, std::optional<std::string> data_dir) {
  if (blocks.size() != lines.size())
    Raise(Status::InvalidInput("merge_blocks: " + std::to_string(lines.size()) + " events but " +
                               std::to_string(blocks.size()) + " block keys"));
  std::vector<Event> reports = Reports(lines);
  std::vector<std::string> event_lines, csv_rows;
  Deleted deleted;
  {
    py::gil_scoped_release release;
    std::map<std::string, std::vector<Event>> by_block;
    for (size_t i = 0; i < reports.size(); ++i)
      by_block[blocks[i]].push_back(std::move(reports[i]));
    std::vector<Event> events;
    std::vector<DeletedEvent> gone;
    for (auto& [block, members] : by_block) {
      MergeResult merged = MergeReports(members);
      std::move(merged.events.begin(), merged.events.end(), std::back_inserter(events));
      std::move(merged.deleted.begin(), merged.deleted.end(), std::back_inserter(gone));
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return std::tie(a.event_date, a.event_id) < std::tie(b.event_date, b.event_id);
    });
    std::sort(gone.begin(), gone.end(),
              [](const DeletedEvent& a, const DeletedEvent& b) { return a.event_id < b.event_id; });
    event_lines = Lines(events);
    deleted = DeletedPairs(gone);
    if (csv) {
      std::ostringstream row;
      auto writer = MakeEventWriter(OutputFormat::kCsv, row,
                                    AcledWriterOptions(data_dir.value_or(DefaultDataDir())));
      csv_rows.reserve(events.size());
      for (const Event& e : events) {
        writer->Write(e);  // no Begin(): the header is the caller's
        csv_rows.push_back(row.str());
        row.str("");
      }
      writer->End();
    }
  }
  py::object rows = csv ? py::object(py::cast(csv_rows)) : py::object(py::none());
  return py::make_tuple(py::cast(event_lines), rows, py::cast(deleted));
}

py::tuple Compare(const std::string& a, const std::string& b) {
  std::vector<Event> events = Reports({a, b});
  MergeVerdict v = CompareReports(events[0], events[1]);
  return py::make_tuple(v.same, v.score, v.reason);
}

}  // namespace

void BindMerge(py::module_& m) {
  m.def("merge_reports", &MergeLines, "event_lines"_a,
        "MergeReports over event JSON lines: (merged event lines, [(id, merged_into)]).");
  m.def("merge_block_keys", &BlockKeys, "event_lines"_a, "MergeBlockKey of each event line.");
  m.def("merge_blocks", &MergeBlocks, "event_lines"_a, "blocks"_a, "csv"_a = false,
        "data_dir"_a = py::none(),
        "MergeReports on each block of reports: (events, csv rows or None, deleted).");
  m.def("compare_reports", &Compare, "a"_a, "b"_a,
        "CompareReports of two event lines: (same, score, reason).");
}

}  // namespace sitrep::python
