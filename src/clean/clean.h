// Stage 2, clean: Unicode NFC, quotes and dashes normalised, boilerplate dropped
// (donation appeals, "Arabic version" links, share/subscribe lines, photo captions,
// repeated paragraphs), with a byte map back to the original text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/text.h"

namespace sitrep::clean {

struct CleanDoc {
  // Normalised body text. Dropped lines are removed; paragraph breaks stay "\n".
  std::string text;
  // to_original[i] = byte offset in the original of text[i]; size text.size() + 1.
  // A span [b, e) of `text` maps to [to_original[b], to_original[e]) of the original
  // (map e-1 and add that char's original length when e-1 was a replaced char: use MapSpan).
  std::vector<uint32_t> to_original;
  // Caption lines that were dropped (original byte spans); kept because their dates
  // ("– July 27, 2019 (Amaaq)") help infer the publication date.
  std::vector<Span> captions;
  // Every dropped range (original byte spans), for diagnostics.
  std::vector<Span> removed;

  // Maps a span of `text` to the span of the original text it came from.
  Span MapSpan(Span clean_span) const;
};

// Never fails: odd input gives a best-effort CleanDoc. `original` must be valid UTF-8.
CleanDoc Clean(std::string_view original);

}  // namespace sitrep::clean
