// Per-stage micro-benchmarks over the shared dev set and fixtures (read in place, never
// copied): JSONL parsing, clean, sentence split, dates, numbers, mentions, events, the whole
// Extract(), and the writers (JSONL, CSV, GeoJSON) and reader (EventFromJson) of events.
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
#include <sstream>
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
#include "sitrep/reader.h"
#include "sitrep/writer.h"
#include "text/tokens.h"

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

void ReadJsonl(const std::string& path, std::vector<sitrep::Article>* out,
               std::vector<std::string>* lines) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    lines->push_back(line);
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
  std::vector<std::string> jsonl_lines;  // the input lines, for BM_ParseJsonlLine
  int64_t jsonl_bytes = 0;
  std::vector<sitrep::Event> events;     // every article's events, for the writers
  std::vector<std::string> event_lines;  // the same as JSONL, for BM_EventFromJson
  int64_t event_bytes = 0;
  std::vector<std::string> cleaned;
  std::vector<std::vector<sitrep::Span>> sentences;
  std::vector<std::unique_ptr<sitrep::text::TokenizedText>> tokens;  // of the cleaned texts
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
      ReadJsonl(explicit_file, &c->articles, &c->jsonl_lines);
    } else {
      const fs::path shared = SITREP_SHARED_DIR;
      ReadJsonl((shared / "devset" / "articles.jsonl").string(), &c->articles, &c->jsonl_lines);
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(shared / "fixtures", ec)) {
        if (e.path().string().ends_with(".article.jsonl"))
          ReadJsonl(e.path().string(), &c->articles, &c->jsonl_lines);
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
      c->tokens.push_back(std::make_unique<sitrep::text::TokenizedText>(c->cleaned.back()));
      c->published.push_back(sitrep::dates::ParseIsoDate(a.published));
      auto events = sitrep::Extract(a, *c->resources);
      if (events.ok()) c->events.insert(c->events.end(), events->begin(), events->end());
    }
    for (const std::string& line : c->jsonl_lines)
      c->jsonl_bytes += static_cast<int64_t>(line.size());
    for (const sitrep::Event& e : c->events) {
      c->event_lines.push_back(sitrep::ToJsonLine(e));
      c->event_bytes += static_cast<int64_t>(c->event_lines.back().size());
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

// Each input line -> Article (bytes = JSONL line).
void BM_ParseJsonlLine(benchmark::State& state) {
  if (!Ready(state)) return;
  const Corpus& c = GetCorpus();
  const std::string origin = "bench.jsonl:1";
  for (auto _ : state) {
    for (const std::string& line : c.jsonl_lines)
      benchmark::DoNotOptimize(sitrep::ParseJsonlLine(line, origin));
  }
  state.SetBytesProcessed(state.iterations() * c.jsonl_bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.jsonl_lines.size()));
}
BENCHMARK(BM_ParseJsonlLine);

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

// The one tokeniser, with the lower-cased copy and the token hashes every later stage reads.
void BM_Tokenize(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().clean_bytes, [](const Corpus& c, size_t i) {
    sitrep::text::TokenizedText tokens(c.cleaned[i]);
    benchmark::DoNotOptimize(tokens.view().tokens.data());
  });
}
BENCHMARK(BM_Tokenize);

// Dates and numbers read the document's tokens (tokenised once, BM_Tokenize), as in the
// pipeline.
void BM_FindDates(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().clean_bytes, [](const Corpus& c, size_t i) {
    benchmark::DoNotOptimize(sitrep::dates::FindDates(c.tokens[i]->view(), c.published[i],
                                                      c.resources->impl().date_words));
  });
}
BENCHMARK(BM_FindDates);

void BM_FindNumbers(benchmark::State& state) {
  if (!Ready(state)) return;
  RunOverCorpus(state, GetCorpus().clean_bytes, [](const Corpus& c, size_t i) {
    benchmark::DoNotOptimize(
        sitrep::numbers::FindNumbers(c.tokens[i]->view(), c.resources->impl().number_words));
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

// Every article's events through one writer (bytes = output; items = events).
void RunWriter(benchmark::State& state, sitrep::OutputFormat format) {
  if (!Ready(state)) return;
  const Corpus& c = GetCorpus();
  std::ostringstream out;
  int64_t bytes = 0;
  for (auto _ : state) {
    out.str(std::string());
    auto writer = sitrep::MakeEventWriter(format, out);
    writer->Begin();
    for (const sitrep::Event& e : c.events) writer->Write(e);
    writer->End();
    bytes += static_cast<int64_t>(out.tellp());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.events.size()));
}
void BM_WriteJsonl(benchmark::State& state) { RunWriter(state, sitrep::OutputFormat::kJsonl); }
BENCHMARK(BM_WriteJsonl);
void BM_WriteCsv(benchmark::State& state) { RunWriter(state, sitrep::OutputFormat::kCsv); }
BENCHMARK(BM_WriteCsv);
void BM_WriteGeojson(benchmark::State& state) { RunWriter(state, sitrep::OutputFormat::kGeojson); }
BENCHMARK(BM_WriteGeojson);

// JSONL line -> Event, as the store reads events back (bytes = JSON).
void BM_EventFromJson(benchmark::State& state) {
  if (!Ready(state)) return;
  const Corpus& c = GetCorpus();
  for (auto _ : state) {
    for (const std::string& line : c.event_lines)
      benchmark::DoNotOptimize(sitrep::EventFromJson(line));
  }
  state.SetBytesProcessed(state.iterations() * c.event_bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.event_lines.size()));
}
BENCHMARK(BM_EventFromJson);

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
