#include "tests/openstack/public_network.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace dc::test {

PublicNetwork::PublicNetwork(const LoopbackCloud& cloud)
    : token_(keystone_token(cloud, cloud.admin)),
      neutron_url_(service_url(cloud, token_, "network")),
      name_("dc-public-" + std::to_string(::getpid())) {
  auto network = neutron("POST", "/v2.0/networks",
                         R"({"network":{"name":")" + name_ + R"(","router:external":true}})");
  INFO(network.body);
  REQUIRE(network.status == 201);
  network_id_ = json_string(network.body, {"network", "id"});
  auto subnet = neutron("POST", "/v2.0/subnets",
                        R"({"subnet":{"network_id":")" + network_id_ +
                            R"(","cidr":"203.0.113.0/24","ip_version":4,"enable_dhcp":false}})");
  INFO(subnet.body);
  REQUIRE(subnet.status == 201);
  auto router =
      neutron("POST", "/v2.0/routers",
              R"({"router":{"name":")" + name_ + R"(","external_gateway_info":{"network_id":")" +
                  network_id_ + R"("}}})");
  INFO(router.body);
  REQUIRE(router.status == 201);
  router_id_ = json_string(router.body, {"router", "id"});
  private_subnet_id_ = first_id(
      neutron("GET", "/v2.0/subnets?network_id=" +
                         first_id(neutron("GET", "/v2.0/networks?name=private").body, "networks"))
          .body,
      "subnets");
  auto linked = neutron("PUT", "/v2.0/routers/" + router_id_ + "/add_router_interface",
                        R"({"subnet_id":")" + private_subnet_id_ + R"("})");
  INFO(linked.body);
  REQUIRE(linked.status == 200);
}

PublicNetwork::~PublicNetwork() {
  try {
    // Addresses a failed test left behind first: they hold the network.
    auto left = neutron("GET", "/v2.0/floatingips?floating_network_id=" + network_id_);
    simdjson::dom::parser parser;
    simdjson::dom::array ips;
    if (parser.parse(left.body)["floatingips"].get(ips) == simdjson::SUCCESS)
      for (auto ip : ips) {
        std::string_view id;
        if (ip["id"].get(id) == simdjson::SUCCESS)
          neutron("DELETE", "/v2.0/floatingips/" + std::string{id});
      }
    neutron("PUT", "/v2.0/routers/" + router_id_ + "/remove_router_interface",
            R"({"subnet_id":")" + private_subnet_id_ + R"("})");
    neutron("DELETE", "/v2.0/routers/" + router_id_);
    neutron("DELETE", "/v2.0/networks/" + network_id_);
  } catch (...) {
    // What is left has a name of its own and is used by nobody else.
  }
}

Response PublicNetwork::neutron(const std::string& method, const std::string& path,
                                const std::string& body) {
  return cloud_http(method, neutron_url_ + path, {{"X-Auth-Token", token_}}, body);
}

}  // namespace dc::test
