// The openstack driver's readers of what the cloud answers (Keystone, Nova, Glance, Cinder,
// Neutron, Swift): a cloud, or whatever sits between us and it, may send anything. Input: one
// byte choosing the reader, then the answer. Readers of a whole response (headers matter) take
// `name: value` lines up to a blank line, then the body. Every reader ends in a value or an
// error, never a crash or undefined behaviour.

#include "drivers/openstack/cinder_volumes.hpp"
#include "drivers/openstack/glance_images.hpp"
#include "drivers/openstack/keystone.hpp"
#include "drivers/openstack/neutron_floating_ips.hpp"
#include "drivers/openstack/neutron_security_groups.hpp"
#include "drivers/openstack/nova_flavors.hpp"
#include "drivers/openstack/nova_keypairs.hpp"
#include "drivers/openstack/nova_servers.hpp"
#include "drivers/openstack/nova_states.hpp"
#include "drivers/openstack/nova_zones.hpp"
#include "drivers/openstack/openstack_account.hpp"
#include "drivers/openstack/openstack_errors.hpp"
#include "drivers/openstack/swift_objects.hpp"
#include "tests/fuzz/fuzz_input.hpp"

namespace {

namespace http = dc::http;
using namespace dc::drivers::openstack;

/// A response: status from the next two bytes, headers (names lower-cased, as the HTTP client
/// stores them), body.
http::Response response(dc::fuzz::Input& in) {
  http::Response r;
  r.status = in.byte() * 4 + in.byte() % 4;  // 0..1023: every class, and "no answer"
  auto head = in.until("\n\n");
  while (!head.empty()) {
    auto eol = head.find('\n');
    auto line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name{line.substr(0, colon)};
    for (auto& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::move(name), std::string{value});
  }
  r.body = std::string{in.rest()};
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dc::fuzz::Input in{data, size};
  auto reader = in.byte() % 32;
  if (reader >= 24) {
    auto r = response(in);
    switch (reader) {
      case 24:
        (void)read_token(r);
        break;
      case 25:
        (void)openstack_error(r);
        break;
      case 26:
        (void)read_swift_names(r);
        (void)swift_listing_total(r);
        break;
      case 27:
        (void)read_swift_object("bucket", "blob", r.headers);
        break;
      case 28:
        (void)created_image_id(r);
        break;
      case 29:
        (void)change_mark(r, std::chrono::seconds{in.byte()});
        break;
      default:
        (void)openstack_error(r);
        (void)read_swift_names(r);
        break;
    }
    return 0;
  }
  std::string body{in.rest()};
  switch (reader) {
    case 0:
      (void)read_servers(body);
      break;
    case 1:
      (void)read_server(body);
      break;
    case 2:
      (void)read_images(body);
      break;
    case 3:
      (void)read_image(body);
      break;
    case 4:
      (void)read_volumes(body);
      break;
    case 5:
      (void)read_volume(body);
      break;
    case 6:
      (void)read_snapshots(body);
      break;
    case 7:
      (void)read_snapshot(body);
      break;
    case 8:
      (void)read_floating_ips(body);
      break;
    case 9:
      (void)read_floating_ip(body);
      break;
    case 10:
      (void)read_ports(body);
      break;
    case 11:
      (void)read_network_ids(body);
      break;
    case 12:
      (void)read_security_groups(body);
      break;
    case 13:
      (void)read_security_group(body);
      break;
    case 14:
      (void)read_security_group_rule_id(body);
      break;
    case 15:
      (void)read_flavors(body);
      break;
    case 16:
      (void)read_keypairs(body);
      break;
    case 17:
      (void)read_keypair(body);
      break;
    case 18:
      (void)read_availability_zones(body);
      break;
    case 19:
      (void)parse_keystone_time(body);
      (void)swift_time(body);
      (void)looks_like_ip(body);
      break;
    case 20:
      (void)parse_keystone_address(body);
      (void)parse_project_user(body);
      break;
    case 21: {
      auto comma = body.find(',');
      (void)map_nova_state(body.substr(0, comma),
                           comma == std::string::npos ? "" : body.substr(comma + 1));
      break;
    }
    case 22: {
      // Not an answer but a client's capacity, read with the same number parsing.
      dc::engine::VolumeCreate what;
      what.capacity = body;
      (void)volume_create_body(what);
      break;
    }
    default:
      (void)volume_state(body);
      break;
  }
  return 0;
}
