// Errors as values. The library never throws across its API, never prints and never
// aborts: every fallible call returns a Status or a Result<T> (a small std::expected shim,
// since libstdc++ 12 has no <expected> in C++20).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sitrep {

enum class StatusCode { kOk = 0, kInvalidInput, kNotFound, kIoError, kUnsupported, kInternal };

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid input: <message>", for diagnostics.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Result<T> holds either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit like std::expected
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sitrep

#define SITREP_CONCAT_INNER_(a, b) a##b
#define SITREP_CONCAT_(a, b) SITREP_CONCAT_INNER_(a, b)

#define SITREP_RETURN_IF_ERROR(expr) \
  do {                               \
    ::sitrep::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)

#define SITREP_ASSIGN_OR_RETURN(lhs, expr)                                                    \
  auto SITREP_CONCAT_(_res_, __LINE__) = (expr);                                              \
  if (!SITREP_CONCAT_(_res_, __LINE__).ok()) return SITREP_CONCAT_(_res_, __LINE__).status(); \
  lhs = std::move(SITREP_CONCAT_(_res_, __LINE__)).value()
