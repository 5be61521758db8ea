#include "engine/call_counts.hpp"

namespace dc::engine {

const char* outcome_name(CallOutcome outcome) {
  switch (outcome) {
    case CallOutcome::ok:
      return "ok";
    case CallOutcome::throttled:
      return "throttled";
    case CallOutcome::transient:
      return "transient";
    case CallOutcome::fatal:
      return "fatal";
  }
  return "fatal";
}

CallOutcome outcome_of(const Error* error) {
  if (!error) return CallOutcome::ok;
  switch (classify(*error)) {
    case Retry::throttled:
      return CallOutcome::throttled;
    case Retry::transient:
      return CallOutcome::transient;
    case Retry::fatal:
      return CallOutcome::fatal;
  }
  return CallOutcome::fatal;
}

void CallCounts::record(std::string_view driver, std::string_view operation, CallOutcome outcome,
                        std::chrono::nanoseconds took) {
  std::lock_guard guard{mutex_};
  auto& tally = tallies_[Key{driver, operation, outcome}];
  ++tally.calls;
  tally.time += took;
}

void CallCounts::retried(std::string_view driver, std::string_view operation) {
  std::lock_guard guard{mutex_};
  ++retries_[{std::string{driver}, std::string{operation}}];
}

CallTally CallCounts::tally(std::string_view driver, std::string_view operation,
                            CallOutcome outcome) const {
  std::lock_guard guard{mutex_};
  auto i = tallies_.find(Key{driver, operation, outcome});
  return i == tallies_.end() ? CallTally{} : i->second;
}

std::uint64_t CallCounts::retries(std::string_view driver, std::string_view operation) const {
  std::lock_guard guard{mutex_};
  auto i = retries_.find(std::pair{std::string{driver}, std::string{operation}});
  return i == retries_.end() ? 0 : i->second;
}

std::vector<CallCounts::Row> CallCounts::rows() const {
  std::lock_guard guard{mutex_};
  std::vector<Row> out;
  out.reserve(tallies_.size());
  for (auto& [key, tally] : tallies_)
    out.push_back(Row{std::get<0>(key), std::get<1>(key), std::get<2>(key), tally});
  return out;
}

}  // namespace dc::engine
