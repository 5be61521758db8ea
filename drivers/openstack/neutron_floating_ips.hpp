#pragma once
// Neutron floating IPs as our addresses. An address's id is the IP itself (as the API shows
// addresses); Neutron's own id for it stays inside the driver. A floating IP is associated
// with a port, and the port's device is the instance.

#include <optional>
#include <string>
#include <vector>

#include "engine/result.hpp"

namespace dc::drivers::openstack {

struct FloatingIp {
  std::string id;  // Neutron's
  std::string ip;
  std::string port_id;  // empty when free
};

struct NeutronPort {
  std::string id;
  std::string device_id;  // the server's id for a Nova port
  bool has_fixed_ip = false;
};

/// `GET /v2.0/floatingips` and its filtered forms.
engine::Result<std::vector<FloatingIp>> read_floating_ips(const std::string& body);
/// `POST /v2.0/floatingips` and `PUT /v2.0/floatingips/{id}`.
engine::Result<FloatingIp> read_floating_ip(const std::string& body);
/// `GET /v2.0/ports` and its filtered forms.
engine::Result<std::vector<NeutronPort>> read_ports(const std::string& body);
/// The ids in `GET /v2.0/networks`.
engine::Result<std::vector<std::string>> read_network_ids(const std::string& body);

/// True for text that can be an IPv4 or IPv6 address (it goes into a query as an id).
bool looks_like_ip(const std::string& text);

/// The body of `POST /v2.0/floatingips` on the external network `network_id`.
std::string floating_ip_create_body(const std::string& network_id);
/// The body of `PUT /v2.0/floatingips/{id}` that associates it with a port, or with none.
std::string floating_ip_port_body(const std::optional<std::string>& port_id);

}  // namespace dc::drivers::openstack
