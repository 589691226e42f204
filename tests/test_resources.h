// The shipped data (SITREP_DATA_DIR, else the repository's data/), loaded once for a test
// binary. A load failure fails the test run at once, with the message saying which file.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "sitrep/pipeline.h"

namespace sitrep::testing_support {

inline const Resources& TestResources() {
  static std::shared_ptr<const Resources> res = [] {
    const char* dir = std::getenv("SITREP_DATA_DIR");
    auto r = Resources::Load(dir ? dir : SITREP_SOURCE_DIR "/data");
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      std::abort();
    }
    return *r;
  }();
  return *res;
}

}  // namespace sitrep::testing_support
