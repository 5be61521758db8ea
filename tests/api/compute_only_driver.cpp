// A driver that serves realms only, registered in the API tests to check what the API does with
// collections a driver lacks (412, not advertised).

#include "engine/driver_registry.hpp"

namespace {

using namespace dc::engine;

const DriverInfo& compute_only_info() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "computeonly";
    d.collections = {Collection::realms};
    return d;
  }();
  return info;
}

class ComputeOnlyDriver final : public Driver {
 public:
  const DriverInfo& info() const override { return compute_only_info(); }
};

const DriverRegistrar registrar{
    {"computeonly", compute_only_info, [](const DriverSetup&) -> std::unique_ptr<Driver> {
       return std::make_unique<ComputeOnlyDriver>();
     }}};

}  // namespace
