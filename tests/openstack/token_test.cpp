// Keystone tokens die before deltacloudd expects them to (revoked, or the cloud's token lifetime
// is shorter than assumed): the driver logs in again and repeats the call, and the client never
// sees it.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/openstack/cloud_test_helpers.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

const std::string nova_servers = "http://127.0.0.1:8774/v2.1/servers";

int nova_status_with(const std::string& token) {
  return cloud_http("GET", nova_servers, {{"X-Auth-Token", token}}).status;
}

}  // namespace

TEST_CASE("a token Keystone revoked is replaced without the client noticing") {
  auto& cloud = *loopback_cloud();
  TemporaryUser temporary(cloud, "dc-token");
  const auto& user = temporary.user();
  OpenStackServer server(cloud);
  // deltacloudd logs in and keeps its token; the test's own token of the same age stands in for
  // it, used against Nova the same way.
  REQUIRE(server.get("/api/instances", user).status == 200);
  auto witness = keystone_token(cloud, user);
  REQUIRE(nova_status_with(witness) == 200);

  temporary.revoke_tokens();
  // Every token issued before is now refused by Nova, deltacloudd's included.
  CHECK(nova_status_with(witness) == 401);
  // Keystone revokes by the second: wait until a token issued now is good again.
  auto until = std::chrono::steady_clock::now() + 30s;
  while (nova_status_with(keystone_token(cloud, user)) != 200) {
    REQUIRE(std::chrono::steady_clock::now() < until);
    std::this_thread::sleep_for(200ms);
  }

  auto listed = server.get("/api/instances", user);
  INFO(listed.body);
  CHECK(listed.status == 200);
  CHECK(server.get("/api/realms", user).status == 200);
}
