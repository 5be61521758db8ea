#include "drivers/ec2/ec2_keys.hpp"

namespace dc::drivers::ec2 {

namespace {

engine::Key read_key(pugi::xml_node node) {
  engine::Key k;
  k.id = k.name = node.child_value("keyName");
  k.fingerprint = node.child_value("keyFingerprint");
  k.pem = node.child_value("keyMaterial");
  k.state = "AVAILABLE";
  return k;
}

}  // namespace

std::vector<engine::Key> read_key_pairs(const pugi::xml_document& answer) {
  std::vector<engine::Key> keys;
  for (auto item : answer.document_element().child("keySet").children("item"))
    keys.push_back(read_key(item));
  return keys;
}

engine::Key read_created_key(const pugi::xml_document& answer) {
  return read_key(answer.document_element());
}

}  // namespace dc::drivers::ec2
