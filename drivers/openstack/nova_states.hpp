#pragma once
// Nova's server statuses (and the task states that qualify them) as our instance states, and
// the instance state machine that matches how Nova really moves a server.
//
// | Nova status                         | task state            | our state     |
// |-------------------------------------|-----------------------|---------------|
// | BUILD, REBUILD                      |                       | pending       |
// | REBOOT, HARD_REBOOT                 |                       | pending       |
// | ACTIVE                              | powering-off          | stopping      |
// | ACTIVE                              | (other or none)       | running       |
// | SHUTOFF                             | powering-on           | pending       |
// | SHUTOFF, SUSPENDED, PAUSED,         |                       | stopped       |
// | SHELVED, SHELVED_OFFLOADED          |                       |               |
// | RESIZE, VERIFY_RESIZE,              |                       | running       |
// | REVERT_RESIZE, MIGRATING, PASSWORD, |                       |               |
// | RESCUE                              |                       |               |
// | any                                 | deleting              | shutting_down |
// | DELETED, SOFT_DELETED               |                       | finish        |
// | ERROR, UNKNOWN, anything else       |                       | error         |

#include <string>
#include <string_view>

#include "engine/instance_state.hpp"
#include "engine/state_machine.hpp"

namespace dc::drivers::openstack {

struct NovaState {
  engine::InstanceState state;
  /// False for a status this table does not know: it shows as error, and the raw status is
  /// kept so that nothing is hidden.
  bool known = true;
};

/// Our state for a server's `status` and `OS-EXT-STS:task_state` (empty when none).
NovaState map_nova_state(std::string_view status, std::string_view task_state);

/// Nova's life cycle: BUILD→ACTIVE by itself; stop (powering-off→SHUTOFF), start
/// (powering-on→ACTIVE) and reboot (REBOOT→ACTIVE) each pass through a transient state; delete
/// from any settled state, then gone.
const engine::StateMachine& nova_state_machine();

}  // namespace dc::drivers::openstack
