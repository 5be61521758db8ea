#pragma once
// `GET /api/instances/:id?wait_for=RUNNING&timeout=60`: the parameters of a wait, checked. The
// HTTP server also reads them, to give a waiting request its timeout on top of the usual one.

#include <chrono>
#include <optional>
#include <string>

#include "api/params.hpp"
#include "engine/error.hpp"
#include "engine/instance_state.hpp"

namespace dc::api {

struct InstanceWait {
  engine::InstanceState target = engine::InstanceState::running;
  std::chrono::seconds timeout{60};
};

/// Longest wait a client may ask for.
inline constexpr std::chrono::seconds max_instance_wait{3600};

/// The wait asked for by `params`: none without `wait_for`; an error for a bad state or timeout.
std::optional<InstanceWait> parse_instance_wait(const Params& params,
                                                std::optional<engine::Error>& error);

/// How long the wait in a request's query may last (zero when it asks for none, or badly).
std::chrono::seconds instance_wait_time(const std::string& target);

}  // namespace dc::api
