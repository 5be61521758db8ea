#pragma once
// An external network for one test: the loopback cloud has none, and floating IPs (addresses)
// come from one. Made as the cloud's admin with a router to the shared `private` network (so
// that its addresses can reach servers there), and removed with everything on it afterwards.
// What runs that were killed left behind (named after their gone pid) is removed first.

#include <string>

#include "tests/openstack/loopback_cloud.hpp"

namespace dc::test {

class PublicNetwork {
 public:
  explicit PublicNetwork(const LoopbackCloud& cloud);
  ~PublicNetwork();
  PublicNetwork(const PublicNetwork&) = delete;
  PublicNetwork& operator=(const PublicNetwork&) = delete;

  /// Its name, for the driver's `floating_network` option.
  const std::string& name() const { return name_; }
  /// The block its addresses come from, as a prefix of their text (`203.0.113.`).
  static std::string address_prefix() { return "203.0.113."; }

 private:
  void make();
  void sweep_leftovers();
  /// Removes what was made, any part of it may be missing; never fails.
  void release(const std::string& network_id, const std::string& router_id,
               const std::string& interface_port_id);
  Response neutron(const std::string& method, const std::string& path,
                   const std::string& body = {});

  std::string token_;
  std::string neutron_url_;
  std::string name_;
  std::string network_id_;
  std::string router_id_;
  std::string interface_port_id_;
};

}  // namespace dc::test
