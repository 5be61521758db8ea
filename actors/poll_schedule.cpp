#include "actors/poll_schedule.hpp"

#include <algorithm>

namespace dc::actors {

PollSchedule::PollSchedule(Settings settings, engine::WallTime now)
    : settings_(settings), next_listing_(now), transient_delay_(settings.transient_poll) {}

std::optional<PollSchedule::Timer> PollSchedule::next(engine::WallTime now, bool in_transit) {
  if (running_) return std::nullopt;
  // A clock set back would put the listing further away than an interval: not past one.
  next_listing_ = std::min(next_listing_, now + settings_.resync_interval);
  auto until_listing = std::chrono::ceil<std::chrono::milliseconds>(
      std::max(next_listing_ - now, engine::WallTime::duration::zero()));
  auto delay = in_transit ? std::min(transient_delay_, until_listing) : until_listing;
  auto due = now + delay;
  if (due_ && *due_ <= due) return std::nullopt;  // an earlier poll is already set
  due_ = due;
  return Timer{delay, ++generation_};
}

PollSchedule::Cycle PollSchedule::start(std::uint64_t generation, engine::WallTime now) {
  if (generation != generation_ || running_) return Cycle::none;  // superseded
  due_.reset();
  running_ = true;
  if (now < next_listing_) return Cycle::transient;
  next_listing_ = now + settings_.resync_interval;
  return Cycle::listing;
}

void PollSchedule::end(bool changed, bool failed) {
  running_ = false;
  // Back off while transient instances show no progress; start close again on any change.
  if (changed && !failed)
    transient_delay_ = settings_.transient_poll;
  else
    transient_delay_ = std::min(settings_.transient_poll_max, transient_delay_ * 3 / 2);
}

void PollSchedule::list_soon(engine::WallTime now) {
  next_listing_ = std::min(next_listing_, now + settings_.transient_poll_max);
}

}  // namespace dc::actors
