#pragma once
// Keystone v3 password authentication: the token request, and the token with its service
// catalog read from the answer.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "drivers/http/http_client.hpp"
#include "drivers/openstack/openstack_account.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

struct Endpoint {
  std::string service_type;  // compute, image, volumev3, network, object-store, ...
  std::string interface;     // public, internal, admin
  std::string region;
  std::string url;
};

struct Token {
  std::string id;  // X-Subject-Token: a secret, never logged
  std::chrono::system_clock::time_point expires_at;
  std::string project_id;
  std::vector<Endpoint> catalog;

  /// The public URL of a service in `region` (any region when empty), without a trailing /.
  /// `a|b` names a service known by either type (the first found wins).
  std::optional<std::string> url_for(const std::string& service_type,
                                     const std::string& region) const;
};

/// The body of `POST /v3/auth/tokens` for a password login scoped to the project, both in
/// `domain`.
std::string token_request_body(const ProjectUser& who, const std::string& password,
                               const std::string& domain);

/// Reads a token answer (201); other answers become errors as for any OpenStack call.
engine::Result<Token> read_token(const http::Response& response);

/// Parses Keystone's `expires_at` (`2026-11-24T12:00:00.000000Z`).
std::optional<std::chrono::system_clock::time_point> parse_keystone_time(const std::string& text);

}  // namespace dc::drivers::openstack
