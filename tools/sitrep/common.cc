#include "common.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <ostream>

namespace sitrep::cli {

FdStreamBuf::FdStreamBuf(int fd, size_t buffer_bytes) : fd_(fd), buffer_(buffer_bytes) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

bool FdStreamBuf::Drain() {
  const char* p = pbase();
  size_t left = static_cast<size_t>(pptr() - pbase());
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (error_ != 0) return false;  // after a failure, nothing more is written
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type ch) {
  if (!Drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

int FdStreamBuf::sync() { return Drain() ? 0 : -1; }

std::unique_ptr<Output> Output::Open(const std::string& path, std::string* error) {
  auto out = std::unique_ptr<Output>(new Output());
  constexpr size_t kBufferBytes = 1 << 20;
  if (path.empty() || path == "-") {
    out->name_ = "<stdout>";
    out->fd_ = STDOUT_FILENO;
  } else {
    out->name_ = path;
    out->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out->fd_ < 0) {
      *error = path + ": cannot create output file: " + std::strerror(errno);
      return nullptr;
    }
    out->owns_fd_ = true;
  }
  out->buffer_ = std::make_unique<FdStreamBuf>(out->fd_, kBufferBytes);
  out->stream_ = std::make_unique<std::ostream>(out->buffer_.get());
  return out;
}

Output::~Output() {
  if (owns_fd_) ::close(fd_);
}

bool Output::Finish() {
  stream_->flush();
  bool ok = static_cast<bool>(*stream_) && buffer_->error() == 0;
  if (owns_fd_) {
    owns_fd_ = false;
    if (::close(fd_) != 0 && close_error_ == 0) close_error_ = errno;  // NFS reports here
    ok = ok && close_error_ == 0;
  }
  return ok;
}

std::string Output::WriteError() const {
  int e = buffer_->error() != 0 ? buffer_->error() : close_error_;
  return name_ + ": cannot write: " + (e != 0 ? std::strerror(e) : "output stream failed");
}

namespace {

namespace fs = std::filesystem;

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  std::error_code ea, eb;
  fs::path ca = fs::weakly_canonical(a, ea), cb = fs::weakly_canonical(b, eb);
  return !ea && !eb && ca == cb;
}

bool ReadableArticleFile(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".txt" || ext == ".html" || ext == ".htm" || ext == ".jsonl" || ext == ".json";
}

}  // namespace

std::string CheckOutputTarget(const std::string& output, const std::vector<std::string>& inputs,
                              const std::string& db) {
  if (output.empty() || output == "-") return "";
  if (!db.empty() && SameFile(output, db))
    return "the output " + output + " is the --db store; writing events there would destroy it";
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(output, ec);
  for (const std::string& input : inputs) {
    if (input == "-") {
      // 'sitrep extract -o in.jsonl < in.jsonl': stdin is that very file.
      struct stat in_stat, out_stat;
      if (::fstat(STDIN_FILENO, &in_stat) == 0 && S_ISREG(in_stat.st_mode) &&
          ::stat(output.c_str(), &out_stat) == 0 && in_stat.st_dev == out_stat.st_dev &&
          in_stat.st_ino == out_stat.st_ino)
        return "the output " + output +
               " is the file on stdin; it would be emptied before it is read";
      continue;
    }
    if (SameFile(output, input))
      return "the output " + output + " is also an input; it would be emptied before it is read";
    std::error_code dir_ec;
    if (!ec && fs::is_directory(input, dir_ec) && ReadableArticleFile(out)) {
      const fs::path dir = fs::weakly_canonical(input, dir_ec);
      auto [d, o] = std::mismatch(dir.begin(), dir.end(), out.begin(), out.end());
      if (!dir_ec && d == dir.end())
        return "the output " + output + " is inside the input directory " + input +
               ", where it would be read as articles";
    }
  }
  if (!db.empty()) {
    for (const std::string& input : inputs)
      if (input != "-" && SameFile(db, input)) return "the --db store " + db + " is also an input";
  }
  return "";
}

size_t TableWidth(int fd) {
  if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
    char* end = nullptr;
    long n = std::strtol(columns, &end, 10);
    if (end && *end == '\0' && n > 0 && n < 100000) return static_cast<size_t>(n);
  }
  struct winsize ws;
  if (::isatty(fd) && ::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

void Report(const std::string& message) {
  std::cerr << "sitrep: " << EscapeForTerminal(message) << '\n';
}

}  // namespace sitrep::cli
