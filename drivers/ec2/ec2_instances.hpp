#pragma once
// EC2 instances as ours: reading DescribeInstances and RunInstances answers, and the parameters
// of a RunInstances call. A create carries its client token twice: as EC2's ClientToken, which
// EC2 itself honours, and as a tag, by which the driver finds the instance again after a lost
// answer, a restart or a kill -9 on clouds that do not honour ClientToken.

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "drivers/ec2/ec2_query.hpp"
#include "engine/model.hpp"

namespace dc::drivers::ec2 {

/// The tag holding a create's client token.
inline constexpr const char* client_token_tag = "deltacloud:client-token";

struct Ec2InstancePage {
  std::vector<engine::Instance> instances;
  std::string next_token;  // empty on the last page
};

/// Every instance of a DescribeInstancesResponse (reservationSet) or a RunInstancesResponse
/// (one reservation), terminated ones included (state finish), and the next page's token.
Ec2InstancePage read_instances(const pugi::xml_document& answer);

/// The parameters of RunInstances for one instance of `what`. `realm_id` is a zone or
/// `zone:subnet`; firewalls are security group ids (`sg-…`) or names; the name becomes the Name
/// tag.
Ec2Query::Params run_instances_params(const engine::InstanceCreate& what,
                                      const std::string& instance_type);

/// The parameters of a DescribeInstances that asks for the instance made with `token`.
Ec2Query::Params find_by_token_params(const std::string& token);

}  // namespace dc::drivers::ec2
