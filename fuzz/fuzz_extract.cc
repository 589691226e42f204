// Fuzz target: the whole Extract (clean, segment, text, mentions, places, events) on any
// bytes, and every output invariant (tests/property/invariants.h) on what comes out.
// Byte 0 picks the publication date (none, or one of a few, the calendar's ends included)
// and whether undated events are kept; the rest is the article text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_support.h"
#include "property/invariants.h"
#include "sitrep/pipeline.h"

namespace {

const sitrep::Resources& Res() {
  static const std::shared_ptr<const sitrep::Resources> res = [] {
    auto r = sitrep::Resources::Load(sitrep::fuzz::DataDir());
    if (!r.ok()) sitrep::fuzz::Fail("cannot load data: " + r.status().message());
    return *r;
  }();
  return *res;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const sitrep::Resources& res = Res();
  if (size == 0) return 0;
  static const char* const kPublished[] = {"",           "2019-07-28", "0001-01-01", "9999-12-31",
                                           "2020-02-29", "1970-01-01", "",           "2023-04-02"};
  sitrep::Article article;
  article.id = "fuzz";
  article.publisher = "Fuzz Wire";
  article.published = kPublished[data[0] & 7];
  article.text.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  sitrep::ExtractOptions options;
  options.keep_undated = (data[0] & 8) != 0;
  auto events = sitrep::Extract(article, res, options);
  if (!events.ok()) {
    sitrep::fuzz::Check(!events.status().message().empty(), "an error without a message");
    return 0;
  }
  std::vector<std::string> problems = sitrep::testing::CheckEvents(article, *events);
  if (!problems.empty()) sitrep::fuzz::Fail(problems.front());
  return 0;
}
