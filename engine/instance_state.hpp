#pragma once
// The states an instance can be in and the actions a client can ask for, with their names as the
// state machine (lower case) and the API (upper case) spell them.

#include <optional>
#include <string>
#include <string_view>

namespace dc::engine {

/// Model state of an instance. Every provider state maps to exactly one of these.
enum class InstanceState {
  start,
  pending,
  running,
  stopping,
  stopped,
  shutting_down,
  finish,
  error
};

/// What a client can ask an instance to do.
enum class InstanceAction { create, start, stop, reboot, destroy };

/// Lower-case state-machine name: `pending`, `shutting_down`.
std::string_view machine_name(InstanceState state);
/// Upper-case API name: `PENDING`, `SHUTTING_DOWN`.
std::string api_name(InstanceState state);
/// Parses either spelling (case-insensitive, `-` or `_`).
std::optional<InstanceState> parse_instance_state(std::string_view text);

/// `create`, `start`, `stop`, `reboot`, `destroy`.
std::string_view action_name(InstanceAction action);
std::optional<InstanceAction> parse_instance_action(std::string_view text);

}  // namespace dc::engine
