#include "drivers/ec2/ec2_images.hpp"

#include <cctype>

#include "drivers/ec2/ec2_instance_types.hpp"

namespace dc::drivers::ec2 {

std::string image_state(std::string_view ec2_state) {
  std::string out;
  for (char c : ec2_state) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<engine::Image> read_images(const pugi::xml_document& answer) {
  std::vector<engine::Image> images;
  for (auto item : answer.document_element().child("imagesSet").children("item")) {
    engine::Image i;
    i.id = item.child_value("imageId");
    i.name = item.child_value("name");
    i.description = item.child_value("description");
    i.owner_id = item.child_value("imageOwnerId");
    i.architecture = item.child_value("architecture");
    i.state = image_state(item.child_value("imageState"));
    i.creation_time = item.child_value("creationDate");
    // EBS-backed images keep their root disk across stops; instance-store ones do not.
    i.root_type =
        std::string_view{item.child_value("rootDeviceType")} == "ebs" ? "persistent" : "transient";
    for (auto& type : ec2_instance_types())
      if (auto a = type.property("architecture"); a && a->value == i.architecture)
        i.hardware_profiles.push_back(type.id);
    images.push_back(std::move(i));
  }
  return images;
}

}  // namespace dc::drivers::ec2
