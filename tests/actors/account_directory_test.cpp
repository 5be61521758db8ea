// The directory of accounts is bounded: quiet accounts unused for account_idle are let go, and
// at max_accounts the least recently used quiet ones make room. Accounts somebody follows stay.

#include <catch2/catch.hpp>

#include "engine/clock.hpp"
#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;

namespace {

actors::Account mock_account(const std::string& user) {
  return actors::Account{"mock", "", {user, user + "pass"}};
}

/// Three mock accounts besides mockuser, on a clock the test moves.
struct DirectoryFixture : Fixture {
  DirectoryFixture(engine::ManualClock& clock, std::size_t max_accounts)
      : Fixture("0", [&clock, max_accounts](actors::ControlPlaneOptions& o) {
          o.clock = &clock;
          o.max_accounts = max_accounts;
          o.account_idle = std::chrono::minutes{10};
          o.driver_configs["mock"].options["accounts"] =
              "mockuser:mockpassword\na:apass\nb:bpass\nc:cpass";
        }) {}

  engine::Result<engine::Unit> use(const std::string& user) {
    return await<engine::Unit>([&](auto cb) { plane->authenticate(mock_account(user), cb); });
  }

  /// Polls until `done` holds (true) or 10 s pass (false).
  template <class Done>
  static bool eventually(Done done) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return done();
  }
};

}  // namespace

TEST_CASE("at max_accounts a new account waits while the least recently used makes room") {
  engine::ManualClock clock;
  DirectoryFixture f{clock, 2};
  REQUIRE(f.use("a").ok());
  clock.advance(1s);
  REQUIRE(f.use("b").ok());
  CHECK(f.plane->account_count() == 2);
  auto refused = f.use("c");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == engine::ErrorKind::unavailable);
  // `a`, used least recently and quiet, goes; `c` gets its place.
  CHECK(DirectoryFixture::eventually([&] { return f.use("c").ok(); }));
  CHECK(f.plane->account_count() <= 2);
}

TEST_CASE("an account nobody used for account_idle is let go") {
  engine::ManualClock clock;
  DirectoryFixture f{clock, 100};
  REQUIRE(f.use("a").ok());
  clock.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());  // any request sweeps the directory
  CHECK(DirectoryFixture::eventually([&] { return f.plane->account_count() == 1; }));
  // It comes back on its next request.
  CHECK(f.use("a").ok());
  CHECK(f.plane->account_count() == 2);
}

TEST_CASE("an account whose events somebody follows is kept however quiet") {
  engine::ManualClock clock;
  DirectoryFixture f{clock, 100};
  REQUIRE(f.use("a").ok());
  actors::EventFilter filter;
  filter.driver = "mock";
  filter.user = "a";
  Collector events;
  auto subscription = f.plane->subscribe(filter, std::nullopt, events.sink());
  clock.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());  // sweeps: `a` is not asked to go
  // A request to `a` sent after the sweep is answered after any request to go would have been
  // handled: had `a` gone, the directory would no longer hold it.
  REQUIRE(f.use("a").ok());
  CHECK(f.plane->account_count() == 2);
  f.plane->unsubscribe(subscription);
  clock.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());
  CHECK(DirectoryFixture::eventually([&] { return f.plane->account_count() == 1; }));
}

TEST_CASE("an account let go while idle keeps its finished jobs") {
  engine::ManualClock clock;
  DirectoryFixture f{clock, 100};
  engine::JobSpec spec;
  spec.what.image_id = "img1";
  spec.count = 2;
  auto job =
      await<engine::JobSummary>([&](auto cb) { f.plane->create_job(mock_account("a"), spec, cb); });
  REQUIRE(job.ok());
  REQUIRE(DirectoryFixture::eventually([&] {
    auto page = await<engine::JobPage>(
        [&](auto cb) { f.plane->job(mock_account("a"), job.value().id, 0, 10, cb); });
    return page.ok() && page.value().summary.state == engine::JobState::completed;
  }));
  clock.advance(std::chrono::minutes{11});
  REQUIRE(f.use("b").ok());
  REQUIRE(DirectoryFixture::eventually([&] { return f.plane->account_count() == 1; }));
  // Its next actor lists the job as it was.
  auto page = await<engine::JobPage>(
      [&](auto cb) { f.plane->job(mock_account("a"), job.value().id, 0, 10, cb); });
  REQUIRE(page.ok());
  CHECK(page.value().summary.state == engine::JobState::completed);
  CHECK(page.value().summary.counts.created == 2);
}
