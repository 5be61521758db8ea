#pragma once
// A control plane on the mock in a temporary data directory, and helpers to await its replies
// and collect its events, for the actor tests.

#include <catch2/catch.hpp>

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "actors/control_plane.hpp"
#include "engine/driver_config.hpp"
#include "tests/support/temp_dir.hpp"

namespace dc::test {

using namespace std::chrono_literals;

/// Collects stream items from a subscription, thread-safely.
struct Collector {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<actors::StreamItem> items;

  actors::ControlPlane::EventSink sink() {
    return [this](std::span<const actors::StreamItem> batch) {
      std::lock_guard guard{mutex};
      items.insert(items.end(), batch.begin(), batch.end());
      changed.notify_all();
      return true;
    };
  }
  /// Waits until an event to `state` for `instance` arrived; its index, or -1 on timeout.
  int wait_for(const std::string& instance, const std::string& state,
               std::chrono::milliseconds deadline = 10s) {
    std::unique_lock lock{mutex};
    int found = -1;
    changed.wait_for(lock, deadline, [&] {
      for (std::size_t i = 0; i < items.size(); ++i) {
        auto& e = items[i].event;
        if (e && e->instance_id == instance && e->to == state) {
          found = static_cast<int>(i);
          return true;
        }
      }
      return false;
    });
    return found;
  }
};

/// Polls until `done` holds (true) or 10 s pass (false).
template <class Done>
bool eventually(Done done) {
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  return done();
}

template <class T, class Call>
engine::Result<T> await(Call call) {
  std::promise<engine::Result<T>> promise;
  call([&](engine::Result<T> r) { promise.set_value(std::move(r)); });
  auto future = promise.get_future();
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  return future.get();
}

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<actors::ControlPlane> plane;
  actors::Account account{"mock", "", {"mockuser", "mockpassword"}};

  /// `tune` adjusts the options before the plane starts (clock, limits, mock options).
  explicit Fixture(std::string boot_delay = "0.05",
                   std::function<void(actors::ControlPlaneOptions&)> tune = {}) {
    actors::ControlPlaneOptions o;
    o.data_dir = dir.path().string();
    o.transient_poll = 20ms;
    o.transient_poll_max = 100ms;
    o.driver_configs["mock"].options = {{"boot_delay", boot_delay}, {"stop_delay", boot_delay}};
    if (tune) tune(o);
    plane = std::make_unique<actors::ControlPlane>(std::move(o));
  }

  engine::Instance create() {
    engine::InstanceCreate what;
    what.image_id = "img1";
    auto r = await<engine::Instance>([&](auto cb) { plane->create_instance(account, what, cb); });
    REQUIRE(r.ok());
    return r.value();
  }
};

}  // namespace dc::test
