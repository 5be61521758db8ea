// Creates with one client token that overlap: the second joins the first inside the account's
// actor, so the provider is asked once, whatever its own token lookup can see.

#include <catch2/catch.hpp>

#include "tests/actors/held_driver.hpp"
#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;

TEST_CASE("overlapping creates with one client token make one instance") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.driver_configs["held"].options["hold"] = "creates";
            }};
  actors::Account who{"held", "", {"u", "pw"}};
  engine::InstanceCreate what;
  what.image_id = "img1";
  what.client_token = "deploy-42";
  Later<engine::Instance> first, second, other;
  f.plane->create_instance(who, what, first.reply());
  f.plane->create_instance(who, what, second.reply());
  auto another = what;
  another.client_token = "deploy-43";
  f.plane->create_instance(who, another, other.reply());
  // Two provider calls: the repeated token joined the first.
  REQUIRE(f.eventually([] { return held_calls::count() == 2; }));
  held_calls::answer_all(held_calls::Answer::accept);
  auto a = first.get(*f.plane);
  auto b = second.get(*f.plane);
  auto c = other.get(*f.plane);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  CHECK(a.value().id == b.value().id);
  CHECK(c.value().id != a.value().id);
  CHECK(held_calls::count() == 0);

  // Once answered, the token is free again here: the provider's own lookup takes over.
  f.plane->create_instance(who, what, [](auto) {});
  CHECK(f.eventually([] { return held_calls::count() == 1; }));
  held_calls::answer_all(held_calls::Answer::refuse);
}

TEST_CASE("a create whose driver throws frees its client token for the next one") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.driver_configs["held"].options["hold"] = "creates";
            }};
  actors::Account who{"held", "", {"u", "pw"}};
  engine::InstanceCreate broken;
  broken.image_id = "throw";
  broken.client_token = "deploy-7";
  auto failed =
      f.await<engine::Instance>([&](auto cb) { f.plane->create_instance(who, broken, cb); });
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == engine::ErrorKind::backend);
  // Once the token stayed taken: this create joined a call that would never answer.
  auto fixed = broken;
  fixed.image_id = "img1";
  Later<engine::Instance> made;
  f.plane->create_instance(who, fixed, made.reply());
  REQUIRE(f.eventually([] { return held_calls::count() == 1; }));
  held_calls::answer_all(held_calls::Answer::accept);
  CHECK(made.get(*f.plane).ok());
}
