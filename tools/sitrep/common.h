// Shared pieces of the sitrep subcommands: exit codes, output files, flag checks.
#pragma once

#include <fstream>
#include <iosfwd>
#include <memory>
#include <string>

#include "sitrep/writer.h"

namespace sitrep::cli {

// docs/cli.md lists these; scripts rely on them.
enum ExitCode : int {
  kExitOk = 0,        // everything read (zero events is fine)
  kExitSkipped = 1,   // some inputs or records were skipped; the rest was written
  kExitUsage = 2,     // bad flags, bad values, no usable input, data files unusable
  kExitIo = 3,        // cannot write output or use the store
  kExitInternal = 4,  // a bug: an unexpected exception
};

// Where events go: stdout, or a file opened for writing.
class Output {
 public:
  // Empty path or "-" means stdout. Returns nullptr and sets *error when the file cannot
  // be created.
  static std::unique_ptr<Output> Open(const std::string& path, std::string* error);
  std::ostream& stream() { return *stream_; }
  const std::string& name() const { return name_; }
  // Flushes; false when anything failed to be written.
  bool Finish();

 private:
  std::string name_;
  std::unique_ptr<std::ofstream> file_;
  std::ostream* stream_ = nullptr;
  std::unique_ptr<char[]> buffer_;
};

// "" when `date` is a real calendar day written YYYY-MM-DD, else why not.
std::string CheckIsoDate(const std::string& date);

// Writes "sitrep: <message>" on stderr.
void Report(const std::string& message);


}  // namespace sitrep::cli
