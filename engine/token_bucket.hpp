#pragma once
// A token bucket: holds up to `burst` tokens and gains `per_second` of them each second; a call
// takes one. This is how clouds state their API rate limits (EC2: launches 1,000 burst, 2/s),
// so the same object both enforces the mock cloud's limits and keeps deltacloudd under a real
// cloud's. Time comes from the caller, so a test can move it by hand.

#include <algorithm>
#include <chrono>

#include "engine/clock.hpp"

namespace dc::engine {

class TokenBucket {
 public:
  /// A bucket that starts full. `per_second` <= 0 means no refill beyond the burst.
  TokenBucket(double burst, double per_second, WallTime now)
      : burst_(burst), rate_(per_second), tokens_(burst), at_(now) {}

  /// Takes a token if there is one.
  bool try_take(WallTime now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  /// How long until a token will be there (zero when there is one now).
  std::chrono::milliseconds wait(WallTime now) {
    refill(now);
    if (tokens_ >= 1.0) return std::chrono::milliseconds{0};
    if (rate_ <= 0) return std::chrono::hours{24};
    auto ms = (1.0 - tokens_) * 1000.0 / rate_;
    return std::chrono::milliseconds{static_cast<long long>(ms) + 1};
  }

  double burst() const { return burst_; }
  double per_second() const { return rate_; }

 private:
  void refill(WallTime now) {
    if (now <= at_) return;  // a clock that stepped back gives nothing, and takes nothing
    auto seconds = std::chrono::duration<double>(now - at_).count();
    tokens_ = std::min(burst_, tokens_ + seconds * rate_);
    at_ = now;
  }

  double burst_;
  double rate_;
  double tokens_;
  WallTime at_;
};

}  // namespace dc::engine
