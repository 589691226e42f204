// What Resources holds. Internal: front-ends see only sitrep::Resources.
#pragma once

#include <memory>
#include <string>

#include "clean/clean.h"
#include "dates/dates.h"
#include "events/notes.h"
#include "geo/geo.h"
#include "mentions/knowledge.h"
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

}  // namespace sitrep::detail
