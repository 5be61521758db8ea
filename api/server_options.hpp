#pragma once
// The deltacloudd command line and config/deltacloudd.yaml, merged into one set of options.

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/control_plane.hpp"
#include "api/http_server.hpp"

namespace dc::api {

/// An account tracked from start (`tracked_accounts` in deltacloudd.yaml). The file names the
/// environment variables that hold its credentials, never the credentials themselves.
struct TrackedAccountConfig {
  std::string driver;
  std::string provider;  // empty = the driver's default
  std::string user_env;
  std::string password_env;
};

struct ServerOptions {
  std::string driver;    // -i
  std::string provider;  // -P
  std::filesystem::path config_dir;
  std::filesystem::path data_dir;
  std::string log_file;       // -L
  bool verbose = false;       // -V
  bool list_drivers = false;  // -l
  bool help = false;          // -h
  HttpServerOptions http;
  actors::ControlPlaneOptions engine;
  /// Overrides of driver options (driver id → option → value), applied over the yaml files.
  std::map<std::string, std::map<std::string, std::string>> driver_option_overrides;
  /// Replacements of drivers' limits (driver id → limits), instead of the yaml files'.
  std::map<std::string, engine::DriverLimits> driver_limit_overrides;
  std::vector<TrackedAccountConfig> tracked_accounts;
  /// Clients may name providers the driver's yaml does not list (server.allow_any_provider).
  bool allow_any_provider = false;
};

/// A command line that cannot be used; the message says why.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Defaults: compiled-in config directory, data directory under /var/tmp.
ServerOptions default_server_options();
/// Reads `<config_dir>/deltacloudd.yaml` into `options` (missing file: defaults stay).
void load_server_config(ServerOptions& options);
/// Parses argv over `options`; throws UsageError.
void parse_command_line(int argc, char** argv, ServerOptions& options);
std::string usage_text();

}  // namespace dc::api
