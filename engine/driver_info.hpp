#pragma once
// What a driver is, independent of any account: the collections it serves, the features it
// declares, its hardware profiles and its instance state machine. The API reads it without
// credentials (entry point, hardware_profiles, instance_states).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hardware_profile.hpp"
#include "engine/state_machine.hpp"

namespace dc::engine {

/// The collections of the Deltacloud API.
enum class Collection {
  addresses,
  buckets,
  drivers,
  firewalls,
  hardware_profiles,
  images,
  instance_states,
  instances,
  keys,
  load_balancers,
  metrics,
  network_interfaces,
  networks,
  realms,
  storage_snapshots,
  storage_volumes,
  subnets,
};

/// The collection's path segment (`storage_volumes`).
std::string_view collection_name(Collection collection);

/// The collection named by a path segment, if it is one of the API's.
std::optional<Collection> parse_collection(std::string_view name);

/// A named optional capability of one collection (see the feature catalogue).
struct Feature {
  std::string_view name;                 // user_name
  Collection collection;                 // instances
  std::string_view operation;            // create
  std::vector<std::string_view> params;  // name
};

/// The whole feature catalogue, in the order the API lists features.
const std::vector<Feature>& feature_catalogue();

struct DriverInfo {
  std::string id;  // mock
  /// Collections served, besides `drivers` which every driver has.
  std::vector<Collection> collections;
  /// Names of the catalogue features the driver declares.
  std::vector<std::string> features;
  std::vector<HardwareProfile> hardware_profiles;
  StateMachine state_machine;
  /// key or password: how instances authenticate (empty: neither).
  std::string authentication_type;
  /// Instances can run commands (`run` action link).
  bool supports_run = false;
  /// Images can be destroyed (`destroy_image` action link).
  bool destroys_images = false;
  /// Name of the profile used when a create names none.
  std::string default_profile;
  /// The driver sends requests to its provider (a URL, or a region's endpoints). False for a
  /// cloud that lives in the process (the mock): there a provider is only a name, and any
  /// well-formed one is accepted.
  bool contacts_provider = true;

  bool serves(Collection c) const;
  /// Every collection the entry point advertises (`drivers` included), sorted by name.
  std::vector<Collection> advertised() const;
  /// The declared features of one collection, in catalogue order.
  std::vector<const Feature*> features_of(Collection c) const;
  const HardwareProfile* profile(const std::string& id) const;
};

}  // namespace dc::engine
