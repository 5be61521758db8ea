#pragma once
// CAF's deterministic scheduler (test_coordinator) as a control plane's engine and clock, for
// tests: nothing runs until the test asks, then every ready message runs on the test's thread;
// time, for CAF's timers and for the engine's Clock alike, moves only when the test moves it.

#include <caf/all.hpp>

#include <chrono>
#include <cstddef>
#include <thread>

#include "engine/clock.hpp"

namespace dc::actors {

class DeterministicScheduler final : public engine::Clock {
 public:
  /// Makes `cfg` build an actor system on the test coordinator.
  static void configure(caf::actor_system_config& cfg);

  /// `system` must have been built from a configuration passed through configure(). The
  /// calling thread becomes the only one that may run the scheduler or read its time.
  explicit DeterministicScheduler(caf::actor_system& system);

  std::thread::id owner() const { return owner_; }

  /// The engine's time: a fixed start plus the time CAF's test clock has been moved on.
  engine::WallTime now() const override;

  /// Runs every message that is ready, and those they make ready, until none is.
  std::size_t run();
  /// Moves time on by `by` (the timers that fall due fire), then runs what is ready.
  void advance(std::chrono::milliseconds by);
  /// Moves time to the next timer, fires it and runs what is ready; false when no timer is set.
  bool fire_next_timer();
  /// At shutdown: runs until no actor is left, firing timers as needed, for at most `horizon`
  /// of simulated time. Returns whether every actor is done.
  bool drain(std::chrono::milliseconds horizon);

 private:
  /// Stops the process with a message when called from a thread other than the owner's: CAF's
  /// test coordinator and its clock are not made for other threads.
  void check_thread() const;

  caf::actor_system& system_;
  caf::scheduler::test_coordinator& coordinator_;
  engine::WallTime start_;
  std::thread::id owner_ = std::this_thread::get_id();
};

}  // namespace dc::actors
