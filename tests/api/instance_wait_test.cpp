// GET /api/instances/:id?wait_for=STATE&timeout=SECONDS over HTTP.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

std::string state_of(const Response& r) {
  auto doc = parse_xml(r.body);
  return doc.child("instance").child_value("state");
}

}  // namespace

TEST_CASE("a show with wait_for answers once the instance is in that state") {
  TestServerOptions o;
  o.boot_delay = "0.3";
  TestServer server(o);
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto r = server.get_auth("/api/instances/inst4?wait_for=RUNNING&timeout=30");
  REQUIRE(r.status == 200);
  CHECK(state_of(r) == "RUNNING");
  auto json = server.get_auth("/api/instances/inst4?wait_for=running&format=json");
  REQUIRE(json.status == 200);
  CHECK(json.body.find("\"state\":\"RUNNING\"") != std::string::npos);
}

TEST_CASE("a wait whose timeout passes answers the state the instance is still in") {
  TestServer server(slow_transitions());
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto r = server.get_auth("/api/instances/inst4?wait_for=RUNNING&timeout=1");
  REQUIRE(r.status == 200);
  CHECK(state_of(r) == "PENDING");
}

TEST_CASE("a wait may outlast the server's request timeout") {
  auto o = slow_transitions();
  o.request_timeout = 1s;
  TestServer server(o);
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto r = server.get_auth("/api/instances/inst4?wait_for=RUNNING&timeout=2");
  REQUIRE(r.status == 200);  // not 504 after 1 s
  CHECK(state_of(r) == "PENDING");
}

TEST_CASE("bad wait parameters are 400, an unknown instance 404") {
  TestServer server;
  CHECK(server.get_auth("/api/instances/inst0?wait_for=SLEEPING").status == 400);
  CHECK(server.get_auth("/api/instances/inst0?wait_for=START").status == 400);
  CHECK(server.get_auth("/api/instances/inst0?wait_for=RUNNING&timeout=soon").status == 400);
  CHECK(server.get_auth("/api/instances/inst0?wait_for=RUNNING&timeout=-1").status == 400);
  CHECK(server.get_auth("/api/instances/inst0?wait_for=RUNNING&timeout=3601").status == 400);
  CHECK(server.get_auth("/api/instances/inst0?timeout=5").status == 400);
  CHECK(server.get_auth("/api/instances/nosuch?wait_for=RUNNING&timeout=5").status == 404);
}
