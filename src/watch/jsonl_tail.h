// Reading a growing JSONL file on from where the last pass stopped (sitrep watch): the
// watcher remembers the end of the last whole line read, how many lines that was, and a
// fingerprint of the bytes before it, so a file rewritten or truncated in place is noticed
// and read again from its start.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/reader.h"
#include "sitrep/status.h"

namespace sitrep::watch {

struct JsonlMark {
  int64_t offset = 0;       // bytes read: the end of the last whole line
  int64_t lines = 0;        // lines in them
  std::string fingerprint;  // PrefixFingerprint(path, offset) when they were read
};
std::string FormatMark(const JsonlMark& mark);  // "offset lines fingerprint"
std::optional<JsonlMark> ParseMark(std::string_view text);

// A hash of the first `offset` bytes of `path`, read in constant time: its length, its first
// and its last 64 KiB. Appending to a file keeps it; rewriting or truncating changes it.
Result<std::string> PrefixFingerprint(const std::string& path, int64_t offset);

// Reads the JSONL records in bytes [from.offset, size) of `path`, numbering lines on from
// `from`. Returns where the next pass starts: the end of the last whole line (a last line
// without its line end is read now and again next time, as it may be half-written).
Result<JsonlMark> ReadJsonlFrom(const std::string& path, const JsonlMark& from, int64_t size,
                                const ReadOptions& options, const ArticleSink& sink);

}  // namespace sitrep::watch
