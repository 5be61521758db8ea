#include "engine/call_limiter.hpp"

#include <algorithm>

namespace dc::engine {

CallLimiter::CallLimiter(const DriverLimits& limits, WallTime now)
    : concurrency_(std::max<std::size_t>(limits.concurrency, 1)),
      rates_(limits.rates),
      created_(now) {}

void CallLimiter::submit(const std::string& api_class, std::function<void()> start,
                         std::function<bool()> wanted) {
  auto [lane, fresh] = lanes_.try_emplace(api_class);
  if (fresh)
    if (auto r = rates_.find(api_class); r != rates_.end())
      lane->second.bucket.emplace(r->second.burst, r->second.per_second, created_);
  lane->second.waiting.push_back(Waiting{std::move(start), std::move(wanted)});
}

void CallLimiter::Lane::drop_unwanted() {
  while (!waiting.empty() && waiting.front().wanted && !waiting.front().wanted())
    waiting.pop_front();
}

void CallLimiter::finished() {
  if (in_flight_ > 0) --in_flight_;
}

std::size_t CallLimiter::queued() const {
  std::size_t n = 0;
  for (auto& [name, lane] : lanes_) n += lane.waiting.size();
  return n;
}

std::optional<std::chrono::milliseconds> CallLimiter::pump(WallTime now, std::size_t max_starts) {
  // A call started below may answer at once and pump again: the outer loop goes on instead.
  if (pumping_) return std::nullopt;
  pumping_ = true;
  std::optional<std::chrono::milliseconds> wait;
  std::size_t starts = 0;
  while (in_flight_ < concurrency_) {
    if (starts == max_starts) {
      pumping_ = false;
      if (queued() == 0) return std::nullopt;
      return std::chrono::milliseconds{0};  // more may go: after whatever else is waiting
    }
    // Next lane after the one served last that has a call and a token for it.
    Lane* chosen = nullptr;
    std::string chosen_name;
    wait.reset();
    auto after = lanes_.upper_bound(last_served_);
    for (std::size_t n = 0; n < lanes_.size() && !chosen; ++n, ++after) {
      if (after == lanes_.end()) after = lanes_.begin();
      auto& lane = after->second;
      lane.drop_unwanted();
      if (lane.waiting.empty()) continue;
      if (lane.bucket && !lane.bucket->try_take(now)) {
        auto w = lane.bucket->wait(now);
        wait = wait ? std::min(*wait, w) : w;
        continue;
      }
      chosen = &lane;
      chosen_name = after->first;
    }
    if (!chosen) break;
    auto start = std::move(chosen->waiting.front().start);
    chosen->waiting.pop_front();
    last_served_ = chosen_name;
    ++in_flight_;
    ++starts;
    start();
  }
  if (in_flight_ >= concurrency_) wait.reset();  // a finished call pumps again
  pumping_ = false;
  return wait;
}

}  // namespace dc::engine
