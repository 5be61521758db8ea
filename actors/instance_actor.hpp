#pragma once
// One actor per tracked instance. It holds the last observed record, checks requested actions
// against the driver's state machine, forwards allowed ones to its driver actor, and publishes a
// state-change event on every observed change. It exits when the instance reaches `finish`.

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

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
  std::optional<engine::Instance> record;  // empty until the first observation
  static inline const char* name = "instance";
};

caf::behavior instance_actor(caf::stateful_actor<InstanceActorState>* self,
                             InstanceActorSetup setup);

}  // namespace dc::actors
