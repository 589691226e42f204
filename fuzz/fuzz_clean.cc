// Fuzz target: clean::Clean and segment::SplitSentences, checking the byte-map invariants.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "clean/clean.h"
#include "segment/segment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view original(reinterpret_cast<const char*>(data), size);
  sitrep::clean::CleanDoc d = sitrep::clean::Clean(original);
  if (d.to_original.size() != d.text.size() + 1) __builtin_trap();
  for (size_t i = 0; i + 1 < d.to_original.size(); ++i) {
    if (d.to_original[i] > d.to_original[i + 1] || d.to_original[i] >= size) __builtin_trap();
  }
  if (!sitrep::IsValidUtf8(d.text)) __builtin_trap();
  const bool valid = sitrep::IsValidUtf8(original);
  for (sitrep::Span s : sitrep::segment::SplitSentences(d.text)) {
    if (s.empty() || s.end > d.text.size()) __builtin_trap();
    sitrep::Span o = d.MapSpan(s);
    if (o.begin > o.end || o.end > size) __builtin_trap();
    // On valid UTF-8 a mapped span never cuts a character.
    if (valid && ((o.begin < size && (data[o.begin] & 0xC0) == 0x80) ||
                  (o.end < size && (data[o.end] & 0xC0) == 0x80)))
      __builtin_trap();
  }
  for (sitrep::Span s : d.removed)
    if (s.begin > s.end || s.end > size) __builtin_trap();
  return 0;
}
