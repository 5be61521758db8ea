#pragma once
// When a driver actor polls its provider, as a plain class on an injected clock's time (the
// actor asks, sets the timer it is told, and reports what a cycle saw). Two rhythms:
// - a full listing of the account every resync interval (from the first acceptance of its
//   credentials on, and soon again after a listing fails);
// - between listings, while instances are in transit, a cycle for them alone, first after
//   `transient_poll`, backing off by half again up to `transient_poll_max` while cycles see no
//   change, and close again at any change or when the actor has just asked for one (a create,
//   an action).
// One cycle runs at a time; a timer armed for later is superseded by an earlier one (its
// generation no longer matches). Time is wall time from engine::Clock: a clock set back is
// noticed (a listing due further away than an interval is brought back to one), so a jump
// never holds polling up.

#include <chrono>
#include <cstdint>
#include <optional>

#include "engine/clock.hpp"

namespace dc::actors {

class PollSchedule {
 public:
  struct Settings {
    std::chrono::milliseconds transient_poll{200};
    std::chrono::milliseconds transient_poll_max{5000};
    std::chrono::milliseconds resync_interval{60000};
  };
  /// A timer to set: its delay, and the generation start() must be given when it fires.
  struct Timer {
    std::chrono::milliseconds delay;
    std::uint64_t generation;
  };
  enum class Cycle {
    none,       // superseded, or a cycle is running: nothing to do
    listing,    // list the whole account
    transient,  // ask for the instances in transit
  };

  PollSchedule(Settings settings, engine::WallTime now);

  /// The timer to set for the next cycle, given whether instances are in transit; nothing when
  /// a cycle is running or an earlier one is already set.
  std::optional<Timer> next(engine::WallTime now, bool in_transit);
  /// A timer fired: the cycle it starts.
  Cycle start(std::uint64_t generation, engine::WallTime now);
  /// The running cycle ended; `changed`: it saw an instance change state.
  void end(bool changed, bool failed);
  bool running() const { return running_; }

  /// Poll closely from now on (the actor just changed an instance).
  void hurry() { transient_delay_ = settings_.transient_poll; }
  /// List the account at once (its credentials were just accepted).
  void list_now(engine::WallTime now) { next_listing_ = now; }
  /// List again soon, not a whole interval later (a listing or a refresh failed).
  void list_soon(engine::WallTime now);

  std::chrono::milliseconds transient_delay() const { return transient_delay_; }
  engine::WallTime next_listing() const { return next_listing_; }

 private:
  Settings settings_;
  engine::WallTime next_listing_;
  std::chrono::milliseconds transient_delay_;
  std::optional<engine::WallTime> due_;  // of the timer set
  std::uint64_t generation_ = 0;
  bool running_ = false;
};

}  // namespace dc::actors
