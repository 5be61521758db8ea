#pragma once
// How a Deltacloud client names an OpenStack account, as the original openstack driver took it:
// the user name is `user+project`, and the provider is the Keystone URL, optionally followed by
// `;region`.

#include <optional>
#include <string>
#include <string_view>

namespace dc::drivers::openstack {

struct KeystoneAddress {
  std::string auth_url;  // the Keystone v3 root, ending in /v3
  std::string region;    // empty: the first endpoint of each service, whatever its region
};

/// Parses `URL[;region]`; nothing when the URL is not http(s). A URL without a version gets /v3.
std::optional<KeystoneAddress> parse_keystone_address(std::string_view provider);

struct ProjectUser {
  std::string user;
  std::string project;
};

/// Parses `user+project`; nothing when either part is missing.
std::optional<ProjectUser> parse_project_user(std::string_view name);

}  // namespace dc::drivers::openstack
