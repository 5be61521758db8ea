#pragma once
// Glance images as our images, and Nova's answer to making an image of a server.

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/http/http_client.hpp"
#include "engine/hardware_profile.hpp"
#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// What an image needs of a flavor to boot from it: Glance's `min_ram` (MB), and as disk (GB)
/// the larger of `min_disk` and its own size.
struct ImageNeeds {
  std::int64_t ram_mb = 0;
  std::int64_t disk_gb = 0;
};
struct GlanceImage {
  engine::Image image;
  ImageNeeds needs;
};

/// One page of `GET /v2/images`: its images, and the path of the next page (under Glance's
/// endpoint, `/v2/images?marker=...`), empty on the last.
struct ImagePage {
  std::vector<GlanceImage> images;
  std::string next;
};
engine::Result<ImagePage> read_images(const std::string& body);
/// `GET /v2/images/{id}`: the image itself, not wrapped.
engine::Result<GlanceImage> read_image(const std::string& body);

/// The ids of the flavors (as hardware profiles with `memory` in MB and `storage` in GB) an
/// image with these needs boots on. A flavor without a root disk (storage 0) is left out: Nova
/// lets only administrators boot images on those.
std::vector<std::string> fitting_flavors(const ImageNeeds& needs,
                                         const std::vector<engine::HardwareProfile>& flavors);
/// Glance's status as our image state: `active` is AVAILABLE (as the original driver showed
/// it); every other status in upper case (QUEUED, SAVING, KILLED, DEACTIVATED, ...).
std::string image_state(const std::string& glance_status);

/// The body of Nova's `createImage` server action.
std::string create_image_body(const engine::ImageCreate& what);
/// The new image's id from Nova's answer to `createImage`: in the body from microversion 2.45,
/// before that only as the last segment of the `Location` header.
engine::Result<std::string> created_image_id(const http::Response& response);

}  // namespace dc::drivers::openstack
