#pragma once
// One actor per tracked instance. It holds the last observed record, checks requested actions
// against the driver's state machine, forwards allowed ones to its driver actor, and publishes a
// state-change event on every observed change, and answers clients waiting for a state. It exits
// when the instance reaches `finish`.

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "actors/messages.hpp"
#include "engine/state_machine.hpp"

namespace dc::actors {

struct InstanceActorSetup {
  caf::actor driver_actor;
  caf::actor hub;
  const engine::StateMachine* machine = nullptr;
  const engine::Clock* clock = nullptr;
  std::string driver;
  std::string provider;
  std::string user;
};

struct InstanceActorState {
  InstanceActorSetup setup;
  std::optional<engine::Instance> record;   // empty until the first observation
  std::map<std::uint64_t, Waiter> waiters;  // by waiter number, which its timer names
  std::uint64_t next_waiter = 1;
  static inline const char* name = "instance";
};

/// A state that ends any wait: nothing will move the instance out of it by itself.
inline bool ends_waits(engine::InstanceState state) {
  return state == engine::InstanceState::finish || state == engine::InstanceState::error;
}

caf::behavior instance_actor(caf::stateful_actor<InstanceActorState>* self,
                             InstanceActorSetup setup);

}  // namespace dc::actors
