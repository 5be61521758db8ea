// Networks, subnets and network interfaces over HTTP.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

TEST_CASE("networks and subnets list the seed data") {
  TestServer server;
  auto nets = parse_xml(server.get_auth("/api/networks").body);
  CHECK(ids(nets.child("networks"), "network") == std::vector<std::string>{"net1", "net2"});
  auto net1 = nets.child("networks").child("network");
  CHECK(std::string{net1.child_value("name")} == "network1");
  CHECK(std::string{net1.child_value("state")} == "UP");
  CHECK(std::string{net1.child("address_blocks").child_value("address_block")} == "192.168.0.0/16");
  CHECK(ids(net1.child("subnets"), "subnet") == std::vector<std::string>{"subnet1", "subnet2"});
  CHECK(std::string{net1.child("actions").child("link").attribute("rel").value()} == "destroy");
  auto subnet = parse_xml(server.get_auth("/api/subnets/subnet3").body);
  CHECK(std::string{subnet.child("subnet").child_value("address_block")} == "10.1.0.0/16");
  CHECK(std::string{subnet.child("subnet").child_value("network")} == "net2");
  CHECK(server.get_auth("/api/subnets/subnet3?format=json").body.find("\"type\":\"PRIVATE\"") !=
        std::string::npos);
  CHECK(server.get_auth("/api/networks/net1?format=json")
            .body.find("\"address_blocks\":[\"192.168.0.0/16\"]") != std::string::npos);
  CHECK(server.get_auth("/api/networks/nope").status == 404);
}

TEST_CASE("network interfaces show their instance and subnet; instances show their interfaces") {
  TestServer server;
  auto nic = parse_xml(server.get_auth("/api/network_interfaces/nic1").body);
  auto n = nic.child("network_interface");
  CHECK(std::string{n.child_value("ip_address")} == "192.168.1.2");
  CHECK(std::string{n.child("network").attribute("rel").value()} == "subnet");
  CHECK(std::string{n.child("network").attribute("id").value()} == "subnet1");
  CHECK(std::string{n.child("instance").attribute("id").value()} == "inst1");
  auto inst = parse_xml(server.get_auth("/api/instances/inst1").body);
  CHECK(ids(inst.child("instance").child("network_interfaces"), "network_interface") ==
        std::vector<std::string>{"nic1"});
}

TEST_CASE("networks, subnets and interfaces are created and destroyed in order") {
  TestServer server(instant_transitions());
  auto net = server.post_auth("/api/networks?name=lab&address_block=172.16.0.0/12");
  REQUIRE(net.status == 200);
  CHECK(std::string{parse_xml(net.body).child("network").attribute("id").value()} == "lab");
  CHECK(server.post_auth("/api/networks?name=lab").status == 409);
  auto sub = server.post_auth("/api/subnets?network_id=lab&address_block=172.16.1.0/24&name=lab-a");
  REQUIRE(sub.status == 200);
  auto lab = parse_xml(server.get_auth("/api/networks/lab").body);
  CHECK(ids(lab.child("network").child("subnets"), "subnet") == std::vector<std::string>{"lab-a"});
  auto nic = server.post_auth("/api/network_interfaces?instance=inst2&network=lab-a&name=eth1");
  REQUIRE(nic.status == 200);
  auto nic_doc = parse_xml(nic.body);
  CHECK(std::string{nic_doc.child("network_interface").child_value("ip_address")} == "172.16.1.2");
  auto second = server.post_auth("/api/network_interfaces?instance=inst2&network=lab&subnet=lab-a");
  REQUIRE(second.status == 200);
  auto second_doc = parse_xml(second.body);
  CHECK(std::string{second_doc.child("network_interface").child_value("ip_address")} ==
        "172.16.1.3");
  auto inst2 = parse_xml(server.get_auth("/api/instances/inst2").body);
  CHECK(ids(inst2.child("instance").child("network_interfaces"), "network_interface").size() == 2);
  // Things in use cannot go.
  CHECK(server.delete_auth("/api/subnets/lab-a").status == 409);
  CHECK(server.delete_auth("/api/networks/lab").status == 409);
  // Destroying the instance removes its interfaces; then the network can go, with its subnets.
  REQUIRE(server.post_auth("/api/instances/inst2/stop").status == 202);
  REQUIRE(server.delete_auth("/api/instances/inst2").status == 204);
  CHECK(server.get_auth("/api/network_interfaces/eth1").status == 404);
  CHECK(server.delete_auth("/api/networks/lab").status == 204);
  CHECK(server.get_auth("/api/subnets/lab-a").status == 404);
}

TEST_CASE("network requests with bad input get clear 4xx errors") {
  TestServer server;
  CHECK(server.post_auth("/api/networks?address_block=not-a-cidr").status == 400);
  CHECK(server.post_auth("/api/subnets?network_id=net1").status == 400);
  CHECK(server.post_auth("/api/subnets?network_id=nope&address_block=10.0.0.0/8").status == 400);
  CHECK(server.post_auth("/api/subnets?network_id=net1&address_block=10.0.0.0/33").status == 400);
  CHECK(server.post_auth("/api/network_interfaces?instance=inst1").status == 400);
  CHECK(server.post_auth("/api/network_interfaces?instance=inst99&network=subnet1").status == 400);
  CHECK(server.post_auth("/api/network_interfaces?instance=inst1&network=net1").status == 400);
  CHECK(server.post_auth("/api/network_interfaces?instance=inst1&network=net1&subnet=subnet3")
            .status == 400);
  CHECK(server.post_auth("/api/networks?name=..%2Fescape").status == 400);
  CHECK(server.delete_auth("/api/network_interfaces/nope").status == 404);
  CHECK(server.get("/api/networks").status == 401);
}

TEST_CASE("networks and interfaces survive a restart") {
  TestServer server;
  REQUIRE(server.post_auth("/api/networks?name=kept&address_block=10.9.0.0/16").status == 200);
  REQUIRE(server.post_auth("/api/subnets?network_id=kept&address_block=10.9.1.0/24&name=kept-a")
              .status == 200);
  REQUIRE(
      server.post_auth("/api/network_interfaces?instance=inst0&network=kept-a&name=k0").status ==
      200);
  server.restart();
  CHECK(server.get_auth("/api/network_interfaces/k0").status == 200);
  auto kept = parse_xml(server.get_auth("/api/networks/kept").body);
  CHECK(ids(kept.child("network").child("subnets"), "subnet") ==
        std::vector<std::string>{"kept-a"});
}

TEST_CASE("networks and subnets cannot share a name") {
  TestServer server;
  CHECK(server.post_auth("/api/subnets?network_id=net1&address_block=192.168.9.0/24&name=net2")
            .status == 409);
  CHECK(server.post_auth("/api/networks?name=subnet1").status == 409);
}
