// Fuzz target: the gazetteer import. Byte 0 picks what the rest is taken for (a GeoNames
// dump, admin1/admin2 codes, alternate names, OpenSyria JSON, or one of sitrep's tables);
// it is built into an index with the shipped countries (BuildGazetteer), which is opened
// and searched. A bad file is skipped line by line or refused with a message; an index
// that builds must open and answer.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "sitrep/gazetteer.h"

namespace {

namespace fs = std::filesystem;

const sitrep::fuzz::ScratchDataDir& Scratch() {
  static const sitrep::fuzz::ScratchDataDir* scratch = new sitrep::fuzz::ScratchDataDir();
  return *scratch;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sitrep::fuzz::Check;
  static const char* const kNames[] = {
      "allCountries.txt",  "admin1CodesASCII.txt", "admin2Codes.txt",   "alternateNames.txt",
      "governorates.json", "districts.json",       "subdistricts.json", "countries.tsv",
      "admin1_names.tsv",  "acled_admin1.tsv",     "stopnames.tsv",     "cities500.txt"};
  const auto& scratch = Scratch();
  if (size == 0) return 0;
  const std::string name = kNames[data[0] % std::size(kNames)];
  const fs::path dir = fs::path(scratch.root()) / "import";
  std::error_code ec;
  fs::create_directories(dir / "data" / "gazetteer", ec);
  const fs::path input = dir / name;
  std::ofstream(input, std::ios::binary)
      .write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  std::vector<std::string> inputs;
  if (name != "countries.tsv")
    inputs.push_back(sitrep::fuzz::DataDir() + "/gazetteer/countries.tsv");
  inputs.push_back(input.string());
  const std::string data_dir = (dir / "data").string();
  const std::string index = sitrep::GazetteerIndexPath(data_dir);
  sitrep::GazetteerBuildReport report;
  sitrep::Status st = sitrep::BuildGazetteer(data_dir, inputs, index, &report);
  if (!st.ok()) {
    Check(!st.message().empty(), "a build error without a message");
    return 0;
  }
  for (const std::string& w : report.warnings) Check(!w.empty(), "an empty warning");
  auto geo = sitrep::Geocoder::Open(data_dir);
  Check(geo.ok(), "a fresh index does not open: " + geo.status().message());
  // Search for the names the input holds (its first columns) and a few fixed ones.
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string_view> names = {"Aleppo", "Damascus", "Mosul"};
  for (size_t at = 0; at < text.size() && names.size() < 12;) {
    size_t end = text.find_first_of("\t\n,\"", at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at && end - at < 64) names.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  for (std::string_view n : names)
    for (const auto& c : (*geo)->Lookup(n, {}))
      Check(std::isfinite(c.score) && std::abs(c.place.latitude) <= 90 &&
                std::abs(c.place.longitude) <= 180,
            "a candidate out of range");
  fs::remove(index, ec);
  return 0;
}
