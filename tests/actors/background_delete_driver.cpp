// A driver whose provider deletes in the background, as Nova does: one running instance `vm1`;
// after its destroy is taken, the first read of it is refused (403: the policy lets the account
// delete but not look), later ones find it gone. For the test of how the engine follows such a
// destroy to its end.

#include "drivers/openstack/nova_states.hpp"
#include "engine/driver_registry.hpp"

namespace {

using namespace dc::engine;

const DriverInfo& background_delete_info() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "backgrounddelete";
    d.collections = {Collection::instances};
    d.state_machine = dc::drivers::openstack::nova_state_machine();
    return d;
  }();
  return info;
}

class BackgroundDeleteDriver final : public Driver {
 public:
  const DriverInfo& info() const override { return background_delete_info(); }

  void instances(const Credentials&, Callback<std::vector<Instance>> done) override {
    if (destroyed_) return done(std::vector<Instance>{});
    done(std::vector<Instance>{vm1()});
  }

  void instance(const Credentials&, const std::string& id, Callback<Instance> done) override {
    if (id != "vm1") return done(make_error(ErrorKind::not_found));
    if (!destroyed_) return done(vm1());
    if (!refused_read_) {
      refused_read_ = true;
      return done(make_error(ErrorKind::forbidden, "Policy does not allow show"));
    }
    done(make_error(ErrorKind::not_found));
  }

  void destroy_instance(const Credentials&, const std::string& id, Callback<Unit> done) override {
    if (id != "vm1" || destroyed_) return done(make_error(ErrorKind::not_found));
    destroyed_ = true;
    done(Unit{});
  }

 private:
  static Instance vm1() {
    Instance i;
    i.id = "vm1";
    i.image_id = "img1";
    i.state = InstanceState::running;
    return i;
  }
  // Only its driver actor calls it: no lock.
  bool destroyed_ = false;
  bool refused_read_ = false;
};

const DriverRegistrar registrar{
    {"backgrounddelete", background_delete_info, [](const DriverSetup&) -> std::unique_ptr<Driver> {
       return std::make_unique<BackgroundDeleteDriver>();
     }}};

}  // namespace
