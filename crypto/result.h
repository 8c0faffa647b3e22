// Result<T> and Status: the return types of every fallible function in
// conclave that an attacker (or a bad file) can make fail. Exceptions are
// kept for programming errors only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace conclave {

// What kind of failure an Error is; servers map it to a protocol status.
enum class ErrorCode {
  kInvalidArgument,     // malformed or unverifiable input
  kPermissionDenied,    // the author may not do this
  kFailedPrecondition,  // not allowed in the current state
  kAlreadyExists,       // a duplicate of something recorded
  kNotFound,
  kOutOfRange,
  kResourceExhausted,  // over a size limit
  kUnavailable,
  kInternal,
};

// A failure with a message meant for a person. Intentionally copyable.
class Error {
 public:
  explicit Error(std::string message) : message_(std::move(message)) {}
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kInvalidArgument;
  std::string message_;
};

// Either a value or an Error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Success, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace conclave
