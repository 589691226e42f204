// The sitrep command line: `sitrep extract`, `sitrep events`, `sitrep watch`, `sitrep
// version` (and the gazetteer's `sitrep geo ...` and `sitrep serve` when those modules are
// built). See docs/cli.md.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

#include "cmd_events.h"
#include "cmd_extract.h"
#include "cmd_watch.h"
#include "common.h"
#include "sitrep/pipeline.h"

#ifdef SITREP_HAVE_GEO_COMMANDS
#include "cmd_geo.h"
#endif
#ifdef SITREP_HAVE_SERVE
#include "cmd_serve.h"
#endif

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"sitrep: explainable conflict-event extraction from news articles"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("sitrep ") + sitrep::Version());
  int exit_code = sitrep::cli::kExitOk;
  sitrep::cli::AddExtractCommand(app, &exit_code);
  sitrep::cli::AddEventsCommand(app, &exit_code);
  sitrep::cli::AddWatchCommand(app, &exit_code);
#ifdef SITREP_HAVE_SERVE
  sitrep::cli::AddServeCommand(app, &exit_code);
#endif
  app.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "sitrep " << sitrep::Version() << '\n';
  });
#ifdef SITREP_HAVE_GEO_COMMANDS
  AddGeoCommands(app);
#endif

  // "sitrep bogus": CLI11 would only say that a subcommand is required.
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("-")) continue;
    std::string names;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) {
      known = known || sub->get_name() == arg;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      sitrep::cli::Report("unknown command \"" + std::string(arg) + "\" (commands: " + names +
                          "; see sitrep --help)");
      return sitrep::cli::kExitUsage;
    }
    break;
  }

  // The only place exceptions are caught: CLI11 reports usage errors by throwing.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? sitrep::cli::kExitOk : sitrep::cli::kExitUsage;
  } catch (const CLI::Error& e) {
    return app.exit(e);
  } catch (const std::bad_alloc&) {
    sitrep::cli::Report("out of memory");
    return sitrep::cli::kExitInternal;
  } catch (const std::exception& e) {
    sitrep::cli::Report(std::string("internal error: ") + e.what());
    return sitrep::cli::kExitInternal;
  }
  return exit_code;
}
