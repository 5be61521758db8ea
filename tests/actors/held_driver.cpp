#include "tests/actors/held_driver.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "engine/driver_registry.hpp"

namespace dc::test::held_calls {

namespace {

using namespace dc::engine;

struct HeldCall {
  std::shared_ptr<Executor> executor;  // the account actor's: callbacks run there
  std::function<void(Answer)> answer;
};

std::mutex held_mutex;
std::vector<HeldCall> held;
std::size_t instances_made = 0;  // under held_mutex
std::atomic<std::size_t> alive{0};

const DriverInfo& held_info() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "held";
    d.collections = {Collection::instances};
    return d;
  }();
  return info;
}

class HeldDriver final : public Driver {
 public:
  HeldDriver(std::shared_ptr<Executor> executor, bool hold_creates)
      : executor_(std::move(executor)), hold_creates_(hold_creates) {
    ++alive;
  }
  ~HeldDriver() override { --alive; }
  HeldDriver(const HeldDriver&) = delete;
  HeldDriver& operator=(const HeldDriver&) = delete;

  const DriverInfo& info() const override { return held_info(); }

  void authenticate(const Credentials&, Callback<Unit> done) override {
    if (hold_creates_) return done(Unit{});
    hold([done](Answer answer) {
      if (answer == Answer::accept) return done(Unit{});
      if (answer == Answer::refuse) return done(make_error(ErrorKind::authentication));
      done(make_error(ErrorKind::provider, "The identity service failed"));
    });
  }

  void instances(const Credentials&, Callback<std::vector<Instance>> done) override {
    done(std::vector<Instance>{});
  }

  void create_instance(const Credentials&, const InstanceCreate& what,
                       Callback<Instance> done) override {
    // A driver bug, thrown instead of called back.
    if (what.image_id == "throw") throw std::runtime_error("the held driver threw");
    hold([done](Answer answer) {
      if (answer != Answer::accept)
        return done(make_error(ErrorKind::provider, "The create failed"));
      Instance made;
      made.id = "held" + std::to_string(++instances_made);
      made.state = InstanceState::running;
      done(std::move(made));
    });
  }

 private:
  void hold(std::function<void(Answer)> answer) {
    std::lock_guard guard{held_mutex};
    held.push_back({executor_, std::move(answer)});
  }

  std::shared_ptr<Executor> executor_;
  bool hold_creates_;
};

const DriverRegistrar registrar{
    {"held", held_info, [](const DriverSetup& setup) -> std::unique_ptr<Driver> {
       auto hold = setup.options.find("hold");
       bool creates = hold != setup.options.end() && hold->second == "creates";
       return std::make_unique<HeldDriver>(setup.executor, creates);
     }}};

}  // namespace

std::size_t drivers_alive() {
  return alive.load();
}

std::size_t count() {
  std::lock_guard guard{held_mutex};
  return held.size();
}

void answer_all(Answer answer) {
  std::vector<HeldCall> answering;
  {
    std::lock_guard guard{held_mutex};
    answering.swap(held);
  }
  for (auto& call : answering)
    call.executor->post([reply = std::move(call.answer), answer] { reply(answer); });
}

}  // namespace dc::test::held_calls
