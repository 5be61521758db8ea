// The driver actor's polling in pages and its handling of a throttling provider.

#include <catch2/catch.hpp>

#include "tests/actors/plane_fixture.hpp"

using namespace dc;
using namespace dc::test;

TEST_CASE("polling asks for transient instances a page of ids per call, not one per instance") {
  Fixture f{"1",
            [](actors::ControlPlaneOptions& o) { o.driver_configs["mock"].limits.page_size = 3; }};
  Collector events{*f.plane};
  f.plane->subscribe({"mock", "", "mockuser", std::nullopt, std::nullopt}, std::nullopt,
                     events.sink());
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(f.create().id);
  // Let some cycles pass while all ten are PENDING (within their 1 s boot), then let them boot.
  auto stats = [&] {
    return f.await<actors::AccountStats>([&](auto cb) { f.plane->account_stats(f.account, cb); })
        .value();
  };
  REQUIRE(test::eventually(
      *f.plane, [&] { return stats().poll_cycles >= 4; }, 900ms));
  CHECK(stats().transient == 10);
  f.advance(2s);
  for (auto& id : ids) REQUIRE(events.wait_for(id, "RUNNING") >= 0);
  auto s = stats();
  CHECK(s.tracked == 14);
  CHECK(s.transient == 0);
  // 10 transient ids in pages of 3 is 4 calls a cycle; a full listing of 14 is 5 pages. One
  // call per instance would be 10 a cycle.
  CHECK(s.poll_cycles >= 4);
  CHECK(s.describe_calls <= s.poll_cycles * 5);
}

TEST_CASE("a create the provider throttles is retried until it goes through") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              auto& mock = o.driver_configs["mock"];
              mock.options["throttle.launch.burst"] = "1";
              mock.options["throttle.launch.per_second"] = "50";
              mock.limits.retry.initial = std::chrono::milliseconds{5};
              mock.limits.retry.max = std::chrono::milliseconds{50};
            }};
  for (int i = 0; i < 5; ++i) f.create();
  auto s = f.await<actors::AccountStats>([&](auto cb) {
              f.plane->account_stats(f.account, cb);
            }).value();
  CHECK(s.retries > 0);
  auto listed =
      f.await<std::vector<engine::Instance>>([&](auto cb) { f.plane->instances(f.account, cb); });
  CHECK(listed.value().size() == 4 + 5);
}

TEST_CASE("an account's rate limit paces its calls instead of failing them") {
  Fixture f{"0", [](actors::ControlPlaneOptions& o) {
              o.driver_configs["mock"].limits.rates["launch"] = engine::RateLimit{2, 100};
            }};
  auto started = f.plane->clock().now();
  for (int i = 0; i < 6; ++i) f.create();  // beyond the burst: held back, then done
  auto s = f.await<actors::AccountStats>([&](auto cb) {
              f.plane->account_stats(f.account, cb);
            }).value();
  CHECK(s.retries == 0);
  CHECK(s.queued_calls == 0);
  // Two from the burst, then four more at 100 a second: 40 ms of simulated time at least.
  CHECK(f.plane->clock().now() - started >= 40ms);
}
