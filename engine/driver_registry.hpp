#pragma once
// The drivers this build contains. Each driver registers itself from its own folder with a
// static DriverRegistrar; nothing central lists them.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/driver.hpp"
#include "engine/driver_options.hpp"

namespace dc::engine {

struct DriverEntry {
  std::string id;
  std::function<const DriverInfo&()> info;
  std::function<std::unique_ptr<Driver>(const DriverSetup&)> make;
  /// Reads the yaml's options as `make` would and throws ConfigError for one it cannot use; the
  /// server calls it for every configured driver at start-up. Empty: the driver has no options.
  std::function<void(const DriverOptions&)> check_options = {};
};

class DriverRegistry {
 public:
  /// The process-wide registry that registrars fill before main().
  static DriverRegistry& global();

  void add(DriverEntry entry);
  const DriverEntry* find(const std::string& id) const;
  /// All entries, sorted by id.
  std::vector<const DriverEntry*> all() const;

 private:
  std::vector<DriverEntry> entries_;
};

/// Registers a driver at static-initialisation time: `static DriverRegistrar reg{{...}};`.
struct DriverRegistrar {
  explicit DriverRegistrar(DriverEntry entry) { DriverRegistry::global().add(std::move(entry)); }
};

}  // namespace dc::engine
