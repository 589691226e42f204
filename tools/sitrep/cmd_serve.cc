// `sitrep serve`: flags to server::ServeOptions, then serve until SIGINT or SIGTERM.
#include "cmd_serve.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "common.h"
#include "server.h"

namespace sitrep::cli {
namespace {

struct ServeFlags {
  server::ServeOptions options;
  std::string token_file;
  size_t max_body = 8u << 20;
};

// The token: --token, else the first line of --token-file, else $SITREP_SERVE_TOKEN.
bool ResolveToken(ServeFlags* flags) {
  std::string& token = flags->options.token;
  if (token.empty() && !flags->token_file.empty()) {
    std::ifstream in(flags->token_file);
    if (!in || !std::getline(in, token)) {
      Report(flags->token_file + ": cannot read the token");
      return false;
    }
    if (!token.empty() && token.back() == '\r') token.pop_back();
    if (token.empty()) {
      Report(flags->token_file + ": the first line (the token) is empty");
      return false;
    }
  }
  if (token.empty()) {
    if (const char* env = std::getenv("SITREP_SERVE_TOKEN"); env) token = env;
  }
  return true;
}

int RunServe(ServeFlags& flags) {
  if (!ResolveToken(&flags)) return kExitUsage;
  flags.options.max_body_bytes = flags.max_body;
  // SIGINT/SIGTERM are taken by one thread that stops the server: blocked here, before any
  // server thread exists, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);  // wakes the watcher when the server stops on its own
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::Server server(flags.options);
  if (Status st = server.Bind(); !st.ok()) {
    Report(st.message());
    return st.code() == StatusCode::kInvalidInput ? kExitUsage : kExitIo;
  }
  if (!server.warnings().empty()) std::cerr << server.warnings();
  std::cout << "sitrep serve: http://" << flags.options.host << ":" << server.port() << "/ ("
            << (flags.options.token.empty() ? "read-only" : "POST /api/articles with the token")
            << "; Ctrl-C stops)" << std::endl;

  std::thread watcher([&server, &stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.Stop();
  });
  Status st = server.Run();
  pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  if (!st.ok()) {
    Report(st.message());
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  server::ServeOptions& o = flags->options;
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the HTTP API and the map dashboard of a store (docs/server.md)");
  cmd->footer(
      "Read-only unless a token is given; with one, POST /api/articles extracts, merges and\n"
      "stores articles (Authorization: Bearer TOKEN) and a missing SQLite store is created.\n"
      "The API is described at /api/openapi.json. SIGINT or SIGTERM stop the server.");
  cmd->add_option("--db", o.db, "Store: a SQLite file or a postgresql:// URL")->required();
  cmd->add_option("--host", o.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o.port, "Port (0: any free port; the URL is printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--token", o.token,
                  "Enables POST /api/articles with this token (or $SITREP_SERVE_TOKEN)");
  cmd->add_option("--token-file", flags->token_file, "Read the token from FILE's first line")
      ->excludes("--token");
  cmd->add_option("--threads", o.threads, "Requests served at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--max-body", flags->max_body,
                  "Largest request body (e.g. 8MiB, 500KB); larger gets 413")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  cmd->add_option("--page-size", o.default_limit, "Events per page when limit is not given")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}))
      ->capture_default_str();
  cmd->add_option("--max-limit", o.max_limit, "Largest limit a request may ask for")
      ->check(CLI::Range(int64_t{1}, int64_t{10000000}))
      ->capture_default_str();
  cmd->add_option("--data-dir", o.data_dir,
                  "Extraction data (default: $SITREP_DATA_DIR or the build's)");
  cmd->add_option("--web-dir", o.web_dir, "The dashboard's files (default: this build's web/)");
  cmd->add_option("--vendor-dir", o.vendor_dir,
                  "npm packages of the dashboard (default: third_party/npm/node_modules)");
  cmd->add_flag("--log", o.access_log, "Print one line per request on stderr");
  cmd->callback([flags, exit_code, cmd]() {
    // The default page follows a smaller --max-limit; an explicit --page-size must fit it.
    if (cmd->count("--page-size") == 0)
      flags->options.default_limit =
          std::min(flags->options.default_limit, flags->options.max_limit);
    *exit_code = RunServe(*flags);
  });
}

}  // namespace sitrep::cli
