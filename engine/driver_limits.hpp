#pragma once
// How hard deltacloudd may press one provider account, from the `limits:` section of
// config/drivers/<name>.yaml: provider calls in flight, token-bucket rates per API class, page
// size of batched describes, and how failed calls are retried.
//
// | key                        | meaning                                                | default |
// |----------------------------|--------------------------------------------------------|---------|
// | `concurrency`              | provider calls in flight per account                   | 64      |
// | `page_size`                | instances per batched describe call                    | 1000    |
// | `rates.<class>.burst`      | calls of an API class allowed at once                  | none    |
// | `rates.<class>.per_second` | calls of the class regained per second                 | none    |
// | `retry.attempts`           | tries of a throttled or transient call, the first too  | 10      |
// | `retry.initial_ms`         | backoff before the second try                          | 200     |
// | `retry.max_ms`             | longest backoff                                        | 30000   |
// | `retry.deadline_ms`        | a call (all its tries, from the first) is answered by  | 120000  |
// |                            | then, 504 if the provider has not; jobs' creates and   |         |
// |                            | blob transfers are exempt. Durations: at most a day    |         |
//
// API classes, for every collection: `launch` (creates), `describe` (lists and shows, polls
// included), `mutate` (changes to existing objects: actions, attach, associate, destroy...). A
// class without a rate is not limited.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace dc::engine {

struct RateLimit {
  double burst = 0;
  double per_second = 0;
};

struct RetryPolicy {
  int attempts = 10;
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{30000};
  std::chrono::milliseconds deadline{120000};

  /// Backoff before try `attempt + 1` (attempt counts from 1): exponential, capped, with "equal
  /// jitter" (half fixed, half random) so that many callers throttled together spread out.
  /// `unit_random` is uniform in [0, 1).
  std::chrono::milliseconds delay(int attempt, double unit_random) const;
};

struct DriverLimits {
  std::size_t concurrency = 64;
  std::size_t page_size = 1000;
  std::map<std::string, RateLimit> rates;  // by API class
  RetryPolicy retry;
};

/// API class names.
inline constexpr const char* launch_calls = "launch";
inline constexpr const char* describe_calls = "describe";
inline constexpr const char* mutate_calls = "mutate";

}  // namespace dc::engine
