// What Resources and ExtractWorkspace hold. Internal: front-ends see only sitrep::Resources
// and sitrep::ExtractWorkspace.
#pragma once

#include <memory>
#include <string>

#include "clean/clean.h"
#include "dates/dates.h"
#include "events/notes.h"
#include "geo/geo.h"
#include "mentions/knowledge.h"
#include "mentions/mentions.h"
#include "numbers/numbers.h"

namespace sitrep::detail {

struct ResourcesImpl {
  std::string data_dir;
  clean::Boilerplate boilerplate;
  mentions::Knowledge knowledge;
  events::NotesStyle notes;
  dates::DateWords date_words;
  numbers::NumberWords number_words;
  std::shared_ptr<const geo::Gazetteer> gazetteer;
};

// What an ExtractWorkspace holds: the per-article stages' outputs, whose buffers keep their
// capacity from one article to the next.
struct WorkspaceImpl {
  clean::CleanDoc cleaned;
  mentions::Document doc;
};

}  // namespace sitrep::detail
