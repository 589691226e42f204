// Stage 5, places: the place names of a document, what the text says of each (province,
// near, hospital, dateline, the place that contains it) and where each is, geocoded with
// the article's own context. Runs after mentions (actors, agencies and dates must be found:
// their tokens are never place names) and before events.
#pragma once

#include "mentions/mentions.h"

namespace sitrep::places {

// Fills doc->places (sorted by token) and doc->country / doc->country_code.
void FindPlaces(const mentions::MentionResources& res, mentions::Document* doc);

}  // namespace sitrep::places
