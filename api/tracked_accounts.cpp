#include "api/tracked_accounts.hpp"

#include "engine/driver_registry.hpp"

namespace dc::api {

namespace {

std::string credential(const EnvironmentLookup& environment, const std::string& variable,
                       std::size_t index) {
  auto value = environment(variable);
  if (!value || !*value)
    throw UsageError("tracked_accounts[" + std::to_string(index) + "]: environment variable " +
                     variable + " is not set");
  return value;
}

/// How an account is named in reports: driver, provider when there is one, and user.
std::string describe(const actors::Account& account) {
  auto out = account.driver;
  if (!account.provider.empty()) out += " (" + account.provider + ")";
  return out + " account '" + account.credentials.user + "'";
}

}  // namespace

std::vector<actors::Account> resolve_tracked_accounts(
    const std::vector<TrackedAccountConfig>& configured, const EnvironmentLookup& environment) {
  std::vector<actors::Account> out;
  for (std::size_t i = 0; i < configured.size(); ++i) {
    auto& c = configured[i];
    if (!engine::DriverRegistry::global().find(c.driver))
      throw UsageError("tracked_accounts[" + std::to_string(i) + "]: unknown driver '" + c.driver +
                       "' (see -l for the drivers of this build)");
    actors::Account account;
    account.driver = c.driver;
    account.provider = c.provider;
    account.credentials.user = credential(environment, c.user_env, i);
    account.credentials.password = credential(environment, c.password_env, i);
    out.push_back(std::move(account));
  }
  return out;
}

void start_tracking(actors::ControlPlane& plane, const std::vector<actors::Account>& accounts,
                    std::function<void(const std::string& line)> report) {
  for (auto& account : accounts) {
    auto name = describe(account);
    plane.track_account(
        account,
        [report, name](const engine::Error& error, std::chrono::milliseconds retry_in) {
          report("tracked " + name + ": " + error.text() + "; trying again in " +
                 std::to_string(retry_in.count()) + " ms");
        },
        [report, name](engine::Result<engine::Unit> r) {
          if (r)
            report("tracking " + name);
          else
            report("not tracking " + name + ": " + r.error().text());
        });
  }
}

}  // namespace dc::api
