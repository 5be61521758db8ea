#pragma once
// Nova flavors as hardware profiles: each flavor is a profile whose properties are fixed (a
// flavor cannot be adjusted at create time).

#include <string>
#include <vector>

#include "engine/hardware_profile.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// `GET /flavors/detail`: vcpus → cpu, ram (MB) → memory, disk (GB) → storage, x86_64.
engine::Result<std::vector<engine::HardwareProfile>> read_flavors(const std::string& body);

}  // namespace dc::drivers::openstack
