#include "actors/instance_actor.hpp"

#include <caf/all.hpp>

#include "actors/timer_relay.hpp"

namespace dc::actors {

namespace {

using engine::ErrorKind;
using engine::InstanceState;

void publish(caf::stateful_actor<InstanceActorState>* self, InstanceState from, InstanceState to,
             std::string cause) {
  auto& st = self->state;
  auto& shared = *st.shared;
  InstanceEvent e;
  e.driver = shared.driver;
  e.provider = shared.provider;
  e.user = shared.user;
  e.instance_id = st.id;
  e.from = api_name(from);
  e.to = api_name(to);
  e.time = shared.clock->now();
  e.cause = std::move(cause);
  self->send(shared.hub, publish_atom::value, std::move(e));
}

/// Answers every waiter whose state has come (or whose wait the current state ends), and lets
/// the record go once nobody waits.
void answer_waiters(caf::stateful_actor<InstanceActorState>* self) {
  auto& st = self->state;
  if (!st.waits) return;
  auto& waiters = st.waits->waiters;
  for (auto i = waiters.begin(); i != waiters.end();) {
    if (st.state == i->second.target || ends_waits(st.state)) {
      i->second.reply(st.waits->record);
      forget_later(st.shared->timers, self, i->first);  // its timeout is moot
      i = waiters.erase(i);
    } else {
      ++i;
    }
  }
  if (waiters.empty()) st.waits.reset();
}

}  // namespace

caf::behavior instance_actor(caf::stateful_actor<InstanceActorState>* self,
                             std::shared_ptr<const InstanceActorShared> shared, std::string id) {
  self->state.shared = std::move(shared);
  self->state.id = std::move(id);
  return {
      [=](observe_atom, Observation seen) {
        auto& st = self->state;
        // Only a creation seen by this server is announced from START; a first sight of an
        // existing instance is not a change.
        if (!st.observed && seen.cause == "create")
          publish(self, InstanceState::start, seen.record.state, seen.cause);
        else if (st.observed && st.state != seen.record.state)
          publish(self, st.state, seen.record.state, seen.cause);
        st.observed = true;
        st.state = seen.record.state;
        if (st.waits) st.waits->record = std::move(seen.record);
        answer_waiters(self);
        if (st.state == InstanceState::finish) self->quit();
      },
      [=](gone_atom, std::string cause) {
        auto& st = self->state;
        if (st.observed) {
          publish(self, st.state, InstanceState::finish, std::move(cause));
          st.state = InstanceState::finish;
          if (st.waits) st.waits->record.state = InstanceState::finish;
          answer_waiters(self);
        }
        self->quit();
      },
      [=](wait_atom, Waiter waiter) {
        auto& st = self->state;
        if (!st.observed) return waiter.reply(engine::make_error(ErrorKind::not_found));
        if (!st.waits) {
          st.waits = std::make_unique<InstanceWaits>();
          st.waits->record = std::move(waiter.current);
        }
        auto number = std::uint64_t{st.next_waiter++};
        auto timeout = waiter.timeout;
        auto cancel = waiter.cancel;
        st.waits->waiters.emplace(number, std::move(waiter));
        answer_waiters(self);
        if (!st.waits || !st.waits->waiters.count(number)) return;
        // One timer per waiter: waiters are few (clients blocked in a request), unlike
        // instances, which never have timers of their own.
        send_later_tagged(st.shared->timers, self, number, timeout, wait_end_atom::value, number);
        // A client that hangs up ends its wait now. The listener holds the actor weakly: the
        // cancellation lives in the waiter, which lives in this actor.
        if (cancel)
          cancel->on_cancel([addr = self->address(), number] {
            if (auto me = caf::actor_cast<caf::actor>(addr))
              caf::anon_send(me, wait_end_atom::value, number);
          });
      },
      [=](wait_end_atom, std::uint64_t number) {
        auto& st = self->state;
        if (!st.waits) return;
        auto i = st.waits->waiters.find(number);
        if (i == st.waits->waiters.end()) return;
        i->second.reply(st.waits->record);  // the state in the answer shows the wait timed out
        forget_later(st.shared->timers, self, number);  // ended by its client: drop the timer
        st.waits->waiters.erase(i);
        if (st.waits->waiters.empty()) st.waits.reset();
      },
      [=](action_atom, engine::InstanceAction action, ReplyOnce<engine::Instance> reply) {
        auto& st = self->state;
        if (!st.observed) return reply(engine::make_error(ErrorKind::forbidden));
        if (!st.shared->machine->allows(st.state, action))
          return reply(engine::make_error(ErrorKind::method_not_allowed));
        auto driver_actor = caf::actor_cast<caf::actor>(st.shared->driver_actor);
        if (!driver_actor) return reply(engine::make_error(ErrorKind::unavailable));
        self->send(driver_actor, perform_atom::value,
                   ActionRequest{st.id, action, std::move(reply)});
      },
  };
}

}  // namespace dc::actors
