// Fuzz target: one JSONL line and a JSONL stream (ingest::ParseJsonlLine, ReadJsonlStream).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "sitrep/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto one = sitrep::ParseJsonlLine(input, "fuzz:1");
  if (one.ok() && one->text.empty()) __builtin_trap();  // "text" is required and non-empty
  std::istringstream in{std::string(input)};
  sitrep::ReadOptions options;
  options.max_bytes = 4096;  // exercise the over-long record path too
  size_t articles = 0, errors = 0;
  sitrep::ArticleSink sink{[&](sitrep::Article&&) { ++articles; },
                            [&](const sitrep::Status& s) {
                              if (s.message().empty()) __builtin_trap();
                              ++errors;
                            }};
  if (!sitrep::ReadJsonlStream(in, "fuzz", options, sink).ok()) __builtin_trap();
  return 0;
}
