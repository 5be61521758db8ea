#include "engine/driver_info.hpp"

#include <algorithm>

namespace dc::engine {

std::string_view collection_name(Collection collection) {
  switch (collection) {
    case Collection::addresses:
      return "addresses";
    case Collection::buckets:
      return "buckets";
    case Collection::drivers:
      return "drivers";
    case Collection::firewalls:
      return "firewalls";
    case Collection::hardware_profiles:
      return "hardware_profiles";
    case Collection::images:
      return "images";
    case Collection::instance_states:
      return "instance_states";
    case Collection::instances:
      return "instances";
    case Collection::keys:
      return "keys";
    case Collection::load_balancers:
      return "load_balancers";
    case Collection::metrics:
      return "metrics";
    case Collection::network_interfaces:
      return "network_interfaces";
    case Collection::networks:
      return "networks";
    case Collection::realms:
      return "realms";
    case Collection::storage_snapshots:
      return "storage_snapshots";
    case Collection::storage_volumes:
      return "storage_volumes";
    case Collection::subnets:
      return "subnets";
  }
  return "";
}

std::optional<Collection> parse_collection(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Collection::subnets); ++i) {
    auto c = static_cast<Collection>(i);
    if (collection_name(c) == name) return c;
  }
  return std::nullopt;
}

const std::vector<Feature>& feature_catalogue() {
  static const std::vector<Feature> catalogue{
      {"owner_id", Collection::images, "index", {"owner_id"}},
      {"image_name", Collection::images, "create", {"name"}},
      {"image_description", Collection::images, "create", {"description"}},
      {"bucket_location", Collection::buckets, "create", {"location"}},
      {"metrics", Collection::instances, "create", {"metrics"}},
      {"realm_filter", Collection::instances, "index", {"realm_id"}},
      {"user_name", Collection::instances, "create", {"name"}},
      {"user_data", Collection::instances, "create", {"user_data"}},
      {"user_files", Collection::instances, "create", {"user_files"}},
      {"user_iso", Collection::instances, "create", {"user_iso"}},
      {"firewalls", Collection::instances, "create", {"firewalls"}},
      {"authentication_key", Collection::instances, "create", {"keyname"}},
      {"authentication_password", Collection::instances, "create", {"password"}},
      {"register_to_load_balancer", Collection::instances, "create", {"load_balancer_id"}},
      {"instance_count", Collection::instances, "create", {"instance_count"}},
      {"attach_snapshot", Collection::instances, "create", {"snapshot_id", "device_name"}},
      {"sandboxing", Collection::instances, "create", {"sandbox"}},
      {"import_key", Collection::keys, "create", {"public_key"}},
      {"volume_name", Collection::storage_volumes, "create", {"name"}},
      {"volume_description", Collection::storage_volumes, "create", {"description"}},
  };
  return catalogue;
}

namespace {
bool serves_listed(const std::vector<Collection>& list, Collection c) {
  return std::find(list.begin(), list.end(), c) != list.end();
}
}  // namespace

bool DriverInfo::serves(Collection c) const {
  if (c == Collection::drivers) return true;
  return std::find(collections.begin(), collections.end(), c) != collections.end();
}

std::vector<Collection> DriverInfo::advertised() const {
  std::vector<Collection> out = collections;
  if (!serves_listed(out, Collection::drivers)) out.push_back(Collection::drivers);
  std::sort(out.begin(), out.end(),
            [](Collection a, Collection b) { return collection_name(a) < collection_name(b); });
  return out;
}

std::vector<const Feature*> DriverInfo::features_of(Collection c) const {
  std::vector<const Feature*> out;
  for (auto& f : feature_catalogue()) {
    if (f.collection != c) continue;
    if (std::find(features.begin(), features.end(), f.name) != features.end()) out.push_back(&f);
  }
  return out;
}

const HardwareProfile* DriverInfo::profile(const std::string& id) const {
  for (auto& p : hardware_profiles)
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace dc::engine
