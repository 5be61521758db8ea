#pragma once
// Timers that do not keep their actors alive. CAF 0.17's delayed_send holds a strong reference to
// its receiver until the message is due, so an actor that quits with a long timer armed (an
// account let go with its next resync a minute away, an instance gone with an hour-long wait
// armed) stays in memory, with all it owns, until then: a client that makes and drops accounts
// quickly grows the server by every account it churned in a resync period.
//
// Through the relay, CAF's clock holds only the relay and a timer number. The relay keeps each
// timer's message with a weak handle to its target and monitors the target: when the target
// quits, its timers are forgotten at once, and nothing of it is left behind. A timer with a tag
// can also be forgotten by its target (a wait answered long before its timeout).

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>
#include <caf/make_message.hpp>
#include <caf/send.hpp>

#include <chrono>
#include <cstdint>
#include <utility>

namespace dc::actors {

using relay_atom = caf::atom_constant<caf::atom("relay")>;
using forget_atom = caf::atom_constant<caf::atom("forget")>;

/// The relay; one serves every actor of the system.
caf::actor spawn_timer_relay(caf::actor_system& system);

/// Sends `xs...` to `self` after `delay` through `relay`, holding nothing of `self` once it
/// quits.
template <class... Ts>
void send_later(const caf::actor& relay, caf::abstract_actor* self, std::chrono::milliseconds delay,
                Ts&&... xs) {
  caf::anon_send(relay, relay_atom::value, self->address(), std::uint64_t{0}, delay,
                 caf::make_message(std::forward<Ts>(xs)...));
}

/// The same with a tag (not 0; one pending timer per tag of an actor) that forget_later()
/// names.
template <class... Ts>
void send_later_tagged(const caf::actor& relay, caf::abstract_actor* self, std::uint64_t tag,
                       std::chrono::milliseconds delay, Ts&&... xs) {
  caf::anon_send(relay, relay_atom::value, self->address(), tag, delay,
                 caf::make_message(std::forward<Ts>(xs)...));
}

/// Drops `self`'s pending timer of `tag`, if it has not fired yet.
inline void forget_later(const caf::actor& relay, caf::abstract_actor* self, std::uint64_t tag) {
  caf::anon_send(relay, forget_atom::value, self->address(), tag);
}

}  // namespace dc::actors
