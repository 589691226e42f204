// Fuzz target: every data-file and dictionary loader. Byte 0 picks one file of the data
// directory (actors.tsv, triggers.tsv, word_classes.tsv, ...); the rest replaces it in a
// scratch copy, and the whole set is loaded (Resources::Load). A bad file must fail with
// a message; one that loads must extract a sentence.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "sitrep/pipeline.h"

namespace {

const sitrep::fuzz::ScratchDataDir& Scratch() {
  static const sitrep::fuzz::ScratchDataDir* scratch = new sitrep::fuzz::ScratchDataDir();
  return *scratch;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sitrep::fuzz::Check;
  const auto& scratch = Scratch();
  if (size == 0 || scratch.files().empty()) return 0;
  const std::string& file = scratch.files()[data[0] % scratch.files().size()];
  scratch.Replace(file, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  auto res = sitrep::Resources::Load(scratch.data_dir());
  scratch.Restore(file);
  if (!res.ok()) {
    Check(!res.status().message().empty(), "a load error without a message");
    return 0;
  }
  sitrep::Article article;
  article.id = "fuzz";
  article.published = "2019-07-28";
  article.text =
      "Gunmen killed three soldiers and wounded 12 civilians at a checkpoint near Mosul on "
      "Sunday, police said. Hundreds of people protested in Aleppo against the attack.";
  // Any dictionary that loads is usable: no crash, no error on a good text. (The output
  // invariants are for the shipped data; a fuzzed actor name may say anything.)
  auto events = sitrep::Extract(article, **res);
  Check(events.ok(), "a loaded data set cannot extract: " + events.status().message());
  return 0;
}
