#pragma once
// EC2 instance types as hardware profiles: the types a client may ask for, each with its vCPUs,
// memory, instance-store storage (none for EBS-only types) and architecture, as AWS publishes
// them. A fixed list, like the original driver's: the entry point and the hardware profiles
// collection answer it without credentials and without a call to EC2.

#include <vector>

#include "engine/hardware_profile.hpp"

namespace dc::drivers::ec2 {

/// The instance types, in no particular order (the API orders them).
const std::vector<engine::HardwareProfile>& ec2_instance_types();

/// The type a create that names none gets.
inline constexpr const char* default_instance_type = "t2.micro";

}  // namespace dc::drivers::ec2
