#pragma once
// EC2 instances as ours: reading DescribeInstances and RunInstances answers, and the parameters
// of a RunInstances call. A create carries its client token twice: as EC2's ClientToken, which
// EC2 itself honours, and as a tag, by which the driver finds the instance again after a lost
// answer, a restart or a kill -9 on clouds that do not honour ClientToken.

#include <pugixml.hpp>

#include <optional>
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

/// The parameters of a DescribeInstances that asks for the instance made with `token`. EC2 reads
/// `*` and `?` in filter values as wildcards: they are escaped, so a token matches only itself.
Ec2Query::Params find_by_token_params(const std::string& token);

/// Among the instances of a DescribeInstances answer, the one whose token tag is exactly
/// `token`, one not terminated first; nothing when there is none.
std::optional<engine::Instance> made_with_token(const pugi::xml_document& answer,
                                                const std::string& token);

/// The state an instance action's answer (Start/Stop/RebootInstances) gives the instance.
std::optional<engine::InstanceState> state_after_action(const pugi::xml_document& answer);

}  // namespace dc::drivers::ec2
