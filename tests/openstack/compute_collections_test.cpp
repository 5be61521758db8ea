// The compute collections besides instances, on a real OpenStack: hardware profiles from
// Nova's flavors.
#include <catch2/catch.hpp>

#include "tests/openstack/cloud_test_helpers.hpp"

using namespace dc::test;

TEST_CASE("hardware profiles are Nova's flavors with fixed properties") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto r = server.get("/api/hardware_profiles", cloud.demo);
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  // The loopback cloud seeds m1.tiny .. m1.xlarge as flavors 1 to 5.
  CHECK(ids(doc.child("hardware_profiles"), "hardware_profile").size() >= 5);
  auto tiny = doc.child("hardware_profiles").find_child_by_attribute("hardware_profile", "id", "1");
  REQUIRE(tiny);
  CHECK(std::string{tiny.child_value("name")} == "m1.tiny");
  auto memory = tiny.find_child_by_attribute("property", "name", "memory");
  CHECK(std::string{memory.attribute("kind").value()} == "fixed");
  CHECK(std::string{memory.attribute("unit").value()} == "MB");
  CHECK(std::string{memory.attribute("value").value()} == "512");

  auto one = server.get("/api/hardware_profiles/2", cloud.demo);
  REQUIRE(one.status == 200);
  CHECK(std::string{parse_xml(one.body).child("hardware_profile").child_value("name")} ==
        "m1.small");
  CHECK(server.get("/api/hardware_profiles/nosuch", cloud.demo).status == 404);
  auto json = server.get("/api/hardware_profiles?format=json", cloud.demo);
  CHECK(json.body.find("\"m1.tiny\"") != std::string::npos);
  // The flavors are the account's: without credentials the client is asked for them.
  auto anonymous = http(server.port(), "GET", "/api/hardware_profiles");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.has_header("WWW-Authenticate"));
}
