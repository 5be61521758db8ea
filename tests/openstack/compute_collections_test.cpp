// The compute collections besides instances, on a real OpenStack: hardware profiles from
// Nova's flavors.
#include <catch2/catch.hpp>

#include "tests/openstack/cloud_test_helpers.hpp"
#include "tests/openstack/servers_made.hpp"

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

TEST_CASE("an image is made of an instance and destroyed") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto& demo = cloud.demo;
  ServersMade servers(cloud, demo);
  auto instance = servers.keep(server.post(
      "/api/instances?image_id=" + seeded_image(server, demo) + "&name=" + unique_name("source"),
      demo));
  REQUIRE(eventually([&] { return instance_state(server, demo, instance) == "RUNNING"; },
                     std::chrono::seconds{60}));

  auto name = unique_name("image");
  auto made = server.post(
      "/api/images?instance_id=" + instance + "&name=" + name + "&description=made+by+a+test",
      demo);
  INFO(made.body);
  REQUIRE(made.status == 201);
  auto made_doc = parse_xml(made.body);  // outlives the nodes read from it
  auto image = made_doc.child("image");
  std::string id = image.attribute("id").value();
  CHECK(made.header("location").find("/api/images/" + id) != std::string::npos);
  CHECK(std::string{image.child_value("name")} == name);
  CHECK(std::string{image.child_value("description")} == "made by a test");
  // The fake hypervisor never uploads the snapshot's bytes: the image stays QUEUED here; a
  // real cloud goes on to SAVING and AVAILABLE.
  auto state = std::string{image.child_value("state")};
  CHECK((state == "QUEUED" || state == "SAVING" || state == "AVAILABLE"));
  CHECK(image.child("actions").find_child_by_attribute("link", "rel", "destroy_image"));
  CHECK(server.get("/api/images/" + id, demo).status == 200);

  CHECK(server.del("/api/images/" + id, demo).status == 204);
  CHECK(server.get("/api/images/" + id, demo).status == 404);
  CHECK(server.post("/api/images?instance_id=00000000-0000-0000-0000-000000000000", demo).status ==
        404);
  CHECK(server.del("/api/instances/" + instance, demo).status == 204);
}
