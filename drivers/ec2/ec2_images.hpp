#pragma once
// AMIs as images: reading DescribeImages and CreateImage answers. An image runs on the instance
// types of its architecture.

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "engine/model.hpp"

namespace dc::drivers::ec2 {

/// Every image of a DescribeImagesResponse.
std::vector<engine::Image> read_images(const pugi::xml_document& answer);

/// The state as the API shows it (`available` → `AVAILABLE`).
std::string image_state(std::string_view ec2_state);

}  // namespace dc::drivers::ec2
