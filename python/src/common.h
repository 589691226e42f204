// Pieces the binding's files share: Status -> Python exception, event JSON lines <-> Events.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep::python {

// The library reports errors as Status values; Python callers expect the built-in
// exception that fits: bad input is a ValueError, a missing file a FileNotFoundError.
[[noreturn]] void Raise(const Status& status);

// Parses event JSON lines (as `sitrep extract` writes them); a bad one raises ValueError
// naming its index.
std::vector<Event> EventsFromLines(const std::vector<std::string>& lines);

// Registers sitrep._sitrep.Store (store.cc) and the merge functions (merge.cc).
void BindStore(pybind11::module_& m);
void BindMerge(pybind11::module_& m);

}  // namespace sitrep::python
