// Stage 5, places, second half: geocodes the place mentions the first half found, with the
// article's own context. Countries and provinces first (nationality words, state forces and
// named countries vote; a province name several countries share waits for the towns), then
// every other name with them as context, and last the villages that the article's other
// places decide (docs/gazetteer.md, "Choosing a name's place in the text"). Sets
// doc->country and doc->country_code.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "mentions/mentions.h"
#include "places/geo_cache.h"

namespace sitrep::places {

// `nationality_counts`: nationality words seen, by country index of the knowledge.
void ResolvePlaces(const mentions::MentionResources& res,
                   const std::map<uint32_t, int>& nationality_counts, GeoCache* cache,
                   mentions::Document* doc, std::vector<mentions::PlaceMention>* chunks);

}  // namespace sitrep::places
