// The one path of provider calls: every call counted by driver, operation and outcome; a call
// the provider never answers is answered at its deadline, and a create that succeeds late is
// tracked all the same.

#include <catch2/catch.hpp>

#include "engine/provider_call.hpp"
#include "tests/actors/held_driver.hpp"
#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;
using engine::CallOutcome;

TEST_CASE("every provider call is counted by driver, operation and outcome") {
  Fixture f;
  auto keys = [&] {
    return f.await<std::vector<engine::Key>>([&](auto cb) {
      f.plane->call(f.account, engine::read("keys", &engine::Driver::keys), cb);
    });
  };
  REQUIRE(keys().ok());
  REQUIRE(keys().ok());
  auto missing = f.await<engine::Key>([&](auto cb) {
    f.plane->call(f.account, engine::read("key", &engine::Driver::key, std::string{"nosuch"}), cb);
  });
  CHECK(missing.error().kind == engine::ErrorKind::not_found);
  auto& counts = f.plane->call_counts();
  CHECK(counts.tally("mock", "keys", CallOutcome::ok).calls == 2);
  CHECK(counts.tally("mock", "key", CallOutcome::fatal).calls == 1);
  CHECK(counts.tally("mock", "key", CallOutcome::ok).calls == 0);
  CHECK(counts.retries("mock", "keys") == 0);
  // Instance calls take the same path.
  f.create();
  CHECK(counts.tally("mock", "create_instance", CallOutcome::ok).calls == 1);
  bool listed = false;
  for (auto& row : counts.rows()) listed |= row.operation == "create_instance";
  CHECK(listed);
}

TEST_CASE("a call the provider does not answer by its deadline is answered with a timeout") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.driver_configs["held"].options["hold"] = "creates";
              o.driver_configs["held"].limits.retry.deadline = 200ms;
            }};
  actors::Account who{"held", "", {"u", "pw"}};
  engine::InstanceCreate what;
  what.image_id = "img1";
  auto asked = f.plane->clock().now();
  auto timed_out =
      f.await<engine::Instance>([&](auto cb) { f.plane->create_instance(who, what, cb); });
  CHECK(f.plane->clock().now() - asked == 200ms);
  REQUIRE_FALSE(timed_out.ok());
  CHECK(timed_out.error().kind == engine::ErrorKind::provider_timeout);
  CHECK(timed_out.error().text().find("deadline_ms") != std::string::npos);
  // The provider answers late: counted as made, but its caller was answered already.
  REQUIRE(held_calls::count() == 1);
  held_calls::answer_all(held_calls::Answer::accept);
  auto answered = f.plane->clock().now();
  f.run();
  CHECK(f.plane->call_counts().tally("held", "create_instance", CallOutcome::ok).calls == 1);
  // What it made is tracked at once, not a resync period later.
  auto stats = f.await<actors::AccountStats>([&](auto cb) { f.plane->account_stats(who, cb); });
  REQUIRE(stats.ok());
  CHECK(stats.value().tracked == 1);
  CHECK(f.plane->clock().now() == answered);
  // The slot it held is free again: the next call goes to the provider.
  f.plane->create_instance(who, what, [](auto) {});
  CHECK(f.eventually([] { return held_calls::count() == 1; }));
  held_calls::answer_all(held_calls::Answer::refuse);
}
