// Stage 6, events: groups the mentions of a document into distinct incidents. Each trigger
// group (the triggers of one clause) becomes an incident mention with its own actors, date,
// place and casualty figures; mentions of the same incident (same place and day, or an
// anaphor like "the attack", "back then") merge; each source's figures stay side by side as
// claims. The passes and the draft they share are described in events/draft.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dates/dates.h"
#include "events/notes.h"
#include "geo/geo.h"
#include "mentions/mentions.h"
#include "sitrep/article.h"
#include "sitrep/event.h"

namespace sitrep::events {

struct EventContext {
  const mentions::Knowledge* knowledge = nullptr;
  const NotesStyle* notes = nullptr;
  const geo::Gazetteer* gazetteer = nullptr;  // may be null
  std::string article_id;
  std::string publisher;
  std::optional<dates::CivilDate> published;
  // The publication date was inferred from the text (its latest dateline or caption date): the
  // report itself may be some days later than that.
  bool published_inferred = false;
  bool keep_undated = false;
  std::string* trace = nullptr;  // when set, receives how mentions were grouped (for --explain)
};

// Events with evidence offsets in BYTES of the cleaned document text (the pipeline maps
// them to code points of the original). Sorted in order of first mention.
std::vector<Event> BuildEvents(const mentions::Document& doc, const EventContext& ctx);

}  // namespace sitrep::events
