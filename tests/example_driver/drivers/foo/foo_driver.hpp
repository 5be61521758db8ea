#pragma once
// The Foo driver: the example driver of docs/writing-a-driver.md, built and tested like any other
// so that the guide stays true.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/foo/foo_client.hpp"
#include "engine/driver.hpp"
#include "engine/driver_options.hpp"

namespace dc::drivers::foo {

/// The one model state a Foo server status means; `error` for statuses Foo does not document.
engine::InstanceState foo_state(std::string_view status);

class FooDriver final : public engine::Driver {
 public:
  /// Foo's collections, features, profiles and state machine.
  static const engine::DriverInfo& describe();
  /// Reads the options as the client does, contacting nothing (start-up checks).
  static void check_options(const engine::DriverOptions& options);

  FooDriver(const engine::DriverSetup& setup, std::unique_ptr<FooClient> client);

  const engine::DriverInfo& info() const override { return describe(); }

  using Credentials = engine::Credentials;
  template <class T>
  using Callback = engine::Callback<T>;

  void instances(const Credentials& who, Callback<std::vector<engine::Instance>> done) override;
  void create_instance(const Credentials& who, const engine::InstanceCreate& what,
                       Callback<engine::Instance> done) override;
  // ... and realms, realm, instance, instance_action, destroy_instance, with the exact
  // signatures of engine/driver.hpp.
  void realms(const Credentials& who, Callback<std::vector<engine::Realm>> done) override;
  void realm(const Credentials& who, const std::string& id, Callback<engine::Realm> done) override;
  void instance(const Credentials& who, const std::string& id,
                Callback<engine::Instance> done) override;
  void instance_action(const Credentials& who, const std::string& id, engine::InstanceAction action,
                       Callback<engine::Instance> done) override;
  void destroy_instance(const Credentials& who, const std::string& id,
                        Callback<engine::Unit> done) override;

 private:
  /// Wraps `next` so that it runs inside the driver actor, whichever thread answers.
  template <class T>
  Callback<T> in_actor(Callback<T> next);

  std::unique_ptr<FooClient> client_;
  std::shared_ptr<engine::Executor> executor_;  // shared: a late answer may still post to it
  const engine::Clock& clock_;
};

}  // namespace dc::drivers::foo
