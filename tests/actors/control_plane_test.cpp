#include <catch2/catch.hpp>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "actors/control_plane.hpp"
#include "engine/driver_config.hpp"
#include "tests/support/temp_dir.hpp"

using namespace dc;
using namespace std::chrono_literals;

namespace {

/// Collects stream items from a subscription, thread-safely.
struct Collector {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<actors::StreamItem> items;

  actors::ControlPlane::EventSink sink() {
    return [this](const actors::StreamItem& item) {
      std::lock_guard guard{mutex};
      items.push_back(item);
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

  explicit Fixture(std::string boot_delay = "0.05") {
    actors::ControlPlaneOptions o;
    o.data_dir = dir.path().string();
    o.transient_poll = 20ms;
    o.transient_poll_max = 100ms;
    o.driver_configs["mock"].options = {{"boot_delay", boot_delay}, {"stop_delay", boot_delay}};
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

}  // namespace

TEST_CASE_METHOD(Fixture,
                 "the driver actor's poll observes the automatic transition and publishes it") {
  Collector events;
  plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt,
                   events.sink());
  auto inst = create();
  CHECK(inst.state == engine::InstanceState::pending);
  auto created = events.wait_for(inst.id, "PENDING");
  auto running = events.wait_for(inst.id, "RUNNING");
  REQUIRE(created >= 0);
  REQUIRE(running > created);
  std::lock_guard guard{events.mutex};
  CHECK(events.items[running].event->cause == "poll");
  CHECK(events.items[running].event->from == "PENDING");
}

TEST_CASE_METHOD(Fixture, "stable instances seen in a list raise no events") {
  Collector events;
  plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt,
                   events.sink());
  for (int i = 0; i < 3; ++i) {
    auto r = await<std::vector<engine::Instance>>([&](auto cb) { plane->instances(account, cb); });
    REQUIRE(r.value().size() == 4);
  }
  auto inst = create();  // a later event proves the earlier lists were processed first
  REQUIRE(events.wait_for(inst.id, "PENDING") >= 0);
  std::lock_guard guard{events.mutex};
  for (auto& item : events.items)
    if (item.event) CHECK(item.event->instance_id == inst.id);
}

TEST_CASE_METHOD(Fixture, "the instance actor refuses an action its state does not allow") {
  Fixture slow{"30"};
  auto inst = slow.create();
  auto r = await<engine::Instance>([&](auto cb) {
    slow.plane->instance_action(slow.account, inst.id, engine::InstanceAction::stop, cb);
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == engine::ErrorKind::method_not_allowed);
}

TEST_CASE_METHOD(Fixture, "events of other accounts are not visible") {
  Collector others;
  plane->subscribe({"mock", "", "someoneelse", std::nullopt, std::nullopt}, std::nullopt,
                   others.sink());
  Collector mine;
  plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt, mine.sink());
  auto inst = create();
  REQUIRE(mine.wait_for(inst.id, "PENDING") >= 0);
  std::lock_guard guard{others.mutex};
  for (auto& item : others.items) CHECK_FALSE(item.event);
}

TEST_CASE_METHOD(Fixture, "an account whose credentials are refused does not stay around") {
  actors::Account stranger{"mock", "", {"mockuser", "guess"}};
  auto r = await<std::vector<engine::Realm>>([&](auto cb) { plane->realms(stranger, cb); });
  CHECK(r.error().kind == engine::ErrorKind::authentication);
  auto until = std::chrono::steady_clock::now() + 10s;
  while (plane->account_count() != 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  CHECK(plane->account_count() == 0);
  // The valid account gets its own actor and keeps it.
  REQUIRE(await<std::vector<engine::Realm>>([&](auto cb) { plane->realms(account, cb); }).ok());
  CHECK(plane->account_count() == 1);
}

TEST_CASE_METHOD(Fixture, "an unknown driver is reported, not crashed on") {
  actors::Account nowhere{"nowhere", "", {"u", "p"}};
  auto r = await<std::vector<engine::Realm>>([&](auto cb) { plane->realms(nowhere, cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().text().find("nowhere") != std::string::npos);
}
