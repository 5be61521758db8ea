// deltacloudd -i ec2 on moto, over HTTP: security groups as firewalls, their rules, and
// instances launched into them.
#include <catch2/catch.hpp>

#include "tests/ec2/moto_cloud.hpp"

using namespace dc::test;

namespace {

/// The ids of the firewall's rules whose one source has `attribute` = `value`.
std::vector<std::string> rules_with(const pugi::xml_document& firewall, const char* attribute,
                                    const std::string& value) {
  std::vector<std::string> out;
  for (auto rule : firewall.child("firewall").child("rules").children("rule"))
    if (value == rule.child("sources").child("source").attribute(attribute).value())
      out.emplace_back(rule.attribute("id").value());
  return out;
}

}  // namespace

TEST_CASE("a security group is created, given rules, launched into, stripped and destroyed") {
  Ec2Server server;
  auto name = unique_name("fw");
  auto created = server.post("/api/firewalls?name=" + name + "&description=a%20test%20group");
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  std::string id = doc.child("firewall").attribute("id").value();
  CHECK(id.rfind("sg-", 0) == 0);
  CHECK(std::string{doc.child("firewall").child_value("name")} == name);
  CHECK(std::string{doc.child("firewall").child_value("description")} == "a test group");
  CHECK(server.post("/api/firewalls?name=" + name + "&description=again").status == 409);

  // One rule with two sources: an address block and another group.
  auto other = unique_name("fw-src");
  auto source = parse_xml(server.post("/api/firewalls?name=" + other + "&description=source").body);
  std::string other_id = source.child("firewall").attribute("id").value();
  auto added = server.post("/api/firewalls/" + id + "/rules?protocol=tcp&port_from=22&port_to=22" +
                           "&ip_address1=192.0.2.0/24&group1=" + other_id);
  INFO(added.body);
  REQUIRE(added.status == 201);
  auto with_rules = parse_xml(server.get("/api/firewalls/" + id).body);
  auto by_address = rules_with(with_rules, "address", "192.0.2.0");
  auto by_group = rules_with(with_rules, "name", other_id);
  REQUIRE(by_address.size() == 1);
  REQUIRE(by_group.size() == 1);

  // Launched into the group, an instance lists it.
  InstancesMade made(server);
  auto instance = made.keep(
      server.post("/api/instances?image_id=" + linux_image(server) + "&firewalls1=" + id));
  auto shown = parse_xml(server.get("/api/instances/" + instance).body);
  CHECK(shown.select_node(("//firewalls/firewall[@id='" + id + "']").c_str()));
  REQUIRE(server.del("/api/instances/" + instance).status == 204);

  // Removing the address rule leaves the group rule.
  CHECK(server.del("/api/firewalls/" + id + "/" + by_address[0]).status == 204);
  auto after = parse_xml(server.get("/api/firewalls/" + id).body);
  CHECK(rules_with(after, "address", "192.0.2.0").empty());
  CHECK(rules_with(after, "name", other_id).size() == 1);
  CHECK(server.del("/api/firewalls/" + id + "/" + by_address[0]).status == 404);

  CHECK(server.del("/api/firewalls/" + id).status == 204);
  CHECK(server.get("/api/firewalls/" + id).status == 404);
  CHECK(server.del("/api/firewalls/" + other_id).status == 204);
  CHECK(server.get("/api/firewalls/sg-00000000").status == 404);
  CHECK(server.get("/api/firewalls/no..such").status == 404);

  auto listed = server.get("/api/firewalls");
  REQUIRE(listed.status == 200);
  auto all = parse_xml(listed.body);
  CHECK(all.select_node("/firewalls/firewall[name='default']"));
}
