#include "drivers/openstack/nova_keypairs.hpp"

#include <simdjson.h>

#include "drivers/openstack/json_fields.hpp"
#include "engine/json_writer.hpp"

namespace dc::drivers::openstack {

namespace {

engine::Key to_key(simdjson::dom::element keypair) {
  engine::Key key;
  key.id = key.name = text_field(keypair, "name");
  key.fingerprint = text_field(keypair, "fingerprint");
  key.pem = text_field(keypair, "private_key");
  key.state = "AVAILABLE";
  return key;
}

}  // namespace

engine::Result<std::vector<engine::Key>> read_keypairs(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(body)["keypairs"].get(list) != simdjson::SUCCESS)
    return engine::make_error(engine::ErrorKind::provider, "Nova's keypair list is unreadable");
  std::vector<engine::Key> out;
  for (auto entry : list) {
    simdjson::dom::element keypair;
    if (entry["keypair"].get(keypair) != simdjson::SUCCESS) continue;
    auto key = to_key(keypair);
    if (!key.id.empty()) out.push_back(std::move(key));
  }
  return out;
}

engine::Result<engine::Key> read_keypair(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element keypair;
  if (parser.parse(body)["keypair"].get(keypair) != simdjson::SUCCESS ||
      text_field(keypair, "name").empty())
    return engine::make_error(engine::ErrorKind::provider, "Nova's keypair is unreadable");
  return to_key(keypair);
}

std::string keypair_create_body(const engine::KeyCreate& what) {
  engine::JsonWriter json;
  json.begin_object().key("keypair").begin_object();
  json.field("name", what.name);
  if (what.public_key && !what.public_key->empty()) json.field("public_key", *what.public_key);
  json.end_object().end_object();
  return json.finish();
}

}  // namespace dc::drivers::openstack
