#include <catch2/catch.hpp>

#include "engine/state_machine.hpp"

using namespace dc::engine;
using S = InstanceState;
using A = InstanceAction;

namespace {

// clang-format off
StateMachine cloud_machine() {
  return StateMachine::Builder{}
      .from(S::start).to(S::pending).on(A::create)
      .from(S::pending).to(S::running).automatically()
      .from(S::running).to(S::running).on(A::reboot)
      .from(S::running).to(S::stopping).on(A::stop)
      .from(S::stopping).to(S::stopped).automatically()
      .from(S::stopped).to(S::running).on(A::start)
      .from(S::stopped).to(S::finish).on(A::destroy)
      .build();
}
// clang-format on

}  // namespace

TEST_CASE("states are listed in order of first mention") {
  auto m = cloud_machine();
  std::vector<S> order;
  for (auto& n : m.states()) order.push_back(n.state);
  CHECK(order ==
        std::vector<S>{S::start, S::pending, S::running, S::stopping, S::stopped, S::finish});
}

TEST_CASE("allowed actions derive from the current state, automatic ones excluded") {
  auto m = cloud_machine();
  CHECK(m.actions_in(S::running) == std::vector<A>{A::reboot, A::stop});
  CHECK(m.actions_in(S::stopped) == std::vector<A>{A::start, A::destroy});
  CHECK(m.actions_in(S::pending).empty());
  CHECK(m.actions_in(S::error).empty());
}

TEST_CASE("an action is allowed only where the machine has it") {
  auto m = cloud_machine();
  CHECK(m.allows(S::running, A::stop));
  CHECK_FALSE(m.allows(S::pending, A::stop));
  CHECK_FALSE(m.allows(S::running, A::destroy));
  CHECK(m.target(S::running, A::stop) == S::stopping);
  CHECK_FALSE(m.target(S::stopping, A::start).has_value());
}

TEST_CASE("states with an automatic way out are transient") {
  auto m = cloud_machine();
  CHECK(m.is_transient(S::pending));
  CHECK(m.is_transient(S::stopping));
  CHECK_FALSE(m.is_transient(S::running));
  CHECK(m.automatic_target(S::stopping) == S::stopped);
}

TEST_CASE("state and action names parse in both spellings") {
  CHECK(api_name(S::shutting_down) == "SHUTTING_DOWN");
  CHECK(machine_name(S::shutting_down) == "shutting_down");
  CHECK(parse_instance_state("SHUTTING-DOWN") == S::shutting_down);
  CHECK(parse_instance_state("Running") == S::running);
  CHECK_FALSE(parse_instance_state("flying").has_value());
  CHECK(parse_instance_action("reboot") == A::reboot);
  CHECK_FALSE(parse_instance_action("explode").has_value());
}
