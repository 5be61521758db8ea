#include "drivers/openstack/glance_images.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "drivers/openstack/json_fields.hpp"
#include "engine/json_writer.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

GlanceImage to_image(simdjson::dom::element e) {
  GlanceImage glance;
  auto& image = glance.image;
  image.id = text_field(e, "id");
  image.name = text_field(e, "name");
  // A description given at create time is an image property of that name.
  image.description = text_field(e, "description");
  if (image.description.empty()) image.description = image.name;
  image.owner_id = text_field(e, "owner");
  image.architecture = text_field(e, "architecture");
  if (image.architecture.empty()) image.architecture = "x86_64";
  image.state = image_state(text_field(e, "status"));
  image.creation_time = text_field(e, "created_at");
  image.root_type = "persistent";
  constexpr std::int64_t gib = 1024 * 1024 * 1024;
  auto size = std::max<std::int64_t>(0, number_field(e, "size"));
  glance.needs.ram_mb = std::max<std::int64_t>(0, number_field(e, "min_ram"));
  glance.needs.disk_gb =
      std::max(std::max<std::int64_t>(0, number_field(e, "min_disk")), (size + gib - 1) / gib);
  return glance;
}

/// A fixed numeric property of a profile, 0 when it has none.
std::int64_t fixed_number(const engine::HardwareProfile& profile, const char* name) {
  for (auto& p : profile.properties)
    if (p.name == name) {
      std::int64_t v = 0;
      auto [end, error] = std::from_chars(p.value.data(), p.value.data() + p.value.size(), v);
      return error == std::errc{} ? v : 0;
    }
  return 0;
}

}  // namespace

std::string image_state(const std::string& glance_status) {
  if (glance_status == "active") return "AVAILABLE";
  auto state = glance_status;
  for (auto& c : state) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return state;
}

engine::Result<ImagePage> read_images(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array list;
  if (parser.parse(body).get(root) != simdjson::SUCCESS ||
      root["images"].get(list) != simdjson::SUCCESS)
    return engine::make_error(ErrorKind::provider, "Glance's image list is unreadable");
  ImagePage page;
  for (auto e : list) page.images.push_back(to_image(e));
  page.next = text_field(root, "next");
  // Only a path of Glance's own image list is followed.
  if (page.next.rfind("/v2/images?", 0) != 0) page.next.clear();
  return page;
}

std::vector<std::string> fitting_flavors(const ImageNeeds& needs,
                                         const std::vector<engine::HardwareProfile>& flavors) {
  std::vector<std::string> ids;
  for (auto& flavor : flavors) {
    auto disk = fixed_number(flavor, "storage");
    if (disk > 0 && disk >= needs.disk_gb && fixed_number(flavor, "memory") >= needs.ram_mb)
      ids.push_back(flavor.id);
  }
  return ids;
}

engine::Result<GlanceImage> read_image(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(body).get(e) != simdjson::SUCCESS || !e.is_object())
    return engine::make_error(ErrorKind::provider, "Glance's image is unreadable");
  return to_image(e);
}

std::string create_image_body(const engine::ImageCreate& what) {
  engine::JsonWriter json;
  json.begin_object().key("createImage").begin_object();
  json.field("name", what.name && !what.name->empty() ? *what.name : "image-" + what.instance_id);
  json.key("metadata").begin_object();
  if (what.description && !what.description->empty()) json.field("description", *what.description);
  json.end_object();
  json.end_object().end_object();
  return json.finish();
}

engine::Result<std::string> created_image_id(const http::Response& response) {
  simdjson::dom::parser parser;
  std::string_view id;
  if (!response.body.empty() &&
      parser.parse(response.body)["image_id"].get(id) == simdjson::SUCCESS)
    return std::string{id};
  auto location = response.header("location");
  auto slash = location.find_last_of('/');
  auto last = slash == std::string::npos ? std::string{} : location.substr(slash + 1);
  if (!engine::is_plain_name(last))
    return engine::make_error(
        ErrorKind::provider,
        "Nova's answer to createImage names no image (Location '" + location + "')");
  return last;
}

}  // namespace dc::drivers::openstack
