#pragma once
// Time as a dependency: everything that waits, polls or expires asks a Clock, so tests can hand
// in a ManualClock and move time by hand.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace dc::engine {

using WallTime = std::chrono::system_clock::time_point;

/// Source of the current wall-clock time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallTime now() const = 0;
};

/// The real clock.
class SystemClock final : public Clock {
 public:
  WallTime now() const override { return std::chrono::system_clock::now(); }
};

/// A clock that moves only when told to (tests).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(WallTime start = WallTime{std::chrono::seconds{1'700'000'000}})
      : now_(start.time_since_epoch().count()) {}
  WallTime now() const override { return WallTime{WallTime::duration{now_.load()}}; }
  void advance(std::chrono::milliseconds by) {
    now_ += std::chrono::duration_cast<WallTime::duration>(by).count();
  }

 private:
  std::atomic<WallTime::rep> now_;
};

/// Milliseconds since the Unix epoch.
inline long long to_unix_ms(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline WallTime from_unix_ms(long long ms) {
  return WallTime{std::chrono::milliseconds{ms}};
}

/// ISO 8601 in UTC with milliseconds: `2026-11-24T10:00:00.123Z`.
inline std::string iso8601(WallTime t) {
  auto ms = to_unix_ms(t);
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", date, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace dc::engine
