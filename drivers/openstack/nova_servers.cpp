#include "drivers/openstack/nova_servers.hpp"
#include "drivers/http/percent_encode.hpp"

#include <simdjson.h>

#include <cctype>
#include <ctime>

#include "drivers/openstack/json_fields.hpp"
#include "drivers/openstack/nova_states.hpp"
#include "engine/base64.hpp"
#include "engine/json_writer.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

engine::Error unreadable(const std::string& what) {
  return engine::make_error(ErrorKind::provider, "Nova's answer " + what);
}

engine::Instance to_instance(simdjson::dom::element server) {
  engine::Instance out;
  out.id = text_field(server, "id");
  auto name = text_field(server, "name");
  if (!name.empty()) out.name = name;
  out.owner_id = text_field(server, "user_id");
  simdjson::dom::element image;
  // A server booted from a volume has "" for its image, not an object.
  if (server["image"].get(image) == simdjson::SUCCESS && image.is_object())
    out.image_id = text_field(image, "id");
  out.realm_id = text_field(server, "OS-EXT-AZ:availability_zone");
  auto nova =
      map_nova_state(text_field(server, "status"), text_field(server, "OS-EXT-STS:task_state"));
  out.state = nova.state;
  if (!nova.known) out.provider_state = text_field(server, "status");
  simdjson::dom::element flavor;
  if (server["flavor"].get(flavor) == simdjson::SUCCESS) {
    out.hardware_profile_id = text_field(flavor, "id");
    // From microversion 2.47 the flavor is embedded and named instead of linked.
    if (out.hardware_profile_id.empty())
      out.hardware_profile_id = text_field(flavor, "original_name");
  }
  simdjson::dom::object networks;
  if (server["addresses"].get(networks) == simdjson::SUCCESS) {
    for (auto network : networks) {
      simdjson::dom::array list;
      if (network.value.get(list) != simdjson::SUCCESS) continue;
      for (auto a : list) {
        engine::Address address;
        address.address = text_field(a, "addr");
        std::int64_t version = 4;
        if (a["version"].get(version) != simdjson::SUCCESS) version = 4;
        address.type = version == 6 ? "ipv6" : "ipv4";
        if (address.address.empty()) continue;
        if (text_field(a, "OS-EXT-IPS:type") == "floating")
          out.public_addresses.push_back(std::move(address));
        else
          out.private_addresses.push_back(std::move(address));
      }
    }
  }
  auto key = text_field(server, "key_name");
  if (!key.empty()) out.keyname = key;
  auto created = text_field(server, "created");
  if (!created.empty()) out.launch_time = created;
  simdjson::dom::array volumes;
  if (server["os-extended-volumes:volumes_attached"].get(volumes) == simdjson::SUCCESS)
    for (auto v : volumes) out.storage_volumes.push_back({text_field(v, "id"), ""});
  // Nova snapshots a server into an image whatever its state, once it is built.
  out.create_image =
      out.state == engine::InstanceState::running || out.state == engine::InstanceState::stopped;
  return out;
}

}  // namespace

engine::Result<engine::Instance> read_server(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS) return unreadable("is not JSON");
  simdjson::dom::element server;
  if (root["server"].get(server) != simdjson::SUCCESS || !server.is_object())
    return unreadable("has no server");
  auto instance = to_instance(server);
  if (instance.id.empty()) return unreadable("has a server without an id");
  return instance;
}

engine::Result<engine::InstancePage> read_servers(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS) return unreadable("is not JSON");
  simdjson::dom::array servers;
  if (root["servers"].get(servers) != simdjson::SUCCESS) return unreadable("has no servers");
  engine::InstancePage page;
  for (auto server : servers) {
    auto instance = to_instance(server);
    if (!instance.id.empty()) page.instances.push_back(std::move(instance));
  }
  simdjson::dom::array links;
  if (root["servers_links"].get(links) == simdjson::SUCCESS)
    for (auto link : links)
      if (text_field(link, "rel") == "next" && !page.instances.empty())
        page.next_marker = page.instances.back().id;
  return page;
}

std::string create_server_body(const engine::InstanceCreate& what, const std::string& flavor_id) {
  engine::JsonWriter json;
  json.begin_object().key("server").begin_object();
  json.field("name", what.name.value_or("deltacloud-" + what.client_token.value_or("instance")));
  json.field("imageRef", what.image_id);
  json.field("flavorRef", flavor_id);
  if (!what.realm_id.empty()) json.field("availability_zone", what.realm_id);
  if (what.keyname) json.field("key_name", *what.keyname);
  if (what.user_data) {
    // Nova wants user data base64-encoded; ours arrives decoded.
    json.field("user_data", engine::base64_encode(*what.user_data));
  }
  if (!what.firewalls.empty()) {
    json.key("security_groups").begin_array();
    for (auto& group : what.firewalls) json.begin_object().field("name", group).end_object();
    json.end_array();
  }
  if (what.client_token) {
    json.key("metadata").begin_object().field(client_token_key, *what.client_token).end_object();
  }
  json.end_object().end_object();
  return json.finish();
}

std::string change_mark(const http::Response& response, std::chrono::seconds margin) {
  // RFC 7231's IMF-fixdate: `Wed, 25 Nov 2026 00:30:39 GMT`.
  auto date = response.header("date");
  std::tm tm{};
  auto end = ::strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return {};
  auto at = ::timegm(&tm) - static_cast<std::time_t>(margin.count());
  std::tm utc{};
  ::gmtime_r(&at, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string changes_since_path(const std::string& mark, const std::string& marker) {
  auto path = "/servers/detail?changes-since=" + http::percent_encode(mark);
  if (!marker.empty()) path += "&marker=" + http::percent_encode(marker);
  return path;
}

std::string server_action_body(engine::InstanceAction action) {
  switch (action) {
    case engine::InstanceAction::start:
      return R"({"os-start":null})";
    case engine::InstanceAction::stop:
      return R"({"os-stop":null})";
    case engine::InstanceAction::reboot:
      return R"({"reboot":{"type":"SOFT"}})";
    default:
      return {};
  }
}

}  // namespace dc::drivers::openstack
