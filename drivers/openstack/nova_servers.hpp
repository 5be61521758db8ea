#pragma once
// Nova servers as our instances, and the requests that make and move them.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "drivers/http/http_client.hpp"
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

/// The change mark of a Nova answer, as `changes-since` takes it (`2026-11-25T00:30:34Z`): the
/// time Nova answered (its Date header) less `margin`, so that hosts of the cloud whose clocks
/// disagree, and changes committed late, are not missed. Empty when the answer has no Date.
std::string change_mark(const http::Response& response, std::chrono::seconds margin);

/// The path of `GET /servers/detail` for the changes since `mark`, a page after `marker`.
std::string changes_since_path(const std::string& mark, const std::string& marker);

/// The metadata key that carries a create's client token.
inline constexpr const char* client_token_key = "deltacloud_token";

}  // namespace dc::drivers::openstack
