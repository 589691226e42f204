#include "cmd_events.h"

#include <filesystem>

#include "common.h"
#include "sitrep/pipeline.h"
#include "sitrep/writer.h"
#include "sitrep/store.h"

namespace sitrep::cli {
namespace {

struct EventsFlags {
  std::string db;
  std::string format = "jsonl";
  std::string output;
};

int RunEvents(const EventsFlags& flags) {
  auto format = ParseOutputFormat(flags.format);
  if (!format.ok()) {
    Report(format.status().message());
    return kExitUsage;
  }
  // Opening would create an empty store; a typo in the path should be an error instead.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(flags.db, ec)) {
    Report(flags.db + ": no such database file");
    return kExitIo;
  }
  StoreOptions options;
  options.read_only = true;  // reading never creates or changes a database
  auto store = Store::Open(flags.db, options);
  if (!store.ok()) {
    Report(store.status().message());
    return kExitIo;
  }
  std::string error;
  auto output = Output::Open(flags.output, &error);
  if (!output) {
    Report(error);
    return kExitIo;
  }
  auto writer = MakeEventWriter(
      *format, output->stream(),
      *format == OutputFormat::kCsv ? AcledWriterOptions(DefaultDataDir()) : WriterOptions{});
  writer->Begin();
  // Row by row: a store of millions of events prints in constant memory.
  Status st = (*store)->ForEachEvent([&](const Event& e) {
    writer->Write(e);
    return static_cast<bool>(output->stream());
  });
  writer->End();
  if (!st.ok()) {
    Report(st.message());
    return kExitIo;
  }
  if (!output->Finish()) {
    Report(output->name() + ": cannot write output");
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace

void AddEventsCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<EventsFlags>();
  CLI::App* cmd = app.add_subcommand(
      "events", "Print the events stored by `extract --db`, sorted by (event_date, event_id).");
  cmd->add_option("--db", flags->db, "SQLite file written by `sitrep extract --db`")->required();
  cmd->add_option("-f,--format", flags->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv", "geojson", "table"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write events to FILE instead of stdout");
  cmd->callback([flags, exit_code]() { *exit_code = RunEvents(*flags); });
}

}  // namespace sitrep::cli
