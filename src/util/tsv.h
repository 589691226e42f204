// The one reader of sitrep's TAB-separated data files.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep {

// Reads a TAB-separated data file: skips blank and '#' lines; calls `row` with the
// fields and the 1-based line number. A row callback error stops loading; the error
// names the file and line.
Status ForEachTsvRow(const std::string& path, size_t min_fields,
                     const std::function<Status(const std::vector<std::string_view>&, int)>& row);

}  // namespace sitrep
