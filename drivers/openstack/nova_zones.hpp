#pragma once
// Nova's availability zones as our realms.

#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// `GET /os-availability-zone`: AVAILABLE or UNAVAILABLE by the zone's own flag.
engine::Result<std::vector<engine::Realm>> read_availability_zones(const std::string& body);

}  // namespace dc::drivers::openstack
