// libFuzzer entry for the dates and numbers stages, over the shared tokens.
// Link against: sitrep_dates sitrep_numbers (they bring sitrep_text and sitrep_util).
// Needs the vocabularies: SITREP_DATA_DIR (default: the repo's data/ via SITREP_SOURCE_DIR,
// else ./data). Input: byte 0 picks a publication date (or none); the rest is the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "dates/dates.h"
#include "numbers/numbers.h"
#include "text/tokens.h"

namespace {

std::string DataDir() {
  if (const char* env = std::getenv("SITREP_DATA_DIR")) return env;
#ifdef SITREP_SOURCE_DIR
  return std::string(SITREP_SOURCE_DIR) + "/data";
#else
  return "data";
#endif
}

struct Vocab {
  sitrep::dates::DateWords dates;
  sitrep::numbers::NumberWords numbers;
  bool ok = false;
};

const Vocab& Load() {
  static const Vocab* vocab = [] {
    auto* v = new Vocab;
    auto d = sitrep::dates::DateWords::Load(DataDir() + "/dates.tsv");
    auto n = sitrep::numbers::NumberWords::Load(DataDir() + "/numbers.tsv");
    if (d.ok() && n.ok()) {
      v->dates = std::move(d).value();
      v->numbers = std::move(n).value();
      v->ok = true;
    }
    return v;
  }();
  return *vocab;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Vocab& vocab = Load();
  if (!vocab.ok || size == 0) return 0;
  std::optional<sitrep::dates::CivilDate> pub;
  if (data[0] & 1)
    pub = sitrep::dates::AddDays({2019, 7, 28}, static_cast<int>(data[0]) * 37 - 4000);
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  // The pipeline's calls: the text tokenised once, read whole and in parts.
  sitrep::text::TokenizedText tokens(text);
  const sitrep::text::TokenView view = tokens.view();
  const sitrep::text::TokenView tail = view.Slice(view.size() / 3, view.size());
  for (const auto& v : {view, tail}) {
    for (const auto& m : sitrep::dates::FindDates(v, pub, vocab.dates)) {
      if (m.span.end > text.size() || m.span.begin >= m.span.end) __builtin_trap();
    }
    for (const auto& m : sitrep::numbers::FindNumbers(v, vocab.numbers)) {
      if (m.span.end > text.size() || m.span.begin >= m.span.end) __builtin_trap();
    }
  }
  // The same text given as a string: the same mentions.
  if (sitrep::dates::FindDates(text, pub, vocab.dates).size() !=
          sitrep::dates::FindDates(view, pub, vocab.dates).size() ||
      sitrep::numbers::FindNumbers(text, vocab.numbers).size() !=
          sitrep::numbers::FindNumbers(view, vocab.numbers).size())
    __builtin_trap();
  std::string_view hint = text.substr(0, text.size() / 2);
  (void)sitrep::dates::InferPublished(view, {hint}, vocab.dates);
  (void)sitrep::dates::InferPublished(text, {hint}, vocab.dates);
  (void)sitrep::numbers::ParseNumber(text.substr(0, 64), vocab.numbers);
  return 0;
}
