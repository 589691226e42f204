#include "sitrep/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "clean/clean.h"
#include "events/events.h"
#include "mentions/mentions.h"
#include "pipeline/resources_impl.h"
#include "places/places.h"
#include "segment/segment.h"
#include "util/text.h"

#ifndef SITREP_DEFAULT_DATA_DIR
#define SITREP_DEFAULT_DATA_DIR "data"
#endif

namespace sitrep {

Resources::Resources(std::unique_ptr<detail::ResourcesImpl> impl) : impl_(std::move(impl)) {}
Resources::~Resources() = default;
const std::string& Resources::data_dir() const { return impl_->data_dir; }

Result<std::shared_ptr<const Resources>> Resources::Load(const std::string& data_dir) {
  auto impl = std::make_unique<detail::ResourcesImpl>();
  impl->data_dir = data_dir;
  SITREP_ASSIGN_OR_RETURN(impl->boilerplate,
                          clean::Boilerplate::Load(data_dir + "/boilerplate.tsv"));
  SITREP_ASSIGN_OR_RETURN(impl->knowledge, mentions::Knowledge::Load(data_dir));
  SITREP_ASSIGN_OR_RETURN(impl->notes, events::NotesStyle::Load(data_dir + "/notes.tsv"));
  SITREP_ASSIGN_OR_RETURN(impl->date_words, dates::DateWords::Load(data_dir + "/dates.tsv"));
  SITREP_ASSIGN_OR_RETURN(impl->number_words,
                          numbers::NumberWords::Load(data_dir + "/numbers.tsv"));
  SITREP_ASSIGN_OR_RETURN(impl->gazetteer, geo::Gazetteer::Open(data_dir));
  return std::shared_ptr<const Resources>(new Resources(std::move(impl)));
}

std::string DefaultDataDir() {
  if (const char* env = std::getenv("SITREP_DATA_DIR"); env && *env) return env;
  return SITREP_DEFAULT_DATA_DIR;
}

const char* Version() { return "0.1.0"; }

std::string DefaultArticleId(const std::string& text) { return Hex64(Fnv1a64(text)); }

WriterOptions AcledWriterOptions(const std::string& data_dir) {
  WriterOptions options;
  auto gazetteer = geo::Gazetteer::Open(data_dir);
  if (!gazetteer.ok()) return options;
  std::shared_ptr<const geo::Gazetteer> gaz = *gazetteer;
  options.acled_admin1 = [gaz](std::string_view iso2, std::string_view admin1) {
    geo::Place place;
    place.country_code = std::string(iso2);
    place.admin1 = std::string(admin1);
    return geo::AcledAdmin1(*gaz, place);
  };
  return options;
}

ExtractWorkspace::ExtractWorkspace() : impl_(std::make_unique<detail::WorkspaceImpl>()) {}
ExtractWorkspace::~ExtractWorkspace() = default;
ExtractWorkspace::ExtractWorkspace(ExtractWorkspace&&) noexcept = default;
ExtractWorkspace& ExtractWorkspace::operator=(ExtractWorkspace&&) noexcept = default;

namespace {

// An article of more bytes than this does not leave its buffers to the next one: a worker
// that met one huge article should not hold its memory for the rest of the run.
constexpr size_t kKeepBytes = 1 << 20;

// Empties `buffer` into `fresh`, which keeps its capacity.
template <class T>
void KeepBuffer(T& buffer, T& fresh) {
  buffer.clear();
  std::swap(buffer, fresh);
}

// Makes `doc` a new Document for the next article: every field as a new Document has it, the
// per-token buffers and the mention lists empty but with the capacity they had.
void Recycle(mentions::Document* doc) {
  mentions::Document fresh;
  if (doc->lower.capacity() <= kKeepBytes) {
    KeepBuffer(doc->lower, fresh.lower);
    KeepBuffer(doc->match, fresh.match);
    KeepBuffer(doc->match_keys.word, fresh.match_keys.word);
    KeepBuffer(doc->match_keys.prefix, fresh.match_keys.prefix);
    KeepBuffer(doc->tokens, fresh.tokens);
    KeepBuffer(doc->token_keys.word, fresh.token_keys.word);
    KeepBuffer(doc->token_keys.prefix, fresh.token_keys.prefix);
    for (auto& matches : doc->phrases) matches.clear();
    std::swap(doc->phrases, fresh.phrases);
    KeepBuffer(doc->sentences, fresh.sentences);
    KeepBuffer(doc->sentence_begin, fresh.sentence_begin);
    KeepBuffer(doc->sentence_of, fresh.sentence_of);
    KeepBuffer(doc->actors, fresh.actors);
    KeepBuffer(doc->agencies, fresh.agencies);
    KeepBuffer(doc->triggers, fresh.triggers);
    KeepBuffer(doc->casualties, fresh.casualties);
    KeepBuffer(doc->numbers, fresh.numbers);
    KeepBuffer(doc->dates, fresh.dates);
    KeepBuffer(doc->places, fresh.places);
    KeepBuffer(doc->actor_at, fresh.actor_at);
    KeepBuffer(doc->agency_at, fresh.agency_at);
    KeepBuffer(doc->date_at, fresh.date_at);
    KeepBuffer(doc->number_at, fresh.number_at);
    KeepBuffer(doc->number_end_at, fresh.number_end_at);
    KeepBuffer(doc->word_ids, fresh.word_ids);
  }
  *doc = std::move(fresh);
}

// Maps evidence from byte spans of the cleaned text to code-point offsets of the original.
void MapEvidence(const clean::CleanDoc& cleaned, std::string_view original,
                 std::vector<Event>* events) {
  CodePointIndex cp(original);
  for (Event& ev : *events) {
    for (Evidence& e : ev.evidence) {
      Span clean_span{static_cast<uint32_t>(e.start), static_cast<uint32_t>(e.end)};
      Span orig = cleaned.MapSpan(clean_span);
      e.start = cp.ToCodePoint(orig.begin);
      e.end = cp.ToCodePoint(orig.end);
      e.text.assign(orig.of(original));  // (in the cleaned text's buffer when it fits)
    }
  }
}

}  // namespace

Result<std::vector<Event>> Extract(const Article& article, const Resources& resources,
                                   const ExtractOptions& options) {
  const detail::ResourcesImpl& res = resources.impl();
  const std::string origin = article.origin.empty() ? article.id : article.origin;
  if (TrimWhitespace(article.text).empty())
    return Status::InvalidInput(origin + ": article text is empty");
  if (article.text.size() > options.max_text_bytes)
    return Status::InvalidInput(
        origin + ": article text of " + std::to_string(article.text.size()) +
        " bytes is over the limit of " + std::to_string(options.max_text_bytes) +
        " bytes for one article (is this a whole corpus in one record?)");
  const auto start = std::chrono::steady_clock::now();
  // Between two stages: has the article used up its time?
  auto over_time = [&](const char* stage) -> std::optional<Status> {
    if (options.max_seconds <= 0) return std::nullopt;
    const double spent =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (spent <= options.max_seconds) return std::nullopt;
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "%.2f s, over the limit of %g s", spent,
                  options.max_seconds);
    return Status::InvalidInput(origin + ": extraction took " + seconds +
                                " for one article (stopped after " + stage + ")");
  };
  size_t bad = 0;
  if (!IsValidUtf8(article.text, &bad))
    return Status::InvalidInput(origin + ": text is not valid UTF-8 (first bad byte at offset " +
                                std::to_string(bad) + ")");
  std::optional<dates::CivilDate> published;
  if (!article.published.empty()) {
    published = dates::ParseIsoDate(article.published);
    if (!published)
      return Status::InvalidInput(origin + ": published date '" + article.published +
                                  "' is not YYYY-MM-DD");
  }

  // The workspace's buffers, or this call's own.
  std::optional<detail::WorkspaceImpl> own;
  detail::WorkspaceImpl& work = options.workspace ? options.workspace->impl() : own.emplace();
  if (work.cleaned.text.capacity() > kKeepBytes) work.cleaned = clean::CleanDoc();
  clean::CleanDoc& cleaned = work.cleaned;
  clean::Clean(article.text, res.boilerplate, &cleaned);
  mentions::Document& doc = work.doc;
  Recycle(&doc);
  doc.text = cleaned.text;
  segment::SplitSentences(doc.text, &doc.sentences);
  mentions::FillTokens(&doc);  // once, for the date inferred here and every mention
  bool inferred = false;
  if (!published) {
    std::vector<std::string_view> hints;
    for (const Span& c : cleaned.captions) hints.push_back(c.of(article.text));
    published = dates::InferPublished(doc.View(), hints, res.date_words);
    inferred = published.has_value();
  }
  mentions::MentionResources mres{&res.knowledge, &res.date_words, &res.number_words,
                                  res.gazetteer.get()};
  if (auto st = over_time("cleaning")) return *st;
  mentions::FindMentions(mres, published, &doc);
  if (auto st = over_time("mentions")) return *st;
  places::FindPlaces(mres, &doc);
  if (auto st = over_time("places")) return *st;

  events::EventContext ctx;
  ctx.knowledge = &res.knowledge;
  ctx.notes = &res.notes;
  ctx.gazetteer = res.gazetteer.get();
  ctx.article_id = article.id.empty() ? DefaultArticleId(article.text) : article.id;
  ctx.publisher = article.publisher;
  ctx.published = published;
  ctx.published_inferred = inferred;
  ctx.keep_undated = options.keep_undated;
  ctx.trace = options.explain;
  std::vector<Event> events = events::BuildEvents(doc, ctx);
  if (auto st = over_time("events")) return *st;
  MapEvidence(cleaned, article.text, &events);
  for (Event& ev : events) {
    ev.published = published ? dates::ToIso(*published) : "";
    ev.published_inferred = inferred;
  }
  return events;
}

}  // namespace sitrep
