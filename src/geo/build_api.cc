// The index-building half of include/sitrep/gazetteer.h.
#include "geo/build.h"
#include "sitrep/gazetteer.h"

namespace sitrep {
namespace {

void CopyReport(const geo::BuildReport& from, GazetteerBuildReport* to) {
  if (!to) return;
  to->places = from.places;
  to->names = from.names;
  to->keys = from.keys;
  to->index_bytes = from.index_bytes;
  to->warnings = from.warnings;
  to->notes = from.notes;
  to->inputs = from.inputs;
}

}  // namespace

std::string GazetteerIndexPath(const std::string& data_dir) { return geo::IndexPath(data_dir); }

Status BuildGazetteer(const std::string& data_dir, const std::vector<std::string>& inputs,
                      const std::string& output, GazetteerBuildReport* report) {
  std::vector<std::string> sources = inputs;
  if (sources.empty()) {
    auto defaults = geo::DefaultSources(data_dir);
    if (!defaults.ok()) return defaults.status();
    sources = *defaults;
  }
  geo::BuildReport r;
  Status st = geo::BuildIndex(sources, output.empty() ? geo::IndexPath(data_dir) : output, &r);
  CopyReport(r, report);
  return st;
}

Status ImportGazetteer(const std::string& data_dir, const std::vector<std::string>& files,
                       GazetteerBuildReport* report) {
  geo::BuildReport r;
  Status st = geo::ImportAndRebuild(data_dir, files, &r);
  CopyReport(r, report);
  return st;
}

}  // namespace sitrep
