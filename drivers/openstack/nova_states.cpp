#include "drivers/openstack/nova_states.hpp"

#include <array>
#include <utility>

namespace dc::drivers::openstack {

using S = engine::InstanceState;
using A = engine::InstanceAction;

NovaState map_nova_state(std::string_view status, std::string_view task_state) {
  // A delete shows first as a task on whatever status the server had.
  if (task_state == "deleting") return {S::shutting_down};
  if (status == "ACTIVE") return {task_state == "powering-off" ? S::stopping : S::running};
  if (status == "SHUTOFF") return {task_state == "powering-on" ? S::pending : S::stopped};
  static constexpr std::array<std::pair<std::string_view, S>, 17> table{{
      {"BUILD", S::pending},
      {"REBUILD", S::pending},
      {"REBOOT", S::pending},
      {"HARD_REBOOT", S::pending},
      {"SUSPENDED", S::stopped},
      {"PAUSED", S::stopped},
      {"SHELVED", S::stopped},
      {"SHELVED_OFFLOADED", S::stopped},
      {"RESIZE", S::running},
      {"VERIFY_RESIZE", S::running},
      {"REVERT_RESIZE", S::running},
      {"MIGRATING", S::running},
      {"PASSWORD", S::running},
      {"RESCUE", S::running},
      {"DELETED", S::finish},
      {"SOFT_DELETED", S::finish},
      {"ERROR", S::error},
  }};
  for (auto& [name, state] : table)
    if (name == status) return {state};
  return {S::error, status == "UNKNOWN"};
}

const engine::StateMachine& nova_state_machine() {
  // clang-format off
  static const engine::StateMachine machine = engine::StateMachine::Builder{}
      .from(S::start).to(S::pending).on(A::create)
      .from(S::pending).to(S::running).automatically()
      .from(S::pending).to(S::shutting_down).on(A::destroy)
      .from(S::running).to(S::stopping).on(A::stop)
      .from(S::running).to(S::pending).on(A::reboot)
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

}  // namespace dc::drivers::openstack
