#include "actors/deterministic_scheduler.hpp"

namespace dc::actors {

void DeterministicScheduler::configure(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
}

DeterministicScheduler::DeterministicScheduler(caf::actor_system& system)
    : system_(system),
      coordinator_(dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler())),
      // The same start as a ManualClock's: tests read the same times either way.
      start_(engine::ManualClock{}.now()) {}

engine::WallTime DeterministicScheduler::now() const {
  auto moved = coordinator_.clock().now().time_since_epoch();
  return start_ + std::chrono::duration_cast<engine::WallTime::duration>(moved);
}

std::size_t DeterministicScheduler::run() {
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
