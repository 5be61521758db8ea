#pragma once
// How model objects look on the wire, in XML and in JSON, element by element as the original
// server rendered them. Hrefs are absolute, built from the request's base URL.

#include <string>
#include <vector>

#include "api/xml_writer.hpp"
#include "engine/driver_config.hpp"
#include "engine/driver_info.hpp"
#include "engine/error.hpp"
#include "engine/json_writer.hpp"
#include "engine/model.hpp"

namespace dc::api {

using engine::JsonWriter;

struct RequestContext;

/// What renderers need besides the object: where hrefs point and what the driver can do.
struct RenderContext {
  const RequestContext& request;
  const engine::DriverInfo& driver;
};

// -- XML
// -------------------------------------------------------------------------------------------
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Realm& realm);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::HardwareProfile& profile);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Image& image);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Instance& instance);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Key& key);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::StorageVolume& volume);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::AllocatedAddress& address);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Metric& metric);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Firewall& firewall);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::LoadBalancer& lb);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Network& network);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Subnet& subnet);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::NetworkInterface& nic);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::StorageSnapshot& snapshot);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Bucket& bucket);
void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Blob& blob);
void write_driver_xml(XmlWriter& out, const RequestContext& rc, const engine::DriverConfig& driver,
                      bool with_entrypoints);
std::string instance_states_xml(const engine::StateMachine& machine);
std::string entry_point_xml(const RequestContext& rc, const engine::DriverInfo& driver,
                            const std::string& version);
std::string error_xml(const RequestContext& rc, const engine::Error& error);

// -- JSON
// ------------------------------------------------------------------------------------------
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Realm& realm);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::HardwareProfile& profile);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Image& image);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Instance& instance);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Key& key);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::StorageVolume& volume);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::AllocatedAddress& address);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Metric& metric);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Firewall& firewall);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::LoadBalancer& lb);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Network& network);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Subnet& subnet);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::NetworkInterface& nic);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::StorageSnapshot& snapshot);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Bucket& bucket);
void write_json(JsonWriter& out, const RenderContext& rc, const engine::Blob& blob);
void write_driver_json(JsonWriter& out, const engine::DriverConfig& driver);
std::string instance_states_json(const engine::StateMachine& machine);
std::string instance_states_gv(const engine::StateMachine& machine);
std::string entry_point_json(const RequestContext& rc, const engine::DriverInfo& driver,
                             const std::string& version);
std::string error_json(const engine::Error& error);

// -- names
// -----------------------------------------------------------------------------------------
/// The element name of one object of a collection (`instance`, `hardware_profile`, `key`).
template <class T>
const char* singular();
template <>
inline const char* singular<engine::Realm>() {
  return "realm";
}
template <>
inline const char* singular<engine::HardwareProfile>() {
  return "hardware_profile";
}
template <>
inline const char* singular<engine::Image>() {
  return "image";
}
template <>
inline const char* singular<engine::Instance>() {
  return "instance";
}
template <>
inline const char* singular<engine::Key>() {
  return "key";
}

template <class T>
const char* plural();
template <>
inline const char* plural<engine::Realm>() {
  return "realms";
}
template <>
inline const char* plural<engine::HardwareProfile>() {
  return "hardware_profiles";
}
template <>
inline const char* plural<engine::Image>() {
  return "images";
}
template <>
inline const char* plural<engine::Instance>() {
  return "instances";
}
template <>
inline const char* singular<engine::StorageVolume>() {
  return "storage_volume";
}
template <>
inline const char* singular<engine::StorageSnapshot>() {
  return "storage_snapshot";
}
template <>
inline const char* plural<engine::StorageVolume>() {
  return "storage_volumes";
}
template <>
inline const char* plural<engine::StorageSnapshot>() {
  return "storage_snapshots";
}
template <>
inline const char* singular<engine::AllocatedAddress>() {
  return "address";
}
template <>
inline const char* plural<engine::AllocatedAddress>() {
  return "addresses";
}
template <>
inline const char* singular<engine::Metric>() {
  return "metric";
}
template <>
inline const char* plural<engine::Metric>() {
  return "metrics";
}
template <>
inline const char* singular<engine::Network>() {
  return "network";
}
template <>
inline const char* plural<engine::Network>() {
  return "networks";
}
template <>
inline const char* singular<engine::Subnet>() {
  return "subnet";
}
template <>
inline const char* plural<engine::Subnet>() {
  return "subnets";
}
template <>
inline const char* singular<engine::NetworkInterface>() {
  return "network_interface";
}
template <>
inline const char* plural<engine::NetworkInterface>() {
  return "network_interfaces";
}
template <>
inline const char* singular<engine::Firewall>() {
  return "firewall";
}
template <>
inline const char* plural<engine::Firewall>() {
  return "firewalls";
}
template <>
inline const char* singular<engine::LoadBalancer>() {
  return "load_balancer";
}
template <>
inline const char* plural<engine::LoadBalancer>() {
  return "load_balancers";
}
template <>
inline const char* plural<engine::Key>() {
  return "keys";
}
template <>
inline const char* singular<engine::Bucket>() {
  return "bucket";
}
template <>
inline const char* plural<engine::Bucket>() {
  return "buckets";
}
template <>
inline const char* singular<engine::Blob>() {
  return "blob";
}

}  // namespace dc::api
