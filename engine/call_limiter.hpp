#pragma once
// Admission of provider calls for one account: at most `concurrency` in flight, and each API
// class at most as fast as its token bucket allows. Calls wait in one queue per class and are
// started oldest first, the classes taking turns, so a backlog of launches never holds up the
// describes that observe them. Logic only: the driver actor owns one, calls pump() after every
// change and sets a timer for the wait it returns.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "engine/clock.hpp"
#include "engine/driver_limits.hpp"
#include "engine/token_bucket.hpp"

namespace dc::engine {

class CallLimiter {
 public:
  CallLimiter(const DriverLimits& limits, WallTime now);

  /// Queues a call of `api_class`; `start` runs (from pump) once it may. Each started call
  /// must be matched by one finished(). A call whose `wanted` (when given) answers false by
  /// its turn is dropped without a start, and takes no token: a call nobody waits for any more
  /// never holds up the others.
  void submit(const std::string& api_class, std::function<void()> start,
              std::function<bool()> wanted = {});
  /// A started call has been answered: its slot is free again.
  void finished();
  /// Starts the queued calls that may start now, at most `max_starts` of them (calls that
  /// answer at once would otherwise keep the caller busy for a whole backlog). Answers how long
  /// until the next call may start: zero when `max_starts` stopped it; nothing when no call
  /// waits for a token.
  std::optional<std::chrono::milliseconds> pump(WallTime now, std::size_t max_starts = 64);

  std::size_t in_flight() const { return in_flight_; }
  std::size_t queued() const;

 private:
  struct Waiting {
    std::function<void()> start;
    std::function<bool()> wanted;  // empty: always
  };
  struct Lane {
    std::optional<TokenBucket> bucket;  // none: not rate limited
    std::deque<Waiting> waiting;
    /// Drops the calls at the front nobody wants any more.
    void drop_unwanted();
  };

  std::size_t concurrency_;
  std::map<std::string, RateLimit> rates_;
  std::map<std::string, Lane> lanes_;
  std::string last_served_;
  std::size_t in_flight_ = 0;
  bool pumping_ = false;
  WallTime created_;
};

}  // namespace dc::engine
