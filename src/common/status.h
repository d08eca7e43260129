// Status: the outcome of an operation that can fail, in the LevelDB spirit. Errors are values at
// module boundaries; the message says what was being done and to what
// ("parsing pubmed23n0001.xml.gz: record 4711 (PMID 123): missing ArticleTitle").
// Result<T> carries either a value or a non-ok Status.
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace evident {

class Status {
 public:
  enum class Code {
    kOk,
    kNotFound,
    kInvalidArgument,
    kIOError,
    kCorruption,
    kUnavailable,
    //! The system is not in the state the operation needs: a review transition not allowed from
    //! the current status, or a compare-and-set that lost to a concurrent change.
    kFailedPrecondition,
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status FailedPrecondition(std::string msg) {
    return Status(Code::kFailedPrecondition, std::move(msg));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }

  //! "IO error: opening index/CURRENT: No such file or directory"
  std::string ToString() const;

  //! Prefixes the message with what was being done: s.WithContext("reading x.gz").
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "Result needs a value or a non-ok Status");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  //! From a temporary Result, the value itself (moved out), not a reference into the temporary:
  //! `for (auto& x : *store.List())` then iterates a value that lives as long as the loop.
  T value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace evident

#define EVIDENT_RETURN_IF_ERROR(expr) \
  do {                                \
    ::evident::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)
