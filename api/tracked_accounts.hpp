#pragma once
// Accounts tracked from the server's start (DESIGN §6): named in deltacloudd.yaml, their
// credentials read from the environment, then kept tracked by the engine without waiting for a
// client's first request.

#include <functional>
#include <string>
#include <vector>

#include "actors/account.hpp"
#include "actors/control_plane.hpp"
#include "api/server_options.hpp"

namespace dc::api {

/// Looks up an environment variable; null when it is not set.
using EnvironmentLookup = std::function<const char*(const std::string& name)>;

/// The configured accounts with their credentials taken from the environment. Throws UsageError
/// naming the variable (never a value) when one is unset or empty, or the driver is unknown.
std::vector<actors::Account> resolve_tracked_accounts(
    const std::vector<TrackedAccountConfig>& configured, const EnvironmentLookup& environment);

/// Asks the engine to track each account; reports, one line each and without credentials,
/// transient failures, tracking started, and accounts ruled out.
void start_tracking(actors::ControlPlane& plane, const std::vector<actors::Account>& accounts,
                    std::function<void(const std::string& line)> report);

}  // namespace dc::api
