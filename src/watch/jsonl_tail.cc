#include "watch/jsonl_tail.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <memory>
#include <streambuf>
#include <vector>

#include "util/text.h"

namespace sitrep::watch {
namespace {

constexpr int64_t kFingerprintBytes = 64 << 10;

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

Result<File> OpenAt(const std::string& path, int64_t offset) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status::IoError(path + ": " + std::strerror(errno));
  if (fseeko(f.get(), offset, SEEK_SET) != 0)
    return Status::IoError(path + ": cannot seek to byte " + std::to_string(offset) + ": " +
                           std::strerror(errno));
  return f;
}

// The bytes [from, to) of a file as a stream; counts the line ends it passes and where the
// last one was.
class RangeBuf : public std::streambuf {
 public:
  RangeBuf(FILE* f, int64_t from, int64_t to) : f_(f), pos_(from), to_(to), buf_(64 << 10) {}
  int64_t lines() const { return lines_; }
  int64_t last_line_end() const { return last_line_end_; }  // -1: none
  bool failed() const { return failed_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const int64_t want = std::min<int64_t>(static_cast<int64_t>(buf_.size()), to_ - pos_);
    if (want <= 0) return traits_type::eof();
    const size_t got = std::fread(buf_.data(), 1, static_cast<size_t>(want), f_);
    if (got == 0) {
      failed_ = std::ferror(f_) != 0;
      return traits_type::eof();
    }
    for (size_t i = 0; i < got; ++i)
      if (buf_[i] == '\n') {
        ++lines_;
        last_line_end_ = pos_ + static_cast<int64_t>(i) + 1;
      }
    pos_ += static_cast<int64_t>(got);
    setg(buf_.data(), buf_.data(), buf_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  FILE* f_;
  int64_t pos_, to_;
  std::vector<char> buf_;
  int64_t lines_ = 0, last_line_end_ = -1;
  bool failed_ = false;
};

}  // namespace

std::string FormatMark(const JsonlMark& mark) {
  return std::to_string(mark.offset) + " " + std::to_string(mark.lines) + " " + mark.fingerprint;
}

std::optional<JsonlMark> ParseMark(std::string_view text) {
  auto parts = SplitString(text, ' ');
  if (parts.size() != 3 || parts[2].empty()) return std::nullopt;
  JsonlMark m;
  try {
    m.offset = std::stoll(std::string(parts[0]));
    m.lines = std::stoll(std::string(parts[1]));
  } catch (...) {
    return std::nullopt;
  }
  if (m.offset < 0 || m.lines < 0) return std::nullopt;
  m.fingerprint = std::string(parts[2]);
  return m;
}

Result<std::string> PrefixFingerprint(const std::string& path, int64_t offset) {
  uint64_t h = Fnv1a64(std::to_string(offset));
  std::vector<char> buf(static_cast<size_t>(std::min(offset, kFingerprintBytes)));
  for (int64_t start : {int64_t{0}, offset - static_cast<int64_t>(buf.size())}) {
    if (buf.empty()) break;
    SITREP_ASSIGN_OR_RETURN(File f, OpenAt(path, start));
    if (std::fread(buf.data(), 1, buf.size(), f.get()) != buf.size())
      return Status::IoError(path + ": shorter than the " + std::to_string(offset) +
                             " bytes read before");
    h = Fnv1a64(std::string_view(buf.data(), buf.size()), h);
  }
  return Hex64(h);
}

Result<JsonlMark> ReadJsonlFrom(const std::string& path, const JsonlMark& from, int64_t size,
                                const ReadOptions& options, const ArticleSink& sink) {
  JsonlMark next = from;
  if (size > from.offset) {
    SITREP_ASSIGN_OR_RETURN(File f, OpenAt(path, from.offset));
    RangeBuf range(f.get(), from.offset, size);
    std::istream in(&range);
    ReadOptions numbered = options;
    numbered.first_line = static_cast<size_t>(from.lines) + 1;
    // Errors wait for the end: one about a last line without its line end is dropped, as
    // that line may still be being written (it is read again, and reported if still bad).
    std::vector<Status> errors;
    ArticleSink held = sink;
    held.on_error = [&](const Status& s) { errors.push_back(s); };
    SITREP_RETURN_IF_ERROR(ReadJsonlStream(in, path, numbered, held));
    if (range.failed()) return Status::IoError(path + ": read error");
    if (range.last_line_end() >= 0) {
      next.offset = range.last_line_end();
      next.lines = from.lines + range.lines();
    }
    const bool open_tail = next.offset < size;
    const std::string tail = path + ":" + std::to_string(next.lines + 1);
    for (const Status& e : errors) {
      const std::string& m = e.message();
      const bool about_tail =
          m.rfind(tail, 0) == 0 &&
          (m.size() == tail.size() || !std::isdigit(static_cast<unsigned char>(m[tail.size()])));
      if (open_tail && about_tail) continue;
      if (sink.on_error) sink.on_error(e);
    }
  }
  SITREP_ASSIGN_OR_RETURN(next.fingerprint, PrefixFingerprint(path, next.offset));
  return next;
}

}  // namespace sitrep::watch
