#include "common.h"

#include <cerrno>
#include <cstring>
#include <iostream>


namespace sitrep::cli {

std::unique_ptr<Output> Output::Open(const std::string& path, std::string* error) {
  auto out = std::unique_ptr<Output>(new Output());
  constexpr size_t kBufferBytes = 1 << 20;
  if (path.empty() || path == "-") {
    out->name_ = "<stdout>";
    out->stream_ = &std::cout;
    return out;
  }
  out->name_ = path;
  out->file_ = std::make_unique<std::ofstream>();
  out->buffer_ = std::make_unique<char[]>(kBufferBytes);
  out->file_->rdbuf()->pubsetbuf(out->buffer_.get(), kBufferBytes);
  out->file_->open(path, std::ios::binary | std::ios::trunc);
  if (!*out->file_) {
    *error = path + ": cannot create output file: " + std::strerror(errno);
    return nullptr;
  }
  out->stream_ = out->file_.get();
  return out;
}

bool Output::Finish() {
  stream_->flush();
  bool ok = static_cast<bool>(*stream_);
  if (file_) {
    file_->close();
    ok = ok && !file_->fail();
  }
  return ok;
}

std::string CheckIsoDate(const std::string& date) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (date[i] < '0' || date[i] > '9') return false;
    }
    return true;
  };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !digits(0, 4) || !digits(5, 2) ||
      !digits(8, 2)) {
    return "\"" + date + "\" is not a date in the form YYYY-MM-DD";
  }
  int year = std::stoi(date.substr(0, 4));
  int month = std::stoi(date.substr(5, 2));
  int day = std::stoi(date.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap)) {
    return "\"" + date + "\" is not a calendar date";
  }
  return "";
}

void Report(const std::string& message) { std::cerr << "sitrep: " << message << '\n'; }

}  // namespace sitrep::cli
