// Fuzz target: date mentions (FindDates) and the inferred publication date (InferPublished),
// over the shared tokens as the pipeline calls them and over a plain string.
// Byte 0 picks a publication date (or none), the calendar's ends included; the rest is text.
// Every span lies in the text, in order, every resolved date is a real day, and the token
// view and the string give the same mentions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dates/dates.h"
#include "fuzz_support.h"
#include "text/tokens.h"

namespace {

const sitrep::dates::DateWords& Words() {
  static const sitrep::dates::DateWords* words = [] {
    auto w = sitrep::dates::DateWords::Load(sitrep::fuzz::DataDir() + "/dates.tsv");
    if (!w.ok()) sitrep::fuzz::Fail(w.status().message());
    return new sitrep::dates::DateWords(std::move(w).value());
  }();
  return *words;
}

bool RealDay(const sitrep::dates::CivilDate& d) {
  return d.year >= 1 && d.year <= 9999 &&
         sitrep::dates::ParseIsoDate(sitrep::dates::ToIso(d)).has_value();
}

void CheckMentions(const std::vector<sitrep::dates::DateMention>& mentions, std::string_view text) {
  using sitrep::fuzz::Check;
  uint32_t last_end = 0;
  for (const auto& m : mentions) {
    Check(m.span.begin < m.span.end && m.span.end <= text.size(), "a date span outside the text");
    Check(m.span.begin >= last_end, "date spans overlap or go back");
    last_end = m.span.end;
    if (m.date) Check(RealDay(*m.date), "a date that is no day: " + sitrep::dates::ToIso(*m.date));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sitrep::fuzz::Check;
  const auto& words = Words();
  if (size == 0) return 0;
  std::optional<sitrep::dates::CivilDate> pub;
  switch (data[0] % 4) {
    case 1:
      pub = sitrep::dates::AddDays({2019, 7, 28}, static_cast<int>(data[0]) * 37 - 4000);
      break;
    case 2:
      pub = sitrep::dates::CivilDate{1, 1, 1 + data[0] % 28};
      break;
    case 3:
      pub = sitrep::dates::CivilDate{9999, 12, 1 + data[0] % 31};
      break;
    default:
      break;
  }
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  // The pipeline's calls: the text tokenised once, read whole and in parts.
  sitrep::text::TokenizedText tokens(text);
  const sitrep::text::TokenView view = tokens.view();
  const sitrep::text::TokenView tail = view.Slice(view.size() / 3, view.size());
  const auto whole = sitrep::dates::FindDates(view, pub, words);
  CheckMentions(whole, text);
  CheckMentions(sitrep::dates::FindDates(tail, pub, words), text);
  // The same text given as a string: the same mentions.
  Check(sitrep::dates::FindDates(text, pub, words).size() == whole.size(),
        "the string and its tokens give different dates");

  std::string_view hint = text.substr(0, text.size() / 2);
  for (auto inferred : {sitrep::dates::InferPublished(view, {hint}, words),
                        sitrep::dates::InferPublished(text, {hint}, words)}) {
    if (inferred) Check(RealDay(*inferred), "an inferred publication date that is no day");
  }
  return 0;
}
