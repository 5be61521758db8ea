// Every collection reaches the provider on the same path: the mock's injected faults strike
// reads of every collection, and the retry policy absorbs them for all of them alike.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"

using namespace dc::test;
using dc::engine::CallOutcome;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> collection_reads = {"/api/realms",
                                                   "/api/realms/us",
                                                   "/api/images",
                                                   "/api/images/img1",
                                                   "/api/instances",
                                                   "/api/keys",
                                                   "/api/keys/test-key",
                                                   "/api/storage_volumes",
                                                   "/api/storage_volumes/vol1",
                                                   "/api/storage_snapshots",
                                                   "/api/buckets",
                                                   "/api/buckets/bucket1",
                                                   "/api/addresses",
                                                   "/api/firewalls",
                                                   "/api/networks",
                                                   "/api/subnets",
                                                   "/api/network_interfaces",
                                                   "/api/load_balancers",
                                                   "/api/metrics"};

TestServerOptions faulty_cloud(int attempts) {
  TestServerOptions o;
  o.mock_options = {{"fault_rate", "0.3"}, {"random_seed", "4"}};
  dc::engine::DriverLimits limits;
  limits.retry.attempts = attempts;
  limits.retry.initial = 1ms;
  limits.retry.max = 5ms;
  o.mock_limits = limits;
  return o;
}

}  // namespace

TEST_CASE("reads of every collection fail sometimes when the provider faults and nothing retries") {
  TestServer server{faulty_cloud(1)};
  for (auto& path : collection_reads) {
    INFO(path);
    int failed = 0;
    for (int i = 0; i < 30; ++i) {
      auto r = server.get_auth(path);
      if (r.status == 503)
        ++failed;
      else
        CHECK(r.status == 200);
    }
    CHECK(failed > 0);
  }
}

TEST_CASE("reads of every collection never fail on the same faults with the default retries") {
  TestServer server{faulty_cloud(dc::engine::RetryPolicy{}.attempts)};
  for (auto& path : collection_reads) {
    INFO(path);
    for (int i = 0; i < 30; ++i) CHECK(server.get_auth(path).status == 200);
  }
  // Counted on the one path: each key list answered once, after retries of its faults.
  auto& counts = server.app().plane().call_counts();
  CHECK(counts.tally("mock", "keys", CallOutcome::ok).calls == 30);
  CHECK(counts.tally("mock", "keys", CallOutcome::transient).calls > 0);
  CHECK(counts.retries("mock", "keys") ==
        counts.tally("mock", "keys", CallOutcome::transient).calls);
}
