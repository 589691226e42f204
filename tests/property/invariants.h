// What every event sitrep writes must satisfy, whatever the input: the output contract of
// SCHEMA.md and ACLED's codebook as checks. Used by the property test (dev set, ACLED rows,
// mutated articles) and by the whole-pipeline fuzz target.
#pragma once

#include <string>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/event.h"

namespace sitrep::testing {

// Every broken invariant of `events` (extracted from `article`), one line each:
// "<article origin or id>: event 2 (3f9a...): fatalities 7 outside [8, 9]". Empty when all
// hold.
std::vector<std::string> CheckEvents(const Article& article, const std::vector<Event>& events);

}  // namespace sitrep::testing
