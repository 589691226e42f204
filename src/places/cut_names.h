// Stage 5, places: a name cut off by the end of the text. Reports stored by archives and
// feeds often stop mid-word ("... raided the town of Kafr Na"); when the cut name begins a
// place the article has named in full, it is that place.
#pragma once

#include <vector>

#include "mentions/mentions.h"

namespace sitrep::places {

// Completes the last of `chunks` (resolved already) when the text ends inside it, with no
// closing punctuation, and an earlier chunk names a resolved place whose written name begins
// with it.
void CompleteCutName(const mentions::Document& doc, std::vector<mentions::PlaceMention>* chunks);

}  // namespace sitrep::places
