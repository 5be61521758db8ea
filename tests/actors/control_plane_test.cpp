#include <catch2/catch.hpp>

#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;
using namespace std::chrono_literals;

TEST_CASE_METHOD(Fixture,
                 "the driver actor's poll observes the automatic transition and publishes it") {
  Collector events{*plane};
  plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt,
                   events.sink());
  auto inst = create();
  CHECK(inst.state == engine::InstanceState::pending);
  auto created = events.wait_for(inst.id, "PENDING");
  auto running = events.wait_for(inst.id, "RUNNING");
  REQUIRE(created >= 0);
  REQUIRE(running > created);
  CHECK(events.items()[running].event->cause == "poll");
  CHECK(events.items()[running].event->from == "PENDING");
}

TEST_CASE_METHOD(Fixture, "stable instances seen in a list raise no events") {
  Collector events{*plane};
  plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt,
                   events.sink());
  for (int i = 0; i < 3; ++i) {
    auto r = await<std::vector<engine::Instance>>([&](auto cb) { plane->instances(account, cb); });
    REQUIRE(r.value().size() == 4);
  }
  auto inst = create();  // a later event proves the earlier lists were processed first
  REQUIRE(events.wait_for(inst.id, "PENDING") >= 0);
  for (auto& item : events.items())
    if (item.event) CHECK(item.event->instance_id == inst.id);
}

TEST_CASE_METHOD(Fixture, "the instance actor refuses an action its state does not allow") {
  Fixture slow{"30"};
  auto inst = slow.create();
  auto r = slow.await<engine::Instance>([&](auto cb) {
    slow.plane->instance_action(slow.account, inst.id, engine::InstanceAction::stop, cb);
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == engine::ErrorKind::method_not_allowed);
}

TEST_CASE_METHOD(Fixture, "events of other accounts are not visible") {
  Collector others{*plane};
  plane->subscribe({"mock", "", "someoneelse", std::nullopt, std::nullopt}, std::nullopt,
                   others.sink());
  Collector mine{*plane};
  plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt, mine.sink());
  auto inst = create();
  REQUIRE(mine.wait_for(inst.id, "PENDING") >= 0);
  for (auto& item : others.items()) CHECK_FALSE(item.event);
}

TEST_CASE_METHOD(Fixture, "an account whose credentials are refused does not stay around") {
  actors::Account stranger{"mock", "", {"mockuser", "guess"}};
  auto r = await<std::vector<engine::Realm>>(
      [&](auto cb) { plane->call(stranger, engine::read("realms", &engine::Driver::realms), cb); });
  CHECK(r.error().kind == engine::ErrorKind::authentication);
  CHECK(eventually([&] { return plane->account_count() == 0; }));
  // The valid account gets its own actor and keeps it.
  REQUIRE(await<std::vector<engine::Realm>>([&](auto cb) {
            plane->call(account, engine::read("realms", &engine::Driver::realms), cb);
          }).ok());
  CHECK(plane->account_count() == 1);
}

TEST_CASE_METHOD(Fixture, "an unknown driver is reported, not crashed on") {
  actors::Account nowhere{"nowhere", "", {"u", "p"}};
  auto r = await<std::vector<engine::Realm>>(
      [&](auto cb) { plane->call(nowhere, engine::read("realms", &engine::Driver::realms), cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().text().find("nowhere") != std::string::npos);
}

TEST_CASE_METHOD(Fixture,
                 "a destroy taken in the background whose read back fails is followed to its end") {
  actors::Account account{"backgrounddelete", "", {"someone", "secret"}};
  Collector events{*plane};
  plane->subscribe({"backgrounddelete", "", "someone", std::nullopt, std::nullopt}, std::nullopt,
                   events.sink());
  auto shown = await<engine::Instance>([&](auto cb) { plane->instance(account, "vm1", cb); });
  REQUIRE(shown.ok());
  REQUIRE(shown.value().state == engine::InstanceState::running);

  auto destroyed = await<engine::Instance>([&](auto cb) {
    plane->instance_action(account, "vm1", engine::InstanceAction::destroy, cb);
  });
  REQUIRE(destroyed.ok());
  // Not yet seen gone: it is on its way out, not finished.
  CHECK(destroyed.value().state == engine::InstanceState::shutting_down);
  // Polling goes on and sees it gone.
  CHECK(events.wait_for("vm1", "FINISH") >= 0);
}

TEST_CASE("a deterministic plane runs nothing until asked, and its time moves only when moved") {
  Fixture f;
  Later<engine::Unit> answer;
  f.plane->authenticate(f.account, answer.reply());
  CHECK_FALSE(answer.arrived());
  auto before = f.plane->clock().now();
  f.run();
  CHECK(answer.arrived());
  CHECK(f.plane->clock().now() == before);
  f.advance(90s);
  CHECK(f.plane->clock().now() - before == 90s);
}

TEST_CASE("only a plane made deterministic hands out its scheduler") {
  test::TempDir dir;
  actors::ControlPlaneOptions o;
  o.data_dir = dir.path().string();
  actors::ControlPlane threaded{std::move(o)};
  CHECK_THROWS_AS(threaded.deterministic(), std::logic_error);
}
