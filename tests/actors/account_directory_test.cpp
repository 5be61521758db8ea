// The directory of accounts is bounded: quiet accounts unused for account_idle are let go, and
// at max_accounts the least recently used quiet ones make room. Accounts somebody follows stay.
// A client's logins still being checked, and one user's accounts, have caps of their own.

#include <catch2/catch.hpp>

#include "tests/actors/held_driver.hpp"
#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;

namespace {

actors::Account mock_account(const std::string& user) {
  return actors::Account{"mock", "", {user, user + "pass"}};
}

/// Three mock accounts besides mockuser.
struct DirectoryFixture : Fixture {
  explicit DirectoryFixture(std::size_t max_accounts)
      : Fixture("0", [max_accounts](actors::ControlPlaneOptions& o) {
          o.max_accounts = max_accounts;
          o.account_idle = std::chrono::minutes{10};
          o.driver_configs["mock"].options["accounts"] =
              "mockuser:mockpassword\na:apass\nb:bpass\nc:cpass";
        }) {}

  engine::Result<engine::Unit> use(const std::string& user) {
    return await<engine::Unit>([&](auto cb) { plane->authenticate(mock_account(user), cb); });
  }
};

}  // namespace

TEST_CASE("at max_accounts a new account waits while the least recently used makes room") {
  DirectoryFixture f{2};
  REQUIRE(f.use("a").ok());
  f.advance(1s);
  REQUIRE(f.use("b").ok());
  CHECK(f.plane->account_count() == 2);
  auto refused = f.use("c");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == engine::ErrorKind::unavailable);
  // `a`, used least recently and quiet, goes; `c` gets its place.
  CHECK(f.eventually([&] { return f.use("c").ok(); }));
  CHECK(f.plane->account_count() <= 2);
}

TEST_CASE("an account nobody used for account_idle is let go") {
  DirectoryFixture f{100};
  REQUIRE(f.use("a").ok());
  f.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());  // any request sweeps the directory
  CHECK(f.eventually([&] { return f.plane->account_count() == 1; }));
  // It comes back on its next request.
  CHECK(f.use("a").ok());
  CHECK(f.plane->account_count() == 2);
}

TEST_CASE("an account whose events somebody follows is kept however quiet") {
  DirectoryFixture f{100};
  REQUIRE(f.use("a").ok());
  actors::EventFilter filter;
  filter.driver = "mock";
  filter.user = "a";
  Collector events{*f.plane};
  auto subscription = f.plane->subscribe(filter, std::nullopt, events.sink());
  f.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());  // sweeps: `a` is not asked to go
  // A request to `a` sent after the sweep is answered after any request to go would have been
  // handled: had `a` gone, the directory would no longer hold it.
  REQUIRE(f.use("a").ok());
  CHECK(f.plane->account_count() == 2);
  f.plane->unsubscribe(subscription);
  f.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());
  CHECK(f.eventually([&] { return f.plane->account_count() == 1; }));
}

TEST_CASE("an account let go while idle keeps its finished jobs") {
  DirectoryFixture f{100};
  engine::JobSpec spec;
  spec.what.image_id = "img1";
  spec.count = 2;
  auto job = f.await<engine::JobSummary>(
      [&](auto cb) { f.plane->create_job(mock_account("a"), spec, cb); });
  REQUIRE(job.ok());
  REQUIRE(f.eventually([&] {
    auto page = f.await<engine::JobPage>(
        [&](auto cb) { f.plane->job(mock_account("a"), job.value().id, 0, 10, cb); });
    return page.ok() && page.value().summary.state == engine::JobState::completed;
  }));
  f.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());
  REQUIRE(f.eventually([&] { return f.plane->account_count() == 1; }));
  // Its next actor lists the job as it was.
  auto page = f.await<engine::JobPage>(
      [&](auto cb) { f.plane->job(mock_account("a"), job.value().id, 0, 10, cb); });
  REQUIRE(page.ok());
  CHECK(page.value().summary.state == engine::JobState::completed);
  CHECK(page.value().summary.counts.created == 2);
}

TEST_CASE("a client may have at most max_logins_per_client logins waiting for the provider") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) { o.max_logins_per_client = 2; }};
  auto held = [](const std::string& user, const std::string& client) {
    return actors::Account{"held", "", {user, "pw"}, client};
  };
  Later<engine::Unit> first, second, elsewhere;
  f.plane->authenticate(held("u1", "192.0.2.1"), first.reply());
  f.plane->authenticate(held("u2", "192.0.2.1"), second.reply());
  REQUIRE(f.eventually([] { return test::held_calls::count() == 2; }));

  auto refused =
      f.await<engine::Unit>([&](auto cb) { f.plane->authenticate(held("u3", "192.0.2.1"), cb); });
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == engine::ErrorKind::throttled);
  CHECK(refused.error().message.find("max_logins_per_client") != std::string::npos);
  // Other clients are not held up by this one's slow logins.
  auto mock = f.account;
  mock.client = "192.0.2.2";
  CHECK(f.await<engine::Unit>([&](auto cb) { f.plane->authenticate(mock, cb); }).ok());
  f.plane->authenticate(held("u3", "192.0.2.2"), elsewhere.reply());
  REQUIRE(f.eventually([] { return test::held_calls::count() == 3; }));

  test::held_calls::answer_all(test::held_calls::Answer::accept);
  CHECK(first.get(*f.plane).ok());
  CHECK(second.get(*f.plane).ok());
  CHECK(elsewhere.get(*f.plane).ok());
  // Accepted, they no longer count: the first client may log in anew.
  Later<engine::Unit> later;
  f.plane->authenticate(held("u4", "192.0.2.1"), later.reply());
  REQUIRE(f.eventually([] { return test::held_calls::count() == 1; }));
  test::held_calls::answer_all(test::held_calls::Answer::refuse);
  auto answer = later.get(*f.plane);
  REQUIRE_FALSE(answer.ok());
  CHECK(answer.error().kind == engine::ErrorKind::authentication);
}

TEST_CASE("a login answered otherwise than by acceptance no longer counts as waiting") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.max_logins_per_client = 1;
              // The provider's failure reaches the client at once instead of being retried.
              o.driver_configs["held"].limits.retry.attempts = 1;
            }};
  auto held = [](const std::string& user) {
    return actors::Account{"held", "", {user, "pw"}, "192.0.2.9"};
  };
  Later<engine::Unit> first, second;
  f.plane->authenticate(held("u1"), first.reply());
  REQUIRE(f.eventually([] { return test::held_calls::count() == 1; }));
  test::held_calls::answer_all(test::held_calls::Answer::fail);
  auto failed = first.get(*f.plane);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == engine::ErrorKind::provider);
  // u1's account stays (unproven, quiet) but waits for nothing: the client may log in again.
  f.plane->authenticate(held("u2"), second.reply());
  REQUIRE(f.eventually([] { return test::held_calls::count() == 1; }));
  test::held_calls::answer_all(test::held_calls::Answer::accept);
  CHECK(second.get(*f.plane).ok());
}

TEST_CASE("past max_accounts_per_user a user's own quiet accounts make room") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.max_accounts_per_user = 2;
              o.driver_configs["mock"].options["accounts"] = "mockuser:mockpassword\neve:evepass";
            }};
  auto on = [&](const std::string& provider, const std::string& user = "mockuser",
                const std::string& password = "mockpassword") {
    return f.await<engine::Unit>([&](auto cb) {
      f.plane->authenticate(actors::Account{"mock", provider, {user, password}}, cb);
    });
  };
  REQUIRE(on("p1").ok());
  f.advance(1s);
  REQUIRE(on("p2").ok());
  f.advance(1s);
  // A wrong password is refused as always: it learns nothing of the user's accounts and
  // pushes none of them out.
  auto wrong = on("p3", "mockuser", "guess");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().kind == engine::ErrorKind::authentication);
  CHECK(f.plane->account_count() == 2);
  // Another user has a share of its own.
  REQUIRE(on("p3", "eve", "evepass").ok());
  CHECK(f.plane->account_count() == 3);
  // A third proven account of mockuser: its least recently used quiet one (p1) goes.
  REQUIRE(on("p3").ok());
  CHECK(f.eventually([&] { return f.plane->account_count() == 3; }));
}

TEST_CASE("an account let go is freed at once, though its next poll was a minute away") {
  // CAF's delayed_send held its receiver until due: every account let go stayed in memory, with
  // its driver, until its next resync.
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.resync_interval = std::chrono::minutes{1};
              o.account_idle = std::chrono::minutes{10};
              o.driver_configs["held"].options["hold"] = "creates";
            }};
  actors::Account who{"held", "", {"u", "pw"}};
  REQUIRE(f.await<engine::Unit>([&](auto cb) { f.plane->authenticate(who, cb); }).ok());
  CHECK(test::held_calls::drivers_alive() == 1);
  f.advance(std::chrono::minutes{11});
  REQUIRE(f.await<engine::Unit>([&](auto cb) { f.plane->authenticate(f.account, cb); }).ok());
  CHECK(f.eventually([&] { return f.plane->account_count() == 1; }));
  CHECK(f.eventually([] { return test::held_calls::drivers_alive() == 0; }));
}
