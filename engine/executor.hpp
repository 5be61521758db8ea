#pragma once
// Where a driver's continuations run. The actors layer implements it so that every continuation
// of a driver runs inside its driver actor, one at a time: a driver needs no locks.

#include <functional>

namespace dc::engine {

/// Runs posted work later, one item at a time, in posting order.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual void post(std::function<void()> work) = 0;
};

/// Runs work at once on the calling thread (drivers that complete synchronously, unit tests).
class InlineExecutor final : public Executor {
 public:
  void post(std::function<void()> work) override { work(); }
};

}  // namespace dc::engine
