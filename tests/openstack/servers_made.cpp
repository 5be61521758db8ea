#include "tests/openstack/servers_made.hpp"

#include <catch2/catch.hpp>

#include "tests/support/xml.hpp"

namespace dc::test {

ServersMade::ServersMade(const LoopbackCloud& cloud, const CloudUser& owner)
    : token_(keystone_token(cloud, owner)), nova_url_(service_url(cloud, token_, "compute")) {}

ServersMade::~ServersMade() {
  for (auto& id : ids_) {
    try {
      // Straight to Nova: deltacloudd's state machine would refuse a destroy while a server is
      // still being built. A server already deleted answers 404, which is fine.
      cloud_http("DELETE", nova_url_ + "/servers/" + id, {{"X-Auth-Token", token_}});
    } catch (...) {
      // Nothing more can be done from a destructor; the next run's names differ.
    }
  }
}

std::string ServersMade::keep(const Response& created) {
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  std::string id = doc.child("instance").attribute("id").value();
  REQUIRE_FALSE(id.empty());
  ids_.push_back(id);
  return id;
}

}  // namespace dc::test
