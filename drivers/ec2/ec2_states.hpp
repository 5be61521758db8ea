#pragma once
// EC2's instance states as ours, and the state machine of how EC2 moves an instance.
//
// | EC2 state     | our state     |
// |---------------|---------------|
// | pending       | pending       |
// | running       | running       |
// | stopping      | stopping      |
// | stopped       | stopped       |
// | shutting-down | shutting_down |
// | terminated    | finish        |
// | anything else | error, with EC2's word kept as the provider state |

#include <string_view>

#include "engine/instance_state.hpp"
#include "engine/state_machine.hpp"

namespace dc::drivers::ec2 {

struct Ec2State {
  engine::InstanceState state;
  /// False for a state this table does not know (it shows as error with EC2's word beside it).
  bool known = true;
};

Ec2State map_ec2_state(std::string_view name);

/// EC2's life cycle: pending→running by itself; stop passes through stopping, start through
/// pending; a reboot keeps the instance running; terminate from any settled state, through
/// shutting-down, to gone.
const engine::StateMachine& ec2_state_machine();

}  // namespace dc::drivers::ec2
