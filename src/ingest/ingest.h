// Stage 1, ingest: implements the readers of include/sitrep/reader.h. The pieces below are
// shared by the stage's files (and its fuzz targets): bounded line reading, JSON records,
// publication dates, metadata clean-up.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/reader.h"

namespace sitrep::ingest {

// Bytes from somewhere: a file descriptor, a std::istream or memory. Never throws.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `n` bytes into `buf`: the count, 0 at the end, -1 on error (see error()).
  virtual std::ptrdiff_t Read(char* buf, size_t n) = 0;
  // Why the last Read failed ("Bad file descriptor").
  virtual std::string error() const = 0;
};

class FdSource : public ByteSource {
 public:
  explicit FdSource(int fd) : fd_(fd) {}
  std::ptrdiff_t Read(char* buf, size_t n) override;
  std::string error() const override;

 private:
  int fd_;
  int errno_ = 0;
};

// Library streams throw from their buffers on read errors (basic_filebuf::underflow);
// this catches that and reports it as an error.
class StreamSource : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  std::ptrdiff_t Read(char* buf, size_t n) override;
  std::string error() const override { return error_; }

 private:
  std::istream& in_;
  std::string error_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  std::ptrdiff_t Read(char* buf, size_t n) override;
  std::string error() const override { return ""; }

 private:
  std::string_view data_;
};

// Splits a source into '\n'-terminated lines without ever holding more than `max` bytes
// of one: a longer line is reported as soon as it passes the limit.
class LineReader {
 public:
  enum class Got { kLine, kTooLong, kEnd, kError };
  explicit LineReader(ByteSource& source) : source_(source), buffer_(1 << 16) {}

  // The next line without its '\n'. kTooLong: the line passed `max` bytes; *line holds its
  // first `max` bytes and SkipRest() moves past the remainder. kEnd: nothing left.
  Got Next(size_t max, std::string* line);
  // Skips to just after the end of the current line; *nul is set when it held a NUL byte.
  Got SkipRest(bool* nul);
  const std::string& error() const { return error_; }

 private:
  bool Fill();  // false at the end of the source or on an error (error_ set)

  ByteSource& source_;
  std::vector<char> buffer_;
  size_t pos_ = 0, len_ = 0;
  std::string error_;
};

// Reads JSONL from `source`; `name` names it in messages ("<stdin>", "feed.jsonl").
// Non-ok only on a read error.
Status ReadJsonl(ByteSource& source, const std::string& name, const ReadOptions& options,
                 const ArticleSink& sink);

// A .json file: one article object, an array of them, or (when its first line is a whole
// object) JSONL after all.
void ReadJsonDocument(std::string_view document, const std::string& name,
                      const ReadOptions& options, const ArticleSink& sink);

// "2019-07-28", or an ISO 8601 datetime starting with a real day and a real time
// ("2019-07-28T10:00:00Z", "2019-07-28 10:00", "2019-07-28T10:00:00.5+03:00"). On
// success *date is the day; on failure *why says what is wrong.
bool ParsePublished(std::string_view s, std::string* date, std::string* why = nullptr);

// A one-line metadata field (title, publisher): control characters become spaces,
// runs of white space one space, no space at either end.
std::string CleanMetadataField(std::string_view s);

// The "id" a broken JSON record seems to carry, for messages ("" when none shows).
std::string GuessRecordId(std::string_view record);

// Applies the caller's defaults to fields the record left empty.
void ApplyDefaults(const ReadOptions& options, Article* article);

// Content checks shared by every file kind: empty, NUL bytes, invalid UTF-8.
Status CheckContent(std::string_view data, const std::string& origin, const char* what);

std::string_view StripBom(std::string_view s);

}  // namespace sitrep::ingest
