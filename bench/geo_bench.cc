// Gazetteer benchmarks: index open (load) time, lookups per second for place names and
// for capitalised non-place words (the common case while scanning text), the folding
// itself, and an index build from the shipped Levant sources.
//
// Needs a built index: scripts/install-gazetteer.sh (or `sitrep gazetteer build`).
// The data directory is $SITREP_DATA_DIR, else SITREP_SOURCE_DIR/data.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "geo/build.h"

namespace {

#ifndef SITREP_SOURCE_DIR
#define SITREP_SOURCE_DIR "."
#endif

std::string DataDir() {
  const char* env = std::getenv("SITREP_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : std::string(SITREP_SOURCE_DIR) + "/data";
}

const std::vector<std::string> kPlaces = {"Melihit al-Atash",
                                          "Busra al-Sham",
                                          "Izraa",
                                          "As-Sanamayn",
                                          "Daraa",
                                          "Qamishli",
                                          "Kirkuk",
                                          "Daquq",
                                          "al-Miqdadiyah",
                                          "Al Jubah",
                                          "Marib",
                                          "Mogadishu",
                                          "Hodan",
                                          "Deyniile",
                                          "Dasht-e-Archi",
                                          "Kunduz",
                                          "Damboa",
                                          "Gajiram",
                                          "Tafas",
                                          "Jassem",
                                          "Maaret al-Numaan",
                                          "Kfar Nabl",
                                          "Deir ez-Zor",
                                          "Raqqa",
                                          "Afrin",
                                          "Aleppo",
                                          "Homs",
                                          "Hama",
                                          "Idlib",
                                          "مليحة العطش"};

const std::vector<std::string> kNonPlaces = {
    "The",      "Islamic State", "Assad",   "Forces",  "Sunday", "July",       "Agency",
    "Telegram", "Amaaq",         "SANA",    "Army",    "Legion", "Russian",    "Police",
    "Patrol",   "Security",      "Colonel", "Enab",    "Baladi", "Propaganda", "Support",
    "Click",    "Reuters",       "Syrian",  "Division"};

sitrep::geo::GeoContext SyriaContext() {
  sitrep::geo::GeoContext c;
  c.country_codes = {"SY"};
  c.admin1_names = {"Daraa"};
  return c;
}

void BM_GeoOpen(benchmark::State& state) {
  const std::string dir = DataDir();
  for (auto _ : state) {
    auto g = sitrep::geo::Gazetteer::Open(dir);
    if (!g.ok()) {
      state.SkipWithError(g.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(g->get());
  }
}
BENCHMARK(BM_GeoOpen)->Unit(benchmark::kMicrosecond);

void LookupAll(benchmark::State& state, const std::vector<std::string>& names) {
  auto g = sitrep::geo::Gazetteer::Open(DataDir());
  if (!g.ok()) {
    state.SkipWithError(g.status().message().c_str());
    return;
  }
  const auto ctx = SyriaContext();
  size_t found = 0;
  for (auto _ : state) {
    for (const auto& n : names) {
      auto c = (*g)->Lookup(n, ctx);
      found += c.size();
      benchmark::DoNotOptimize(c);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names.size()));
  state.counters["candidates_per_name"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * names.size());
}

void BM_GeoLookupPlaces(benchmark::State& state) { LookupAll(state, kPlaces); }
BENCHMARK(BM_GeoLookupPlaces);

// As the mention finder calls it: the winner only, with other places of the article as
// context.
void BM_GeoLookupBestNearby(benchmark::State& state) {
  auto g = sitrep::geo::Gazetteer::Open(DataDir());
  if (!g.ok()) {
    state.SkipWithError(g.status().message().c_str());
    return;
  }
  auto ctx = SyriaContext();
  ctx.nearby = {{32.62, 36.10}, {32.87, 36.25}, {32.52, 36.48}, {36.05, 41.23}};
  for (auto _ : state) {
    for (const auto& n : kPlaces) benchmark::DoNotOptimize((*g)->LookupBest(n, ctx));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPlaces.size()));
}
BENCHMARK(BM_GeoLookupBestNearby);

void BM_GeoLookupNonPlaces(benchmark::State& state) { LookupAll(state, kNonPlaces); }
BENCHMARK(BM_GeoLookupNonPlaces);

// As the places stage ranks a name: no explanation text, the winner or, for a village, its
// namesakes too (LookupOptions), with other places of the article as context. Names of
// the village layer, in press spellings, and towns.
const std::vector<std::string> kVillages = {"Melihit al-Atash",
                                            "Mleiha al-Atash",
                                            "Namer",
                                            "Kherbet Ghazalaeh",
                                            "Muthabin",
                                            "Kanaker",
                                            "Jabab",
                                            "Tall Qasim",
                                            "Deir Sunbul",
                                            "Kafr Nassij",
                                            "Ain al-Fijeh",
                                            "Koutougou",
                                            "Tafas",
                                            "Izraa",
                                            "Daraa"};
void BM_GeoRankVillages(benchmark::State& state) {
  auto g = sitrep::geo::Gazetteer::Open(DataDir());
  if (!g.ok()) {
    state.SkipWithError(g.status().message().c_str());
    return;
  }
  auto ctx = SyriaContext();
  ctx.nearby = {{32.62, 36.10}, {32.87, 36.25}};
  const sitrep::geo::LookupOptions rank{
      .max_candidates = 1, .village_candidates = 8, .explain = false};
  for (auto _ : state) {
    for (const auto& n : kVillages) benchmark::DoNotOptimize((*g)->Lookup(n, ctx, rank));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kVillages.size()));
}
BENCHMARK(BM_GeoRankVillages);

void BM_GeoMayContain(benchmark::State& state) {
  auto g = sitrep::geo::Gazetteer::Open(DataDir());
  if (!g.ok()) {
    state.SkipWithError(g.status().message().c_str());
    return;
  }
  std::vector<std::string> names = kPlaces;
  names.insert(names.end(), kNonPlaces.begin(), kNonPlaces.end());
  for (auto _ : state) {
    for (const auto& n : names) benchmark::DoNotOptimize((*g)->MayContain(n));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names.size()));
}
BENCHMARK(BM_GeoMayContain);

void BM_GeoFindAdmin1(benchmark::State& state) {
  auto g = sitrep::geo::Gazetteer::Open(DataDir());
  if (!g.ok()) {
    state.SkipWithError(g.status().message().c_str());
    return;
  }
  const std::vector<std::string> names = {"Daraa", "Idlib", "Rural Damascus", "Deir ez-Zor",
                                          "Hasakah"};
  for (auto _ : state) {
    for (const auto& n : names) benchmark::DoNotOptimize((*g)->FindAdmin1(n, "SY"));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names.size()));
}
BENCHMARK(BM_GeoFindAdmin1);

void BM_FoldPlaceName(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& n : kPlaces) benchmark::DoNotOptimize(sitrep::geo::FoldPlaceName(n));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPlaces.size()));
}
BENCHMARK(BM_FoldPlaceName);

// Builds from the shipped tables + Levant extract (the world build is timed by
// `sitrep gazetteer build`, see bench/README.md).
void BM_GeoBuildLevant(benchmark::State& state) {
  const std::string g = std::string(SITREP_SOURCE_DIR) + "/data/gazetteer/";
  const std::vector<std::string> inputs = {g + "countries.tsv",
                                           g + "admin1_names.tsv",
                                           g + "acled_admin1.tsv",
                                           g + "stopnames.tsv",
                                           g + "geonames/admin1CodesASCII.txt",
                                           g + "geonames/admin2Codes.txt",
                                           g + "geonames/cities500_levant.txt",
                                           g + "opensyria/governorates.json",
                                           g + "opensyria/districts.json",
                                           g + "opensyria/subdistricts.json"};
  const std::string out = "/tmp/sitrep_geo_bench.idx";
  for (auto _ : state) {
    sitrep::geo::BuildReport report;
    auto st = sitrep::geo::BuildIndex(inputs, out, &report);
    if (!st.ok()) {
      state.SkipWithError(st.message().c_str());
      return;
    }
    state.counters["index_MiB"] = static_cast<double>(report.index_bytes) / (1 << 20);
  }
  std::remove(out.c_str());
}
BENCHMARK(BM_GeoBuildLevant)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
