#include "drivers/ec2/ec2_instances.hpp"

#include <set>

#include "drivers/ec2/ec2_states.hpp"
#include "engine/base64.hpp"

namespace dc::drivers::ec2 {

namespace {

std::string tag(pugi::xml_node item, std::string_view key) {
  for (auto t : item.child("tagSet").children("item"))
    if (key == t.child_value("key")) return t.child_value("value");
  return {};
}

void add_address(std::vector<engine::Address>& to, const char* address, const char* type) {
  if (*address) to.push_back({address, type, std::nullopt});
}

/// The security groups of an instance: EC2 lists them on the instance, some clouds (and moto)
/// only on its network interfaces.
std::vector<std::string> security_groups(pugi::xml_node item) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  auto take = [&](pugi::xml_node groups) {
    for (auto g : groups.children("item"))
      if (*g.child_value("groupId") && seen.insert(g.child_value("groupId")).second)
        ids.emplace_back(g.child_value("groupId"));
  };
  take(item.child("groupSet"));
  for (auto nic : item.child("networkInterfaceSet").children("item")) take(nic.child("groupSet"));
  return ids;
}

engine::Instance read_instance(pugi::xml_node item, const std::string& owner) {
  engine::Instance i;
  i.id = item.child_value("instanceId");
  if (auto name = tag(item, "Name"); !name.empty()) i.name = name;
  i.owner_id = owner;
  i.image_id = item.child_value("imageId");
  i.realm_id = item.child("placement").child_value("availabilityZone");
  std::string state = item.child("instanceState").child_value("name");
  auto mapped = map_ec2_state(state);
  i.state = mapped.state;
  if (!mapped.known) i.provider_state = state;
  i.hardware_profile_id = item.child_value("instanceType");
  add_address(i.public_addresses, item.child_value("dnsName"), "hostname");
  add_address(i.public_addresses, item.child_value("ipAddress"), "ipv4");
  add_address(i.private_addresses, item.child_value("privateDnsName"), "hostname");
  add_address(i.private_addresses, item.child_value("privateIpAddress"), "ipv4");
  // Only an EBS-backed instance can be imaged (CreateImage).
  i.create_image = std::string_view{item.child_value("rootDeviceType")} == "ebs";
  for (auto mapping : item.child("blockDeviceMapping").children("item"))
    if (*mapping.child("ebs").child_value("volumeId"))
      i.storage_volumes.push_back(
          {mapping.child("ebs").child_value("volumeId"), mapping.child_value("deviceName")});
  if (*item.child_value("keyName")) i.keyname = item.child_value("keyName");
  if (*item.child_value("launchTime")) i.launch_time = item.child_value("launchTime");
  i.firewalls = security_groups(item);
  return i;
}

void read_reservation(pugi::xml_node reservation, std::vector<engine::Instance>& out) {
  std::string owner = reservation.child_value("ownerId");
  for (auto item : reservation.child("instancesSet").children("item"))
    out.push_back(read_instance(item, owner));
}

}  // namespace

Ec2InstancePage read_instances(const pugi::xml_document& answer) {
  Ec2InstancePage page;
  auto root = answer.document_element();
  if (root.child("reservationSet")) {
    for (auto reservation : root.child("reservationSet").children("item"))
      read_reservation(reservation, page.instances);
  } else {
    read_reservation(root, page.instances);  // RunInstances answers one reservation, unwrapped
  }
  page.next_token = root.child_value("nextToken");
  return page;
}

Ec2Query::Params run_instances_params(const engine::InstanceCreate& what,
                                      const std::string& instance_type) {
  Ec2Query::Params p{{"ImageId", what.image_id},
                     {"InstanceType", instance_type},
                     {"MinCount", "1"},
                     {"MaxCount", "1"}};
  if (!what.realm_id.empty()) {
    auto colon = what.realm_id.find(':');
    p.emplace_back("Placement.AvailabilityZone", what.realm_id.substr(0, colon));
    if (colon != std::string::npos) p.emplace_back("SubnetId", what.realm_id.substr(colon + 1));
  }
  if (what.keyname && !what.keyname->empty()) p.emplace_back("KeyName", *what.keyname);
  if (what.user_data) p.emplace_back("UserData", engine::base64_encode(*what.user_data));
  int by_id = 0, by_name = 0;
  for (auto& group : what.firewalls) {
    if (group.rfind("sg-", 0) == 0)
      p.emplace_back("SecurityGroupId." + std::to_string(++by_id), group);
    else
      p.emplace_back("SecurityGroup." + std::to_string(++by_name), group);
  }
  int tags = 0;
  auto add_tag = [&](const std::string& key, const std::string& value) {
    auto prefix = "TagSpecification.1.Tag." + std::to_string(++tags);
    p.emplace_back(prefix + ".Key", key);
    p.emplace_back(prefix + ".Value", value);
  };
  if (what.name) add_tag("Name", *what.name);
  if (what.client_token) {
    // EC2 takes tokens of up to 64 ASCII characters; a longer one is still found by its tag.
    if (what.client_token->size() <= 64) p.emplace_back("ClientToken", *what.client_token);
    add_tag(client_token_tag, *what.client_token);
  }
  if (tags > 0) p.emplace_back("TagSpecification.1.ResourceType", "instance");
  return p;
}

Ec2Query::Params find_by_token_params(const std::string& token) {
  std::string escaped;
  for (char c : token) {
    if (c == '*' || c == '?' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return {{"Filter.1.Name", std::string{"tag:"} + client_token_tag}, {"Filter.1.Value.1", escaped}};
}

std::optional<engine::Instance> made_with_token(const pugi::xml_document& answer,
                                                const std::string& token) {
  std::optional<engine::Instance> found;
  for (auto reservation : answer.document_element().child("reservationSet").children("item")) {
    std::string owner = reservation.child_value("ownerId");
    for (auto item : reservation.child("instancesSet").children("item")) {
      if (tag(item, client_token_tag) != token) continue;
      auto i = read_instance(item, owner);
      if (!found || found->state == engine::InstanceState::finish) found = std::move(i);
    }
  }
  return found;
}

std::optional<engine::InstanceState> state_after_action(const pugi::xml_document& answer) {
  auto item = answer.document_element().child("instancesSet").child("item");
  std::string name = item.child("currentState").child_value("name");
  if (name.empty()) return std::nullopt;
  auto mapped = map_ec2_state(name);
  if (!mapped.known) return std::nullopt;
  return mapped.state;
}

}  // namespace dc::drivers::ec2
