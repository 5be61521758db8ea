#include <catch2/catch.hpp>

#include "api/md5.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

TEST_CASE("the entry point lists the mock's collections and features without credentials") {
  TestServer server;
  auto r = server.get("/api");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "application/xml");
  CHECK(r.header("Server") == "Apache-Deltacloud/1.1.3");
  CHECK(r.header("X-Deltacloud-Driver") == "mock");
  CHECK_FALSE(r.has_header("X-Deltacloud-Provider"));
  CHECK(r.header("ETag") == dc::api::md5_hex(r.body));
  CHECK(r.header("Cache-Control") == "max-age=0, private, must-revalidate");
  CHECK(r.body.rfind("<api", 0) == 0);  // no prolog on the entry point
  auto doc = parse_xml(r.body);
  auto api = doc.child("api");
  CHECK(std::string{api.attribute("version").value()} == "1.1.3");
  CHECK(std::string{api.attribute("driver").value()} == "mock");
  CHECK(api.attribute("provider").empty());
  std::vector<std::string> rels;
  for (auto link : api.children("link")) rels.push_back(link.attribute("rel").value());
  CHECK(rels == std::vector<std::string>{"addresses", "buckets", "drivers", "firewalls",
                                         "hardware_profiles", "images", "instance_states",
                                         "instances", "keys", "load_balancers", "metrics",
                                         "network_interfaces", "networks", "realms",
                                         "storage_snapshots", "storage_volumes", "subnets"});
  auto instances = api.find_child_by_attribute("link", "rel", "instances");
  CHECK(std::string{instances.attribute("href").value()} == "http://localhost/api/instances");
  std::vector<std::string> features;
  for (auto f : instances.children("feature")) features.push_back(f.attribute("name").value());
  CHECK(features == std::vector<std::string>{"metrics", "realm_filter", "user_name", "firewalls",
                                             "authentication_key"});
  CHECK(std::string{instances.find_child_by_attribute("feature", "name", "user_name")
                        .child("param")
                        .attribute("name")
                        .value()} == "name");
}

TEST_CASE("hrefs are absolute and follow the Host the client used") {
  TestServer server;
  auto r = server.get("/api", {{"Host", "cloud.example:8080"}});
  CHECK(r.body.find("href='http://cloud.example:8080/api/realms'") != std::string::npos);
  auto fwd =
      server.get("/api", {{"X-Forwarded-Host", "public.example"}, {"X-Forwarded-Proto", "https"}});
  CHECK(fwd.body.find("href='https://public.example/api/realms'") != std::string::npos);
}

TEST_CASE("the entry point in JSON has a features list of lists") {
  TestServer server;
  auto r = server.get("/api?format=json");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(
      r.body.find("\"api\":{\"version\":\"1.1.3\",\"driver\":\"mock\",\"provider\":\"default\"") !=
      std::string::npos);
  CHECK(r.body.find("[{\"name\":\"user_name\",\"rel\":\"create\",\"params\":[\"name:string:"
                    "optional\"],\"constraints\":{}}]") != std::string::npos);
}

TEST_CASE("force_auth checks the credentials") {
  TestServer server;
  auto none = server.get("/api?force_auth=1");
  CHECK(none.status == 401);
  CHECK(none.header("WWW-Authenticate").rfind("Basic realm=\"mock-deltacloud@", 0) == 0);
  auto wrong = server.get("/api?force_auth=1", {basic_auth("mockuser", "wrong")});
  CHECK(wrong.status == 401);
  CHECK(wrong.body == "Authentication failed");
  CHECK(server.get_auth("/api?force_auth=1").status == 200);
  CHECK(server.get("/api?force_auth").status == 200);  // no value: no check
}

TEST_CASE("a provider named by header or matrix parameter shows in the answer, per request") {
  TestServer server;
  auto by_header = server.get("/api", {{"X-Deltacloud-Provider", "Eu-West"}});
  CHECK(by_header.header("X-Deltacloud-Provider") == "eu-west");
  CHECK(by_header.body.find("provider='eu-west'") != std::string::npos);
  auto by_matrix = server.get("/api;provider=zone9/realms", {mock_auth()});
  CHECK(by_matrix.status == 200);
  CHECK(by_matrix.header("X-Deltacloud-Provider") == "zone9");
  CHECK(by_matrix.body.find("href='http://localhost/api/realms/us'") != std::string::npos);
  CHECK_FALSE(server.get("/api").has_header("X-Deltacloud-Provider"));  // not sticky
}

TEST_CASE("an unknown driver is a clear 500 error") {
  TestServer server;
  auto r = server.get("/api", {{"X-Deltacloud-Driver", "foo"}});
  CHECK(r.status == 500);
  auto doc = parse_xml(r.body);
  CHECK(std::string{doc.child("error").child_value("message")}.find(
            "Driver 'foo' is not available") == 0);
  CHECK(server.get("/api;driver=foo").status == 500);
}

TEST_CASE("OPTIONS lists the collection classes and a collection's methods") {
  TestServer server;
  auto api = dc::test::http(server.port(), "OPTIONS", "/api");
  CHECK(api.status == 200);
  CHECK(api.header("Allow").find("Deltacloud::Rabbit::DriversCollection") != std::string::npos);
  CHECK(api.header("Allow").find("Deltacloud::Rabbit::HardwareProfilesCollection") !=
        std::string::npos);
  auto instances = dc::test::http(server.port(), "OPTIONS", "/api/instances");
  CHECK(instances.header("Allow") == "OPTIONS,GET,POST,DELETE");
  CHECK(dc::test::http(server.port(), "OPTIONS", "/api/realms").header("Allow") == "OPTIONS,GET");
}

TEST_CASE("HEAD answers like GET without a body") {
  TestServer server;
  auto get = server.get("/api/hardware_profiles");
  auto head = dc::test::http(server.port(), "HEAD", "/api/hardware_profiles");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Length") == std::to_string(get.body.size()));
  CHECK_FALSE(head.has_header("ETag"));
  CHECK(dc::test::http(server.port(), "HEAD", "/api/instances").status == 401);
}

TEST_CASE("POST /api redirects to the chosen driver or provider") {
  TestServer server;
  auto r = dc::test::http(server.port(), "POST", "/api",
                          {{"Content-Type", "application/x-www-form-urlencoded"}}, "driver=mock");
  CHECK(r.status == 301);
  CHECK(r.header("Location") == "http://localhost/api;driver=mock");
  auto p = dc::test::http(server.port(), "POST", "/api",
                          {{"Content-Type", "application/x-www-form-urlencoded"}}, "provider=x");
  CHECK(p.header("Location") == "http://localhost/api;provider=x");
}

TEST_CASE("OPTIONS on an operation lists its parameters, feature parameters first") {
  TestServer server;
  auto stop = dc::test::http(server.port(), "OPTIONS", "/api/instances/inst1/stop");
  CHECK(stop.status == 200);
  CHECK(stop.header("Allow") == "id:string:required");
  auto create = dc::test::http(server.port(), "OPTIONS", "/api/instances/create").header("Allow");
  CHECK(create.rfind("metrics:string:optional,name:string:optional,firewalls:string:optional,"
                     "keyname:string:optional,"
                     "image_id:string:required",
                     0) == 0);
  CHECK(create.find("hwp_memory:string:optional") != std::string::npos);
  CHECK(dc::test::http(server.port(), "OPTIONS", "/api/instances/index").header("Allow") ==
        "realm_id:string:optional,id:string:optional,state:string:optional");
  CHECK(dc::test::http(server.port(), "OPTIONS", "/api/keys/destroy").header("Allow") ==
        "id:string:required");
}
