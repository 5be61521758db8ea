// Accounts tracked on the engine's own initiative (DESIGN §6): no client request needed, refused
// credentials end it, transient failures are tried again with growing delays.

#include <catch2/catch.hpp>

#include <vector>

#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;

namespace {

actors::AccountStats stats_of(Fixture& f, const actors::Account& who) {
  return f.await<actors::AccountStats>([&](auto cb) { f.plane->account_stats(who, cb); }).value();
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a tracked account is listed and observed without a client request") {
  REQUIRE(plane->account_count() == 0);
  auto r = await<engine::Unit>([&](auto cb) { plane->track_account(account, {}, cb); });
  REQUIRE(r.ok());
  CHECK(plane->account_count() == 1);
  // The mock's seed gives this account four instances; the first listing finds them all.
  CHECK(eventually([&] { return stats_of(*this, account).tracked == 4; }));
  CHECK(stats_of(*this, account).describe_calls >= 1);
}

TEST_CASE_METHOD(Fixture, "a tracked account whose credentials are refused is given up") {
  actors::Account wrong{"mock", "", {"mockuser", "guess"}};
  int retries = 0;
  auto r = await<engine::Unit>([&](auto cb) {
    plane->track_account(
        wrong, [&](const engine::Error&, auto) { ++retries; }, cb);
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == engine::ErrorKind::authentication);
  CHECK(retries == 0);
  // Refused credentials leave nothing behind to poll with.
  CHECK(plane->account_count() == 0);
}

TEST_CASE_METHOD(Fixture, "a tracked account of an unknown driver is reported") {
  actors::Account nowhere{"nowhere", "", {"u", "p"}};
  auto r = await<engine::Unit>([&](auto cb) { plane->track_account(nowhere, {}, cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().text().find("nowhere") != std::string::npos);
}

TEST_CASE("a tracked account's provider is tried again, later each time, until it answers") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.track_retry = 10ms;
              o.track_retry_max = 40ms;
              o.driver_configs["flakylogin"].options = {{"failures", "4"}};
            }};
  actors::Account flaky{"flakylogin", "", {"someone", "secret"}};
  std::vector<std::chrono::milliseconds> delays;
  auto r = f.await<engine::Unit>([&](auto cb) {
    f.plane->track_account(
        flaky,
        [&](const engine::Error& error, std::chrono::milliseconds retry_in) {
          CHECK(error.kind == engine::ErrorKind::unavailable);
          delays.push_back(retry_in);
        },
        cb);
  });
  REQUIRE(r.ok());
  CHECK(delays == std::vector<std::chrono::milliseconds>{10ms, 20ms, 40ms, 40ms});
  CHECK(f.plane->account_count() == 1);
}
