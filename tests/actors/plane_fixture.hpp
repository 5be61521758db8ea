#pragma once
// A control plane on the mock in a temporary data directory, run on CAF's test coordinator:
// its actors run on the test's thread when a helper here runs them, and time moves only when the
// test (or eventually(), jumping from timer to timer) moves it. No helper waits on the wall clock.

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "actors/control_plane.hpp"
#include "actors/deterministic_scheduler.hpp"
#include "engine/driver_config.hpp"
#include "tests/support/temp_dir.hpp"

namespace dc::test {

using namespace std::chrono_literals;

/// Runs the plane until `done` holds: what is ready runs, then time jumps to the next timer and
/// what it makes ready runs, for at most `horizon` of simulated time. False when it never holds.
template <class Done>
bool eventually(actors::ControlPlane& plane, Done done,
                std::chrono::milliseconds horizon = std::chrono::minutes{5}) {
  auto& scheduler = plane.deterministic();
  auto until = plane.clock().now() + horizon;
  scheduler.run();
  while (!done())
    if (plane.clock().now() >= until || !scheduler.fire_next_timer()) return false;
  return true;
}

/// A reply the test collects later, when the plane has run.
template <class T>
class Later {
 public:
  actors::ControlPlane::Reply<T> reply() {
    // Shared: a reply that comes after a failed test has left its scope writes nowhere harmful.
    return [got = got_](engine::Result<T> r) { *got = std::move(r); };
  }
  bool arrived() const { return got_->has_value(); }
  /// The reply, once the plane has run far enough to give it.
  engine::Result<T> get(actors::ControlPlane& plane) {
    REQUIRE(eventually(plane, [this] { return arrived(); }));
    return **got_;
  }

 private:
  std::shared_ptr<std::optional<engine::Result<T>>> got_ =
      std::make_shared<std::optional<engine::Result<T>>>();
};

/// Sends a request with `call` and runs the plane until its reply.
template <class T, class Call>
engine::Result<T> await(actors::ControlPlane& plane, Call call) {
  Later<T> later;
  call(later.reply());
  return later.get(plane);
}

/// Collects the stream items of a subscription.
class Collector {
 public:
  explicit Collector(actors::ControlPlane& plane) : plane_(plane) {}

  actors::ControlPlane::EventSink sink() {
    return [items = items_](std::span<const actors::StreamItem> batch) {
      items->insert(items->end(), batch.begin(), batch.end());
      return true;
    };
  }
  const std::vector<actors::StreamItem>& items() const { return *items_; }
  /// Runs the plane until an event to `state` for `instance` has come; its index, or -1.
  int wait_for(const std::string& instance, const std::string& state) {
    int found = -1;
    eventually(plane_, [&] {
      found = index_of(instance, state);
      return found >= 0;
    });
    return found;
  }

 private:
  int index_of(const std::string& instance, const std::string& state) const {
    for (std::size_t i = 0; i < items_->size(); ++i) {
      auto& e = (*items_)[i].event;
      if (e && e->instance_id == instance && e->to == state) return static_cast<int>(i);
    }
    return -1;
  }

  actors::ControlPlane& plane_;
  std::shared_ptr<std::vector<actors::StreamItem>> items_ =
      std::make_shared<std::vector<actors::StreamItem>>();
};

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<actors::ControlPlane> plane;
  actors::Account account{"mock", "", {"mockuser", "mockpassword"}};

  /// `tune` adjusts the options before the plane starts (limits, mock options).
  explicit Fixture(std::string boot_delay = "0.05",
                   std::function<void(actors::ControlPlaneOptions&)> tune = {}) {
    actors::ControlPlaneOptions o;
    o.deterministic = true;
    o.data_dir = dir.path().string();
    o.transient_poll = 20ms;
    o.transient_poll_max = 100ms;
    o.driver_configs["mock"].options = {{"boot_delay", boot_delay}, {"stop_delay", boot_delay}};
    if (tune) tune(o);
    plane = std::make_unique<actors::ControlPlane>(std::move(o));
  }

  template <class T, class Call>
  engine::Result<T> await(Call call) {
    return test::await<T>(*plane, std::move(call));
  }
  template <class Done>
  bool eventually(Done done) {
    return test::eventually(*plane, std::move(done));
  }
  /// Moves time on by `by`, firing the timers that fall due, and runs what they make ready.
  void advance(std::chrono::milliseconds by) { plane->deterministic().advance(by); }
  /// Runs what is ready now, without moving time.
  void run() { plane->deterministic().run(); }

  engine::Instance create() {
    engine::InstanceCreate what;
    what.image_id = "img1";
    auto r = await<engine::Instance>([&](auto cb) { plane->create_instance(account, what, cb); });
    REQUIRE(r.ok());
    return r.value();
  }
};

}  // namespace dc::test
