// Load balancers over HTTP.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

namespace {

std::vector<std::string> registered(const pugi::xml_node& lb) {
  std::vector<std::string> out;
  for (auto i : lb.child("instances").children("instance"))
    out.push_back(i.attribute("id").value());
  return out;
}

}  // namespace

TEST_CASE("the mock has a seeded load balancer in the reference's shape") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/load_balancers").body);
  auto lb = doc.child("load_balancers").child("load_balancer");
  CHECK(std::string{lb.attribute("id").value()} == "lb1");
  CHECK(std::string{lb.child("realm").attribute("id").value()} == "us");
  auto listener = lb.child("listeners").child("listener");
  CHECK(std::string{listener.attribute("protocol").value()} == "HTTP");
  CHECK(std::string{listener.child_value("load_balancer_port")} == "80");
  CHECK(std::string{listener.child_value("instance_port")} == "8080");
  CHECK(registered(lb) == std::vector<std::string>{"inst1"});
  CHECK(
      std::string{lb.child("instances").child("instance").child("link").attribute("rel").value()} ==
      "unregister");
  CHECK(server.get_auth("/api/load_balancers/lb1?format=json")
            .body.find("\"listeners\":[{\"id\":\"1\"") != std::string::npos);
}

TEST_CASE("load balancers are created, register and unregister instances, and are destroyed") {
  TestServer server(instant_transitions());
  auto created = server.post_auth(
      "/api/load_balancers?name=web&realm_id=eu&listener_protocol=TCP&listener_balancer_port=443&"
      "listener_instance_port=8443");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/load_balancers/web");
  auto reg = server.post_auth("/api/load_balancers/web/register?instance_id=inst2");
  REQUIRE(reg.status == 200);
  auto reg_doc = parse_xml(reg.body);
  CHECK(registered(reg_doc.child("load_balancer")) == std::vector<std::string>{"inst2"});
  CHECK(server.post_auth("/api/load_balancers/web/register?instance_id=inst2").status == 409);
  CHECK(server.post_auth("/api/load_balancers/web/register?instance_id=inst99").status == 404);
  auto unreg = server.post_auth("/api/load_balancers/web/unregister?instance_id=inst2");
  REQUIRE(unreg.status == 200);
  auto unreg_doc = parse_xml(unreg.body);
  CHECK(registered(unreg_doc.child("load_balancer")).empty());
  CHECK(server.post_auth("/api/load_balancers/web/unregister?instance_id=inst2").status == 409);
  CHECK(server.delete_auth("/api/load_balancers/web").status == 204);
  CHECK(server.get_auth("/api/load_balancers/web").status == 404);
}

TEST_CASE("load balancer requests with bad input get clear 4xx errors") {
  TestServer server;
  std::string base =
      "/api/load_balancers?name=x&realm_id=us&listener_balancer_port=80&listener_instance_port=80";
  CHECK(server.post_auth(base + "&listener_protocol=UDP").status == 400);
  CHECK(server
            .post_auth(
                "/api/"
                "load_balancers?name=x&realm_id=us&listener_protocol=HTTP&listener_balancer_port=0&"
                "listener_instance_port=80")
            .status == 400);
  CHECK(server
            .post_auth("/api/"
                       "load_balancers?name=x&realm_id=mars&listener_protocol=HTTP&listener_"
                       "balancer_port=80&"
                       "listener_instance_port=80")
            .status == 400);
  CHECK(server.post_auth("/api/load_balancers?name=x").status == 400);
  CHECK(server.post_auth("/api/load_balancers/lb1/register").status == 400);
}

TEST_CASE("destroying an instance unregisters it; registrations survive a restart") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/load_balancers/lb1/register?instance_id=inst2").status == 200);
  server.restart();
  auto doc = parse_xml(server.get_auth("/api/load_balancers/lb1").body);
  CHECK(registered(doc.child("load_balancer")) == std::vector<std::string>{"inst1", "inst2"});
  REQUIRE(server.post_auth("/api/instances/inst2/stop").status == 202);
  REQUIRE(server.delete_auth("/api/instances/inst2").status == 204);
  auto after = parse_xml(server.get_auth("/api/load_balancers/lb1").body);
  CHECK(registered(after.child("load_balancer")) == std::vector<std::string>{"inst1"});
}
