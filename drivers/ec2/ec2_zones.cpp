#include "drivers/ec2/ec2_zones.hpp"

namespace dc::drivers::ec2 {

std::vector<engine::Realm> read_zones(const pugi::xml_document& answer) {
  std::vector<engine::Realm> realms;
  for (auto item : answer.document_element().child("availabilityZoneInfo").children("item")) {
    engine::Realm r;
    r.id = r.name = item.child_value("zoneName");
    // EC2 says `available`, or `impaired`, `unavailable`, `information` for a troubled zone.
    r.state = std::string_view{item.child_value("zoneState")} == "available" ? "AVAILABLE"
                                                                             : "UNAVAILABLE";
    realms.push_back(std::move(r));
  }
  return realms;
}

}  // namespace dc::drivers::ec2
