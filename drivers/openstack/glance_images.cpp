#include "drivers/openstack/glance_images.hpp"

#include <simdjson.h>

#include <cctype>

#include "drivers/openstack/json_fields.hpp"
#include "engine/json_writer.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::ErrorKind;

engine::Image to_image(simdjson::dom::element e) {
  engine::Image image;
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
  return image;
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

engine::Result<engine::Image> read_image(const std::string& body) {
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
