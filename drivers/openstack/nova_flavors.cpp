#include "drivers/openstack/nova_flavors.hpp"

#include <simdjson.h>

#include "drivers/openstack/json_fields.hpp"

namespace dc::drivers::openstack {

engine::Result<std::vector<engine::HardwareProfile>> read_flavors(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array flavors;
  if (parser.parse(body)["flavors"].get(flavors) != simdjson::SUCCESS)
    return engine::make_error(engine::ErrorKind::provider, "Nova's flavor list is unreadable");
  std::vector<engine::HardwareProfile> out;
  for (auto flavor : flavors) {
    engine::HardwareProfile profile;
    profile.id = text_field(flavor, "id");
    profile.name = text_field(flavor, "name");
    if (profile.id.empty()) continue;
    if (profile.name.empty()) profile.name = profile.id;
    profile.properties = {
        engine::fixed_property("cpu", std::to_string(number_field(flavor, "vcpus"))),
        engine::fixed_property("memory", std::to_string(number_field(flavor, "ram"))),
        engine::fixed_property("storage", std::to_string(number_field(flavor, "disk"))),
        // Nova does not say; the images decide, and they are almost always x86_64.
        engine::fixed_property("architecture", "x86_64"),
    };
    out.push_back(std::move(profile));
  }
  return out;
}

}  // namespace dc::drivers::openstack
