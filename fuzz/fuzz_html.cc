// Fuzz target: ingest::ArticleFromHtml (gumbo + body text extraction).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sitrep/reader.h"
#include "util/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  auto a = sitrep::ArticleFromHtml(html, "fuzz.html");
  if (a.ok() && (a->text.empty() || !sitrep::IsValidUtf8(a->text))) __builtin_trap();
  return 0;
}
