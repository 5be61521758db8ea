#pragma once
// One actor per (driver, provider, account). It owns the Driver object and the credentials
// (memory only), runs every driver continuation one at a time, tracks the account's instances
// through instance actors, and keeps them current with one poll timer: transient instances are
// polled closely (with backoff while nothing changes), stable ones every resync period, all with
// one batched list call per cycle; only instances whose record changed get a message.

#include <caf/actor.hpp>
#include <caf/event_based_actor.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "actors/account.hpp"
#include "actors/messages.hpp"
#include "engine/driver.hpp"

namespace dc::actors {

/// Runs a driver's continuations inside its driver actor.
class ActorExecutor final : public engine::Executor {
 public:
  void bind(const caf::actor& target) { target_ = target.address(); }
  void post(std::function<void()> work) override;

 private:
  // Weak: the actor owns this executor, a strong handle here would keep it alive forever.
  caf::actor_addr target_;
};

struct DriverActorSetup {
  Account account;
  // Declared before the driver so it outlives it: a driver may post in its destructor.
  std::shared_ptr<ActorExecutor> executor;
  std::unique_ptr<engine::Driver> driver;
  caf::actor hub;
  const engine::Clock* clock = nullptr;
  std::chrono::milliseconds transient_poll{200};
  std::chrono::milliseconds transient_poll_max{5000};
  std::chrono::milliseconds resync_interval{60000};
  /// Called (inside the actor) when the account's credentials were refused and nothing is
  /// tracked: the directory forgets the actor, which then retires.
  std::function<void()> on_rejected;
};

class DriverActor final : public caf::event_based_actor {
 public:
  DriverActor(caf::actor_config& cfg, DriverActorSetup setup);

  caf::behavior make_behavior() override;

  engine::Driver& driver() { return *setup_.driver; }
  const engine::Credentials& credentials() const { return setup_.account.credentials; }

  /// Delivers a result to a client, noting refused credentials on the way.
  template <class T>
  void finish(const ReplyOnce<T>& reply, engine::Result<T> result) {
    note(result.ok() ? nullptr : &result.error());
    reply(std::move(result));
  }

  // -- instance operations (tracked) ------------------------------------------------------------
  void list_instances(ReplyOnce<std::vector<engine::Instance>> reply);
  void show_instance(const std::string& id, ReplyOnce<engine::Instance> reply);
  void create_instance(const engine::InstanceCreate& what, ReplyOnce<engine::Instance> reply);
  /// Answers when the instance is in `target` or a state that ends waits, or after `timeout`
  /// with the record as it is then.
  void wait_instance(const std::string& id, engine::InstanceState target,
                     std::chrono::milliseconds timeout, ReplyOnce<engine::Instance> reply);
  /// Refreshes the record, then lets the instance actor check the action.
  void request_action(const std::string& id, engine::InstanceAction action,
                      ReplyOnce<engine::Instance> reply);

 private:
  struct Tracked {
    caf::actor actor;
    std::size_t digest = 0;
    engine::InstanceState state = engine::InstanceState::pending;
  };

  void note(const engine::Error* error);
  void report(const std::exception& e);
  void perform(ActionRequest request);
  /// Brings the instance's actor up to date with `record`, creating the actor on first sight.
  void observe(const engine::Instance& record, const std::string& cause);
  void forget(const std::string& id, const std::string& cause);
  void reconcile(const std::vector<engine::Instance>& listed, const std::string& cause);
  void poll(std::uint64_t generation);
  void schedule_poll();
  bool any_transient() const;

  DriverActorSetup setup_;
  std::unordered_map<std::string, Tracked> tracked_;
  bool authenticated_ = false;
  bool retired_ = false;
  bool changed_since_poll_ = false;
  std::uint64_t poll_generation_ = 0;
  std::optional<std::chrono::steady_clock::time_point> poll_due_;
  std::chrono::milliseconds transient_delay_;
};

}  // namespace dc::actors
