// Fuzz target: number mentions (FindNumbers, over the shared tokens as the pipeline calls it
// and over a plain string) and single phrases (ParseNumber). Every span lies in the text, in
// order; figures are non-negative, ranges ordered, a number past any count has no value at
// all, and the token view and the string give the same mentions.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "numbers/numbers.h"
#include "text/tokens.h"

namespace {

const sitrep::numbers::NumberWords& Words() {
  static const sitrep::numbers::NumberWords* words = [] {
    auto w = sitrep::numbers::NumberWords::Load(sitrep::fuzz::DataDir() + "/numbers.tsv");
    if (!w.ok()) sitrep::fuzz::Fail(w.status().message());
    return new sitrep::numbers::NumberWords(std::move(w).value());
  }();
  return *words;
}

void CheckMentions(const std::vector<sitrep::numbers::NumberMention>& mentions,
                   std::string_view text) {
  using sitrep::fuzz::Check;
  uint32_t last_end = 0;
  for (const auto& m : mentions) {
    Check(m.span.begin < m.span.end && m.span.end <= text.size(), "a number span outside the text");
    Check(m.span.begin >= last_end, "number spans overlap or go back");
    last_end = m.span.end;
    for (const auto* v : {&m.value, &m.low, &m.high})
      if (*v) Check(**v >= 0 && **v <= 2000000001, "a figure out of range");
    if (m.low && m.high) Check(*m.low <= *m.high, "a range low above high");
    if (m.too_large) Check(!m.value && !m.low && !m.high, "a figure too large to be a count");
    if (m.vague) Check(!m.value, "a vague quantity with a value");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sitrep::fuzz::Check;
  const auto& words = Words();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The pipeline's calls: the text tokenised once, read whole and in parts.
  sitrep::text::TokenizedText tokens(text);
  const sitrep::text::TokenView view = tokens.view();
  const auto whole = sitrep::numbers::FindNumbers(view, words);
  CheckMentions(whole, text);
  CheckMentions(sitrep::numbers::FindNumbers(view.Slice(view.size() / 3, view.size()), words),
                text);
  Check(sitrep::numbers::FindNumbers(text, words).size() == whole.size(),
        "the string and its tokens give different numbers");
  auto one = sitrep::numbers::ParseNumber(text.substr(0, 64), words);
  if (one) Check(*one >= 0, "a negative number");
  return 0;
}
