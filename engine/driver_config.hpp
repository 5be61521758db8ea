#pragma once
// Loading config/drivers/<name>.yaml: a driver's display name, its providers (regions or
// endpoints) and its options. Credentials never live there.
//
// | key           | meaning                                                  | default |
// |---------------|----------------------------------------------------------|---------|
// | `name`        | display name                                             | the id  |
// | `entrypoints` | map kind → provider id → URL (as the original server's)  | none    |
// | `options`     | driver options (e.g. mock `boot_delay`), as text: nested | none    |
// |               | maps become dotted names (`throttle.launch`), lists one  |         |
// |               | line per item                                            |         |
// | `limits`      | concurrency, rates, paging, retries (driver_limits.hpp)  | see it  |
// | `username`, `password` | labels a UI shows for the credential fields     | none    |

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/driver_limits.hpp"

namespace dc::engine {

struct ProviderConfig {
  std::string id;
  /// kind → URL, in kind order.
  std::vector<std::pair<std::string, std::string>> entrypoints;
};

struct DriverConfig {
  std::string id;
  std::string name;
  std::vector<ProviderConfig> providers;  // sorted by id
  std::map<std::string, std::string> options;
  std::map<std::string, std::string> labels;  // username / password UI labels
  DriverLimits limits;

  const ProviderConfig* provider(const std::string& id) const;
};

/// A configuration file that cannot be used; the message names the file and the problem.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Reads one driver file.
DriverConfig load_driver_config(const std::filesystem::path& file);
/// Reads every `*.yaml` in `dir`, keyed by file stem (the driver id).
std::map<std::string, DriverConfig> load_driver_configs(const std::filesystem::path& dir);

}  // namespace dc::engine
