#pragma once
// Atoms and payload types of the actor messages. Payloads carry callbacks, so they are local-only
// (allowed as unsafe message types: never serialised).

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "actors/control_plane.hpp"
#include "actors/instance_event.hpp"
#include "actors/reply_once.hpp"
#include "engine/cancellation.hpp"
#include "engine/model.hpp"

namespace dc::actors {

class DriverActor;

using run_atom = caf::atom_constant<caf::atom("run")>;
using poll_atom = caf::atom_constant<caf::atom("poll")>;
using observe_atom = caf::atom_constant<caf::atom("observe")>;
using gone_atom = caf::atom_constant<caf::atom("gone")>;
using action_atom = caf::atom_constant<caf::atom("action")>;
using perform_atom = caf::atom_constant<caf::atom("perform")>;
using publish_atom = caf::atom_constant<caf::atom("publish")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using unsub_atom = caf::atom_constant<caf::atom("unsub")>;
using heartbeat_atom = caf::atom_constant<caf::atom("heartbeat")>;
using retire_atom = caf::atom_constant<caf::atom("retire")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using wait_atom = caf::atom_constant<caf::atom("wait")>;
using wait_end_atom = caf::atom_constant<caf::atom("waitend")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;

/// Work to run inside a driver actor (a driver continuation, or a client request).
struct DriverJob {
  std::function<void(DriverActor&)> run;
};

/// A continuation posted by a driver through its executor.
struct DriverContinuation {
  std::function<void()> run;
};

/// An observed record of an instance, sent by its driver actor to its instance actor.
struct Observation {
  engine::Instance record;
  std::string cause;
};

/// A client's action request, forwarded from the instance actor back to the driver actor once
/// the state machine allowed it.
struct ActionRequest {
  std::string instance_id;
  engine::InstanceAction action;
  ReplyOnce<engine::Instance> reply;
};

/// A client waiting for an instance to reach `target` (or a terminal state), at most `timeout`.
struct Waiter {
  engine::InstanceState target = engine::InstanceState::running;
  std::chrono::milliseconds timeout{0};
  ReplyOnce<engine::Instance> reply;
  /// The instance as the driver actor just read it: an instance actor keeps a full record only
  /// while somebody waits, and starts from this one.
  engine::Instance current;
  /// Fires when the client is gone: the wait ends then, not at its timeout. May be null.
  engine::CancellationPtr cancel;
};

struct Subscription {
  std::uint64_t id = 0;
  EventFilter filter;
  std::optional<std::uint64_t> last_event_id;
  ControlPlane::EventSink sink;
};

}  // namespace dc::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::DriverJob)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::DriverContinuation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::Observation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::ActionRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::Subscription)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::Waiter)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::InstanceEvent)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::engine::InstanceAction)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dc::actors::ReplyOnce<dc::engine::Instance>)
