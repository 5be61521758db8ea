#include "drivers/mock/mock_store.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>

#include "drivers/mock/mock_seed.hpp"
#include "engine/durable_file.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

namespace fs = std::filesystem;
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

/// How each kind of record is named, identified and (de)serialised.
template <class T>
struct Record;
template <>
struct Record<MockInstance> {
  static constexpr const char* collection = "instances";
  static const std::string& id(const MockInstance& r) { return r.instance.id; }
  static MockInstance parse(const YAML::Node& n) { return instance_from_yaml(n); }
};
template <>
struct Record<Image> {
  static constexpr const char* collection = "images";
  static const std::string& id(const Image& i) { return i.id; }
  static Image parse(const YAML::Node& n) { return image_from_yaml(n); }
};
template <>
struct Record<Key> {
  static constexpr const char* collection = "keys";
  static const std::string& id(const Key& k) { return k.id; }
  static Key parse(const YAML::Node& n) { return key_from_yaml(n); }
};
template <>
struct Record<MockVolume> {
  static constexpr const char* collection = "storage_volumes";
  static const std::string& id(const MockVolume& v) { return v.volume.id; }
  static MockVolume parse(const YAML::Node& n) { return volume_from_yaml(n); }
};
template <>
struct Record<StorageSnapshot> {
  static constexpr const char* collection = "storage_snapshots";
  static const std::string& id(const StorageSnapshot& s) { return s.id; }
  static StorageSnapshot parse(const YAML::Node& n) { return snapshot_from_yaml(n); }
};

template <>
struct Record<engine::AllocatedAddress> {
  static constexpr const char* collection = "addresses";
  static const std::string& id(const engine::AllocatedAddress& a) { return a.id; }
  static engine::AllocatedAddress parse(const YAML::Node& n) { return address_from_yaml(n); }
};

template <>
struct Record<engine::Network> {
  static constexpr const char* collection = "networks";
  static const std::string& id(const engine::Network& n) { return n.id; }
  static engine::Network parse(const YAML::Node& n) { return network_from_yaml(n); }
};
template <>
struct Record<engine::Subnet> {
  static constexpr const char* collection = "subnets";
  static const std::string& id(const engine::Subnet& s) { return s.id; }
  static engine::Subnet parse(const YAML::Node& n) { return subnet_from_yaml(n); }
};
template <>
struct Record<engine::NetworkInterface> {
  static constexpr const char* collection = "network_interfaces";
  static const std::string& id(const engine::NetworkInterface& n) { return n.id; }
  static engine::NetworkInterface parse(const YAML::Node& n) { return nic_from_yaml(n); }
};

template <>
struct Record<engine::Firewall> {
  static constexpr const char* collection = "firewalls";
  static const std::string& id(const engine::Firewall& f) { return f.id; }
  static engine::Firewall parse(const YAML::Node& n) { return firewall_from_yaml(n); }
};

template <>
struct Record<engine::LoadBalancer> {
  static constexpr const char* collection = "load_balancers";
  static const std::string& id(const engine::LoadBalancer& lb) { return lb.id; }
  static engine::LoadBalancer parse(const YAML::Node& n) { return load_balancer_from_yaml(n); }
};

template <>
struct Record<engine::Bucket> {
  static constexpr const char* collection = "buckets";
  static const std::string& id(const engine::Bucket& b) { return b.id; }
  static engine::Bucket parse(const YAML::Node& n) { return bucket_from_yaml(n); }
};

template <>
struct Record<MockBlob> {
  static constexpr const char* collection = "blobs";
  static const std::string& id(const MockBlob& b) { return b.key; }
  static MockBlob parse(const YAML::Node& n) { return blob_from_yaml(n); }
};

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
  return Record<T>::parse(YAML::Load(text));
}

template <class T>
std::string record_to_text(const T& record) {
  return to_yaml(record);
}

// -- the store ----------------------------------------------------------------------------------

std::shared_ptr<MockStore> MockStore::open(const fs::path& root) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<MockStore>> open_stores;
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec)
    throw std::runtime_error("cannot create mock data directory " + root.string() + ": " +
                             ec.message());
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, ec);
  auto key = fs::canonical(root).string();
  std::lock_guard guard{registry_mutex};
  if (auto existing = open_stores[key].lock()) return existing;
  auto store = std::make_shared<MockStore>(key);
  open_stores[key] = store;
  return store;
}

MockStore::MockStore(fs::path root) : root_(std::move(root)), blob_files_(root_ / "blob_content") {
  seed(seed_images(), true);  // every account may launch the seed images
  seed(seed_instances());
  seed(seed_keys());
  seed(seed_volumes());
  seed(seed_snapshots());
  seed(seed_addresses());
  seed(seed_networks());
  seed(seed_subnets());
  seed(seed_network_interfaces());
  seed(seed_firewalls());
  seed(seed_load_balancers());
  seed_blobs();
  load<MockInstance>();
  for (auto& [id, e] : table<MockInstance>()) indexed(e.record);
  load<Image>();
  load<Key>();
  load<MockVolume>();
  load<StorageSnapshot>();
  load<engine::AllocatedAddress>();
  load<engine::Network>();
  load<engine::Subnet>();
  load<engine::NetworkInterface>();
  load<engine::Firewall>();
  load<engine::LoadBalancer>();
  load<engine::Bucket>();
  // Content no record names is left over from a crash between storing bytes and record; but
  // when a record could not be read, its content may be what looks unreferenced: keep it all.
  if (load<MockBlob>() == 0) {
    std::set<std::string> referenced;
    for (auto& [key, e] : table<MockBlob>()) referenced.insert(e.record.content_file);
    blob_files_.sweep(referenced);
  }
}

void MockStore::seed_blobs() {
  std::error_code ec;
  if (fs::is_directory(root_ / Record<MockBlob>::collection, ec)) return;
  seed(seed_buckets());
  for (auto& [blob, content] : seed_blobs_with_content()) {
    MockBlob record{blob_key(blob.bucket, blob.id), blob, {}};
    auto name = blob_files_.write(content, record.key);
    if (!name) throw std::runtime_error(name.error().text());
    record.content_file = name.value();
    write_record(record, {seed_owner, false});
  }
  fs::create_directories(root_ / Record<MockBlob>::collection, ec);
}

template <class T>
void MockStore::seed(const std::vector<T>& objects, bool is_public) {
  // A collection without a folder has never been seeded (new data directory, or a collection
  // added by a later version): write its seed objects, then the folder marks it done.
  std::error_code ec;
  auto dir = root_ / Record<T>::collection;
  if (fs::is_directory(dir, ec)) return;
  for (auto& o : objects) write_record(o, {seed_owner, is_public});
  fs::create_directories(dir, ec);
}

template <class T>
void MockStore::write_record(const T& record, const Ownership& ownership) {
  write_file(Record<T>::collection, Record<T>::id(record), to_yaml(record) + to_yaml(ownership));
}

template <class T>
std::size_t MockStore::load() {
  std::size_t unreadable = 0;
  std::error_code ec;
  auto dir = root_ / Record<T>::collection;
  if (!fs::is_directory(dir, ec)) return unreadable;
  engine::remove_stale_temporaries(dir);  // a write a crash cut short
  for (auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yml") continue;
    try {
      std::ifstream file{entry.path(), std::ios::binary};
      if (!file) throw std::runtime_error("cannot open it");
      auto node = YAML::Load(
          std::string{std::istreambuf_iterator<char>{file}, std::istreambuf_iterator<char>{}});
      T object = Record<T>::parse(node);
      auto id = Record<T>::id(object);
      if (!engine::is_safe_object_id(id)) throw std::runtime_error("unsafe id");
      auto ownership = ownership_from_yaml(node, object);
      table<T>()[id] = Entry<T>{std::move(object), std::move(ownership)};
    } catch (const std::exception& e) {
      // A damaged file must not take the whole cloud down: report it and serve the rest.
      std::cerr << "deltacloudd: mock: ignoring unreadable " << entry.path() << ": " << e.what()
                << "\n";
      ++unreadable;
    }
  }
  return unreadable;
}

template <class T>
std::vector<T> MockStore::all() const {
  std::lock_guard guard{mutex_};
  std::vector<T> out;
  for (auto& [id, e] : table<T>()) out.push_back(e.record);
  return out;
}

template <class T>
std::vector<T> MockStore::visible_to(const std::string& account) const {
  std::lock_guard guard{mutex_};
  std::vector<T> out;
  for (auto& [id, e] : table<T>())
    if (e.ownership.owner == account || e.ownership.is_public) out.push_back(e.record);
  return out;
}

template <class T>
std::optional<T> MockStore::get(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end()) return std::nullopt;
  return i->second.record;
}

template <class T>
std::optional<T> MockStore::owned(const std::string& account, const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end() || i->second.ownership.owner != account) return std::nullopt;
  return i->second.record;
}

template <class T>
std::optional<Ownership> MockStore::ownership(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end()) return std::nullopt;
  return i->second.ownership;
}

template <class T>
void MockStore::add(const std::string& owner, const T& record) {
  std::lock_guard guard{mutex_};
  Ownership ownership{owner, false};
  write_record(record, ownership);
  auto& slot = table<T>()[Record<T>::id(record)];
  if constexpr (std::is_same_v<T, MockInstance>) unindexed(slot.record);
  slot = Entry<T>{record, std::move(ownership)};
  if constexpr (std::is_same_v<T, MockInstance>) indexed(slot.record);
}

template <class T>
void MockStore::put(const T& record) {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto slot = t.find(Record<T>::id(record));
  if (slot == t.end())
    throw std::logic_error(std::string{"mock: no "} + Record<T>::collection + " record '" +
                           Record<T>::id(record) + "' to replace");
  write_record(record, slot->second.ownership);
  if constexpr (std::is_same_v<T, MockInstance>) unindexed(slot->second.record);
  slot->second.record = record;
  if constexpr (std::is_same_v<T, MockInstance>) indexed(slot->second.record);
}

template <class T>
void MockStore::erase(const std::string& id) {
  std::lock_guard guard{mutex_};
  remove_file(Record<T>::collection, id);
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end()) return;
  if constexpr (std::is_same_v<T, MockInstance>) unindexed(i->second.record);
  t.erase(i);
}

namespace {

std::string token_key(const std::string& owner, const std::string& token) {
  return owner + "\n" + token;
}

/// N of `inst<N>`, or -1 for any other id.
long long instance_number(const std::string& id) {
  if (id.size() < 5 || id.size() > 22 || id.compare(0, 4, "inst") != 0) return -1;
  if (id[4] == '0' && id.size() > 5) return -1;  // inst01 is not inst1
  long long n = 0;
  for (std::size_t i = 4; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return -1;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

}  // namespace

void MockStore::indexed(const MockInstance& record) {
  if (!record.client_token.empty())
    instance_tokens_[token_key(record.instance.owner_id, record.client_token)] = record.instance.id;
}

void MockStore::unindexed(const MockInstance& record) {
  if (record.instance.id.empty()) return;  // a fresh slot
  if (!record.client_token.empty())
    instance_tokens_.erase(token_key(record.instance.owner_id, record.client_token));
  auto n = instance_number(record.instance.id);
  if (n >= 0 && n < lowest_free_instance_) lowest_free_instance_ = n;
}

std::optional<std::string> MockStore::instance_by_token(const std::string& owner,
                                                        const std::string& token) const {
  std::lock_guard guard{mutex_};
  auto i = instance_tokens_.find(token_key(owner, token));
  if (i == instance_tokens_.end()) return std::nullopt;
  return i->second;
}

std::string MockStore::fresh_instance_id() const {
  std::lock_guard guard{mutex_};
  auto& t = table<MockInstance>();
  for (;; ++lowest_free_instance_) {
    auto id = "inst" + std::to_string(lowest_free_instance_);
    if (!t.count(id)) return id;
  }
}

std::vector<MockInstance> MockStore::instances_after(const std::string& owner,
                                                     const std::string& marker,
                                                     std::size_t limit) const {
  std::lock_guard guard{mutex_};
  auto& t = table<MockInstance>();
  std::vector<MockInstance> out;
  for (auto i = marker.empty() ? t.begin() : t.upper_bound(marker);
       i != t.end() && out.size() < limit; ++i)
    if (i->second.ownership.owner == owner) out.push_back(i->second.record);
  return out;
}

#define DC_MOCK_RECORD(T)                                                                      \
  template T record_from_text<T>(const std::string&);                                          \
  template std::string record_to_text<T>(const T&);                                            \
  template std::vector<T> MockStore::all<T>() const;                                           \
  template std::vector<T> MockStore::visible_to<T>(const std::string&) const;                  \
  template std::optional<T> MockStore::get<T>(const std::string&) const;                       \
  template std::optional<T> MockStore::owned<T>(const std::string&, const std::string&) const; \
  template std::optional<Ownership> MockStore::ownership<T>(const std::string&) const;         \
  template void MockStore::add<T>(const std::string&, const T&);                               \
  template void MockStore::put<T>(const T&);                                                   \
  template void MockStore::erase<T>(const std::string&);
DC_MOCK_RECORD(MockInstance)
DC_MOCK_RECORD(Image)
DC_MOCK_RECORD(Key)
DC_MOCK_RECORD(MockVolume)
DC_MOCK_RECORD(StorageSnapshot)
DC_MOCK_RECORD(engine::AllocatedAddress)
DC_MOCK_RECORD(engine::Network)
DC_MOCK_RECORD(engine::Subnet)
DC_MOCK_RECORD(engine::NetworkInterface)
DC_MOCK_RECORD(engine::Firewall)
DC_MOCK_RECORD(engine::LoadBalancer)
DC_MOCK_RECORD(engine::Bucket)
DC_MOCK_RECORD(MockBlob)
#undef DC_MOCK_RECORD

void MockStore::write_file(const std::string& collection, const std::string& id,
                           const std::string& content) {
  if (!engine::is_safe_object_id(id)) throw std::invalid_argument("unsafe object id");
  auto dir = root_ / collection;
  fs::create_directories(dir);
  if (durable_)
    engine::write_file_durably(dir / (id + ".yml"), content);
  else
    engine::write_file_atomically(dir / (id + ".yml"), content);
}

void MockStore::remove_file(const std::string& collection, const std::string& id) {
  if (!engine::is_safe_object_id(id)) return;
  std::error_code ec;
  auto dir = root_ / collection;
  fs::remove(dir / (id + ".yml"), ec);
  // Durable before anything the record named goes (a blob's bytes): a crash must not bring back
  // a record whose content is gone.
  if (durable_) engine::sync_directory(dir);
}

}  // namespace dc::drivers::mock
