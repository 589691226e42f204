// Shared pieces of the sitrep subcommands: exit codes, output files, flag checks, messages.
#pragma once

#include <iosfwd>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/writer.h"

namespace sitrep::cli {

// docs/cli.md lists these; scripts rely on them.
enum ExitCode : int {
  kExitOk = 0,        // everything read (zero events is fine)
  kExitSkipped = 1,   // some inputs or records were skipped; the rest was written
  kExitUsage = 2,     // bad flags, bad values, no usable input, data files unusable
  kExitIo = 3,        // cannot read an input, write the output or use the store
  kExitInternal = 4,  // a bug: an unexpected exception
};

// A stream buffer over a file descriptor that remembers why a write failed (errno), which
// std::ofstream forgets.
class FdStreamBuf : public std::streambuf {
 public:
  FdStreamBuf(int fd, size_t buffer_bytes);
  int error() const { return error_; }  // errno of the first failed write, 0 when none

 protected:
  int_type overflow(int_type ch) override;
  int sync() override;

 private:
  bool Drain();
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

// Where events go: stdout, or a file opened for writing.
class Output {
 public:
  // Empty path or "-" means stdout. Returns nullptr and sets *error when the file cannot
  // be created.
  static std::unique_ptr<Output> Open(const std::string& path, std::string* error);
  ~Output();
  std::ostream& stream() { return *stream_; }
  const std::string& name() const { return name_; }
  int fd() const { return fd_; }
  // Flushes (and closes a file); false when anything failed to be written.
  bool Finish();
  // "out.jsonl: cannot write: No space left on device" once something failed.
  std::string WriteError() const;

 private:
  Output() = default;
  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  int close_error_ = 0;
  std::unique_ptr<FdStreamBuf> buffer_;
  std::unique_ptr<std::ostream> stream_;
};

// "" when writing events to `output` can destroy none of `inputs` nor the store `db`,
// else why not (the file would be emptied before it is read, or read as an article).
std::string CheckOutputTarget(const std::string& output, const std::vector<std::string>& inputs,
                              const std::string& db);

// The width of the table format: $COLUMNS, else the terminal's width when `fd` is one,
// else 0 (the writer's default).
size_t TableWidth(int fd);

// Writes "sitrep: <message>" on stderr, escaped for the terminal.
void Report(const std::string& message);

}  // namespace sitrep::cli
