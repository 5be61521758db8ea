// Addresses on a real OpenStack: Neutron floating IPs from an external network, associated with
// an instance through its port.
#include <catch2/catch.hpp>

#include "tests/openstack/cloud_test_helpers.hpp"
#include "tests/openstack/public_network.hpp"
#include "tests/openstack/servers_made.hpp"

using namespace dc::test;

namespace {

/// The instance an address shows as associated with; empty when free, "HTTP <status>" when the
/// address cannot be shown.
std::string associated_instance(OpenStackServer& server, const CloudUser& as,
                                const std::string& ip) {
  auto r = server.get("/api/addresses/" + ip, as);
  if (r.status != 200) return "HTTP " + std::to_string(r.status);
  return parse_xml(r.body).child("address").child("instance").attribute("id").value();
}

}  // namespace

TEST_CASE("addresses are floating IPs allocated associated disassociated and released") {
  auto& cloud = *loopback_cloud();
  PublicNetwork public_network(cloud);
  OpenStackServer server(cloud, {{"floating_network", public_network.name()}});
  auto& demo = cloud.demo;
  ServersMade servers(cloud, demo);
  auto instance = servers.keep(server.post(
      "/api/instances?image_id=" + seeded_image(server, demo) + "&name=" + unique_name("fip"),
      demo));

  auto made = server.post("/api/addresses", demo);
  INFO(made.body);
  REQUIRE(made.status == 201);
  std::string ip = parse_xml(made.body).child("address").attribute("id").value();
  CHECK(ip.rfind(PublicNetwork::address_prefix(), 0) == 0);
  CHECK(made.header("location").find("/api/addresses/" + ip) != std::string::npos);
  CHECK(parse_xml(server.get("/api/addresses", demo).body)
            .child("addresses")
            .find_child_by_attribute("address", "id", ip.c_str()));
  CHECK(associated_instance(server, demo, ip).empty());
  auto path = "/api/addresses/" + ip;
  CHECK(server.post(path + "/disassociate", demo).status == 409);

  REQUIRE(eventually([&] { return instance_state(server, demo, instance) == "RUNNING"; },
                     std::chrono::seconds{60}));
  auto associated = server.post(path + "/associate?instance_id=" + instance, demo);
  INFO(associated.body);
  CHECK(associated.status == 202);
  CHECK(associated_instance(server, demo, ip) == instance);
  auto listed = parse_xml(server.get("/api/addresses", demo).body);
  CHECK(std::string{listed.child("addresses")
                        .find_child_by_attribute("address", "id", ip.c_str())
                        .child("instance")
                        .attribute("id")
                        .value()} == instance);
  CHECK(server.post(path + "/associate?instance_id=" + instance, demo).status == 409);
  // An address in use is kept until it is disassociated.
  CHECK(server.del(path, demo).status == 409);

  CHECK(server.post(path + "/disassociate", demo).status == 202);
  CHECK(associated_instance(server, demo, ip).empty());
  CHECK(server.del(path, demo).status == 204);
  CHECK(server.get(path, demo).status == 404);
  CHECK(
      server.post("/api/addresses/203.0.113.250/associate?instance_id=" + instance, demo).status ==
      404);
  CHECK(server.del("/api/instances/" + instance, demo).status == 204);
}

TEST_CASE("an address from an external network the cloud does not have is not supported") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud, {{"floating_network", "no-such-network"}});
  auto refused = server.post("/api/addresses", cloud.demo);
  CHECK(refused.status == 501);
  CHECK(refused.body.find("no-such-network") != std::string::npos);
  CHECK(server.get("/api/addresses/not-an-address", cloud.demo).status == 404);
}
