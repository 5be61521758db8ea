#pragma once
// A driver's instance life cycle, declared the way the cloud's documentation reads:
//
//   StateMachine::Builder{}
//       .from(S::start).to(S::pending).on(A::create)
//       .from(S::pending).to(S::running).automatically()
//       .build();
//
// An instance's allowed actions derive from its current state; a state with an automatic way out
// is transient, and the engine polls it closely until it leaves.

#include <optional>
#include <vector>

#include "engine/instance_state.hpp"

namespace dc::engine {

/// One edge: to a state, caused by an action or happening by itself.
struct Transition {
  InstanceState to;
  std::optional<InstanceAction> action;  // empty for automatic transitions
  bool automatic = false;
};

/// A state with its outgoing transitions, in declaration order.
struct StateNode {
  InstanceState state;
  std::vector<Transition> transitions;
};

/// An immutable instance state machine.
class StateMachine {
 public:
  class Builder;

  StateMachine() = default;

  /// States in order of first mention, each with its transitions.
  const std::vector<StateNode>& states() const { return states_; }
  bool empty() const { return states_.empty(); }

  /// Actions a client may request in `state`, in declaration order (automatic ones excluded).
  std::vector<InstanceAction> actions_in(InstanceState state) const;
  /// True when `action` is allowed in `state`.
  bool allows(InstanceState state, InstanceAction action) const;
  /// Where `action` leads from `state`, if allowed.
  std::optional<InstanceState> target(InstanceState state, InstanceAction action) const;
  /// Where `state` goes by itself, if it does (the state is then transient).
  std::optional<InstanceState> automatic_target(InstanceState state) const;
  bool is_transient(InstanceState state) const { return automatic_target(state).has_value(); }

 private:
  const StateNode* find(InstanceState state) const;
  StateNode& node(InstanceState state);
  std::vector<StateNode> states_;
};

/// Declares a StateMachine edge by edge.
class StateMachine::Builder {
 public:
  class Edge {
   public:
    Edge& to(InstanceState state) {
      to_ = state;
      return *this;
    }
    Builder& on(InstanceAction action);
    Builder& automatically();

   private:
    friend class Builder;
    explicit Edge(Builder& owner) : owner_(owner) {}
    Builder& owner_;
    InstanceState from_ = InstanceState::start;
    InstanceState to_ = InstanceState::start;
  };

  Builder() : edge_(*this) {}
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  Edge& from(InstanceState state) {
    edge_.from_ = state;
    return edge_;
  }
  StateMachine build() { return std::move(machine_); }

 private:
  void add(InstanceState from, Transition transition);
  StateMachine machine_;
  Edge edge_;
};

}  // namespace dc::engine
