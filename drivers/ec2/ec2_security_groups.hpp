#pragma once
// Security groups as firewalls: reading DescribeSecurityGroups answers, and the parameters that
// add or remove one rule. EC2 gathers the sources of a protocol and port range into one
// permission; a rule of ours has one source, as in the openstack driver, so that each is removed
// by itself. A rule's id is a digest of what it admits (EC2 gives rules no ids of their own that
// every EC2-compatible cloud knows): removing one reads the group, finds the rule by that digest
// and revokes exactly its permission.

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "drivers/ec2/ec2_query.hpp"
#include "engine/model.hpp"

namespace dc::drivers::ec2 {

/// Every group of a DescribeSecurityGroupsResponse, ingress and egress rules one source each.
std::vector<engine::Firewall> read_security_groups(const pugi::xml_document& answer);

/// The parameters of AuthorizeSecurityGroupIngress for `rule` on group `group_id`: one
/// permission with every source (`sg-…` sources by id, others by name; an owner is passed when
/// it is an AWS account id).
Ec2Query::Params authorize_params(const std::string& group_id,
                                  const engine::FirewallRuleCreate& rule);

/// The parameters of RevokeSecurityGroupIngress (or Egress, by the rule's direction) that take
/// away exactly `rule`, as read from the group.
Ec2Query::Params revoke_params(const std::string& group_id, const engine::FirewallRule& rule);

/// The parameter that names one group, by id (`sg-…`) or by name: `GroupId.1` in a describe
/// (`index` 1), `GroupId` in calls on one group (`index` 0).
Ec2Query::Params group_params(const std::string& id_or_name, int index);

}  // namespace dc::drivers::ec2
