#include "drivers/openstack/neutron_floating_ips.hpp"

#include <simdjson.h>

#include <cctype>

#include "drivers/openstack/json_fields.hpp"
#include "engine/json_writer.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

FloatingIp to_floating_ip(simdjson::dom::element e) {
  return FloatingIp{text_field(e, "id"), text_field(e, "floating_ip_address"),
                    text_field(e, "port_id")};
}

}  // namespace

engine::Result<std::vector<FloatingIp>> read_floating_ips(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(body)["floatingips"].get(list) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider, "Neutron's floating IP list is unreadable");
  std::vector<FloatingIp> out;
  for (auto e : list) out.push_back(to_floating_ip(e));
  return out;
}

engine::Result<FloatingIp> read_floating_ip(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(body)["floatingip"].get(e) != simdjson::SUCCESS || !e.is_object())
    return engine::make_error(ErrorKind::provider, "Neutron's floating IP is unreadable");
  return to_floating_ip(e);
}

engine::Result<std::vector<NeutronPort>> read_ports(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(body)["ports"].get(list) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider, "Neutron's port list is unreadable");
  std::vector<NeutronPort> out;
  for (auto p : list) {
    simdjson::dom::array fixed;
    bool has_fixed = p["fixed_ips"].get(fixed) == simdjson::SUCCESS && fixed.size() > 0;
    out.push_back(NeutronPort{text_field(p, "id"), text_field(p, "device_id"), has_fixed});
  }
  return out;
}

engine::Result<std::vector<std::string>> read_network_ids(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(body)["networks"].get(list) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider, "Neutron's network list is unreadable");
  std::vector<std::string> out;
  for (auto n : list)
    if (auto id = text_field(n, "id"); !id.empty()) out.push_back(std::move(id));
  return out;
}

bool looks_like_ip(const std::string& text) {
  if (text.empty() || text.size() > 45) return false;
  for (unsigned char c : text)
    if (!std::isxdigit(c) && c != '.' && c != ':') return false;
  return true;
}

std::string floating_ip_create_body(const std::string& network_id) {
  engine::JsonWriter json;
  json.begin_object().key("floatingip").begin_object();
  json.field("floating_network_id", network_id);
  json.end_object().end_object();
  return json.finish();
}

std::string floating_ip_port_body(const std::optional<std::string>& port_id) {
  engine::JsonWriter json;
  json.begin_object().key("floatingip").begin_object();
  json.nullable("port_id", port_id);
  json.end_object().end_object();
  return json.finish();
}

}  // namespace dc::drivers::openstack
