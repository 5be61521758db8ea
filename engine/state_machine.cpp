#include "engine/state_machine.hpp"

#include <algorithm>

namespace dc::engine {

const StateNode* StateMachine::find(InstanceState state) const {
  auto i = std::find_if(states_.begin(), states_.end(),
                        [state](const StateNode& n) { return n.state == state; });
  return i == states_.end() ? nullptr : &*i;
}

StateNode& StateMachine::node(InstanceState state) {
  for (auto& n : states_)
    if (n.state == state) return n;
  states_.push_back(StateNode{state, {}});
  return states_.back();
}

std::vector<InstanceAction> StateMachine::actions_in(InstanceState state) const {
  std::vector<InstanceAction> out;
  if (auto n = find(state)) {
    for (auto& t : n->transitions)
      if (!t.automatic && t.action) out.push_back(*t.action);
  }
  return out;
}

bool StateMachine::allows(InstanceState state, InstanceAction action) const {
  return target(state, action).has_value();
}

std::optional<InstanceState> StateMachine::target(InstanceState state,
                                                  InstanceAction action) const {
  if (auto n = find(state)) {
    for (auto& t : n->transitions)
      if (!t.automatic && t.action == action) return t.to;
  }
  return std::nullopt;
}

std::optional<InstanceState> StateMachine::automatic_target(InstanceState state) const {
  if (auto n = find(state)) {
    for (auto& t : n->transitions)
      if (t.automatic) return t.to;
  }
  return std::nullopt;
}

StateMachine::Builder& StateMachine::Builder::Edge::on(InstanceAction action) {
  owner_.add(from_, Transition{to_, action, false});
  return owner_;
}

StateMachine::Builder& StateMachine::Builder::Edge::automatically() {
  owner_.add(from_, Transition{to_, std::nullopt, true});
  return owner_;
}

void StateMachine::Builder::add(InstanceState from, Transition transition) {
  // States are created on first mention, in that order: the source first, then the target.
  auto& source = machine_.node(from);
  source.transitions.push_back(transition);
  machine_.node(transition.to);
}

}  // namespace dc::engine
