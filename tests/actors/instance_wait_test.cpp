// Waiting for an instance state: answered by the instance's actor when the state comes, when a
// state that ends waits comes, or when the timeout passes.

#include <catch2/catch.hpp>

#include "engine/clock.hpp"
#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;
using engine::InstanceState;

namespace {

/// The mock on a clock that moves only when a test says so: a created instance stays PENDING
/// until the clock passes its 1 s boot delay.
struct ManualFixture : Fixture {
  engine::ManualClock& clock;

  explicit ManualFixture(engine::ManualClock& c)
      : Fixture("1", [&c](actors::ControlPlaneOptions& o) { o.clock = &c; }), clock(c) {}
};

}  // namespace

TEST_CASE("a wait is answered when the instance reaches the state") {
  engine::ManualClock clock;
  ManualFixture f{clock};
  auto inst = f.create();
  REQUIRE(inst.state == InstanceState::pending);
  std::promise<engine::Result<engine::Instance>> answer;
  f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 60s, nullptr,
                             [&](engine::Result<engine::Instance> r) { answer.set_value(r); });
  auto future = answer.get_future();
  // Nothing can change while the clock stands still.
  CHECK(future.wait_for(200ms) == std::future_status::timeout);
  clock.advance(2s);  // past the boot delay: the next poll sees RUNNING
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  auto r = future.get();
  REQUIRE(r.ok());
  CHECK(r.value().id == inst.id);
  CHECK(r.value().state == InstanceState::running);
}

TEST_CASE("a wait that times out answers the state the instance is in") {
  engine::ManualClock clock;
  ManualFixture f{clock};
  auto inst = f.create();
  auto r = await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 50ms, nullptr, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::pending);
}

TEST_CASE("a wait for a state the instance is in answers at once") {
  Fixture f{"0"};
  auto inst = f.create();
  REQUIRE(inst.state == InstanceState::running);
  auto r = await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, nullptr, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::running);
}

TEST_CASE("destroying an instance ends a wait for another state with FINISH") {
  Fixture f{"0"};
  auto inst = f.create();
  REQUIRE(await<engine::Instance>([&](auto cb) {
            f.plane->instance_action(f.account, inst.id, engine::InstanceAction::stop, cb);
          })
              .value()
              .state == InstanceState::stopped);
  std::promise<engine::Result<engine::Instance>> answer;
  // Both requests go from this thread to the same account actor, so the wait is registered
  // before the destroy is handled.
  f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, nullptr,
                             [&](engine::Result<engine::Instance> r) { answer.set_value(r); });
  REQUIRE(await<engine::Unit>([&](auto cb) {
            f.plane->destroy_instance(f.account, inst.id, cb);
          }).ok());
  auto future = answer.get_future();
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  auto r = future.get();
  REQUIRE(r.ok());
  CHECK(r.value().id == inst.id);
  CHECK(r.value().state == InstanceState::finish);
}

TEST_CASE("waiting on an unknown instance is not found") {
  Fixture f;
  auto r = await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, "nosuch", InstanceState::running, 10s, nullptr, cb);
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == engine::ErrorKind::not_found);
}

TEST_CASE("a cancelled wait ends at once instead of at its timeout") {
  engine::ManualClock clock;
  ManualFixture f{clock};
  auto inst = f.create();
  REQUIRE(inst.state == InstanceState::pending);
  auto cancel = std::make_shared<engine::Cancellation>();
  std::promise<engine::Result<engine::Instance>> answer;
  f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, cancel,
                             [&](engine::Result<engine::Instance> r) { answer.set_value(r); });
  auto future = answer.get_future();
  // The clock stands still: only the cancellation can end this wait.
  CHECK(future.wait_for(100ms) == std::future_status::timeout);
  cancel->cancel();
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  CHECK(future.get().value().state == InstanceState::pending);
}

TEST_CASE("a wait cancelled before it reaches the instance ends as soon as it arrives") {
  engine::ManualClock clock;
  ManualFixture f{clock};
  auto inst = f.create();
  auto cancel = std::make_shared<engine::Cancellation>();
  cancel->cancel();
  auto r = await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, cancel, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::pending);
}
