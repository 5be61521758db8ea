#include "actors/deterministic_scheduler.hpp"

#include <cstdio>
#include <cstdlib>

namespace dc::actors {

void DeterministicScheduler::configure(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
}

DeterministicScheduler::DeterministicScheduler(caf::actor_system& system)
    : system_(system),
      coordinator_(dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler())),
      // A ManualClock's start: the times tests read are the same either way.
      start_(engine::ManualClock{}.now() - std::chrono::duration_cast<engine::WallTime::duration>(
                                               coordinator_.clock().now().time_since_epoch())) {}

void DeterministicScheduler::check_thread() const {
  if (std::this_thread::get_id() == owner_) return;
  std::fputs(
      "deltacloudd: a deterministic control plane was used from a thread other than the "
      "one that made it\n",
      stderr);
  std::abort();
}

engine::WallTime DeterministicScheduler::now() const {
  check_thread();
  auto moved = coordinator_.clock().now().time_since_epoch();
  return start_ + std::chrono::duration_cast<engine::WallTime::duration>(moved);
}

std::size_t DeterministicScheduler::run() {
  check_thread();
  return coordinator_.run();
}

void DeterministicScheduler::advance(std::chrono::milliseconds by) {
  run();
  coordinator_.advance_time(by);
  run();
}

bool DeterministicScheduler::fire_next_timer() {
  run();
  if (!coordinator_.trigger_timeout()) return false;
  run();
  return true;
}

bool DeterministicScheduler::drain(std::chrono::milliseconds horizon) {
  auto until = now() + horizon;
  run();
  while (system_.registry().running() > 0 && now() < until)
    if (!fire_next_timer()) break;
  return system_.registry().running() == 0;
}

}  // namespace dc::actors
