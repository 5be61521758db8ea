#include "drivers/openstack/cinder_volumes.hpp"

#include <simdjson.h>

#include <cctype>
#include <cstdint>

#include "drivers/openstack/json_fields.hpp"
#include "engine/json_writer.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

engine::StorageVolume to_volume(simdjson::dom::element v) {
  engine::StorageVolume out;
  out.id = text_field(v, "id");
  auto name = text_field(v, "name");
  if (!name.empty()) out.name = name;
  out.description = text_field(v, "description");
  out.created = text_field(v, "created_at");
  out.capacity = std::to_string(number_field(v, "size"));
  out.kind = text_field(v, "volume_type");
  out.realm_id = text_field(v, "availability_zone");
  out.state = volume_state(text_field(v, "status"));
  simdjson::dom::array attachments;
  if (v["attachments"].get(attachments) == simdjson::SUCCESS && attachments.size() > 0) {
    out.instance_id = text_field(attachments.at(0), "server_id");
    out.device = text_field(attachments.at(0), "device");
  }
  return out;
}

engine::StorageSnapshot to_snapshot(simdjson::dom::element s) {
  engine::StorageSnapshot out;
  out.id = text_field(s, "id");
  out.name = text_field(s, "name");
  out.description = text_field(s, "description");
  out.state = volume_state(text_field(s, "status"));
  out.created = text_field(s, "created_at");
  out.volume_id = text_field(s, "volume_id");
  return out;
}

/// The objects of the list `key` in `body`, each read with `read`.
template <class T, class Read>
engine::Result<std::vector<T>> read_list(const std::string& body, const char* key, Read read,
                                         const char* what) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  if (parser.parse(body)[key].get(list) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider,
                              std::string{"Cinder's "} + what + " list is unreadable");
  std::vector<T> out;
  for (auto e : list) {
    auto item = read(e);
    if (!item.id.empty()) out.push_back(std::move(item));
  }
  return out;
}

/// The object `key` of `body`, read with `read`.
template <class T, class Read>
engine::Result<T> read_one(const std::string& body, const char* key, Read read, const char* what) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(body)[key].get(e) != simdjson::SUCCESS || text_field(e, "id").empty())
    return engine::make_error(ErrorKind::provider,
                              std::string{"Cinder's "} + what + " is unreadable");
  return read(e);
}

}  // namespace

std::string volume_state(std::string_view cinder_status) {
  std::string out;
  for (char c : cinder_status)
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out.empty() ? "UNKNOWN" : out;
}

engine::Result<std::vector<engine::StorageVolume>> read_volumes(const std::string& body) {
  return read_list<engine::StorageVolume>(body, "volumes", to_volume, "volume");
}

engine::Result<engine::StorageVolume> read_volume(const std::string& body) {
  return read_one<engine::StorageVolume>(body, "volume", to_volume, "volume");
}

engine::Result<std::string> volume_create_body(const engine::VolumeCreate& what) {
  std::int64_t size = 1;
  if (what.capacity && !what.capacity->empty()) {
    std::size_t used = 0;
    try {
      size = std::stoll(*what.capacity, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != what.capacity->size() || size < 1)
      return engine::make_error(ErrorKind::validation,
                                "Parameter 'capacity' must be a whole number of GB, at least 1");
  }
  engine::JsonWriter json;
  json.begin_object().key("volume").begin_object();
  json.field("size", size);
  if (what.name) json.field("name", *what.name);
  if (what.description) json.field("description", *what.description);
  if (what.realm_id && !what.realm_id->empty()) json.field("availability_zone", *what.realm_id);
  if (what.snapshot_id && !what.snapshot_id->empty()) json.field("snapshot_id", *what.snapshot_id);
  json.end_object().end_object();
  return json.finish();
}

std::string volume_attach_body(const std::string& volume_id, const std::string& device) {
  engine::JsonWriter json;
  json.begin_object().key("volumeAttachment").begin_object();
  json.field("volumeId", volume_id);
  if (!device.empty()) json.field("device", device);
  json.end_object().end_object();
  return json.finish();
}

engine::Result<std::vector<engine::StorageSnapshot>> read_snapshots(const std::string& body) {
  return read_list<engine::StorageSnapshot>(body, "snapshots", to_snapshot, "snapshot");
}

engine::Result<engine::StorageSnapshot> read_snapshot(const std::string& body) {
  return read_one<engine::StorageSnapshot>(body, "snapshot", to_snapshot, "snapshot");
}

std::string snapshot_create_body(const engine::SnapshotCreate& what) {
  engine::JsonWriter json;
  json.begin_object().key("snapshot").begin_object();
  json.field("volume_id", what.volume_id);
  if (what.name) json.field("name", *what.name);
  if (what.description) json.field("description", *what.description);
  json.field("force", true);
  json.end_object().end_object();
  return json.finish();
}

}  // namespace dc::drivers::openstack
