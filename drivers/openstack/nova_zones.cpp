#include "drivers/openstack/nova_zones.hpp"

#include <simdjson.h>

#include "drivers/openstack/json_fields.hpp"

namespace dc::drivers::openstack {

engine::Result<std::vector<engine::Realm>> read_availability_zones(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array zones;
  if (parser.parse(body)["availabilityZoneInfo"].get(zones) != simdjson::SUCCESS)
    return engine::make_error(engine::ErrorKind::provider, "Nova's zone list is unreadable");
  std::vector<engine::Realm> out;
  for (auto zone : zones) {
    engine::Realm realm;
    realm.id = realm.name = text_field(zone, "zoneName");
    bool available = false;
    if (zone["zoneState"]["available"].get(available) != simdjson::SUCCESS) available = false;
    realm.state = available ? "AVAILABLE" : "UNAVAILABLE";
    if (!realm.id.empty()) out.push_back(std::move(realm));
  }
  return out;
}

}  // namespace dc::drivers::openstack
