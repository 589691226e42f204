// Line-by-line reading of gazetteer sources, plain or compressed: .xz through liblzma, .gz
// (and plain text) through zlib, decoded as they are read so that a 90 MB village layer
// never sits in memory whole.
#pragma once

#include <lzma.h>
#include <zlib.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace sitrep::geo {

class LineReader {
 public:
  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False when the file could not be opened; error() says why.
  bool ok() const { return error_.empty() && (gz_ != nullptr || xz_file_ != nullptr); }

  // The next line without its "\n" / "\r\n". False at the end of the file or on an error:
  // then error() is empty at a clean end, else "PATH: what went wrong".
  bool Next(std::string_view* line);

  size_t line_no() const { return line_no_; }
  const std::string& error() const { return error_; }

 private:
  bool Fill();  // appends decoded bytes to buf_; false at the end or on an error
  bool FillXz();

  std::string path_;
  gzFile gz_ = nullptr;      // plain or .gz
  FILE* xz_file_ = nullptr;  // .xz
  lzma_stream xz_ = LZMA_STREAM_INIT;
  std::string xz_in_;
  bool xz_eof_ = false, xz_done_ = false;
  std::string buf_;
  size_t pos_ = 0;  // start of the unread part of buf_
  size_t line_no_ = 0;
  std::string error_;
};

// True when `path` names a compressed file (by its extension).
bool IsCompressedPath(std::string_view path);

// `path` without a compression extension ("wof-SY.tsv.xz" -> "wof-SY.tsv").
std::string_view WithoutCompressionSuffix(std::string_view path);

}  // namespace sitrep::geo
