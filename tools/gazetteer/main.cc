// sitrep-gazetteer: the gazetteer subcommands of `sitrep` as a standalone tool, so the
// install script can build the index without the whole pipeline.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "sitrep/cmd_geo.h"

int main(int argc, char** argv) {
  CLI::App app{"sitrep-gazetteer: build, import and query the sitrep gazetteer"};
  app.require_subcommand(1);
  AddGeoCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const CLI::Error& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "sitrep-gazetteer: internal error: " << e.what() << '\n';
    return 4;
  }
  return 0;
}
