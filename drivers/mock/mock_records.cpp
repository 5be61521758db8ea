#include "drivers/mock/mock_records.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "drivers/mock/mock_seed.hpp"

namespace dc::drivers::mock {

using engine::Address;
using engine::Image;
using engine::Instance;
using engine::Key;
using engine::StorageSnapshot;

namespace {

// -- YAML mapping of the model ------------------------------------------------------------------

std::string text(const YAML::Node& n, const char* key) {
  return n[key] && !n[key].IsNull() ? n[key].as<std::string>() : std::string{};
}

std::optional<std::string> optional_text(const YAML::Node& n, const char* key) {
  if (!n[key] || n[key].IsNull()) return std::nullopt;
  return n[key].as<std::string>();
}

void emit_addresses(YAML::Emitter& out, const char* key, const std::vector<Address>& list) {
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (auto& a : list) {
    out << YAML::BeginMap << YAML::Key << "address" << YAML::Value << a.address << YAML::Key
        << "type" << YAML::Value << YAML::DoubleQuoted << a.type;
    if (a.port) out << YAML::Key << "port" << YAML::Value << *a.port;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

std::vector<Address> read_addresses(const YAML::Node& n) {
  std::vector<Address> out;
  if (!n || !n.IsSequence()) return out;
  for (auto a : n) {
    Address addr{text(a, "address"), text(a, "type"), std::nullopt};
    if (a["port"]) addr.port = a["port"].as<int>();
    out.push_back(std::move(addr));
  }
  return out;
}

void emit_optional(YAML::Emitter& out, const char* key, const std::optional<std::string>& v) {
  if (v) out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << *v;
}

std::string to_yaml(const MockInstance& record) {
  auto& i = record.instance;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << i.id;
  emit_optional(out, "name", i.name);
  out << YAML::Key << "owner_id" << YAML::Value << YAML::DoubleQuoted << i.owner_id;
  out << YAML::Key << "image_id" << YAML::Value << YAML::DoubleQuoted << i.image_id;
  out << YAML::Key << "realm_id" << YAML::Value << YAML::DoubleQuoted << i.realm_id;
  out << YAML::Key << "state" << YAML::Value << engine::api_name(i.state);
  out << YAML::Key << "hardware_profile_id" << YAML::Value << YAML::DoubleQuoted
      << i.hardware_profile_id;
  out << YAML::Key << "profile_overrides" << YAML::Value << YAML::BeginSeq;
  for (auto& [name, value] : i.profile_overrides)
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name << YAML::Key << "value"
        << YAML::Value << YAML::DoubleQuoted << value << YAML::EndMap;
  out << YAML::EndSeq;
  emit_addresses(out, "public_addresses", i.public_addresses);
  emit_addresses(out, "private_addresses", i.private_addresses);
  out << YAML::Key << "create_image" << YAML::Value << i.create_image;
  if (i.network_interfaces) {
    out << YAML::Key << "network_interfaces" << YAML::Value << YAML::BeginSeq;
    for (auto& nic : *i.network_interfaces) out << YAML::DoubleQuoted << nic;
    out << YAML::EndSeq;
  }
  emit_optional(out, "keyname", i.keyname);
  emit_optional(out, "launch_time", i.launch_time);
  if (i.firewalls) {
    out << YAML::Key << "firewalls" << YAML::Value << YAML::BeginSeq;
    for (auto& f : *i.firewalls) out << YAML::DoubleQuoted << f;
    out << YAML::EndSeq;
  }
  if (record.transition_at_ms)
    out << YAML::Key << "transition_at_ms" << YAML::Value << record.transition_at_ms;
  if (!record.client_token.empty())
    out << YAML::Key << "client_token" << YAML::Value << YAML::DoubleQuoted << record.client_token;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

MockInstance instance_from_yaml(const YAML::Node& n) {
  MockInstance r;
  auto& i = r.instance;
  i.id = text(n, "id");
  i.name = optional_text(n, "name");
  i.owner_id = text(n, "owner_id");
  i.image_id = text(n, "image_id");
  i.realm_id = text(n, "realm_id");
  auto state = engine::parse_instance_state(text(n, "state"));
  if (!state) throw std::runtime_error("unknown state '" + text(n, "state") + "'");
  i.state = *state;
  i.hardware_profile_id = text(n, "hardware_profile_id");
  if (auto o = n["profile_overrides"])
    for (auto p : o) i.profile_overrides.emplace_back(text(p, "name"), text(p, "value"));
  i.public_addresses = read_addresses(n["public_addresses"]);
  i.private_addresses = read_addresses(n["private_addresses"]);
  i.create_image = n["create_image"] && n["create_image"].as<bool>();
  if (auto nics = n["network_interfaces"]) {
    i.network_interfaces = std::vector<std::string>{};
    for (auto nic : nics) i.network_interfaces->push_back(nic.as<std::string>());
  }
  i.keyname = optional_text(n, "keyname");
  i.launch_time = optional_text(n, "launch_time");
  if (auto fws = n["firewalls"]) {
    i.firewalls = std::vector<std::string>{};
    for (auto f : fws) i.firewalls->push_back(f.as<std::string>());
  }
  if (n["transition_at_ms"]) r.transition_at_ms = n["transition_at_ms"].as<long long>();
  r.client_token = optional_text(n, "client_token").value_or("");
  return r;
}

std::string to_yaml(const Image& i) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << i.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << i.name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << i.description;
  out << YAML::Key << "owner_id" << YAML::Value << YAML::DoubleQuoted << i.owner_id;
  out << YAML::Key << "architecture" << YAML::Value << YAML::DoubleQuoted << i.architecture;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << i.state;
  out << YAML::Key << "creation_time" << YAML::Value << YAML::DoubleQuoted << i.creation_time;
  out << YAML::Key << "root_type" << YAML::Value << YAML::DoubleQuoted << i.root_type;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

Image image_from_yaml(const YAML::Node& n) {
  Image i;
  i.id = text(n, "id");
  i.name = text(n, "name");
  i.description = text(n, "description");
  i.owner_id = text(n, "owner_id");
  i.architecture = text(n, "architecture");
  i.state = text(n, "state");
  i.creation_time = text(n, "creation_time");
  i.root_type = text(n, "root_type");
  return i;
}

std::string to_yaml(const Key& k) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << k.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << k.name;
  out << YAML::Key << "credential_type" << YAML::Value << YAML::DoubleQuoted << k.credential_type;
  out << YAML::Key << "fingerprint" << YAML::Value << YAML::DoubleQuoted << k.fingerprint;
  // Quoted, not a literal block: a block adds or drops line ends at the end of the text and
  // cannot hold leading spaces, so a key would change on every restart.
  out << YAML::Key << "pem" << YAML::Value << YAML::DoubleQuoted << k.pem;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << k.state;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

Key key_from_yaml(const YAML::Node& n) {
  Key k;
  k.id = text(n, "id");
  k.name = text(n, "name");
  k.credential_type = text(n, "credential_type");
  if (k.credential_type.empty()) k.credential_type = "key";
  k.fingerprint = text(n, "fingerprint");
  k.pem = text(n, "pem");
  k.state = text(n, "state");
  return k;
}

std::string to_yaml(const MockVolume& record) {
  auto& v = record.volume;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << v.id;
  emit_optional(out, "name", v.name);
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << v.description;
  out << YAML::Key << "created" << YAML::Value << YAML::DoubleQuoted << v.created;
  out << YAML::Key << "capacity" << YAML::Value << YAML::DoubleQuoted << v.capacity;
  out << YAML::Key << "kind" << YAML::Value << YAML::DoubleQuoted << v.kind;
  out << YAML::Key << "realm_id" << YAML::Value << YAML::DoubleQuoted << v.realm_id;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << v.state;
  out << YAML::Key << "instance_id" << YAML::Value << YAML::DoubleQuoted << v.instance_id;
  out << YAML::Key << "device" << YAML::Value << YAML::DoubleQuoted << v.device;
  if (record.available_at_ms)
    out << YAML::Key << "available_at_ms" << YAML::Value << record.available_at_ms;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

MockVolume volume_from_yaml(const YAML::Node& n) {
  MockVolume r;
  auto& v = r.volume;
  v.id = text(n, "id");
  v.name = optional_text(n, "name");
  v.description = text(n, "description");
  v.created = text(n, "created");
  v.capacity = text(n, "capacity");
  v.kind = text(n, "kind");
  v.realm_id = text(n, "realm_id");
  v.state = text(n, "state");
  v.instance_id = text(n, "instance_id");
  v.device = text(n, "device");
  if (n["available_at_ms"]) r.available_at_ms = n["available_at_ms"].as<long long>();
  return r;
}

std::string to_yaml(const StorageSnapshot& s) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << s.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << s.name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << s.description;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << s.state;
  out << YAML::Key << "created" << YAML::Value << YAML::DoubleQuoted << s.created;
  out << YAML::Key << "volume_id" << YAML::Value << YAML::DoubleQuoted << s.volume_id;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

StorageSnapshot snapshot_from_yaml(const YAML::Node& n) {
  StorageSnapshot s;
  s.id = text(n, "id");
  s.name = text(n, "name");
  s.description = text(n, "description");
  s.state = text(n, "state");
  s.created = text(n, "created");
  s.volume_id = text(n, "volume_id");
  return s;
}

std::string to_yaml(const engine::AllocatedAddress& a) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << a.id;
  out << YAML::Key << "ip" << YAML::Value << YAML::DoubleQuoted << a.ip;
  out << YAML::Key << "instance_id" << YAML::Value << YAML::DoubleQuoted << a.instance_id;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::AllocatedAddress address_from_yaml(const YAML::Node& n) {
  return engine::AllocatedAddress{text(n, "id"), text(n, "ip"), text(n, "instance_id")};
}

std::string to_yaml(const engine::Network& n) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << n.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << n.name;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << n.state;
  out << YAML::Key << "address_blocks" << YAML::Value << YAML::BeginSeq;
  for (auto& b : n.address_blocks) out << YAML::DoubleQuoted << b;
  out << YAML::EndSeq;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::Network network_from_yaml(const YAML::Node& y) {
  engine::Network n{text(y, "id"), text(y, "name"), text(y, "state"), {}, {}};
  if (auto blocks = y["address_blocks"])
    for (auto b : blocks) n.address_blocks.push_back(b.as<std::string>());
  return n;
}

std::string to_yaml(const engine::Subnet& s) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << s.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << s.name;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << s.state;
  out << YAML::Key << "type" << YAML::Value << YAML::DoubleQuoted << s.type;
  out << YAML::Key << "address_block" << YAML::Value << YAML::DoubleQuoted << s.address_block;
  out << YAML::Key << "network_id" << YAML::Value << YAML::DoubleQuoted << s.network_id;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::Subnet subnet_from_yaml(const YAML::Node& y) {
  return engine::Subnet{text(y, "id"),   text(y, "name"),          text(y, "state"),
                        text(y, "type"), text(y, "address_block"), text(y, "network_id")};
}

std::string to_yaml(const engine::NetworkInterface& n) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << n.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << n.name;
  out << YAML::Key << "instance_id" << YAML::Value << YAML::DoubleQuoted << n.instance_id;
  out << YAML::Key << "network_id" << YAML::Value << YAML::DoubleQuoted << n.network_id;
  out << YAML::Key << "subnet_id" << YAML::Value << YAML::DoubleQuoted << n.subnet_id;
  out << YAML::Key << "ip_address" << YAML::Value << YAML::DoubleQuoted << n.ip_address;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::NetworkInterface nic_from_yaml(const YAML::Node& y) {
  return engine::NetworkInterface{text(y, "id"),          text(y, "name"),
                                  text(y, "instance_id"), text(y, "network_id"),
                                  text(y, "subnet_id"),   text(y, "ip_address")};
}

std::string to_yaml(const engine::Firewall& f) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << f.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << f.name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << f.description;
  out << YAML::Key << "owner_id" << YAML::Value << YAML::DoubleQuoted << f.owner_id;
  out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
  for (auto& r : f.rules) {
    out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << r.id;
    out << YAML::Key << "protocol" << YAML::Value << YAML::DoubleQuoted << r.protocol;
    out << YAML::Key << "port_from" << YAML::Value << YAML::DoubleQuoted << r.port_from;
    out << YAML::Key << "port_to" << YAML::Value << YAML::DoubleQuoted << r.port_to;
    out << YAML::Key << "direction" << YAML::Value << YAML::DoubleQuoted << r.direction;
    out << YAML::Key << "action" << YAML::Value << YAML::DoubleQuoted << r.action;
    out << YAML::Key << "sources" << YAML::Value << YAML::BeginSeq;
    for (auto& s : r.sources)
      out << YAML::BeginMap << YAML::Key << "type" << YAML::Value << s.type << YAML::Key
          << "address" << YAML::Value << YAML::DoubleQuoted << s.address << YAML::Key << "prefix"
          << YAML::Value << YAML::DoubleQuoted << s.prefix << YAML::Key << "family" << YAML::Value
          << YAML::DoubleQuoted << s.family << YAML::Key << "name" << YAML::Value
          << YAML::DoubleQuoted << s.name << YAML::Key << "owner" << YAML::Value
          << YAML::DoubleQuoted << s.owner << YAML::EndMap;
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::Firewall firewall_from_yaml(const YAML::Node& y) {
  engine::Firewall f{
      text(y, "id"), text(y, "name"), text(y, "description"), text(y, "owner_id"), {}};
  if (auto rules = y["rules"])
    for (auto r : rules) {
      engine::FirewallRule rule;
      rule.id = text(r, "id");
      rule.protocol = text(r, "protocol");
      rule.port_from = text(r, "port_from");
      rule.port_to = text(r, "port_to");
      rule.direction = text(r, "direction");
      rule.action = text(r, "action");
      if (auto sources = r["sources"])
        for (auto s : sources)
          rule.sources.push_back({text(s, "type"), text(s, "address"), text(s, "prefix"),
                                  text(s, "family"), text(s, "name"), text(s, "owner")});
      f.rules.push_back(std::move(rule));
    }
  return f;
}

std::string to_yaml(const engine::LoadBalancer& lb) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << lb.id;
  out << YAML::Key << "realm_id" << YAML::Value << YAML::DoubleQuoted << lb.realm_id;
  out << YAML::Key << "created_at" << YAML::Value << YAML::DoubleQuoted << lb.created_at;
  out << YAML::Key << "public_addresses" << YAML::Value << YAML::BeginSeq;
  for (auto& a : lb.public_addresses) out << YAML::DoubleQuoted << a;
  out << YAML::EndSeq;
  out << YAML::Key << "listeners" << YAML::Value << YAML::BeginSeq;
  for (auto& l : lb.listeners)
    out << YAML::BeginMap << YAML::Key << "protocol" << YAML::Value << l.protocol << YAML::Key
        << "load_balancer_port" << YAML::Value << YAML::DoubleQuoted << l.load_balancer_port
        << YAML::Key << "instance_port" << YAML::Value << YAML::DoubleQuoted << l.instance_port
        << YAML::EndMap;
  out << YAML::EndSeq;
  out << YAML::Key << "instances" << YAML::Value << YAML::BeginSeq;
  for (auto& i : lb.instances) out << YAML::DoubleQuoted << i;
  out << YAML::EndSeq << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::LoadBalancer load_balancer_from_yaml(const YAML::Node& y) {
  engine::LoadBalancer lb{text(y, "id"), text(y, "realm_id"), text(y, "created_at"), {}, {}, {}};
  if (auto a = y["public_addresses"])
    for (auto x : a) lb.public_addresses.push_back(x.as<std::string>());
  if (auto ls = y["listeners"])
    for (auto l : ls)
      lb.listeners.push_back(
          {text(l, "protocol"), text(l, "load_balancer_port"), text(l, "instance_port")});
  if (auto is = y["instances"])
    for (auto i : is) lb.instances.push_back(i.as<std::string>());
  return lb;
}

std::string to_yaml(const engine::Bucket& b) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << b.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << b.name;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

engine::Bucket bucket_from_yaml(const YAML::Node& y) {
  return engine::Bucket{text(y, "id"), text(y, "name"), {}};
}

std::string to_yaml(const MockBlob& record) {
  auto& b = record.blob;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << YAML::DoubleQuoted << b.id;
  out << YAML::Key << "bucket" << YAML::Value << YAML::DoubleQuoted << b.bucket;
  out << YAML::Key << "content_length" << YAML::Value << b.content_length;
  out << YAML::Key << "content_type" << YAML::Value << YAML::DoubleQuoted << b.content_type;
  out << YAML::Key << "last_modified" << YAML::Value << YAML::DoubleQuoted << b.last_modified;
  out << YAML::Key << "user_metadata" << YAML::Value << YAML::BeginSeq;
  for (auto& [key, value] : b.user_metadata)
    out << YAML::BeginMap << YAML::Key << "key" << YAML::Value << YAML::DoubleQuoted << key
        << YAML::Key << "value" << YAML::Value << YAML::DoubleQuoted << value << YAML::EndMap;
  out << YAML::EndSeq;
  out << YAML::Key << "content_file" << YAML::Value << YAML::DoubleQuoted << record.content_file;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

MockBlob blob_from_yaml(const YAML::Node& y) {
  MockBlob r;
  r.blob.id = text(y, "id");
  r.blob.bucket = text(y, "bucket");
  r.blob.content_length = y["content_length"] ? y["content_length"].as<std::uint64_t>() : 0;
  r.blob.content_type = text(y, "content_type");
  r.blob.last_modified = text(y, "last_modified");
  if (auto meta = y["user_metadata"])
    for (auto m : meta) r.blob.user_metadata.emplace_back(text(m, "key"), text(m, "value"));
  r.content_file = text(y, "content_file");
  r.key = blob_key(r.blob.bucket, r.blob.id);
  return r;
}

/// Reads a record of the kind the pointer's type names (overloads by kind).
MockInstance parse_record(const YAML::Node& n, const MockInstance*) {
  return instance_from_yaml(n);
}
Image parse_record(const YAML::Node& n, const Image*) {
  return image_from_yaml(n);
}
Key parse_record(const YAML::Node& n, const Key*) {
  return key_from_yaml(n);
}
MockVolume parse_record(const YAML::Node& n, const MockVolume*) {
  return volume_from_yaml(n);
}
StorageSnapshot parse_record(const YAML::Node& n, const StorageSnapshot*) {
  return snapshot_from_yaml(n);
}
engine::AllocatedAddress parse_record(const YAML::Node& n, const engine::AllocatedAddress*) {
  return address_from_yaml(n);
}
engine::Network parse_record(const YAML::Node& n, const engine::Network*) {
  return network_from_yaml(n);
}
engine::Subnet parse_record(const YAML::Node& n, const engine::Subnet*) {
  return subnet_from_yaml(n);
}
engine::NetworkInterface parse_record(const YAML::Node& n, const engine::NetworkInterface*) {
  return nic_from_yaml(n);
}
engine::Firewall parse_record(const YAML::Node& n, const engine::Firewall*) {
  return firewall_from_yaml(n);
}
engine::LoadBalancer parse_record(const YAML::Node& n, const engine::LoadBalancer*) {
  return load_balancer_from_yaml(n);
}
engine::Bucket parse_record(const YAML::Node& n, const engine::Bucket*) {
  return bucket_from_yaml(n);
}
MockBlob parse_record(const YAML::Node& n, const MockBlob*) {
  return blob_from_yaml(n);
}

// -- ownership ----------------------------------------------------------------------------------

/// The ownership lines every record file ends with. Each record's YAML is one block mapping
/// whose keys start at column 0, so these lines simply continue it.
std::string to_yaml(const Ownership& o) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "owner" << YAML::Value << YAML::DoubleQuoted << o.owner;
  if (o.is_public) out << YAML::Key << "public" << YAML::Value << true;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

/// Whose a record is that was written before records had owners: the seed data's account's.
template <class T>
Ownership legacy_ownership(const T&) {
  return {seed_owner, false};
}
Ownership legacy_ownership(const MockInstance& r) {
  // Instances had owners from the start.
  return {r.instance.owner_id.empty() ? seed_owner : r.instance.owner_id, false};
}
Ownership legacy_ownership(const Image& i) {
  // The seed images were the ones every account could use.
  auto seeds = seed_images();
  bool seeded = std::any_of(seeds.begin(), seeds.end(), [&](auto& s) { return s.id == i.id; });
  return {seed_owner, seeded};
}

template <class T>
Ownership ownership_from_yaml(const YAML::Node& n, const T& record) {
  if (!n["owner"] || n["owner"].IsNull()) return legacy_ownership(record);
  return {n["owner"].as<std::string>(), n["public"] && n["public"].as<bool>()};
}

}  // namespace

template <class T>
T record_from_text(const std::string& text) {
  return parse_record(YAML::Load(text), static_cast<const T*>(nullptr));
}

template <class T>
std::pair<T, Ownership> read_record_file(const std::string& text) {
  auto node = YAML::Load(text);
  T record = parse_record(node, static_cast<const T*>(nullptr));
  auto ownership = ownership_from_yaml(node, record);
  return {std::move(record), std::move(ownership)};
}

template <class T>
std::string record_file_text(const T& record, const Ownership& ownership) {
  return to_yaml(record) + to_yaml(ownership);
}

template <class T>
std::string record_to_text(const T& record) {
  return to_yaml(record);
}

#define DC_MOCK_RECORD(T)                                                   \
  template T record_from_text<T>(const std::string&);                       \
  template std::string record_to_text<T>(const T&);                         \
  template std::pair<T, Ownership> read_record_file<T>(const std::string&); \
  template std::string record_file_text<T>(const T&, const Ownership&);
DC_MOCK_RECORD_KINDS(DC_MOCK_RECORD)
#undef DC_MOCK_RECORD

}  // namespace dc::drivers::mock
