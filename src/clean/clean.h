// Stage 2, clean: Unicode NFC, quotes and dashes normalised, boilerplate dropped
// (donation appeals, "Arabic version" links, share/subscribe lines, photo captions,
// repeated paragraphs), with a byte map back to the original text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clean/boilerplate.h"
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
  // (clean byte index, original end offset) for each clean byte of a replaced unit whose
  // original is not exactly one byte (curly quote, "..." from U+2026, an NFC run); sorted by
  // index. MapSpan uses it so that a span's end covers the whole original character.
  std::vector<std::pair<uint32_t, uint32_t>> wide_ends;

  // Maps a span of `text` to the span of the original text it came from.
  Span MapSpan(Span clean_span) const;
};

// Never fails: odd input gives a best-effort CleanDoc. `original` must be valid UTF-8
// (invalid bytes become U+FFFD). Uses Boilerplate::Defaults().
CleanDoc Clean(std::string_view original);

// Same, with explicit boilerplate rules. Thread-safe for concurrent calls.
CleanDoc Clean(std::string_view original, const Boilerplate& rules);
// Same, into `out`, whose buffers are reused (a worker cleans article after article).
void Clean(std::string_view original, const Boilerplate& rules, CleanDoc* out);

}  // namespace sitrep::clean
