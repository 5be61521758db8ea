#include "actors/timer_relay.hpp"

#include <caf/all.hpp>

#include <unordered_map>
#include <unordered_set>

namespace dc::actors {

namespace {

using fire_atom = caf::atom_constant<caf::atom("fire")>;

struct PendingTimer {
  caf::actor_id target = 0;
  std::uint64_t tag = 0;
  caf::message content;
};

struct TimerTarget {
  caf::actor_addr address;  // weak: dropped with the target's last timer
  std::unordered_set<std::uint64_t> timers;
  std::unordered_map<std::uint64_t, std::uint64_t> tagged;  // tag → timer
};

struct TimerRelayState {
  std::uint64_t next = 1;
  std::unordered_map<std::uint64_t, PendingTimer> timers;
  std::unordered_map<caf::actor_id, TimerTarget> targets;  // monitored while they have timers

  /// Drops one timer; answers the target's address when that was its last one (to demonitor).
  caf::actor_addr drop(std::uint64_t number) {
    auto found = timers.find(number);
    if (found == timers.end()) return {};
    auto target = targets.find(found->second.target);
    auto tag = found->second.tag;
    timers.erase(found);
    if (target == targets.end()) return {};
    target->second.timers.erase(number);
    if (tag != 0) target->second.tagged.erase(tag);
    if (!target->second.timers.empty()) return {};
    auto address = target->second.address;
    targets.erase(target);
    return address;
  }

  void forget_target(caf::actor_id id) {
    auto found = targets.find(id);
    if (found == targets.end()) return;
    for (auto timer : found->second.timers) timers.erase(timer);
    targets.erase(found);
  }
};

caf::behavior timer_relay(caf::stateful_actor<TimerRelayState>* self, std::uint64_t first_number) {
  self->state.next = first_number;
  self->set_down_handler(
      [self](caf::down_msg& down) { self->state.forget_target(down.source.id()); });
  // The last timer of a target gone: stop following it.
  auto unfollow = [self](const caf::actor_addr& address) {
    if (auto alive = caf::actor_cast<caf::actor>(address)) self->demonitor(alive);
  };
  return {
      [self](relay_atom, const caf::actor_addr& target, std::uint64_t tag,
             std::chrono::milliseconds delay, caf::message& content) {
        auto& st = self->state;
        auto [entry, first] = st.targets.try_emplace(target.id());
        if (first) {
          // Monitoring needs the target whole: one already being destroyed gets no timer.
          auto alive = caf::actor_cast<caf::actor>(target);
          if (!alive) {
            st.targets.erase(entry);
            return;
          }
          entry->second.address = target;
          self->monitor(alive);  // one that quit already is reported down at once
        }
        auto number = st.next++;
        entry->second.timers.insert(number);
        if (tag != 0) entry->second.tagged[tag] = number;
        st.timers.emplace(number, PendingTimer{target.id(), tag, std::move(content)});
        self->delayed_send(self, delay, fire_atom::value, number);
      },
      [self, unfollow](forget_atom, const caf::actor_addr& target, std::uint64_t tag) {
        auto& st = self->state;
        auto found = st.targets.find(target.id());
        if (found == st.targets.end()) return;
        auto timer = found->second.tagged.find(tag);
        if (timer == found->second.tagged.end()) return;
        if (auto last = st.drop(timer->second)) unfollow(last);
      },
      [self, unfollow](fire_atom, std::uint64_t number) {
        auto& st = self->state;
        auto found = st.timers.find(number);
        if (found == st.timers.end()) return;  // forgotten, or its target quit
        auto content = std::move(found->second.content);
        auto target = st.targets.find(found->second.target);
        if (target == st.targets.end()) return;
        auto alive = caf::actor_cast<caf::actor>(target->second.address);
        if (auto last = st.drop(number)) unfollow(last);
        if (alive) caf::anon_send(alive, std::move(content));
      },
  };
}

}  // namespace

caf::actor spawn_timer_relay(caf::actor_system& system) {
  // The first timer number is an argument rather than a constant because CAF 0.17 spawns a
  // function actor without arguments by dereferencing an empty argument tuple: undefined
  // behaviour, at which the sanitizer tree stops.
  return system.spawn(timer_relay, std::uint64_t{1});
}

}  // namespace dc::actors
