// Merge cost per article as a store grows (docs/store.md, bench/README.md): synthetic
// reports go straight into a store through the Store API (no extraction), and the CPU time
// of the puts is measured in a window of articles each time the store reaches a checkpoint.
//
//   merge_bench --db /tmp/m.sqlite --checkpoints 1000,10000,100000,1000000
//
// A growing store is a store that spans more days, so by default reports arrive at a fixed
// rate per day (--per-day, about ACLED's world-wide daily count), each day's reports in the
// places of the whole world (--provinces x --towns-per-province), a share of them
// (--repeat-share) being another outlet's report of an incident already stored. --span-days
// instead spreads every report over a fixed span (the density then grows with the store, as
// in tests/store/synthetic.py). --batch sets the puts per transaction (default 1,000;
// `extract --db` and `watch` commit every 16 x -j articles).
//
// Two more modes serve a store grown elsewhere (bench/pg_merge_bench.py seeds a PostgreSQL
// store with a copy of a SQLite one): --skip N says the store already holds articles 0..N-1
// of the sequence (they are generated again, not put), then --fill-events E puts articles
// until the store holds E events and prints how many articles that took, or --measure puts
// and times the next --window articles and prints one table row. Both keep the store.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "sitrep/store.h"

namespace {

using sitrep::Article;
using sitrep::Event;

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string IsoDate(int64_t day) {  // days since 1970-01-01
  std::chrono::sys_days d{std::chrono::days(day)};
  std::chrono::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

struct Options {
  std::string db;
  int64_t events = 100000;
  std::vector<int64_t> checkpoints = {1000, 10000, 100000};
  int64_t window = 2000;  // articles timed at each checkpoint
  int per_day = 600;
  int span_days = 0;  // > 0: a fixed span instead of a fixed rate
  int provinces = 200, towns_per_province = 40;
  double repeat_share = 0.3;
  int batch = 1000;
  int64_t skip = 0;          // articles 0..skip-1 are in the store already
  int64_t fill_events = -1;  // >= 0: put until the store holds this many events, then stop
  bool measure = false;      // time the next `window` articles after `skip`, then stop
};

const char* kTypes[][2] = {
    {"Explosions/Remote violence", "Remote explosive/landmine/IED"},
    {"Explosions/Remote violence", "Air/drone strike"},
    {"Explosions/Remote violence", "Shelling/artillery/missile attack"},
    {"Battles", "Armed clash"},
    {"Violence against civilians", "Attack"},
    {"Protests", "Peaceful protest"},
    {"Strategic developments", "Arrests"},
};
const char* kActors[] = {"Military Forces of Syria", "Islamic State", "Unidentified Armed Group",
                         "Hayat Tahrir al-Sham",     "Civilians",     "Police Forces"};

class Generator {
 public:
  explicit Generator(const Options& o) : o_(o), rng_(7) {}

  // The reports of article number `n` (one; the store sees one article per put).
  Event Next(int64_t n) {
    std::uniform_real_distribution<double> unit(0, 1);
    if (!recent_.empty() && unit(rng_) < o_.repeat_share) {
      Event e = recent_[std::uniform_int_distribution<size_t>(0, recent_.size() - 1)(rng_)];
      Restamp(&e, n);
      if (e.fatalities) e.fatalities = *e.fatalities + static_cast<int>(n % 2);
      return e;
    }
    Event e;
    const int64_t day = kFirstDay + (o_.span_days > 0 ? std::uniform_int_distribution<int64_t>(
                                                            0, o_.span_days - 1)(rng_)
                                                      : n / o_.per_day);
    const int province = std::uniform_int_distribution<int>(0, o_.provinces - 1)(rng_);
    const int town = std::uniform_int_distribution<int>(0, o_.towns_per_province - 1)(rng_);
    const auto& type = kTypes[std::uniform_int_distribution<int>(0, 6)(rng_)];
    e.event_date = IsoDate(day);
    e.date_precision = unit(rng_) < 0.9 ? "day" : "week";
    e.published = IsoDate(day + 1);
    e.event_type = type[0];
    e.sub_event_type = type[1];
    e.actor1 = kActors[std::uniform_int_distribution<int>(0, 5)(rng_)];
    e.actor2 = kActors[std::uniform_int_distribution<int>(0, 5)(rng_)];
    e.country = "Country " + std::to_string(province / 20);
    e.admin1 = "Province " + std::to_string(province);
    e.location = "Town " + std::to_string(province) + "-" + std::to_string(town);
    // Towns 10 km apart on a grid in each province.
    e.latitude = -40 + (province % 20) * 4.0 + (town / 8) * 0.09;
    e.longitude = -100 + (province / 20) * 20.0 + (town % 8) * 0.11;
    e.geo_precision = unit(rng_) < 0.85 ? 1 : 3;
    if (e.event_type != std::string("Protests") &&
        e.event_type != std::string("Strategic developments"))
      e.fatalities = std::uniform_int_distribution<int>(0, 12)(rng_);
    e.notes =
        "On " + e.event_date + ", a synthetic " + e.sub_event_type + " in " + e.location + ".";
    // The evidence and notes of a real report (about 2.5 KB of JSON, as extract prints).
    for (const char* field : {"sub_event_type", "actor1", "actor2", "event_date", "location",
                              "fatalities", "injuries", "sources"})
      e.evidence.push_back({field, 100, 140, std::string(40, 'x')});
    e.notes += " " + std::string(600, 'n');
    Restamp(&e, n);
    recent_.push_back(e);
    if (recent_.size() > 2000) recent_.erase(recent_.begin(), recent_.begin() + 1000);
    return e;
  }

 private:
  static constexpr int64_t kFirstDay = 17532;  // 2018-01-01

  void Restamp(Event* e, int64_t n) {
    const std::string article = "a" + std::to_string(n);
    e->event_id = article + "-1";
    e->article_ids = {article};
    e->sources = {"Outlet " + std::to_string(n % 97)};
    e->claims.clear();
  }

  Options o_;
  std::mt19937_64 rng_;
  std::vector<Event> recent_;
};

std::vector<int64_t> ParseList(const char* s) {
  std::vector<int64_t> out;
  for (const char* p = s; *p;) {
    char* end = nullptr;
    out.push_back(std::strtoll(p, &end, 10));
    p = *end == ',' ? end + 1 : end;
    if (end == p && *p) break;
  }
  return out;
}

bool IsUrl(const std::string& db) { return db.find("://") != std::string::npos; }

int Run(const Options& o) {
  const bool keep = o.skip > 0 || o.measure || o.fill_events >= 0;
  if (!keep && !IsUrl(o.db)) {
    std::remove(o.db.c_str());
    std::remove((o.db + "-wal").c_str());
    std::remove((o.db + "-shm").c_str());
  }
  auto store = sitrep::Store::Open(o.db);
  if (!store.ok()) {
    std::fprintf(stderr, "merge_bench: %s\n", store.status().ToString().c_str());
    return 1;
  }
  Generator gen(o);
  for (int64_t i = 0; i < o.skip; ++i) (void)gen.Next(i);  // the same sequence, already stored
  size_t next_checkpoint = 0;
  int64_t events = 0, n = o.skip;
  int in_batch = 0;
  auto put = [&](int64_t i) -> bool {
    if (in_batch == 0 && !(*store)->BeginBatch().ok()) return false;
    Event e = gen.Next(i);
    Article a;
    a.id = e.article_ids[0];
    a.published = e.published;
    a.publisher = e.sources[0];
    a.text = e.notes;
    auto r = (*store)->PutArticle(a, {e});
    if (!r.ok()) {
      std::fprintf(stderr, "merge_bench: %s\n", r.status().ToString().c_str());
      return false;
    }
    events += r->new_events - r->deleted_events;
    if (++in_batch == o.batch) {
      in_batch = 0;
      if (!(*store)->CommitBatch().ok()) return false;
    }
    return true;
  };
  if (o.measure) {  // no query before or after: the caller counts the server's CPU too
    const double cpu0 = CpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < o.window; ++i)
      if (!put(n++)) return 1;
    if (in_batch && !(*store)->CommitBatch().ok()) return 1;
    const double cpu = CpuSeconds() - cpu0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    std::printf("| %lld | %lld | %.3f | %.3f |\n", static_cast<long long>(o.skip),
                static_cast<long long>(o.window), 1e3 * cpu / o.window, 1e3 * wall / o.window);
    return 0;
  }
  if (o.fill_events >= 0) {
    auto count = (*store)->CountEvents();
    if (!count.ok()) {
      std::fprintf(stderr, "merge_bench: %s\n", count.status().ToString().c_str());
      return 1;
    }
    events = *count;
    while (events < o.fill_events)
      if (!put(n++)) return 1;
    if (in_batch && !(*store)->CommitBatch().ok()) return 1;
    std::printf("articles %lld events %lld\n", static_cast<long long>(n),
                static_cast<long long>(events));
    return 0;
  }
  std::printf(
      "| events in store | articles | reports | CPU ms/article (next %lld) | wall ms/article |\n",
      static_cast<long long>(o.window));
  std::printf("|---:|---:|---:|---:|---:|\n");
  while (next_checkpoint < o.checkpoints.size() && events < o.events) {
    if (events >= o.checkpoints[next_checkpoint]) {
      const double cpu0 = CpuSeconds();
      const auto wall0 = std::chrono::steady_clock::now();
      const int64_t events0 = events;
      for (int64_t i = 0; i < o.window; ++i)
        if (!put(n++)) return 1;
      const double cpu = CpuSeconds() - cpu0;
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
      auto reports = (*store)->CountReports();
      std::printf("| %lld | %lld | %lld | %.3f | %.3f |\n", static_cast<long long>(events0),
                  static_cast<long long>(n - o.window), static_cast<long long>(*reports - o.window),
                  1e3 * cpu / o.window, 1e3 * wall / o.window);
      std::fflush(stdout);
      ++next_checkpoint;
      continue;
    }
    if (!put(n++)) return 1;
  }
  if (in_batch && !(*store)->CommitBatch().ok()) return 1;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* v = argv[i + 1];
    if (flag == "--db")
      o.db = v;
    else if (flag == "--checkpoints")
      o.checkpoints = ParseList(v);
    else if (flag == "--window")
      o.window = std::atoll(v);
    else if (flag == "--per-day")
      o.per_day = std::atoi(v);
    else if (flag == "--span-days")
      o.span_days = std::atoi(v);
    else if (flag == "--provinces")
      o.provinces = std::atoi(v);
    else if (flag == "--towns-per-province")
      o.towns_per_province = std::atoi(v);
    else if (flag == "--batch")
      o.batch = std::max(1, std::atoi(v));
    else if (flag == "--repeat-share")
      o.repeat_share = std::atof(v);
    else if (flag == "--skip")
      o.skip = std::max<int64_t>(0, std::atoll(v));
    else if (flag == "--fill-events")
      o.fill_events = std::max<int64_t>(0, std::atoll(v));
    else if (flag == "--measure")
      o.measure = std::string(v) == "1";
    else {
      std::fprintf(
          stderr,
          "merge_bench: unknown option %s (see the comment at the top of bench/merge_bench.cc)\n",
          argv[i]);
      return 2;
    }
  }
  if (o.db.empty() || o.checkpoints.empty()) {
    std::fprintf(stderr,
                 "usage: merge_bench --db FILE [--checkpoints 1000,10000,...] [--window N] "
                 "[--per-day N | --span-days N] [--provinces N] [--towns-per-province N] "
                 "[--repeat-share X] [--batch PUTS_PER_TRANSACTION] [--skip ARTICLES] "
                 "[--fill-events N | --measure 1]\n");
    return 2;
  }
  o.events = o.checkpoints.back() + 1;
  return Run(o);
}
