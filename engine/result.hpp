#pragma once
// A value or an Error: how every driver operation and actor reply reports its outcome.

#include <utility>
#include <variant>

#include "engine/error.hpp"

namespace dc::engine {

/// The empty value of an operation that returns nothing on success.
struct Unit {};

/// Either a T or an Error.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace dc::engine
