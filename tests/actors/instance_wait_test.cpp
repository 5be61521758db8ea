// Waiting for an instance state: answered by the instance's actor when the state comes, when a
// state that ends waits comes, or when the timeout passes.

#include <catch2/catch.hpp>

#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;
using engine::InstanceState;

namespace {

/// A created instance stays PENDING until time passes its 1 s boot delay.
struct BootingFixture : Fixture {
  BootingFixture() : Fixture("1") {}
};

}  // namespace

TEST_CASE("a wait is answered when the instance reaches the state") {
  BootingFixture f;
  auto inst = f.create();
  REQUIRE(inst.state == InstanceState::pending);
  Later<engine::Instance> answer;
  f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 60s, nullptr,
                             answer.reply());
  // Polls come and go, but the instance boots only after 1 s.
  f.advance(900ms);
  CHECK_FALSE(answer.arrived());
  f.advance(200ms);  // past the boot delay: the next poll sees RUNNING
  CHECK(answer.arrived());
  auto r = answer.get(*f.plane);
  REQUIRE(r.ok());
  CHECK(r.value().id == inst.id);
  CHECK(r.value().state == InstanceState::running);
}

TEST_CASE("a wait that times out answers the state the instance is in") {
  BootingFixture f;
  auto inst = f.create();
  auto asked = f.plane->clock().now();
  auto r = f.await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 50ms, nullptr, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::pending);
  CHECK(f.plane->clock().now() - asked == 50ms);
}

TEST_CASE("a wait for a state the instance is in answers at once") {
  Fixture f{"0"};
  auto inst = f.create();
  REQUIRE(inst.state == InstanceState::running);
  auto r = f.await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, nullptr, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::running);
}

TEST_CASE("destroying an instance ends a wait for another state with FINISH") {
  Fixture f{"0"};
  auto inst = f.create();
  REQUIRE(f.await<engine::Instance>([&](auto cb) {
             f.plane->instance_action(f.account, inst.id, engine::InstanceAction::stop, cb);
           })
              .value()
              .state == InstanceState::stopped);
  Later<engine::Instance> answer;
  // Both requests go to the same account actor, so the wait is registered before the destroy
  // is handled.
  f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, nullptr,
                             answer.reply());
  REQUIRE(f.await<engine::Unit>([&](auto cb) {
             f.plane->destroy_instance(f.account, inst.id, cb);
           }).ok());
  auto r = answer.get(*f.plane);
  REQUIRE(r.ok());
  CHECK(r.value().id == inst.id);
  CHECK(r.value().state == InstanceState::finish);
}

TEST_CASE("waiting on an unknown instance is not found") {
  Fixture f;
  auto r = f.await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, "nosuch", InstanceState::running, 10s, nullptr, cb);
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == engine::ErrorKind::not_found);
}

TEST_CASE("a cancelled wait ends at once instead of at its timeout") {
  BootingFixture f;
  auto inst = f.create();
  REQUIRE(inst.state == InstanceState::pending);
  auto cancel = std::make_shared<engine::Cancellation>();
  Later<engine::Instance> answer;
  f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, cancel,
                             answer.reply());
  f.advance(500ms);
  CHECK_FALSE(answer.arrived());
  // Before the boot delay and long before the timeout: only the cancellation ends this wait.
  auto cancelled_at = f.plane->clock().now();
  cancel->cancel();
  CHECK(answer.get(*f.plane).value().state == InstanceState::pending);
  CHECK(f.plane->clock().now() == cancelled_at);
}

TEST_CASE("a wait cancelled before it reaches the instance ends as soon as it arrives") {
  BootingFixture f;
  auto inst = f.create();
  auto cancel = std::make_shared<engine::Cancellation>();
  cancel->cancel();
  auto r = f.await<engine::Instance>([&](auto cb) {
    f.plane->wait_for_instance(f.account, inst.id, InstanceState::running, 3600s, cancel, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::pending);
}
