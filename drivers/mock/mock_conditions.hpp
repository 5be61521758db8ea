#pragma once
// How the mock cloud behaves towards one account, beyond its data: whose credentials it accepts,
// and (when its yaml says so) how busy it is: API rate limits answered with a throttling error
// as EC2 does, transient failures injected at a given rate (some after the work was done, as
// when a real answer is lost on the way), and boot delays with jitter. Randomness is seeded from
// the yaml, so a test can replay it.
//
// Options (config/drivers/mock.yaml), read through engine::DriverOptions:
// - `accounts`: the `user:password` items the cloud accepts (default mockuser:mockpassword);
// - `throttle.<class>.burst` and `throttle.<class>.per_second`: calls of an API class the cloud
//   allows at once and regains per second (none by default);
// - `fault_rate`: the share of calls failing transiently, 0..1 (0);
// - `boot_jitter`: up to this many seconds added to each boot (0);
// - `random_seed`: the seed of faults and jitter (1).
//
// API classes: `launch` (creates), `describe` (lists and shows), `mutate` (actions, destroy).

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/driver.hpp"
#include "engine/driver_options.hpp"
#include "engine/token_bucket.hpp"

namespace dc::drivers::mock {

class MockConditions {
 public:
  /// Throws engine::ConfigError for an option it cannot use.
  MockConditions(const engine::DriverOptions& options, engine::WallTime now);

  /// Whether the cloud knows these credentials.
  bool authentic(const engine::Credentials& who) const;

  /// A throttling error when the class's rate limit is used up, else nothing (and a call is
  /// counted).
  std::optional<engine::Error> admit(const std::string& api_class, engine::WallTime now);

  /// What refuses a read (list, page, fetch by ids) before it is served: the describe rate
  /// limit, or an injected fault (a read has no work to lose, so where it strikes is moot).
  std::optional<engine::Error> refuse_read(engine::WallTime now);

  /// Where an injected fault strikes a call.
  enum class Fault { none, before, after };
  Fault fault();
  /// The error a faulted call answers.
  static engine::Error fault_error();

  /// Extra boot time for one instance.
  std::chrono::milliseconds boot_jitter();

 private:
  std::vector<std::pair<std::string, std::string>> accounts_;
  std::map<std::string, engine::TokenBucket> throttles_;
  double fault_rate_ = 0;
  std::chrono::milliseconds boot_jitter_{0};
  std::mt19937_64 random_;
};

}  // namespace dc::drivers::mock
