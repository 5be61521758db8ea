#pragma once
// Nova servers as our instances, and the requests that make and move them.

#include <optional>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// One server of `GET /servers/{id}` or of `GET /servers/detail` (its JSON object's text).
engine::Result<engine::Instance> read_server(const std::string& body);
/// `GET /servers/detail`: the servers, and the marker of the next page (empty when there is no
/// `next` link).
engine::Result<engine::InstancePage> read_servers(const std::string& body);

/// The body of `POST /servers`. The client token goes into the metadata (`deltacloud_token`),
/// so that a create retried after a lost answer can find the server it made.
std::string create_server_body(const engine::InstanceCreate& what, const std::string& flavor_id);

/// The body of `POST /servers/{id}/action` for start, stop or reboot.
std::string server_action_body(engine::InstanceAction action);

/// The metadata key that carries a create's client token.
inline constexpr const char* client_token_key = "deltacloud_token";

}  // namespace dc::drivers::openstack
