#include "tests/openstack/public_network.hpp"

#include <signal.h>
#include <simdjson.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <vector>

#include <catch2/catch.hpp>

namespace dc::test {

namespace {

constexpr std::string_view name_prefix = "dc-public-";

/// The `field` of every element of the list `key` in `body` whose `name` starts with the
/// prefix of our test networks, paired with that name.
std::vector<std::pair<std::string, std::string>> ours(const std::string& body, const char* key,
                                                      const char* field) {
  std::vector<std::pair<std::string, std::string>> found;
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(body)[key].get(list) != simdjson::SUCCESS) return found;
  for (auto element : list) {
    std::string_view name, value;
    if (element["name"].get(name) != simdjson::SUCCESS || !name.starts_with(name_prefix)) continue;
    if (element.at_pointer(field).get(value) != simdjson::SUCCESS) continue;
    found.emplace_back(std::string{name}, std::string{value});
  }
  return found;
}

/// Whether the test process whose pid ends `name` is gone (so what it made is left over).
bool left_by_a_gone_process(std::string_view name) {
  name.remove_prefix(name_prefix.size());
  int pid = 0;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (error != std::errc{} || end != name.data() + name.size() || pid <= 0) return false;
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

PublicNetwork::PublicNetwork(const LoopbackCloud& cloud)
    : token_(keystone_token(cloud, cloud.admin)),
      neutron_url_(service_url(cloud, token_, "network")),
      name_(std::string{name_prefix} + std::to_string(::getpid())) {
  // The cloud's state outlives test runs: a run that was killed leaves its router on the shared
  // subnet. A failure half way through making ours must not leave one more behind.
  sweep_leftovers();
  try {
    make();
  } catch (...) {
    release(network_id_, router_id_, interface_port_id_);
    throw;
  }
}

void PublicNetwork::make() {
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
  // The router joins `private` through a port of its own rather than the subnet's gateway
  // address, which only one router can hold.
  auto private_network_id =
      first_id(neutron("GET", "/v2.0/networks?name=private").body, "networks");
  auto port = neutron(
      "POST", "/v2.0/ports",
      R"({"port":{"name":")" + name_ + R"(","network_id":")" + private_network_id + R"("}})");
  INFO(port.body);
  REQUIRE(port.status == 201);
  interface_port_id_ = json_string(port.body, {"port", "id"});
  auto linked = neutron("PUT", "/v2.0/routers/" + router_id_ + "/add_router_interface",
                        R"({"port_id":")" + interface_port_id_ + R"("})");
  INFO(linked.body);
  REQUIRE(linked.status == 200);
}

PublicNetwork::~PublicNetwork() {
  release(network_id_, router_id_, interface_port_id_);
}

void PublicNetwork::sweep_leftovers() {
  try {
    for (auto& [name, router_id] : ours(neutron("GET", "/v2.0/routers").body, "routers", "/id")) {
      if (!left_by_a_gone_process(name)) continue;
      auto router = neutron("GET", "/v2.0/routers/" + router_id);
      std::string network_id;
      simdjson::dom::parser parser;
      std::string_view id;
      if (parser.parse(router.body)
              .at_pointer("/router/external_gateway_info/network_id")
              .get(id) == simdjson::SUCCESS)
        network_id = id;
      // Its interfaces, whether on a port of their own or on the subnet's gateway address.
      auto ports = neutron(
          "GET", "/v2.0/ports?device_owner=network:router_interface&device_id=" + router_id);
      simdjson::dom::array list;
      if (parser.parse(ports.body)["ports"].get(list) == simdjson::SUCCESS)
        for (auto port : list)
          if (port["id"].get(id) == simdjson::SUCCESS)
            neutron("PUT", "/v2.0/routers/" + router_id + "/remove_router_interface",
                    R"({"port_id":")" + std::string{id} + R"("})");
      release(network_id, router_id, {});
    }
    for (auto& [name, network_id] : ours(neutron("GET", "/v2.0/networks").body, "networks", "/id"))
      if (left_by_a_gone_process(name)) release(network_id, {}, {});
  } catch (...) {
    // Leftovers we cannot remove are only in the way if they hold the private subnet, and ours
    // no longer needs its gateway address.
  }
}

void PublicNetwork::release(const std::string& network_id, const std::string& router_id,
                            const std::string& interface_port_id) {
  try {
    // Addresses a failed test left behind first: they hold the network.
    if (!network_id.empty()) {
      auto left = neutron("GET", "/v2.0/floatingips?floating_network_id=" + network_id);
      simdjson::dom::parser parser;
      simdjson::dom::array ips;
      if (parser.parse(left.body)["floatingips"].get(ips) == simdjson::SUCCESS)
        for (auto ip : ips) {
          std::string_view id;
          if (ip["id"].get(id) == simdjson::SUCCESS)
            neutron("DELETE", "/v2.0/floatingips/" + std::string{id});
        }
    }
    if (!router_id.empty() && !interface_port_id.empty())
      neutron("PUT", "/v2.0/routers/" + router_id + "/remove_router_interface",
              R"({"port_id":")" + interface_port_id + R"("})");
    if (!interface_port_id.empty()) neutron("DELETE", "/v2.0/ports/" + interface_port_id);
    if (!router_id.empty()) neutron("DELETE", "/v2.0/routers/" + router_id);
    if (!network_id.empty()) neutron("DELETE", "/v2.0/networks/" + network_id);
  } catch (...) {
    // What is left has a name of its own; the next run's sweep removes it.
  }
}

Response PublicNetwork::neutron(const std::string& method, const std::string& path,
                                const std::string& body) {
  return cloud_http(method, neutron_url_ + path, {{"X-Auth-Token", token_}}, body);
}

}  // namespace dc::test
