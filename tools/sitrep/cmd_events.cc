// `sitrep events`: what a store holds, filtered (docs/cli.md, docs/store.md).
#include "cmd_events.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "common.h"
#include "sitrep/pipeline.h"
#include "sitrep/query.h"
#include "sitrep/store.h"
#include "sitrep/writer.h"

namespace sitrep::cli {
namespace {

struct EventsFlags {
  std::string db;
  std::string format = "jsonl";
  std::string output;
  std::string from, to, actor, text, bbox, near, since, id;
  std::vector<std::string> countries, admin1s, types, sub_types;
  std::string limit, offset;  // parsed with the filters (sitrep/query.h)
  bool reports = false, stats = false;
};

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

int RunEvents(const EventsFlags& flags) {
  auto format = ParseOutputFormat(flags.format);
  if (!format.ok()) {
    Report(format.status().message());
    return kExitUsage;
  }
  // The same parser as the server's query parameters: errors name the option.
  std::multimap<std::string, std::string> fields = {
      {"from", flags.from},   {"to", flags.to},       {"actor", flags.actor},
      {"text", flags.text},   {"bbox", flags.bbox},   {"near", flags.near},
      {"since", flags.since}, {"limit", flags.limit}, {"offset", flags.offset}};
  for (const auto& v : flags.countries) fields.emplace("country", v);
  for (const auto& v : flags.admin1s) fields.emplace("admin1", v);
  for (const auto& v : flags.types) fields.emplace("type", v);
  for (const auto& v : flags.sub_types) fields.emplace("sub_type", v);
  auto parsed = ParseEventQuery(fields, QueryNaming::kOption);
  if (!parsed.ok()) {
    Report(parsed.status().message());
    return kExitUsage;
  }
  EventQuery q = std::move(*parsed);
  const int64_t since = q.updated_since;
  if (!flags.since.empty()) {
    q.updated_since = 0;
    const bool filtered = !q.date_from.empty() || !q.date_to.empty() || !q.countries.empty() ||
                          !q.admin1s.empty() || !q.event_types.empty() ||
                          !q.sub_event_types.empty() || !q.actor.empty() || !q.text.empty() ||
                          q.bbox || q.near || flags.reports;
    if (filtered || *format != OutputFormat::kJsonl) {
      Report("--since lists every change as JSONL records; it takes no filters or --format");
      return kExitUsage;
    }
  }
  // Opening would create an empty store; a typo in the path should be an error instead.
  const bool url = flags.db.find("://") != std::string::npos;
  std::error_code ec;
  if (!url && !std::filesystem::is_regular_file(flags.db, ec)) {
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
  std::ostream& out = output->stream();
  Status st;
  if (flags.stats) {
    auto stats = (*store)->Stats(q);
    if (!stats.ok()) {
      st = stats.status();
    } else {
      auto list = [&](const char* name, const std::vector<std::pair<std::string, int64_t>>& l) {
        out << ",\"" << name << "\":{";
        for (size_t i = 0; i < l.size(); ++i)
          out << (i ? "," : "") << JsonString(l[i].first) << ":" << l[i].second;
        out << "}";
      };
      out << "{\"events\":" << stats->events << ",\"articles\":" << stats->articles
          << ",\"reports\":" << stats->reports << ",\"fatalities\":" << stats->fatalities;
      list("by_day", stats->by_day);
      list("by_event_type", stats->by_event_type);
      list("by_country", stats->by_country);
      list("by_admin1", stats->by_admin1);
      out << "}\n";
    }
  } else if (!flags.since.empty()) {
    st = (*store)->Changes(since, [&](const EventChange& c) {
      out << "{\"change\":\"" << EventChangeKindName(c.kind)
          << "\",\"event_id\":" << JsonString(c.event_id) << ",\"at\":" << c.at;
      if (c.kind == EventChange::Kind::kDeleted) {
        out << ",\"merged_into\":"
            << (c.merged_into.empty() ? std::string("null") : JsonString(c.merged_into));
      } else if (c.event) {
        out << ",\"event\":" << ToJsonLine(*c.event);
      }
      out << "}\n";
      return static_cast<bool>(out);
    });
  } else {
    auto writer = MakeEventWriter(
        *format, out,
        *format == OutputFormat::kCsv ? AcledWriterOptions(DefaultDataDir()) : WriterOptions{});
    writer->Begin();
    // Row by row: a store of millions of events prints in constant memory.
    auto write = [&](const Event& e) {
      writer->Write(e);
      return static_cast<bool>(out);
    };
    if (!flags.id.empty()) {
      auto found = (*store)->GetEvent(flags.id);
      if (!found.ok()) {
        st = found.status();
      } else if (found->event) {
        write(*found->event);
      } else {
        st = Status::NotFound(flags.id + (found->deleted ? ": deleted" : ": no such event"));
      }
    } else if (flags.reports) {
      st = (*store)->ForEachReport(write);
    } else {
      st = (*store)->QueryEvents(q, write);
    }
    writer->End();
  }
  if (!st.ok()) {
    Report(st.message());
    return st.code() == StatusCode::kInvalidInput ? kExitUsage : kExitIo;
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
  CLI::App* cmd =
      app.add_subcommand("events",
                         "Print the events of a store (merged across reports), filtered, sorted by "
                         "(event_date, event_id).");
  cmd->footer(
      "Filters combine (AND); a repeated filter matches any of its values. Names ignore case.\n"
      "--since prints what changed (new, updated, deleted) as JSONL records. See docs/store.md.");
  cmd->add_option("--db", flags->db, "Store: a SQLite file or a postgresql:// URL")->required();
  cmd->add_option("-f,--format", flags->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv", "geojson", "table"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags->output, "Write to FILE instead of stdout");
  cmd->add_option("--from", flags->from, "Events on or after this date (YYYY-MM-DD)");
  cmd->add_option("--to", flags->to, "Events on or before this date (YYYY-MM-DD)");
  cmd->add_option("--country", flags->countries, "Country (repeatable)");
  cmd->add_option("--admin1", flags->admin1s, "Province / admin1 (repeatable)");
  cmd->add_option("--type", flags->types, "ACLED event type (repeatable)");
  cmd->add_option("--sub-type", flags->sub_types, "ACLED sub-event type (repeatable)");
  cmd->add_option("--actor", flags->actor, "Text in actor1, actor2 or associated actors");
  cmd->add_option("--text", flags->text, "Text in notes, place, actors or sources");
  cmd->add_option("--bbox", flags->bbox, "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT");
  cmd->add_option("--near", flags->near, "LAT,LON,KM: events within KM of a point");
  cmd->add_option("--limit", flags->limit, "At most N events (0 = all)");
  cmd->add_option("--offset", flags->offset, "Skip the first N events");
  cmd->add_option("--since", flags->since,
                  "Changes at or after TIME (YYYY-MM-DD[THH:MM:SSZ] or Unix seconds), as JSONL");
  cmd->add_option("--id", flags->id, "One event (an absorbed id leads to its merged event)");
  cmd->add_flag("--reports", flags->reports,
                "Print the stored reports (each article's events as extract gave them)");
  cmd->add_flag("--stats", flags->stats, "Print counts by day, type, country and admin1 as JSON");
  cmd->callback([flags, exit_code]() { *exit_code = RunEvents(*flags); });
}

}  // namespace sitrep::cli
