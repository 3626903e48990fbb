//===- Expected.h - A value or the reason there is none -------*- C++ -*-===//
//
// What Sinter's user-facing calls return: the value, or an error message
// naming the place and the rule broken. No exceptions cross the boundary.
//
//   auto loss = model.train_step({x, y});
//   if (!loss) { std::cerr << loss.error() << "\n"; return 1; }
//   std::cout << *loss;
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_EXPECTED_H
#define SINTER_RUNTIME_EXPECTED_H

#include <optional>
#include <string>
#include <utility>

namespace sinter {

/// The error alternative, so that `return Error{"..."};` converts.
struct Error {
  std::string message;
};

template <typename T> class Expected {
public:
  Expected(T value) : value_(std::move(value)) {}
  Expected(Error error) : error_(std::move(error.message)) {}

  explicit operator bool() const { return value_.has_value(); }
  bool ok() const { return value_.has_value(); }
  const std::string &error() const { return error_; }

  T &operator*() { return *value_; }
  const T &operator*() const { return *value_; }
  T *operator->() { return &*value_; }
  const T *operator->() const { return &*value_; }
  T &value() { return *value_; }

private:
  std::optional<T> value_;
  std::string error_;
};

/// For calls with nothing to return but success.
template <> class Expected<void> {
public:
  Expected() = default;
  Expected(Error error) : failed_(true), error_(std::move(error.message)) {}

  explicit operator bool() const { return !failed_; }
  bool ok() const { return !failed_; }
  const std::string &error() const { return error_; }

private:
  bool failed_ = false;
  std::string error_;
};

} // namespace sinter

#endif // SINTER_RUNTIME_EXPECTED_H
