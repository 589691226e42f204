// Fuzz target: JSON records: one JSONL line (ParseJsonlLine), a JSONL stream
// (ReadJsonlStream, with a small per-record limit so that the over-long path runs too) and
// a .json document (one article or an array of them).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "ingest/ingest.h"
#include "sitrep/reader.h"
#include "util/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sitrep::fuzz::Check;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto one = sitrep::ParseJsonlLine(input, "fuzz:1");
  if (one.ok()) {
    Check(!one->text.empty(), "an article without text");
    Check(sitrep::IsValidUtf8(one->text), "an article with invalid UTF-8");
    for (char c : one->publisher)
      Check(static_cast<unsigned char>(c) >= 0x20, "control in publisher");
  } else {
    Check(one.status().message().starts_with("fuzz:1"), "an error without its origin");
  }
  sitrep::ReadOptions options;
  options.max_bytes = 4096;
  options.published = "2019-07-28";
  size_t articles = 0;
  sitrep::ArticleSink sink{
      [&](sitrep::Article&& a) {
        Check(!a.text.empty() && a.text.size() <= options.max_bytes, "an article over the limit");
        ++articles;
      },
      [&](const sitrep::Status& s) { Check(!s.message().empty(), "an error without a message"); }};
  std::istringstream in{std::string(input)};
  Check(sitrep::ReadJsonlStream(in, "fuzz", options, sink).ok(), "a memory stream failed");
  options.max_bytes = 1 << 20;
  sitrep::ingest::ReadJsonDocument(input, "fuzz.json", options, sink);
  return 0;
}
