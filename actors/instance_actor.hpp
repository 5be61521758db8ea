#pragma once
// One actor per tracked instance. It knows the instance's last observed state, checks requested
// actions against the driver's state machine, forwards allowed ones to its driver actor,
// publishes a state-change event on every observed change, and answers clients waiting for a
// state. It exits when the instance reaches `finish`.
//
// A process tracks up to a million of these, so the state is kept small: what every instance
// actor of an account has in common is shared, and a full record is held only while somebody
// waits (an observation carries the whole record anyway).

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "actors/messages.hpp"
#include "engine/state_machine.hpp"

namespace dc::actors {

/// What all instance actors of one account share; built once by their driver actor.
struct InstanceActorShared {
  /// Weak: the driver actor holds this object, and a strong handle here would keep it alive.
  caf::actor_addr driver_actor;
  caf::actor hub;
  caf::actor timers;  // the timer relay (a wait's timer must not keep a gone instance alive)
  const engine::StateMachine* machine = nullptr;
  const engine::Clock* clock = nullptr;
  std::string driver;
  std::string provider;
  std::string user;
};

/// Clients waiting for the instance to reach a state, and the record they will be answered with.
struct InstanceWaits {
  engine::Instance record;
  std::map<std::uint64_t, Waiter> waiters;  // by waiter number, which its timer names
};

struct InstanceActorState {
  std::shared_ptr<const InstanceActorShared> shared;
  std::string id;
  engine::InstanceState state = engine::InstanceState::pending;
  bool observed = false;  // false until the first observation
  /// Numbers waiters for the life of the actor: a timer of a wait that ended early (its client
  /// hung up) still comes, and must not end a later wait.
  std::uint32_t next_waiter = 1;
  std::unique_ptr<InstanceWaits> waits;  // only while somebody waits
  static inline const char* name = "instance";
};

/// A state that ends any wait: nothing will move the instance out of it by itself.
inline bool ends_waits(engine::InstanceState state) {
  return state == engine::InstanceState::finish || state == engine::InstanceState::error;
}

caf::behavior instance_actor(caf::stateful_actor<InstanceActorState>* self,
                             std::shared_ptr<const InstanceActorShared> shared, std::string id);

}  // namespace dc::actors
