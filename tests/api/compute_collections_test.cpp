// Realms, hardware profiles, images, keys, drivers and instance states over HTTP, XML and JSON.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

TEST_CASE("realms list, filter and show") {
  TestServer server;
  auto list = server.get_auth("/api/realms");
  REQUIRE(list.status == 200);
  CHECK(list.body.rfind("<?xml version='1.0' encoding='utf-8' ?>", 0) == 0);
  auto doc = parse_xml(list.body);
  CHECK(ids(doc.child("realms"), "realm") == std::vector<std::string>{"us", "eu"});
  auto us = doc.child("realms").child("realm");
  CHECK(std::string{us.child_value("name")} == "United States");
  CHECK(std::string{us.child_value("state")} == "AVAILABLE");
  CHECK(us.child("limit").empty());
  CHECK(ids(parse_xml(server.get_auth("/api/realms?id=eu").body).child("realms"), "realm") ==
        std::vector<std::string>{"eu"});
  CHECK(
      parse_xml(server.get_auth("/api/realms?id=mars").body).child("realms").first_child().empty());
  auto eu = server.get_auth("/api/realms/eu?format=json");
  CHECK(eu.body ==
        "{\"realm\":{\"id\":\"eu\",\"href\":\"http://localhost/api/realms/"
        "eu\",\"name\":\"Europe\",\"state\":\"AVAILABLE\",\"limit\":\"unlimited\"}}");
  CHECK(server.get_auth("/api/realms/mars").status == 404);
}

TEST_CASE("the error-injection realms answer 500, 501, 502 and 504") {
  TestServer server;
  auto r = server.get_auth("/api/realms/502");
  CHECK(r.status == 502);
  CHECK(std::string{parse_xml(r.body).child("error").child_value("message")} ==
        "ProviderErrorMessage");
  CHECK(server.get_auth("/api/realms/500").status == 500);
  CHECK(server.get_auth("/api/realms/501").status == 501);
  CHECK(server.get_auth("/api/realms/504").status == 504);
  auto filtered = server.get_auth("/api/realms?id=504");
  CHECK(filtered.status == 504);
  CHECK(std::string{parse_xml(filtered.body).child("error").child_value("message")} ==
        "Gateway Timeout");
}

TEST_CASE("hardware profiles need no credentials and render every kind of property") {
  TestServer server;
  auto list = server.get("/api/hardware_profiles");
  REQUIRE(list.status == 200);
  auto doc = parse_xml(list.body);
  auto root = doc.child("hardware_profiles");
  CHECK(ids(root, "hardware_profile") ==
        std::vector<std::string>{"m1-small", "m1-large", "m1-xlarge", "opaque"});
  auto large = root.find_child_by_attribute("hardware_profile", "id", "m1-large");
  CHECK(std::string{large.child_value("name")} == "m1-large");
  auto memory = large.find_child_by_attribute("property", "name", "memory");
  CHECK(std::string{memory.attribute("kind").value()} == "range");
  CHECK(std::string{memory.attribute("unit").value()} == "MB");
  CHECK(std::string{memory.attribute("value").value()} == "10240");
  CHECK(std::string{memory.child("range").attribute("first").value()} == "7680");
  CHECK(std::string{memory.child("param").attribute("name").value()} == "hwp_memory");
  auto storage = large.find_child_by_attribute("property", "name", "storage");
  CHECK(std::string{storage.child("enum").first_child().attribute("value").value()} == "850");
  auto small = root.find_child_by_attribute("hardware_profile", "id", "m1-small");
  CHECK(
      std::string{
          small.find_child_by_attribute("property", "name", "memory").attribute("value").value()} ==
      "1740.8");
  CHECK(root.find_child_by_attribute("hardware_profile", "id", "opaque").child("property").empty());
  auto x86 = parse_xml(server.get("/api/hardware_profiles?architecture=x86_64").body);
  CHECK(ids(x86.child("hardware_profiles"), "hardware_profile") ==
        std::vector<std::string>{"m1-large", "m1-xlarge"});
  auto json = server.get("/api/hardware_profiles/m1-large?format=json");
  CHECK(json.body.find("\"properties\":{\"cpu\":\"1\",\"memory\":\"10240\",\"storage\":\"850\","
                       "\"architecture\":\"x86_64\"}") != std::string::npos);
  CHECK(server.get("/api/hardware_profiles/opaque?format=json").body.find("properties") ==
        std::string::npos);
  CHECK(server.get("/api/hardware_profiles/m9").status == 404);
}

TEST_CASE("images list with filters, show, create from an instance and destroy") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/images").body);
  CHECK(ids(doc.child("images"), "image") == std::vector<std::string>{"img1", "img2", "img3"});
  auto img1 = doc.child("images").child("image");
  CHECK(std::string{img1.child_value("description")} == "Fedora 10");
  CHECK(std::string{img1.child_value("root_type")} == "transient");
  CHECK(
      img1.child("hardware_profiles").find_child_by_attribute("hardware_profile", "id", "opaque"));
  CHECK(std::string{img1.child("actions").child("link").attribute("href").value()} ==
        "http://localhost/api/instances;image_id=img1");
  CHECK(ids(parse_xml(server.get_auth("/api/images?owner_id=self").body).child("images"),
            "image") == std::vector<std::string>{"img3"});
  CHECK(ids(parse_xml(server.get_auth("/api/images?architecture=i386").body).child("images"),
            "image") == std::vector<std::string>{"img2", "img3"});
  CHECK(server.get_auth("/api/images/img2?format=json").body.find("\"owner\":\"fedoraproject\"") !=
        std::string::npos);
  CHECK(server.get_auth("/api/images/nope").status == 404);

  auto created = server.post_auth("/api/images?instance_id=inst1&name=snap1&description=mine");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/images/snap1");
  CHECK(std::string{parse_xml(created.body).child("image").child_value("owner_id")} == "root");
  CHECK(server.post_auth("/api/images?instance_id=inst1&name=snap1").status == 409);
  CHECK(server.post_auth("/api/images?instance_id=inst3&name=x").status == 500);
  CHECK(server.post_auth("/api/images?instance_id=inst99&name=y").status == 404);
  auto missing = server.post_auth("/api/images?name=z");
  CHECK(missing.status == 400);
  CHECK(missing.body == "Required parameter 'instance_id' not found in [name]");
  CHECK(server.delete_auth("/api/images/snap1").status == 204);
  CHECK(server.get_auth("/api/images/snap1").status == 404);
}

TEST_CASE("keys list, show, create and destroy") {
  TestServer server;
  auto key_doc = parse_xml(server.get_auth("/api/keys/test-key").body);
  auto key = key_doc.child("key");
  CHECK(std::string{key.attribute("type").value()} == "key");
  CHECK(std::string{key.child_value("fingerprint")} ==
        "5e:ce:b6:dc:59:3b:5c:93:f8:2e:9d:20:ce:60:ca:f5:0b:8a:66:93");
  CHECK(std::string{key.child_value("pem")}.find("-----END RSA PRIVATE KEY-----") !=
        std::string::npos);
  CHECK(key.child("state"));
  CHECK(std::string{key.child("actions").child("link").attribute("method").value()} == "delete");

  auto created = server.post_auth("/api/keys?name=deploy");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/keys/deploy");
  CHECK(!std::string{parse_xml(created.body).child("key").child_value("pem")}.empty());
  auto dup = server.post_auth("/api/keys?name=deploy");
  CHECK(dup.status == 403);
  CHECK(std::string{parse_xml(dup.body).child("error").child_value("message")} ==
        "Key with same name already exists");
  CHECK(ids(parse_xml(server.get_auth("/api/keys?id=deploy").body).child("keys"), "key") ==
        std::vector<std::string>{"deploy"});
  auto json = server.get_auth("/api/keys/deploy?format=json");
  CHECK(json.body.find(
            "\"credential_type\":\"key\",\"username\":null,\"password\":null,\"state\":null") !=
        std::string::npos);
  CHECK(server.delete_auth("/api/keys/deploy").status == 204);
  CHECK(server.delete_auth("/api/keys/deploy").status == 404);
  CHECK(server.post_auth("/api/keys").status == 400);
}

TEST_CASE("drivers list the drivers of this build with their yaml") {
  TestServer server;
  auto list = server.get("/api/drivers");
  REQUIRE(list.status == 200);
  CHECK(list.body.rfind("<drivers>", 0) == 0);
  auto doc = parse_xml(list.body);
  auto mock = doc.child("drivers").find_child_by_attribute("driver", "id", "mock");
  CHECK(std::string{mock.child_value("name")} == "Mock");
  CHECK(server.get("/api/drivers/mock?format=json").body ==
        "{\"driver\":{\"name\":\"Mock\",\"id\":\"mock\"}}");
  CHECK(server.get("/api/drivers?format=json").body.find("\"mock\":{\"name\":\"Mock\"}") !=
        std::string::npos);
  auto unknown = server.get("/api/drivers/nothing");
  CHECK(unknown.status == 404);
  CHECK(unknown.body.empty());
}

TEST_CASE("instance states describe the mock's machine in XML, JSON and graphviz") {
  TestServer server;
  auto r = server.get("/api/instance_states");
  REQUIRE(r.status == 200);
  CHECK(r.body.rfind("<states>", 0) == 0);
  auto doc = parse_xml(r.body);
  std::vector<std::string> names;
  for (auto s : doc.child("states").children("state")) names.push_back(s.attribute("name").value());
  CHECK(names ==
        std::vector<std::string>{"start", "pending", "running", "stopping", "stopped", "finish"});
  auto pending =
      doc.child("states").find_child_by_attribute("state", "name", "pending").child("transition");
  CHECK(std::string{pending.attribute("auto").value()} == "true");
  CHECK(pending.attribute("action").empty());
  auto json = server.get("/api/instance_states?format=json");
  CHECK(json.body.rfind(
            "[{\"name\":\"start\",\"transitions\":[{\"to\":\"pending\",\"action\":\"create\"}]}",
            0) == 0);
  auto gv = server.get("/api/instance_states?format=gv");
  CHECK(gv.header("Content-Type") == "application/ghostscript");
  CHECK(gv.body.find("pending -> running") != std::string::npos);
}
