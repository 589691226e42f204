// The few out-of-line pieces of include/sitrep/status.h and event.h. Every stage links this.
#include <string>

#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      name = "invalid input";
      break;
    case StatusCode::kNotFound:
      name = "not found";
      break;
    case StatusCode::kIoError:
      name = "I/O error";
      break;
    case StatusCode::kUnsupported:
      name = "unsupported";
      break;
    case StatusCode::kInternal:
      name = "internal error";
      break;
  }
  return std::string(name) + ": " + message_;
}

int TimePrecisionCode(const std::string& p) {
  if (p == "day") return 1;
  if (p == "week") return 2;
  return 3;
}

}  // namespace sitrep
