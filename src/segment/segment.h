// Stage 3, sentences: splits cleaned text into sentence spans, robust to abbreviations
// ("U.S.", "Gen.", "No."), initials, decimals, quotes and line-broken captions.
#pragma once

#include <string_view>
#include <vector>

#include "util/text.h"

namespace sitrep::segment {

// Sentence byte spans into `text`, in order, trimmed of surrounding whitespace;
// a paragraph break ("\n") always ends a sentence.
std::vector<Span> SplitSentences(std::string_view text);
// Same, into `spans` (cleared first; its capacity is reused).
void SplitSentences(std::string_view text, std::vector<Span>* spans);

}  // namespace sitrep::segment
