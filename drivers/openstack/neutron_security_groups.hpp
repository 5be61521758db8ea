#pragma once
// Neutron security groups as our firewalls. A Neutron rule admits traffic from one source (an
// address block or another group); one of our rules may name several, so adding it makes one
// Neutron rule per source, and each Neutron rule shows as a rule of ours with one source.

#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// `GET /v2.0/security-groups`.
engine::Result<std::vector<engine::Firewall>> read_security_groups(const std::string& body);
/// `GET /v2.0/security-groups/{id}` and the answer of its create.
engine::Result<engine::Firewall> read_security_group(const std::string& body);
/// The body of `POST /v2.0/security-groups`.
std::string security_group_create_body(const engine::FirewallCreate& what);

/// The bodies of `POST /v2.0/security-group-rules` for `rule` (one per source) in group
/// `group_id`. Group sources must already name group ids. Ports of -1 or none mean any.
engine::Result<std::vector<std::string>> security_group_rule_bodies(
    const std::string& group_id, const engine::FirewallRuleCreate& rule);
/// The id of the rule in the answer of its create.
engine::Result<std::string> read_security_group_rule_id(const std::string& body);

}  // namespace dc::drivers::openstack
