#include "drivers/openstack/swift_objects.hpp"

#include <simdjson.h>

#include <cctype>
#include <cstdlib>
#include <ctime>

#include "drivers/openstack/json_fields.hpp"

namespace dc::drivers::openstack {

namespace {

const std::string meta_prefix = "x-object-meta-";

}  // namespace

engine::Result<std::vector<std::string>> read_swift_names(const http::Response& page) {
  if (page.status == 204 || page.body.empty()) return std::vector<std::string>{};
  simdjson::dom::parser parser;
  simdjson::dom::array entries;
  if (parser.parse(page.body).get(entries) != simdjson::SUCCESS)
    return engine::make_error(engine::ErrorKind::provider, "Swift's listing is unreadable");
  std::vector<std::string> names;
  for (auto entry : entries) {
    auto name = text_field(entry, "name");
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

std::optional<std::size_t> swift_listing_total(const http::Response& page) {
  for (auto name : {"x-container-object-count", "x-account-container-count"}) {
    auto text = page.header(name);
    if (text.empty()) continue;
    char* end = nullptr;
    auto n = std::strtoull(text.c_str(), &end, 10);
    if (end != text.c_str() && *end == '\0') return static_cast<std::size_t>(n);
  }
  return std::nullopt;
}

std::string swift_time(const std::string& http_date) {
  std::tm tm{};
  auto* end = ::strptime(http_date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return http_date;
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S +0000", &tm);
  return text;
}

engine::Blob read_swift_object(const std::string& bucket, const std::string& id,
                               const http::HeaderList& headers) {
  engine::Blob blob;
  blob.id = id;
  blob.bucket = bucket;
  // The client lower-cases header names; Swift's own spelling of a key is lost with HTTP's.
  for (auto& [name, value] : headers) {
    if (name == "content-length")
      blob.content_length = std::strtoull(value.c_str(), nullptr, 10);
    else if (name == "content-type")
      blob.content_type = value;
    else if (name == "last-modified")
      blob.last_modified = swift_time(value);
    else if (name.size() > meta_prefix.size() &&
             name.compare(0, meta_prefix.size(), meta_prefix) == 0)
      blob.user_metadata.emplace_back(name.substr(meta_prefix.size()), value);
  }
  return blob;
}

engine::Result<http::HeaderList> swift_metadata_headers(const engine::BlobMetadata& metadata) {
  http::HeaderList headers;
  for (auto& [key, value] : metadata) {
    bool key_ok = !key.empty();
    for (unsigned char c : key)
      if (!std::isalnum(c) && c != '-') key_ok = false;
    if (!key_ok)
      return engine::make_error(
          engine::ErrorKind::validation,
          "Metadata key '" + key + "' cannot be kept by Swift: use letters, digits and '-'");
    // An empty value is how a header asks Swift to drop the key.
    if (value.empty())
      return engine::make_error(engine::ErrorKind::validation,
                                "Metadata value of '" + key + "' is empty: Swift keeps none");
    for (unsigned char c : value)
      if (c < 0x20 || c == 0x7f)
        return engine::make_error(engine::ErrorKind::validation,
                                  "Metadata value of '" + key + "' holds a control character");
    headers.emplace_back("X-Object-Meta-" + key, value);
  }
  return headers;
}

}  // namespace dc::drivers::openstack
