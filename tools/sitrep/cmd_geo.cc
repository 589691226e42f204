// `sitrep gazetteer build|import` and `sitrep geocode`. See cmd_geo.h.
#include "cmd_geo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/pipeline.h"
#include "sitrep/writer.h"

namespace sitrep::cli {
namespace {

constexpr int kGeoExitUsage = 2;  // bad flags, unusable data (see common.h)
constexpr int kGeoExitIo = 3;

// "sitrep: <message>" on stderr; file names and lines of imported dumps are shown escaped.
void Report(const std::string& message) {
  std::cerr << "sitrep: " << EscapeForTerminal(message) << '\n';
}

std::string ResolveDataDir(const std::string& flag) {
  return flag.empty() ? DefaultDataDir() : flag;
}

[[noreturn]] void Fail(const Status& st) {
  const int code = st.code() == StatusCode::kIoError ? kGeoExitIo : kGeoExitUsage;
  // CLI11's App::exit() is silent for RuntimeError: say it here.
  Report(st.message());
  throw CLI::RuntimeError(code);
}

void PrintReport(const GazetteerBuildReport& r, const std::string& out, double seconds) {
  std::cerr << "sitrep: gazetteer index " << EscapeForTerminal(out) << ": " << r.places
            << " entries, " << r.names << " names, " << r.keys << " keys, " << r.index_bytes / 1024
            << " KiB, built in " << std::fixed << std::setprecision(2) << seconds << " s from "
            << r.inputs.size() << " files\n";
  const size_t shown = std::min<size_t>(r.warnings.size(), 20);
  for (size_t i = 0; i < shown; ++i) Report("skipped " + r.warnings[i]);
  if (r.warnings.size() > shown) {
    std::cerr << "sitrep: ... and " << r.warnings.size() - shown << " more skipped lines\n";
  }
  for (const auto& note : r.notes) std::cerr << "sitrep: note: " << note << '\n';
}

}  // namespace

void AddGeoCommands(CLI::App& app) {
  auto* gaz = app.add_subcommand("gazetteer", "Build or extend the gazetteer index");
  gaz->require_subcommand(1);

  struct BuildFlags {
    std::string data_dir, output;
    std::vector<std::string> inputs;
  };
  auto build_flags = std::make_shared<BuildFlags>();
  auto* build = gaz->add_subcommand("build", "Build <data-dir>/gazetteer/gazetteer.idx");
  build->add_option("--data-dir", build_flags->data_dir, "Data directory");
  build->add_option("--input", build_flags->inputs,
                    "Build from these files only (GeoNames dumps, admin codes, OpenSyria "
                    "JSON, sitrep tables) instead of the defaults");
  build->add_option("-o,--output", build_flags->output, "Index file (default: in data dir)");
  build->callback([build_flags] {
    const std::string data_dir = ResolveDataDir(build_flags->data_dir);
    const std::string out =
        build_flags->output.empty() ? GazetteerIndexPath(data_dir) : build_flags->output;
    GazetteerBuildReport report;
    const auto t0 = std::chrono::steady_clock::now();
    Status st = BuildGazetteer(data_dir, build_flags->inputs, out, &report);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!st.ok()) Fail(st);
    PrintReport(report, out, s);
  });

  struct ImportFlags {
    std::string data_dir;
    std::vector<std::string> files;
  };
  auto import_flags = std::make_shared<ImportFlags>();
  auto* import = gaz->add_subcommand(
      "import", "Add GeoNames dumps (allCountries.txt, SY.txt, alternateNamesV2.txt ...)");
  import->add_option("files", import_flags->files, "GeoNames files")->required();
  import->add_option("--data-dir", import_flags->data_dir, "Data directory");
  import->callback([import_flags] {
    const std::string data_dir = ResolveDataDir(import_flags->data_dir);
  GazetteerBuildReport report;
  const auto t0 = std::chrono::steady_clock::now();
  Status st = ImportGazetteer(data_dir, import_flags->files, &report);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!st.ok()) Fail(st);
  if (report.inputs.empty()) {
    std::cerr << "sitrep: already imported; the index is unchanged\n";
  } else {
    PrintReport(report, GazetteerIndexPath(data_dir), s);
  }
});

struct GeocodeFlags {
  std::string name, context, data_dir;
  std::vector<std::string> countries, admin1s;
};
auto gf = std::make_shared<GeocodeFlags>();
auto* geocode = app.add_subcommand("geocode", "Show the gazetteer's candidates for a name");
geocode->add_option("name", gf->name, "Place name, any spelling or Arabic script")->required();
geocode->add_option("--context", gf->context,
                    "Article text: the countries and provinces it names rank candidates");
geocode->add_option("--country", gf->countries, "ISO2 country of the article (repeatable)");
geocode->add_option("--admin1", gf->admin1s, "Province named in the article (repeatable)");
geocode->add_option("--data-dir", gf->data_dir, "Data directory");
geocode->callback([gf] {
  const std::string data_dir = ResolveDataDir(gf->data_dir);
  const auto t0 = std::chrono::steady_clock::now();
  auto g = Geocoder::Open(data_dir);
  if (!g.ok()) Fail(g.status());
  const double open_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  PlaceContext ctx;
  for (const auto& c : gf->countries) {
    std::string code = (*g)->CountryCode(c);
    if (!code.empty()) ctx.country_codes.push_back(code);
  }
  ctx.admin1_names = gf->admin1s;
  if (!gf->context.empty()) {
    PlaceContext text = (*g)->ContextFromText(gf->context);
    auto merge = [](const std::vector<std::string>& from, std::vector<std::string>* to) {
      for (const auto& x : from)
        if (std::find(to->begin(), to->end(), x) == to->end()) to->push_back(x);
    };
    merge(text.country_codes, &ctx.country_codes);
    merge(text.admin1_names, &ctx.admin1_names);
  }
  auto safe = [](std::string_view text) { return EscapeForTerminal(text); };
  std::cout << "query: " << safe(gf->name) << "  key: " << safe(FoldPlaceName(gf->name))
            << "  (index opened in " << std::fixed << std::setprecision(2) << open_ms << " ms)\n";
  std::cout << "context: countries [";
  for (size_t i = 0; i < ctx.country_codes.size(); ++i)
    std::cout << (i ? " " : "") << ctx.country_codes[i];
  std::cout << "] provinces [";
  for (size_t i = 0; i < ctx.admin1_names.size(); ++i)
    std::cout << (i ? "; " : "") << safe(ctx.admin1_names[i]);
  std::cout << "]\n";
  const auto cands = (*g)->Lookup(gf->name, ctx);
  if (cands.empty()) {
    std::cout << "no candidates\n";
    return;
  }
  int rank = 0;
  for (const auto& c : cands) {
    const auto& p = c.place;
    ++rank;
    // Gazetteer names come from imported dumps: shown, never sent to the terminal raw.
    std::cout << (rank == 1 ? "* " : "  ") << rank << ". " << safe(p.name) << " ["
              << PlaceLevelName(p.level) << " " << safe(p.feature_code) << "] " << safe(p.country)
              << " / " << safe(p.admin1) << (p.admin2.empty() ? "" : " / " + safe(p.admin2))
              << (p.admin3.empty() ? "" : " / " + safe(p.admin3)) << "  " << std::setprecision(5)
              << p.latitude << "," << p.longitude << "  pop " << p.population << "  id " << p.id
              << "\n     score " << std::setprecision(2) << c.score << ": " << safe(c.why) << '\n';
  }
});
}  // namespace sitrep::cli

}  // namespace sitrep::cli
