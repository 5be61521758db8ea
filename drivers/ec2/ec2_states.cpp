#include "drivers/ec2/ec2_states.hpp"

#include <array>
#include <utility>

namespace dc::drivers::ec2 {

using S = engine::InstanceState;
using A = engine::InstanceAction;

Ec2State map_ec2_state(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, S>, 6> table{{
      {"pending", S::pending},
      {"running", S::running},
      {"stopping", S::stopping},
      {"stopped", S::stopped},
      {"shutting-down", S::shutting_down},
      {"terminated", S::finish},
  }};
  for (auto& [ec2, ours] : table)
    if (ec2 == name) return {ours};
  return {S::error, false};
}

const engine::StateMachine& ec2_state_machine() {
  // clang-format off
  static const engine::StateMachine machine = engine::StateMachine::Builder{}
      .from(S::start).to(S::pending).on(A::create)
      .from(S::pending).to(S::running).automatically()
      .from(S::pending).to(S::shutting_down).on(A::destroy)
      .from(S::running).to(S::running).on(A::reboot)
      .from(S::running).to(S::stopping).on(A::stop)
      .from(S::running).to(S::shutting_down).on(A::destroy)
      .from(S::stopping).to(S::stopped).automatically()
      .from(S::stopped).to(S::pending).on(A::start)
      .from(S::stopped).to(S::shutting_down).on(A::destroy)
      .from(S::error).to(S::shutting_down).on(A::destroy)
      .from(S::shutting_down).to(S::finish).automatically()
      .build();
  // clang-format on
  return machine;
}

}  // namespace dc::drivers::ec2
