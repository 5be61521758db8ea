#pragma once
// Availability zones as realms (DescribeAvailabilityZones).

#include <pugixml.hpp>

#include <vector>

#include "engine/model.hpp"

namespace dc::drivers::ec2 {

std::vector<engine::Realm> read_zones(const pugi::xml_document& answer);

}  // namespace dc::drivers::ec2
