#pragma once
// The one place provider calls are counted and timed: by driver, operation and outcome, with
// the time each try took (from the injected clock) and the retries made. Every try of every
// provider call is recorded here by the call path (DriverActor::run_call); the metrics read it.
// Shared by all accounts of a control plane; calls from any actor thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/error.hpp"

namespace dc::engine {

enum class CallOutcome {
  ok,
  throttled,  // refused for the provider's rate limit
  transient,  // failed, may succeed when repeated
  fatal,      // failed for good (not found, refused credentials, bad request...)
};
const char* outcome_name(CallOutcome outcome);
/// The outcome of a try that answered `error` (null: it succeeded).
CallOutcome outcome_of(const Error* error);

struct CallTally {
  std::uint64_t calls = 0;
  std::chrono::nanoseconds time{0};  // all those tries together
};

class CallCounts {
 public:
  /// One try of `operation` answered with `outcome` after `took`.
  void record(std::string_view driver, std::string_view operation, CallOutcome outcome,
              std::chrono::nanoseconds took);
  /// A try failed and the call is made again.
  void retried(std::string_view driver, std::string_view operation);

  CallTally tally(std::string_view driver, std::string_view operation, CallOutcome outcome) const;
  std::uint64_t retries(std::string_view driver, std::string_view operation) const;

  struct Row {
    std::string driver;
    std::string operation;
    CallOutcome outcome;
    CallTally tally;
  };
  /// Every (driver, operation, outcome) seen so far, in that order.
  std::vector<Row> rows() const;

 private:
  using Key = std::tuple<std::string, std::string, CallOutcome>;
  mutable std::mutex mutex_;
  std::map<Key, CallTally, std::less<>> tallies_;
  std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> retries_;
};

}  // namespace dc::engine
