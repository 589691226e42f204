#include "places/cut_names.h"

#include <string_view>

#include "util/text.h"

namespace sitrep::places {

void CompleteCutName(const mentions::Document& doc, std::vector<mentions::PlaceMention>* chunks) {
  if (chunks->empty() || doc.tokens.empty()) return;
  mentions::PlaceMention& last = chunks->back();
  if (last.place || last.e != doc.tokens.size()) return;
  // The text must end right after the name: a closing stop, bracket or quote means the name
  // is whole.
  const uint32_t end = doc.tokens.back().span.end;
  if (end > doc.text.size() || !TrimWhitespace(doc.text.substr(end)).empty()) return;
  // At least two letters of the cut word: one letter begins too many names.
  const std::string_view cut = last.written;
  const size_t space = cut.rfind(' ');
  const std::string_view word = space == std::string_view::npos ? cut : cut.substr(space + 1);
  size_t letters = 0;
  for (char c : word) letters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (letters < 2) return;
  const std::string cut_lower = AsciiLowerCopy(cut);
  for (size_t i = chunks->size() - 1; i-- > 0;) {
    const mentions::PlaceMention& full = (*chunks)[i];
    if (!full.place || full.written.size() <= cut.size()) continue;
    if (AsciiLowerCopy(full.written).starts_with(cut_lower)) {
      last.place = full.place;
      last.note = "the text ends inside this name: '" + full.written + "' named before";
      return;
    }
  }
}

}  // namespace sitrep::places
