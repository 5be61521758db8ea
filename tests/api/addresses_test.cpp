// Addresses over HTTP: allocation, association with instances, and the instance's view of it.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

namespace {

std::vector<std::string> rels(const pugi::xml_node& address) {
  std::vector<std::string> out;
  for (auto l : address.child("actions").children("link"))
    out.push_back(l.attribute("rel").value());
  return out;
}

std::string public_address(TestServer& server, const std::string& instance) {
  auto doc = parse_xml(server.get_auth("/api/instances/" + instance).body);
  return doc.child("instance").child("public_addresses").child_value("address");
}

}  // namespace

TEST_CASE("addresses list the seed data with their actions") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/addresses").body);
  std::vector<std::string> ids;
  for (auto a : doc.child("addresses").children("address"))
    ids.push_back(a.attribute("id").value());
  CHECK(ids ==
        std::vector<std::string>{"192.168.0.1", "192.168.0.2", "192.168.0.3", "192.168.0.4"});
  auto first = doc.child("addresses").child("address");
  CHECK(std::string{first.child_value("ip")} == "192.168.0.1");
  CHECK(first.child("name").empty());
  CHECK(rels(first) == std::vector<std::string>{"destroy", "associate"});
  CHECK(server.get_auth("/api/addresses/192.168.0.2?format=json").body ==
        "{\"address\":{\"id\":\"192.168.0.2\",\"href\":\"http://localhost/api/addresses/"
        "192.168.0.2\","
        "\"associated\":false}}");
  CHECK(server.get_auth("/api/addresses/10.0.0.1").status == 404);
}

TEST_CASE("a created address is the next one after the highest") {
  TestServer server;
  auto created = server.post_auth("/api/addresses");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/addresses/192.168.0.5");
  CHECK(server.delete_auth("/api/addresses/192.168.0.5").status == 204);
  CHECK(server.delete_auth("/api/addresses/192.168.0.5").status == 404);
}

TEST_CASE("associating an address gives the instance that public address until disassociated") {
  TestServer server(instant_transitions());
  auto associated = server.post_auth("/api/addresses/192.168.0.3/associate?instance_id=inst2");
  CHECK(associated.status == 202);
  CHECK(associated.body.empty());
  CHECK(public_address(server, "inst2") == "192.168.0.3");
  auto doc = parse_xml(server.get_auth("/api/addresses/192.168.0.3").body);
  auto address = doc.child("address");
  CHECK(rels(address) == std::vector<std::string>{"destroy", "disassociate"});
  CHECK(std::string{address.child("instance").attribute("id").value()} == "inst2");
  CHECK(server.get_auth("/api/addresses/192.168.0.3?format=json")
            .body.find("\"instance_id\":\"inst2\"") != std::string::npos);
  CHECK(server.post_auth("/api/addresses/192.168.0.3/associate?instance_id=inst1").status == 409);
  CHECK(server.post_auth("/api/addresses/192.168.0.4/associate?instance_id=inst2").status == 409);
  CHECK(server.delete_auth("/api/addresses/192.168.0.3").status == 409);
  CHECK(server.post_auth("/api/addresses/192.168.0.3/disassociate").status == 202);
  CHECK(public_address(server, "inst2") == "img1.inst2.public.com");
  CHECK(server.post_auth("/api/addresses/192.168.0.3/disassociate").status == 409);
}

TEST_CASE("address requests with bad input get clear 4xx errors") {
  TestServer server;
  CHECK(server.post_auth("/api/addresses/192.168.0.1/associate").status == 400);
  CHECK(server.post_auth("/api/addresses/192.168.0.1/associate?instance_id=inst99").status == 404);
  CHECK(server.post_auth("/api/addresses/10.9.9.9/associate?instance_id=inst1").status == 404);
  CHECK(server.get("/api/addresses").status == 401);
}

TEST_CASE("associations survive a restart; destroying the instance frees its address") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/addresses/192.168.0.1/associate?instance_id=inst0").status == 202);
  server.restart();
  CHECK(public_address(server, "inst0") == "192.168.0.1");
  REQUIRE(server.post_auth("/api/instances/inst0/stop").status == 202);
  REQUIRE(server.delete_auth("/api/instances/inst0").status == 204);
  auto doc = parse_xml(server.get_auth("/api/addresses/192.168.0.1").body);
  CHECK(doc.child("address").child("instance").empty());
}

TEST_CASE("an instance action while an address is associated does not freeze that address") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/addresses/192.168.0.1/associate?instance_id=inst1").status == 202);
  REQUIRE(server.post_auth("/api/instances/inst1/stop").status == 202);
  REQUIRE(server.post_auth("/api/addresses/192.168.0.1/disassociate").status == 202);
  CHECK(public_address(server, "inst1") == "img1.inst1.public.com");
  server.restart();
  CHECK(public_address(server, "inst1") == "img1.inst1.public.com");
  REQUIRE(server.post_auth("/api/instances/inst2/stop").status == 202);
  auto after = parse_xml(server.get_auth("/api/instances/inst2").body);
  CHECK(after.child("instance").child("network_interfaces").empty());  // not invented by a write
}
