// A driver with one instance in a state its provider named and the driver did not know,
// registered in the API tests to check how the API shows the provider's word for it.

#include "engine/driver_registry.hpp"
#include "engine/state_machine.hpp"

namespace {

using namespace dc::engine;

const DriverInfo& odd_state_info() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "oddstate";
    d.collections = {Collection::instances};
    return d;
  }();
  return info;
}

Instance hibernating() {
  Instance i;
  i.id = "odd1";
  i.image_id = "img1";
  i.realm_id = "zone1";
  i.hardware_profile_id = "small";
  i.state = InstanceState::error;
  i.provider_state = "HIBERNATING";
  return i;
}

class OddStateDriver final : public Driver {
 public:
  const DriverInfo& info() const override { return odd_state_info(); }
  void instances(const Credentials&, Callback<std::vector<Instance>> done) override {
    done(std::vector<Instance>{hibernating()});
  }
  void instance(const Credentials&, const std::string& id, Callback<Instance> done) override {
    if (id != "odd1") return done(make_error(ErrorKind::not_found));
    done(hibernating());
  }
};

const DriverRegistrar registrar{
    {"oddstate", odd_state_info, [](const DriverSetup&) -> std::unique_ptr<Driver> {
       return std::make_unique<OddStateDriver>();
     }}};

}  // namespace
