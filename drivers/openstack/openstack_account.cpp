#include "drivers/openstack/openstack_account.hpp"

namespace dc::drivers::openstack {

std::optional<KeystoneAddress> parse_keystone_address(std::string_view provider) {
  KeystoneAddress out;
  auto semicolon = provider.find(';');
  std::string url{provider.substr(0, semicolon)};
  if (semicolon != std::string_view::npos) out.region = std::string{provider.substr(semicolon + 1)};
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return std::nullopt;
  if (url.find_first_of(" \t\r\n") != std::string::npos) return std::nullopt;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() < 3 || url.compare(url.size() - 3, 3, "/v3") != 0) url += "/v3";
  out.auth_url = std::move(url);
  return out;
}

std::optional<ProjectUser> parse_project_user(std::string_view name) {
  auto plus = name.find('+');
  if (plus == std::string_view::npos || plus == 0 || plus + 1 == name.size()) return std::nullopt;
  return ProjectUser{std::string{name.substr(0, plus)}, std::string{name.substr(plus + 1)}};
}

}  // namespace dc::drivers::openstack
