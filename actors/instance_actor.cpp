#include "actors/instance_actor.hpp"

#include <caf/all.hpp>

namespace dc::actors {

namespace {

using engine::ErrorKind;
using engine::InstanceState;

void publish(caf::stateful_actor<InstanceActorState>* self, std::string instance_id,
             std::string from, std::string to, std::string cause) {
  auto& s = self->state.setup;
  InstanceEvent e;
  e.driver = s.driver;
  e.provider = s.provider;
  e.user = s.user;
  e.instance_id = std::move(instance_id);
  e.from = std::move(from);
  e.to = std::move(to);
  e.time = s.clock->now();
  e.cause = std::move(cause);
  self->send(s.hub, publish_atom::value, std::move(e));
}

/// Answers every waiter whose state has come (or whose wait the current state ends).
void answer_waiters(InstanceActorState& st) {
  if (!st.record) return;
  for (auto i = st.waiters.begin(); i != st.waiters.end();) {
    if (st.record->state == i->second.target || ends_waits(st.record->state)) {
      i->second.reply(*st.record);
      i = st.waiters.erase(i);
    } else {
      ++i;
    }
  }
}

}  // namespace

caf::behavior instance_actor(caf::stateful_actor<InstanceActorState>* self,
                             InstanceActorSetup setup) {
  self->state.setup = std::move(setup);
  return {
      [=](observe_atom, Observation seen) {
        auto& st = self->state;
        // Only a creation seen by this server is announced from START; a first sight of an
        // existing instance is not a change.
        if (!st.record && seen.cause == "create")
          publish(self, seen.record.id, api_name(InstanceState::start), api_name(seen.record.state),
                  seen.cause);
        else if (st.record && st.record->state != seen.record.state)
          publish(self, seen.record.id, api_name(st.record->state), api_name(seen.record.state),
                  seen.cause);
        st.record = std::move(seen.record);
        answer_waiters(st);
        if (st.record->state == InstanceState::finish) self->quit();
      },
      [=](gone_atom, std::string cause) {
        auto& st = self->state;
        if (st.record)
          publish(self, st.record->id, api_name(st.record->state), api_name(InstanceState::finish),
                  std::move(cause));
        if (st.record) {
          st.record->state = InstanceState::finish;
          answer_waiters(st);
        }
        self->quit();
      },
      [=](wait_atom, Waiter waiter) {
        auto& st = self->state;
        if (!st.record) return waiter.reply(engine::make_error(ErrorKind::not_found));
        auto number = st.next_waiter++;
        auto timeout = waiter.timeout;
        st.waiters.emplace(number, std::move(waiter));
        answer_waiters(st);
        // One timer per waiter: waiters are few (clients blocked in a request), unlike
        // instances, which never have timers of their own.
        if (st.waiters.count(number))
          self->delayed_send(self, timeout, wait_end_atom::value, number);
      },
      [=](wait_end_atom, std::uint64_t number) {
        auto& st = self->state;
        auto i = st.waiters.find(number);
        if (i == st.waiters.end()) return;
        i->second.reply(*st.record);  // the state in the answer shows the wait timed out
        st.waiters.erase(i);
      },
      [=](action_atom, engine::InstanceAction action, ReplyOnce<engine::Instance> reply) {
        auto& st = self->state;
        if (!st.record) return reply(engine::make_error(ErrorKind::forbidden));
        if (!st.setup.machine->allows(st.record->state, action))
          return reply(engine::make_error(ErrorKind::method_not_allowed));
        self->send(st.setup.driver_actor, perform_atom::value,
                   ActionRequest{st.record->id, action, std::move(reply)});
      },
  };
}

}  // namespace dc::actors
