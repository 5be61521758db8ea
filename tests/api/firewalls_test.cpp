// Firewalls and their rules over HTTP, and launching instances into firewalls.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

TEST_CASE("the mock has a seeded firewall with rules in the reference's shape") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/firewalls").body);
  auto fw = doc.child("firewalls").child("firewall");
  CHECK(std::string{fw.attribute("id").value()} == "default");
  CHECK(std::string{fw.first_child().name()} == "actions");
  CHECK(std::string{fw.child_value("owner_id")} == "mockuser");
  auto rule = fw.child("rules").child("rule");
  CHECK(std::string{rule.attribute("id").value()} == "rule1");
  CHECK(std::string{rule.attribute("href").value()} ==
        "http://localhost/api/firewalls/default/rule1");
  CHECK(std::string{rule.child_value("allow_protocol")} == "tcp");
  CHECK(std::string{rule.child_value("port_from")} == "22");
  CHECK(std::string{rule.child("sources").child("source").attribute("type").value()} == "address");
  auto group = rule.next_sibling("rule").child("sources").child("source");
  CHECK(std::string{group.attribute("type").value()} == "group");
  CHECK(std::string{group.attribute("owner").value()} == "mockuser");
  auto json = server.get_auth("/api/firewalls/default?format=json").body;
  CHECK(json.find("\"allow_protocol\":\"tcp\"") != std::string::npos);
  CHECK(server.get_auth("/api/firewalls/nope").status == 404);
}

TEST_CASE("firewalls are created, get rules, lose rules and are destroyed") {
  TestServer server;
  auto created = server.post_auth("/api/firewalls?name=web&description=Web%20servers");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/firewalls/web");
  CHECK(server.post_auth("/api/firewalls?name=web&description=again").status == 409);
  auto added = server.post_auth(
      "/api/firewalls/web/rules?protocol=tcp&port_from=443&port_to=443&ip_address1=10.0.0.0/"
      "8&group1=default");
  REQUIRE(added.status == 201);
  auto doc = parse_xml(added.body);
  auto rule = doc.child("firewall").child("rules").child("rule");
  CHECK(std::string{rule.attribute("id").value()} == "rule1");
  auto first = rule.child("sources").child("source");
  CHECK(std::string{first.attribute("address").value()} == "10.0.0.0");
  CHECK(std::string{first.attribute("prefix").value()} == "8");
  CHECK(std::string{first.next_sibling("source").attribute("name").value()} == "default");
  CHECK(server.delete_auth("/api/firewalls/web/rule1").status == 204);
  CHECK(server.delete_auth("/api/firewalls/web/rule1").status == 404);
  CHECK(server.delete_auth("/api/firewalls/web").status == 204);
  CHECK(server.get_auth("/api/firewalls/web").status == 404);
}

TEST_CASE("firewall rules with bad input get clear 400s") {
  TestServer server;
  auto no_source =
      server.post_auth("/api/firewalls/default/rules?protocol=tcp&port_from=1&port_to=2");
  CHECK(no_source.status == 400);
  CHECK(std::string{parse_xml(no_source.body).child("error").child_value("message")} ==
        "No sources. Specify at least one source ip address or group.");
  CHECK(server.post_auth("/api/firewalls/default/rules?protocol=gre&port_from=1&port_to=2&group1=x")
            .status == 400);
  CHECK(server.post_auth("/api/firewalls/default/rules?protocol=tcp&port_from=9&port_to=2&group1=x")
            .status == 400);
  CHECK(
      server
          .post_auth("/api/firewalls/default/rules?protocol=tcp&port_from=1&port_to=70000&group1=x")
          .status == 400);
  CHECK(server
            .post_auth(
                "/api/firewalls/default/rules?protocol=tcp&port_from=1&port_to=2&ip_address1=1.2.3")
            .status == 400);
  CHECK(server.post_auth("/api/firewalls?name=x").status == 400);
  CHECK(server.post_auth("/api/firewalls/nope/rules?protocol=tcp&port_from=1&port_to=2&group1=x")
            .status == 404);
}

TEST_CASE("instances launch into firewalls, which then cannot be destroyed") {
  TestServer server(instant_transitions());
  auto created = server.post_auth("/api/instances?image_id=img1&firewalls1=default");
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  CHECK(std::string{
            doc.child("instance").child("firewalls").child("firewall").attribute("id").value()} ==
        "default");
  CHECK(server.delete_auth("/api/firewalls/default").status == 409);
  CHECK(server.post_auth("/api/instances?image_id=img1&firewalls1=nope").status == 400);
  REQUIRE(server.post_auth("/api/instances/inst4/stop").status == 202);
  REQUIRE(server.delete_auth("/api/instances/inst4").status == 204);
  CHECK(server.delete_auth("/api/firewalls/default").status == 204);
}

TEST_CASE("firewalls survive a restart") {
  TestServer server;
  REQUIRE(server.post_auth("/api/firewalls?name=kept&description=d").status == 201);
  REQUIRE(server
              .post_auth("/api/firewalls/kept/"
                         "rules?protocol=udp&port_from=53&port_to=53&ip_address1=0.0.0.0/0")
              .status == 201);
  server.restart();
  auto doc = parse_xml(server.get_auth("/api/firewalls/kept").body);
  CHECK(std::string{
            doc.child("firewall").child("rules").child("rule").child_value("allow_protocol")} ==
        "udp");
}

TEST_CASE("names that would need escaping in a URL are refused") {
  TestServer server;
  CHECK(server.post_auth("/api/firewalls?name=web%20tier&description=d").status == 400);
  CHECK(server.post_auth("/api/firewalls?name=a%23b&description=d").status == 400);
  CHECK(server.post_auth("/api/keys?name=my%3Fkey").status == 400);
  CHECK(server.post_auth("/api/networks?name=n%25").status == 400);
  CHECK(server.post_auth("/api/firewalls?name=null&description=d").status == 201);
  server.restart();
  CHECK(server.get_auth("/api/firewalls/null").status == 200);  // round-trips through YAML
}
