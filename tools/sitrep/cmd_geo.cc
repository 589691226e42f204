// `sitrep gazetteer build|import` and `sitrep geocode`. See cmd_geo.h.
#include "cmd_geo.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "geo/geo.h"

namespace sitrep::cli {
namespace {

constexpr int kGeoExitUsage = 2;  // bad flags, unusable data (see common.h)
constexpr int kGeoExitIo = 3;

std::string ResolveDataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SITREP_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef SITREP_DEFAULT_DATA_DIR
  return SITREP_DEFAULT_DATA_DIR;
#else
  return "data";
#endif
}

[[noreturn]] void Fail(const Status& st) {
  const int code = st.code() == StatusCode::kIoError ? kGeoExitIo : kGeoExitUsage;
  // CLI11's App::exit() is silent for RuntimeError: say it here.
  std::cerr << "sitrep: " << st.message() << '\n';
  throw CLI::RuntimeError(code);
}

void PrintReport(const geo::BuildReport& r, const std::string& out, double seconds) {
  std::cerr << "sitrep: gazetteer index " << out << ": " << r.places << " entries, " << r.names
            << " names, " << r.keys << " keys, " << r.index_bytes / 1024 << " KiB, built in "
            << std::fixed << std::setprecision(2) << seconds << " s from " << r.inputs.size()
            << " files\n";
  const size_t shown = std::min<size_t>(r.warnings.size(), 20);
  for (size_t i = 0; i < shown; ++i) std::cerr << "sitrep: skipped " << r.warnings[i] << '\n';
  if (r.warnings.size() > shown) {
    std::cerr << "sitrep: ... and " << r.warnings.size() - shown << " more skipped lines\n";
  }
}

const char* LevelName(geo::Level l) {
  switch (l) {
    case geo::Level::kCountry:
      return "country";
    case geo::Level::kAdmin1:
      return "admin1";
    case geo::Level::kAdmin2:
      return "admin2";
    case geo::Level::kAdmin3:
      return "admin3";
    case geo::Level::kLocality:
      return "locality";
  }
  return "?";
}

// Countries and provinces named in a free text: every run of one to three capitalised
// words that the gazetteer knows as a country or an admin1.
void ContextFromText(const geo::Gazetteer& g, const std::string& text, geo::GeoContext* ctx) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '\'' ||
        (static_cast<unsigned char>(c) & 0x80)) {
      cur.push_back(c);
    } else {
      flush();
      words.push_back("");  // a separator keeps n-grams inside phrases
    }
  }
  flush();
  for (size_t i = 0; i < words.size(); ++i) {
    std::string phrase;
    for (size_t n = 0; n < 3 && i + n < words.size() && !words[i + n].empty(); ++n) {
      if (!phrase.empty()) phrase.push_back(' ');
      phrase += words[i + n];
      if (!std::isupper(static_cast<unsigned char>(phrase[0]))) break;
      if (auto c = g.FindCountry(phrase)) {
        if (std::find(ctx->country_codes.begin(), ctx->country_codes.end(), c->country_code) ==
            ctx->country_codes.end()) {
          ctx->country_codes.push_back(c->country_code);
        }
      } else if (auto a = g.FindAdmin1(phrase)) {
        if (std::find(ctx->admin1_names.begin(), ctx->admin1_names.end(), phrase) ==
            ctx->admin1_names.end()) {
          ctx->admin1_names.push_back(phrase);
          if (std::find(ctx->country_codes.begin(), ctx->country_codes.end(), a->country_code) ==
              ctx->country_codes.end()) {
            ctx->country_codes.push_back(a->country_code);
          }
        }
      }
    }
  }
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
    std::vector<std::string> inputs = build_flags->inputs;
    if (inputs.empty()) {
      auto sources = geo::DefaultSources(data_dir);
      if (!sources.ok()) Fail(sources.status());
      inputs = *sources;
    }
    const std::string out =
        build_flags->output.empty() ? geo::IndexPath(data_dir) : build_flags->output;
    geo::BuildReport report;
    const auto t0 = std::chrono::steady_clock::now();
    Status st = geo::BuildIndex(inputs, out, &report);
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
  geo::BuildReport report;
  const auto t0 = std::chrono::steady_clock::now();
  Status st = geo::ImportAndRebuild(data_dir, import_flags->files, &report);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!st.ok()) Fail(st);
  if (report.inputs.empty()) {
    std::cerr << "sitrep: already imported; the index is unchanged\n";
  } else {
    PrintReport(report, geo::IndexPath(data_dir), s);
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
  auto g = geo::Gazetteer::Open(data_dir);
  if (!g.ok()) Fail(g.status());
  const double open_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  geo::GeoContext ctx;
  for (const auto& c : gf->countries) {
    if (auto country = (*g)->FindCountry(c)) ctx.country_codes.push_back(country->country_code);
  }
  ctx.admin1_names = gf->admin1s;
  if (!gf->context.empty()) ContextFromText(**g, gf->context, &ctx);
  std::cout << "query: " << gf->name << "  key: " << geo::FoldPlaceName(gf->name)
            << "  (index opened in " << std::fixed << std::setprecision(2) << open_ms << " ms)\n";
  std::cout << "context: countries [";
  for (size_t i = 0; i < ctx.country_codes.size(); ++i)
    std::cout << (i ? " " : "") << ctx.country_codes[i];
  std::cout << "] provinces [";
  for (size_t i = 0; i < ctx.admin1_names.size(); ++i)
    std::cout << (i ? "; " : "") << ctx.admin1_names[i];
  std::cout << "]\n";
  const auto cands = (*g)->Lookup(gf->name, ctx);
  if (cands.empty()) {
    std::cout << "no candidates\n";
    return;
  }
  int rank = 0;
  for (const auto& c : cands) {
    const auto& p = c.place;
    std::cout << (rank == 0 ? "* " : "  ") << ++rank << ". " << p.name << " [" << LevelName(p.level)
              << " " << p.feature_code << "] " << p.country << " / " << p.admin1
              << (p.admin2.empty() ? "" : " / " + p.admin2)
              << (p.admin3.empty() ? "" : " / " + p.admin3) << "  " << std::setprecision(5)
              << p.latitude << "," << p.longitude << "  pop " << p.population << "  id " << p.id
              << "\n     score " << std::setprecision(2) << c.score << ": " << c.why << '\n';
  }
});
}  // namespace sitrep::cli

}  // namespace sitrep::cli
