// Per-stage micro-benchmarks over the shared dev set and fixtures (read in place, never
// copied): clean, sentence split, dates, numbers, mentions, events and the whole Extract().
// Every benchmark reports bytes/s of the text it reads and items/s (articles/s), so the
// stages can be compared with each other and with the 5 MB/s-per-core bar.
//
// Data directory: $SITREP_DATA_DIR, else SITREP_SOURCE_DIR/data (the gazetteer index must
// be built: `sitrep gazetteer build`). Articles: $SITREP_BENCH_ARTICLES (a JSONL file),
// else SITREP_SHARED_DIR/devset/articles.jsonl + fixtures/*.article.jsonl.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "dates/dates.h"
#include "events/events.h"
#include "mentions/mentions.h"
#include "numbers/numbers.h"
#include "pipeline/resources_impl.h"
#include "places/places.h"
#include "segment/segment.h"
#include "sitrep/pipeline.h"

namespace {

#ifndef SITREP_SOURCE_DIR
#define SITREP_SOURCE_DIR "."
#endif
#ifndef SITREP_SHARED_DIR
#define SITREP_SHARED_DIR "../shared"
#endif

namespace fs = std::filesystem;

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

void ReadJsonl(const std::string& path, std::vector<sitrep::Article>* out) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string())
      continue;
    sitrep::Article a;
    a.text = j["text"].get<std::string>();
    if (j.contains("id") && j["id"].is_string()) a.id = j["id"].get<std::string>();
    if (j.contains("published") && j["published"].is_string())
      a.published = j["published"].get<std::string>();
    if (j.contains("publisher") && j["publisher"].is_string())
      a.publisher = j["publisher"].get<std::string>();
    out->push_back(std::move(a));
  }
}

// Everything a stage needs, prepared once: raw and cleaned texts, sentences, resources.
struct Corpus {
  std::vector<sitrep::Article> articles;
  std::vector<std::string> cleaned;
  std::vector<std::vector<sitrep::Span>> sentences;
  std::vector<std::optional<sitrep::dates::CivilDate>> published;
  int64_t raw_bytes = 0;
  int64_t clean_bytes = 0;
  std::shared_ptr<const sitrep::Resources> resources;
  std::string error;
};

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    const std::string explicit_file = EnvOr("SITREP_BENCH_ARTICLES", "");
    if (!explicit_file.empty()) {
      ReadJsonl(explicit_file, &c->articles);
    } else {
      const fs::path shared = SITREP_SHARED_DIR;
      ReadJsonl((shared / "devset" / "articles.jsonl").string(), &c->articles);
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(shared / "fixtures", ec)) {
        if (e.path().string().ends_with(".article.jsonl"))
          ReadJsonl(e.path().string(), &c->articles);
      }
    }
    if (c->articles.empty()) {
      c->error = "no articles (set SITREP_BENCH_ARTICLES or check SITREP_SHARED_DIR)";
      return c;
    }
    auto res =
        sitrep::Resources::Load(EnvOr("SITREP_DATA_DIR", std::string(SITREP_SOURCE_DIR) + "/data"));
    if (!res.ok()) {
      c->error = res.status().message();
      return c;
    }
    c->resources = *res;
    const auto& impl = c->resources->impl();
    for (const auto& a : c->articles) {
      c->raw_bytes += static_cast<int64_t>(a.text.size());
      c->cleaned.push_back(sitrep::clean::Clean(a.text, impl.boilerplate).text);
      c->clean_bytes += static_cast<int64_t>(c->cleaned.back().size());
      c->sentences.push_back(sitrep::segment::SplitSentences(c->cleaned.back()));
      c->published.push_back(sitrep::dates::ParseIsoDate(a.published));
    }
    return c;
  }();
  return *corpus;
}

// Runs `body(i)` over every article per iteration; bytes counted are `bytes` per pass.
template <typename Body>
void RunOverCorpus(benchmark::State& state, int64_t bytes, Body body) {
  const Corpus& c = GetCorpus();
  for (auto _ : state) {
    for (size_t i = 0; i < c.articles.size(); ++i) body(c, i);
  }
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.articles.size()));
}

bool Ready(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  if (!c.error.empty()) {
    state.SkipWithError(c.error.c_str());
    return false;
  }
  return true;
}

void BM_Clean(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().raw_bytes, [](const Corpus& c, size_t i) {
    benchmark::DoNotOptimize(
        sitrep::clean::Clean(c.articles[i].text, c.resources->impl().boilerplate));
  });
}
BENCHMARK(BM_Clean);

void BM_SplitSentences(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().clean_bytes, [](const Corpus& c, size_t i) {
    benchmark::DoNotOptimize(sitrep::segment::SplitSentences(c.cleaned[i]));
  });
}
BENCHMARK(BM_SplitSentences);

void BM_FindDates(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().clean_bytes, [](const Corpus& c, size_t i) {
    benchmark::DoNotOptimize(
        sitrep::dates::FindDates(c.cleaned[i], c.published[i], c.resources->impl().date_words));
  });
}
BENCHMARK(BM_FindDates);

void BM_FindNumbers(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().clean_bytes, [](const Corpus& c, size_t i) {
    benchmark::DoNotOptimize(
        sitrep::numbers::FindNumbers(c.cleaned[i], c.resources->impl().number_words));
  });
}
BENCHMARK(BM_FindNumbers);

sitrep::mentions::MentionResources MentionRes(const Corpus& c) {
  const auto& impl = c.resources->impl();
  return {&impl.knowledge, &impl.date_words, &impl.number_words, impl.gazetteer.get()};
}

// Includes the dates and numbers scans FindMentions runs itself, and geocoding.
void BM_FindMentions(benchmark::State& state) {
  if (!Ready(state)) return;
  const auto mres = MentionRes(GetCorpus());
  RunOverCorpus(state, GetCorpus().clean_bytes, [&mres](const Corpus& c, size_t i) {
    sitrep::mentions::Document doc;
    doc.text = c.cleaned[i];
    doc.sentences = c.sentences[i];
    sitrep::mentions::FindMentions(mres, c.published[i], &doc);
    benchmark::DoNotOptimize(doc.tokens.data());
  });
}
BENCHMARK(BM_FindMentions);

// Place names and geocoding, over documents whose other mentions were found beforehand.
void BM_FindPlaces(benchmark::State& state) {
  if (!Ready(state)) return;
  const Corpus& corpus = GetCorpus();
  const auto mres = MentionRes(corpus);
  std::vector<sitrep::mentions::Document> docs(corpus.articles.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    docs[i].text = corpus.cleaned[i];
    docs[i].sentences = corpus.sentences[i];
    sitrep::mentions::FindMentions(mres, corpus.published[i], &docs[i]);
  }
  RunOverCorpus(state, corpus.clean_bytes, [&docs, &mres](const Corpus&, size_t i) {
    docs[i].places.clear();
    sitrep::places::FindPlaces(mres, &docs[i]);
    benchmark::DoNotOptimize(docs[i].places.data());
  });
}
BENCHMARK(BM_FindPlaces);

// Event assembly alone, over documents whose mentions were found beforehand.
void BM_BuildEvents(benchmark::State& state) {
  if (!Ready(state)) return;
  const Corpus& corpus = GetCorpus();
  const auto mres = MentionRes(corpus);
  std::vector<sitrep::mentions::Document> docs(corpus.articles.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    docs[i].text = corpus.cleaned[i];
    docs[i].sentences = corpus.sentences[i];
    sitrep::mentions::FindMentions(mres, corpus.published[i], &docs[i]);
    sitrep::places::FindPlaces(mres, &docs[i]);
  }
  RunOverCorpus(state, corpus.clean_bytes, [&docs](const Corpus& c, size_t i) {
    sitrep::events::EventContext ctx;
    ctx.knowledge = &c.resources->impl().knowledge;
    ctx.notes = &c.resources->impl().notes;
    ctx.gazetteer = c.resources->impl().gazetteer.get();
    ctx.article_id = c.articles[i].id;
    ctx.publisher = c.articles[i].publisher;
    ctx.published = c.published[i];
    benchmark::DoNotOptimize(sitrep::events::BuildEvents(docs[i], ctx));
  });
}
BENCHMARK(BM_BuildEvents);

// The whole pipeline as a library caller sees it (bytes = raw article text).
void BM_Extract(benchmark::State& state) {
  if (!Ready(state)) return;
  int64_t events = 0;
  RunOverCorpus(state, GetCorpus().raw_bytes, [&events](const Corpus& c, size_t i) {
    auto r = sitrep::Extract(c.articles[i], *c.resources);
    if (r.ok()) events += static_cast<int64_t>(r->size());
  });
  state.counters["events_per_article"] =
      benchmark::Counter(static_cast<double>(events) /
                         static_cast<double>(state.iterations() * GetCorpus().articles.size()));
}
BENCHMARK(BM_Extract);

// Start-up cost: every data file plus opening the gazetteer index.
void BM_ResourcesLoad(benchmark::State& state) {
  const std::string dir = EnvOr("SITREP_DATA_DIR", std::string(SITREP_SOURCE_DIR) + "/data");
  for (auto _ : state) {
    auto r = sitrep::Resources::Load(dir);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(r->get());
  }
}
BENCHMARK(BM_ResourcesLoad)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
