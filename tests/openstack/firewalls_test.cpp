// Firewalls on a real OpenStack: Neutron security groups and their rules.
#include <catch2/catch.hpp>

#include "tests/openstack/cloud_test_helpers.hpp"

using namespace dc::test;

namespace {

/// The rules of the firewall at `path` that admit traffic from `address` (an address source).
std::vector<std::string> rules_from(OpenStackServer& server, const CloudUser& as,
                                    const std::string& path, const std::string& address) {
  auto r = server.get(path, as);
  REQUIRE(r.status == 200);
  std::vector<std::string> ids;
  auto doc = parse_xml(r.body);
  for (auto rule : doc.child("firewall").child("rules").children("rule"))
    for (auto source : rule.child("sources").children("source"))
      if (std::string{source.attribute("address").value()} == address)
        ids.push_back(rule.attribute("id").value());
  return ids;
}

}  // namespace

TEST_CASE("firewalls are Neutron security groups whose rules come and go") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto& demo = cloud.demo;
  auto name = unique_name("firewall");
  auto made = server.post("/api/firewalls?name=" + name + "&description=integration+test", demo);
  INFO(made.body);
  REQUIRE(made.status == 201);
  auto doc = parse_xml(made.body);
  std::string id = doc.child("firewall").attribute("id").value();
  auto path = "/api/firewalls/" + id;
  CHECK(made.header("location").find(path) != std::string::npos);
  CHECK(std::string{doc.child("firewall").child_value("name")} == name);
  CHECK(std::string{doc.child("firewall").child_value("description")} == "integration test");
  CHECK(parse_xml(server.get("/api/firewalls", demo).body)
            .child("firewalls")
            .find_child_by_attribute("firewall", "id", id.c_str()));

  // One rule of ours with two sources is two Neutron rules, each shown with its source.
  auto added = server.post(path + "/rules?protocol=tcp&port_from=22&port_to=22" +
                               "&ip_address1=10.0.0.0/8&ip_address2=192.168.1.0/24",
                           demo);
  INFO(added.body);
  REQUIRE(added.status == 201);
  auto ssh = rules_from(server, demo, path, "10.0.0.0");
  REQUIRE(ssh.size() == 1);
  CHECK(rules_from(server, demo, path, "192.168.1.0").size() == 1);
  auto shown = parse_xml(server.get(path, demo).body);
  auto rule =
      shown.child("firewall").child("rules").find_child_by_attribute("rule", "id", ssh[0].c_str());
  CHECK(std::string{rule.child_value("allow_protocol")} == "tcp");
  CHECK(std::string{rule.child_value("port_from")} == "22");
  CHECK(std::string{rule.child_value("port_to")} == "22");
  CHECK(std::string{rule.child_value("direction")} == "ingress");
  CHECK(std::string{rule.child("sources").child("source").attribute("prefix").value()} == "8");

  // A group source may name the group: it is kept by id.
  auto by_group =
      server.post(path + "/rules?protocol=udp&port_from=53&port_to=53&group1=" + name, demo);
  INFO(by_group.body);
  CHECK(by_group.status == 201);
  CHECK(by_group.body.find("name='" + id + "'") != std::string::npos);

  // A rule is all its sources or none: when Neutron refuses one (a duplicate), the ones already
  // made are taken back.
  auto partly = server.post(path + "/rules?protocol=tcp&port_from=22&port_to=22" +
                                "&ip_address1=172.16.0.0/12&ip_address2=10.0.0.0/8",
                            demo);
  CHECK(partly.status == 409);
  CHECK(rules_from(server, demo, path, "172.16.0.0").empty());

  CHECK(server.del(path + "/" + ssh[0], demo).status == 204);
  CHECK(rules_from(server, demo, path, "10.0.0.0").empty());
  CHECK(server.del(path + "/" + ssh[0], demo).status == 404);

  CHECK(server.del(path, demo).status == 204);
  CHECK(server.get(path, demo).status == 404);
  CHECK(server.post(path + "/rules?protocol=tcp&port_from=1&port_to=2&ip_address1=10.0.0.0/8", demo)
            .status == 404);
}
