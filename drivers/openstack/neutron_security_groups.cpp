#include "drivers/openstack/neutron_security_groups.hpp"

#include <simdjson.h>

#include "drivers/openstack/json_fields.hpp"
#include "engine/json_writer.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

/// A port or ICMP type/code as Neutron gives it (a number or null) as our text.
std::string port_text(simdjson::dom::element rule, const char* key) {
  std::int64_t v;
  return rule[key].get(v) == simdjson::SUCCESS ? std::to_string(v) : std::string{};
}

engine::FirewallRule to_rule(simdjson::dom::element r) {
  engine::FirewallRule rule;
  rule.id = text_field(r, "id");
  rule.protocol = text_field(r, "protocol");
  if (rule.protocol.empty()) rule.protocol = "any";  // null: every protocol
  rule.port_from = port_text(r, "port_range_min");
  rule.port_to = port_text(r, "port_range_max");
  rule.direction = text_field(r, "direction");
  rule.action = "accept";  // Neutron rules only admit traffic
  auto ipv6 = text_field(r, "ethertype") == "IPv6";
  engine::RuleSource source;
  if (auto group = text_field(r, "remote_group_id"); !group.empty()) {
    source.type = "group";
    source.name = group;
    source.owner = text_field(r, "project_id");
  } else {
    // No prefix means from anywhere.
    auto cidr = text_field(r, "remote_ip_prefix");
    if (cidr.empty()) cidr = ipv6 ? "::/0" : "0.0.0.0/0";
    auto slash = cidr.find('/');
    source.type = "address";
    source.address = cidr.substr(0, slash);
    source.prefix = slash == std::string::npos ? (ipv6 ? "128" : "32") : cidr.substr(slash + 1);
    source.family = ipv6 ? "ipv6" : "ipv4";
  }
  rule.sources.push_back(std::move(source));
  return rule;
}

engine::Firewall to_firewall(simdjson::dom::element g) {
  engine::Firewall firewall;
  firewall.id = text_field(g, "id");
  firewall.name = text_field(g, "name");
  firewall.description = text_field(g, "description");
  firewall.owner_id = text_field(g, "project_id");
  if (firewall.owner_id.empty()) firewall.owner_id = text_field(g, "tenant_id");
  simdjson::dom::array rules;
  if (g["security_group_rules"].get(rules) == simdjson::SUCCESS)
    for (auto r : rules) firewall.rules.push_back(to_rule(r));
  return firewall;
}

/// A port of a rule we are asked to make: none (any), or a whole number; -1 is any.
engine::Result<std::optional<std::int64_t>> rule_port(const std::string& text, const char* what) {
  if (text.empty() || text == "-1") return std::optional<std::int64_t>{};
  std::size_t used = 0;
  std::int64_t v = -1;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v < 0 || v > 65535)
    return engine::make_error(ErrorKind::validation,
                              std::string{"Parameter '"} + what + "' must be a port (0-65535)");
  return std::optional<std::int64_t>{v};
}

}  // namespace

engine::Result<std::vector<engine::Firewall>> read_security_groups(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array groups;
  if (parser.parse(body)["security_groups"].get(groups) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider, "Neutron's security group list is unreadable");
  std::vector<engine::Firewall> out;
  for (auto g : groups) out.push_back(to_firewall(g));
  return out;
}

engine::Result<engine::Firewall> read_security_group(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element g;
  if (parser.parse(body)["security_group"].get(g) != simdjson::SUCCESS || !g.is_object())
    return engine::make_error(ErrorKind::provider, "Neutron's security group is unreadable");
  return to_firewall(g);
}

std::string security_group_create_body(const engine::FirewallCreate& what) {
  engine::JsonWriter json;
  json.begin_object().key("security_group").begin_object();
  json.field("name", what.name);
  json.field("description", what.description);
  json.end_object().end_object();
  return json.finish();
}

engine::Result<std::vector<std::string>> security_group_rule_bodies(
    const std::string& group_id, const engine::FirewallRuleCreate& rule) {
  auto from = rule_port(rule.port_from, "port_from");
  if (!from) return from.error();
  auto to = rule_port(rule.port_to, "port_to");
  if (!to) return to.error();
  // One port given stands for a range of one.
  if (from.value() && !to.value()) to = from;
  if (!from.value() && to.value()) from = to;
  std::vector<std::string> bodies;
  for (auto& source : rule.sources) {
    engine::JsonWriter json;
    json.begin_object().key("security_group_rule").begin_object();
    json.field("security_group_id", group_id);
    json.field("direction", "ingress");
    json.field("protocol", rule.protocol);
    if (from.value()) json.field("port_range_min", *from.value());
    if (to.value()) json.field("port_range_max", *to.value());
    if (source.type == "group") {
      json.field("remote_group_id", source.name);
      json.field("ethertype", "IPv4");
    } else {
      auto ipv6 = source.family == "ipv6";
      auto prefix = source.prefix.empty() ? (ipv6 ? "128" : "32") : source.prefix;
      json.field("remote_ip_prefix", source.address + "/" + prefix);
      json.field("ethertype", ipv6 ? "IPv6" : "IPv4");
    }
    json.end_object().end_object();
    bodies.push_back(json.finish());
  }
  return bodies;
}

engine::Result<std::string> read_security_group_rule_id(const std::string& body) {
  simdjson::dom::parser parser;
  std::string_view id;
  if (parser.parse(body)["security_group_rule"]["id"].get(id) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider, "Neutron's rule answer has no id");
  return std::string{id};
}

}  // namespace dc::drivers::openstack
