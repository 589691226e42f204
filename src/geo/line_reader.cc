#include "geo/line_reader.h"

#include <cerrno>
#include <cstring>

namespace sitrep::geo {
namespace {

constexpr size_t kChunk = 1 << 16;
// A line longer than this is not a gazetteer row: stop rather than buffer a whole file.
constexpr size_t kMaxLine = 16 << 20;

std::string_view Suffix(std::string_view path) {
  for (std::string_view s : {".xz", ".gz"}) {
    if (path.size() > s.size() && path.substr(path.size() - s.size()) == s) return s;
  }
  return {};
}

const char* LzmaError(lzma_ret r) {
  switch (r) {
    case LZMA_FORMAT_ERROR:
      return "not xz data";
    case LZMA_DATA_ERROR:
      return "corrupt xz data";
    case LZMA_BUF_ERROR:
      return "truncated xz data";
    case LZMA_MEM_ERROR:
      return "out of memory while decompressing";
    case LZMA_OPTIONS_ERROR:
      return "unsupported xz options";
    default:
      return "xz decoder error";
  }
}

}  // namespace

bool IsCompressedPath(std::string_view path) { return !Suffix(path).empty(); }

std::string_view WithoutCompressionSuffix(std::string_view path) {
  return path.substr(0, path.size() - Suffix(path).size());
}

LineReader::LineReader(const std::string& path) : path_(path) {
  if (Suffix(path) == ".xz") {
    xz_file_ = std::fopen(path.c_str(), "rb");
    if (xz_file_ == nullptr) {
      error_ = path + ": " + std::strerror(errno);
      return;
    }
    if (lzma_stream_decoder(&xz_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
      error_ = path + ": cannot start the xz decoder";
    }
    return;
  }
  // zlib reads .gz and, transparently, plain text.
  gz_ = gzopen(path.c_str(), "rb");
  if (gz_ == nullptr) {
    error_ = path + ": " + (errno != 0 ? std::strerror(errno) : "cannot open");
    return;
  }
  gzbuffer(gz_, kChunk);
}

LineReader::~LineReader() {
  if (gz_ != nullptr) gzclose(gz_);
  if (xz_file_ != nullptr) {
    lzma_end(&xz_);
    std::fclose(xz_file_);
  }
}

bool LineReader::FillXz() {
  if (xz_done_) return false;
  const size_t before = buf_.size();
  while (buf_.size() == before) {
    if (xz_.avail_in == 0 && !xz_eof_) {
      xz_in_.resize(kChunk);
      const size_t n = std::fread(xz_in_.data(), 1, kChunk, xz_file_);
      if (n < kChunk) {
        if (std::ferror(xz_file_)) {
          error_ = path_ + ": read error";
          return false;
        }
        xz_eof_ = true;
      }
      xz_.next_in = reinterpret_cast<const uint8_t*>(xz_in_.data());
      xz_.avail_in = n;
    }
    buf_.resize(before + kChunk);
    xz_.next_out = reinterpret_cast<uint8_t*>(buf_.data() + before);
    xz_.avail_out = kChunk;
    const lzma_ret r = lzma_code(&xz_, xz_eof_ ? LZMA_FINISH : LZMA_RUN);
    buf_.resize(before + (kChunk - xz_.avail_out));
    if (r == LZMA_STREAM_END) {
      xz_done_ = true;
      return buf_.size() > before;
    }
    if (r != LZMA_OK) {
      error_ = path_ + ": " + LzmaError(r);
      return false;
    }
  }
  return true;
}

bool LineReader::Fill() {
  if (!ok()) return false;
  if (xz_file_ != nullptr) return FillXz();
  const size_t before = buf_.size();
  buf_.resize(before + kChunk);
  const int n = gzread(gz_, buf_.data() + before, kChunk);
  if (n < 0) {
    int code = 0;
    const char* msg = gzerror(gz_, &code);
    error_ = path_ + ": " + (code == Z_ERRNO ? std::strerror(errno) : msg);
    buf_.resize(before);
    return false;
  }
  buf_.resize(before + static_cast<size_t>(n));
  if (n == 0 && !gzeof(gz_)) {
    error_ = path_ + ": truncated gzip data";
    return false;
  }
  return n > 0;
}

bool LineReader::Next(std::string_view* line) {
  size_t nl = buf_.find('\n', pos_);
  while (nl == std::string::npos) {
    // Keep only the unread part, then read more.
    buf_.erase(0, pos_);
    pos_ = 0;
    if (buf_.size() > kMaxLine) {
      error_ = path_ + ":" + std::to_string(line_no_ + 1) + ": line longer than 16 MiB";
      return false;
    }
    const size_t searched = buf_.size();
    if (!Fill()) {
      if (!error_.empty() || buf_.empty()) return false;
      nl = buf_.size();  // the last line has no "\n"
      buf_.push_back('\n');
      break;
    }
    nl = buf_.find('\n', searched);
  }
  size_t len = nl - pos_;
  if (len > 0 && buf_[pos_ + len - 1] == '\r') --len;
  *line = std::string_view(buf_.data() + pos_, len);
  pos_ = nl + 1;
  ++line_no_;
  return true;
}

}  // namespace sitrep::geo
