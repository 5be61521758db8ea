// deltacloudd -i ec2 on moto, over HTTP: the collections besides instances.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/ec2/moto_cloud.hpp"

using namespace dc::test;

TEST_CASE("realms are the region's availability zones") {
  Ec2Server server;
  auto r = server.get("/api/realms");
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  auto zones = ids(doc.child("realms"), "realm");
  CHECK(std::find(zones.begin(), zones.end(), "us-east-1a") != zones.end());
  auto one = server.get("/api/realms/us-east-1a");
  REQUIRE(one.status == 200);
  CHECK(std::string{parse_xml(one.body).child("realm").child_value("state")} == "AVAILABLE");
  CHECK(server.get("/api/realms/mars-1a").status == 404);
}

TEST_CASE("hardware profiles are instance types, images run on those of their architecture") {
  Ec2Server server;
  auto profiles = server.get("/api/hardware_profiles");
  REQUIRE(profiles.status == 200);
  auto doc = parse_xml(profiles.body);
  auto types = ids(doc.child("hardware_profiles"), "hardware_profile");
  CHECK(std::find(types.begin(), types.end(), "t2.micro") != types.end());
  auto micro = server.get("/api/hardware_profiles/t2.micro");
  REQUIRE(micro.status == 200);
  CHECK(micro.body.find("architecture") != std::string::npos);

  auto image = linux_image(server);
  auto shown = server.get("/api/images/" + image);
  REQUIRE(shown.status == 200);
  auto image_doc = parse_xml(shown.body);
  CHECK(std::string{image_doc.child("image").child_value("architecture")} == "x86_64");
  CHECK(std::string{image_doc.child("image").child_value("state")} == "AVAILABLE");
  CHECK(image_doc.select_node("//hardware_profiles/hardware_profile[@id='t2.micro']"));
  CHECK_FALSE(image_doc.select_node("//hardware_profiles/hardware_profile[@id='t4g.micro']"));
}

TEST_CASE("an image is made from an instance and destroyed") {
  Ec2Server server;
  InstancesMade made(server);
  auto id = made.keep(server.post("/api/instances?image_id=" + linux_image(server)));
  auto name = unique_name("image");
  auto created = server.post("/api/images?instance_id=" + id + "&name=" + name +
                             "&description=made%20by%20a%20test");
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  std::string image = doc.child("image").attribute("id").value();
  CHECK(std::string{doc.child("image").child_value("name")} == name);
  CHECK(std::string{doc.child("image").child_value("description")} == "made by a test");
  // Listed among the account's own images.
  auto mine = server.get("/api/images");
  REQUIRE(mine.status == 200);
  CHECK(mine.body.find("id='" + image + "'") != std::string::npos);
  CHECK(server.del("/api/images/" + image).status == 204);
  CHECK(server.get("/api/images/" + image).status == 404);
}

TEST_CASE("keys are created, imported, listed, used and destroyed") {
  Ec2Server server;
  auto name = unique_name("key");
  auto created = server.post("/api/keys?name=" + name);
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  CHECK(std::string{doc.child("key").attribute("id").value()} == name);
  CHECK(std::string{doc.child("key").child_value("pem")}.find("PRIVATE KEY") != std::string::npos);
  CHECK(server.post("/api/keys?name=" + name).status == 409);
  auto listed = server.get("/api/keys");
  REQUIRE(listed.status == 200);
  CHECK(listed.body.find("id='" + name + "'") != std::string::npos);

  // An instance launched with the key shows it.
  InstancesMade made(server);
  auto id =
      made.keep(server.post("/api/instances?image_id=" + linux_image(server) + "&keyname=" + name));
  auto instance = parse_xml(server.get("/api/instances/" + id).body);
  CHECK(instance.select_node(("//authentication/login/keyname[text()='" + name + "']").c_str()));

  auto imported_name = unique_name("imported");
  auto imported = server.post(
      "/api/keys?name=" + imported_name + "&public_key=" +
      "ssh-rsa%20AAAAB3NzaC1yc2EAAAADAQABAAABAQDEXrbgpkxVajHNUlUyeRT1uBsS6ml5MfYVZtfY2XwNnp1T7d"
      "6NqcqWzUBrhHCbHkWWdmOVvsUmrDr9D8x2ooKJ2qIA6wnGwQlqUC%2Bm0nrkRyQtBvOWEoWkMa3NSaj6eUAVw4JR"
      "uD8q2vAp2YAYnU44vx%2BAdOvL3pMqbNXcOvL2BmeqhfaxOEUwn8HEYj8Xa7q6l7gj6FdlxW2RGrp8DeCnnnaf4"
      "ya3BwDNLbb5bsm0q6WwWEJQLZL6Czm8hjnB3dg2g7UJ4PLvhhgnMBL9YUsPfyN6KJ2khMdSNAOI9tX3NDjSF1fa"
      "3tEA0Lqi2PZj8EZH1XP3hJVaIJZw7zyCdpXF%20test@deltacloudd");
  INFO(imported.body);
  REQUIRE(imported.status == 201);
  CHECK(server.get("/api/keys/" + imported_name).status == 200);

  CHECK(server.del("/api/keys/" + name).status == 204);
  CHECK(server.del("/api/keys/" + imported_name).status == 204);
  CHECK(server.get("/api/keys/" + name).status == 404);
  CHECK(server.del("/api/keys/" + name).status == 404);
}

TEST_CASE("the ec2 driver is chosen per request from the mock server") {
  TestServerOptions o;  // deltacloudd -i mock
  TestServer mock(o);
  auto entry = mock.get("/api", {{"X-Deltacloud-Driver", "ec2"}});
  REQUIRE(entry.status == 200);
  auto doc = parse_xml(entry.body);
  CHECK(std::string{doc.child("api").attribute("driver").value()} == "ec2");
  CHECK(doc.select_node("//link[@rel='instances']/feature[@name='user_data']"));
  CHECK_FALSE(doc.select_node("//link[@rel='instances']/feature[@name='user_name']"));

  // Moto is named as the request's provider, which a server accepts from clients only when it
  // allows any provider (the yaml lists AWS's regions).
  TestServerOptions open;
  open.configure = [](dc::api::ServerOptions& s) { s.allow_any_provider = true; };
  TestServer any(open);
  auto realms = http(any.port(), "GET", "/api;driver=ec2/realms",
                     {Ec2Server::auth(), {"X-Deltacloud-Provider", moto_endpoint()}});
  INFO(realms.body);
  REQUIRE(realms.status == 200);
  CHECK(realms.body.find("us-east-1a") != std::string::npos);
  auto by_header = http(any.port(), "GET", "/api/realms",
                        {Ec2Server::auth(),
                         {"X-Deltacloud-Driver", "ec2"},
                         {"X-Deltacloud-Provider", moto_endpoint()}});
  CHECK(by_header.status == 200);
}
