// Pass 1, sources: the source each sentence speaks for. A sentence that cites an agency
// ("SANA reported") is that agency's; one that goes on with it ("The agency added", "It
// said") keeps the last one cited; any other is the publisher's (-1).
#include "events/draft.h"

namespace sitrep::events {

void AssignSources(Draft* d) {
  const mentions::Document& doc = d->doc;
  size_t ns = doc.sentence_begin.size() - 1;
  d->sentence_source.assign(ns, -1);
  int last = -1;
  size_t ai = 0;
  for (size_t s = 0; s < ns; ++s) {
    uint32_t b = doc.sentence_begin[s], e = doc.sentence_begin[s + 1];
    int found = -1;
    while (ai < doc.agencies.size() && doc.agencies[ai].b < e) {
      if (doc.agencies[ai].b >= b && found < 0) found = static_cast<int>(doc.agencies[ai].agency);
      ++ai;
    }
    if (found >= 0) {
      d->sentence_source[s] = last = found;
      continue;
    }
    if (last >= 0 && e > b) {
      uint32_t end = doc.PhraseEnd(Word::kSourceContinues, b);
      if (end != 0 && end <= e) d->sentence_source[s] = last;
    }
  }
}

}  // namespace sitrep::events
