// Stage 5, places: a place's name that an earlier reading took in part for something else.
// Dictionaries match words, not names: "Kfar Saba" holds a news agency (Saba), "Mar del
// Plata" a month (Mar), "General Santos" a rank. When the capitalised run around such a
// mention is, exactly, a town the gazetteer knows, the mention gives way to the place.
#pragma once

#include "mentions/mentions.h"
#include "places/geo_cache.h"

namespace sitrep::places {

// Drops the agency, date and actor mentions of `doc` that lie inside a longer capitalised
// name (with its particles: "del", "al") that is a town's exact name, and rebuilds the
// token-indexed lookups of what it dropped.
void YieldNamesToPlaces(GeoCache* cache, mentions::Document* doc);

}  // namespace sitrep::places
