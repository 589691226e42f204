// Shared by the fuzz targets: where the shipped data is, a scratch copy of it whose files a
// target may replace, and a loud failure that leaves the input behind for a regression test.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::fuzz {

// $SITREP_DATA_DIR, else the repository's data/ (SITREP_SOURCE_DIR is set by the build).
inline std::string DataDir() {
  if (const char* env = std::getenv("SITREP_DATA_DIR"); env && *env) return env;
#ifdef SITREP_SOURCE_DIR
  return std::string(SITREP_SOURCE_DIR) + "/data";
#else
  return "data";
#endif
}

// Prints what is wrong and aborts: libFuzzer saves the input as a crash artifact.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void Check(bool ok, const std::string& what) {
  if (!ok) Fail(what);
}

// A directory that mirrors the data directory with symbolic links, so that a target can
// put fuzzed bytes in place of one file and load the whole set.
class ScratchDataDir {
 public:
  ScratchDataDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    const char* tmp = std::getenv("TMPDIR");
    root_ = fs::path(tmp && *tmp ? tmp : "/tmp") / ("sitrep-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(root_, ec);
    fs::create_directories(root_ / "data" / "gazetteer", ec);
    const fs::path real = fs::absolute(DataDir());
    for (const auto& e : fs::directory_iterator(real, ec)) {
      if (e.path().filename() == "gazetteer") continue;
      fs::create_symlink(e.path(), root_ / "data" / e.path().filename(), ec);
      if (e.is_regular_file()) files_.push_back(e.path().filename().string());
    }
    for (const auto& e : fs::directory_iterator(real / "gazetteer", ec))
      fs::create_symlink(e.path(), root_ / "data" / "gazetteer" / e.path().filename(), ec);
    std::sort(files_.begin(), files_.end());
  }
  ~ScratchDataDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  std::string data_dir() const { return (root_ / "data").string(); }
  std::string root() const { return root_.string(); }
  // The data files (not the gazetteer), sorted by name.
  const std::vector<std::string>& files() const { return files_; }

  // Puts `bytes` in place of data/<name> until Restore(name).
  void Replace(const std::string& name, std::string_view bytes) const {
    const std::filesystem::path p = root_ / "data" / name;
    std::error_code ec;
    std::filesystem::remove(p, ec);
    std::ofstream(p, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  void Restore(const std::string& name) const {
    const std::filesystem::path p = root_ / "data" / name;
    std::error_code ec;
    std::filesystem::remove(p, ec);
    std::filesystem::create_symlink(std::filesystem::absolute(DataDir()) / name, p, ec);
  }

 private:
  std::filesystem::path root_;
  std::vector<std::string> files_;
};

}  // namespace sitrep::fuzz
