// A driver whose provider refuses the first logins as unavailable (option `failures`, default
// 0), then accepts any credentials and has no instances: for the tests of how the engine keeps
// trying an account it was told to track.

#include <cstdlib>

#include "engine/driver_registry.hpp"

namespace {

using namespace dc::engine;

const DriverInfo& flaky_login_info() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "flakylogin";
    d.collections = {Collection::instances};
    return d;
  }();
  return info;
}

class FlakyLoginDriver final : public Driver {
 public:
  explicit FlakyLoginDriver(int failures) : failures_left_(failures) {}

  const DriverInfo& info() const override { return flaky_login_info(); }

  void authenticate(const Credentials&, Callback<Unit> done) override {
    if (failures_left_ > 0) {
      --failures_left_;
      return done(make_error(ErrorKind::unavailable, "The login service is down"));
    }
    done(Unit{});
  }

  void instances(const Credentials&, Callback<std::vector<Instance>> done) override {
    done(std::vector<Instance>{});
  }

 private:
  int failures_left_;  // only its driver actor calls it: no lock
};

const DriverRegistrar registrar{
    {"flakylogin", flaky_login_info, [](const DriverSetup& setup) -> std::unique_ptr<Driver> {
       auto i = setup.options.find("failures");
       return std::make_unique<FlakyLoginDriver>(
           i == setup.options.end() ? 0 : std::atoi(i->second.c_str()));
     }}};

}  // namespace
