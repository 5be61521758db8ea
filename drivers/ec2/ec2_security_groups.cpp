#include "drivers/ec2/ec2_security_groups.hpp"

#include <algorithm>

#include "drivers/ec2/sigv4.hpp"

namespace dc::drivers::ec2 {

namespace {

bool is_account_id(const std::string& text) {
  return text.size() == 12 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// EC2's protocol `-1` is every protocol.
std::string protocol_of(const char* ip_protocol) {
  return std::string_view{ip_protocol} == "-1" ? "any" : ip_protocol;
}

std::string rule_id(const engine::FirewallRule& r) {
  auto& s = r.sources.front();
  auto text = r.direction + "|" + r.protocol + "|" + r.port_from + "|" + r.port_to + "|" + s.type +
              "|" + s.address + "/" + s.prefix + "|" + s.name + "|" + s.owner;
  return "rule-" + sha256_hex(text).substr(0, 20);
}

engine::RuleSource address(const std::string& cidr, const char* family) {
  auto slash = cidr.find('/');
  return {"address",
          cidr.substr(0, slash),
          slash == std::string::npos ? std::string{} : cidr.substr(slash + 1),
          family,
          "",
          ""};
}

void read_permissions(pugi::xml_node permissions, const std::string& direction,
                      std::vector<engine::FirewallRule>& rules) {
  for (auto p : permissions.children("item")) {
    engine::FirewallRule base;
    base.direction = direction;
    base.protocol = protocol_of(p.child_value("ipProtocol"));
    base.port_from = p.child_value("fromPort");
    base.port_to = p.child_value("toPort");
    std::vector<engine::RuleSource> sources;
    for (auto r : p.child("ipRanges").children("item"))
      sources.push_back(address(r.child_value("cidrIp"), "ipv4"));
    for (auto r : p.child("ipv6Ranges").children("item"))
      sources.push_back(address(r.child_value("cidrIpv6"), "ipv6"));
    for (auto g : p.child("groups").children("item")) {
      // A group is named by id: names are unique only within one VPC.
      std::string id = g.child_value("groupId");
      sources.push_back({"group", "", "", "", id.empty() ? g.child_value("groupName") : id,
                         g.child_value("userId")});
    }
    for (auto& source : sources) {
      auto rule = base;
      rule.sources = {source};
      rule.id = rule_id(rule);
      rules.push_back(std::move(rule));
    }
  }
}

void add_source(Ec2Query::Params& p, const std::string& prefix, const engine::RuleSource& s,
                int& v4, int& v6, int& groups) {
  if (s.type == "address") {
    auto cidr = s.prefix.empty() ? s.address : s.address + "/" + s.prefix;
    if (s.family == "ipv6")
      p.emplace_back(prefix + "Ipv6Ranges." + std::to_string(++v6) + ".CidrIpv6", cidr);
    else
      p.emplace_back(prefix + "IpRanges." + std::to_string(++v4) + ".CidrIp", cidr);
    return;
  }
  auto g = prefix + "Groups." + std::to_string(++groups);
  p.emplace_back(g + (s.name.rfind("sg-", 0) == 0 ? ".GroupId" : ".GroupName"), s.name);
  if (is_account_id(s.owner)) p.emplace_back(g + ".UserId", s.owner);
}

Ec2Query::Params permission(const std::string& group_id, const std::string& protocol,
                            const std::string& from, const std::string& to,
                            const std::vector<engine::RuleSource>& sources) {
  auto p = group_params(group_id, 0);
  const std::string prefix = "IpPermissions.1.";
  p.emplace_back(prefix + "IpProtocol", protocol == "any" ? "-1" : protocol);
  if (!from.empty()) p.emplace_back(prefix + "FromPort", from);
  if (!to.empty()) p.emplace_back(prefix + "ToPort", to);
  int v4 = 0, v6 = 0, groups = 0;
  for (auto& s : sources) add_source(p, prefix, s, v4, v6, groups);
  return p;
}

}  // namespace

Ec2Query::Params group_params(const std::string& id_or_name, int index) {
  auto n = std::to_string(index);
  if (id_or_name.rfind("sg-", 0) == 0) return {{"GroupId" + (index ? "." + n : ""), id_or_name}};
  return {{"GroupName" + (index ? "." + n : ""), id_or_name}};
}

std::vector<engine::Firewall> read_security_groups(const pugi::xml_document& answer) {
  std::vector<engine::Firewall> out;
  for (auto g : answer.document_element().child("securityGroupInfo").children("item")) {
    engine::Firewall f;
    f.id = g.child_value("groupId");
    f.name = g.child_value("groupName");
    f.description = g.child_value("groupDescription");
    f.owner_id = g.child_value("ownerId");
    read_permissions(g.child("ipPermissions"), "ingress", f.rules);
    read_permissions(g.child("ipPermissionsEgress"), "egress", f.rules);
    out.push_back(std::move(f));
  }
  return out;
}

Ec2Query::Params authorize_params(const std::string& group_id,
                                  const engine::FirewallRuleCreate& rule) {
  return permission(group_id, rule.protocol, rule.port_from, rule.port_to, rule.sources);
}

Ec2Query::Params revoke_params(const std::string& group_id, const engine::FirewallRule& rule) {
  return permission(group_id, rule.protocol, rule.port_from, rule.port_to, rule.sources);
}

}  // namespace dc::drivers::ec2
