#pragma once
// An observed state change of a tracked instance, as published on the event hub.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/clock.hpp"

namespace dc::actors {

/// A bulk job's progress, published as it changes (at most a few times a second per job).
struct JobProgress {
  std::string job_id;
  std::string state;  // RUNNING, COMPLETED, CANCELLED
  std::size_t requested = 0, created = 0, running = 0, failed = 0, cancelled = 0;
};

/// An event of the hub: an instance's state change, or (when `job` is set) a job's progress.
struct InstanceEvent {
  std::uint64_t id = 0;  // sequence number, assigned by the hub; increases monotonically
  std::string driver;
  std::string provider;
  std::string user;  // the account the instance belongs to
  std::string instance_id;
  std::string from;  // API state names: PENDING, RUNNING, ...; START before creation
  std::string to;
  engine::WallTime time;
  std::string cause;  // create, start, stop, reboot, destroy, poll
  std::shared_ptr<const JobProgress> job;
};

/// An event as the streams send it, rendered once for all subscribers.
struct RenderedEvent {
  std::shared_ptr<const std::string> frame;    // a text/event-stream frame
  std::shared_ptr<const std::string> message;  // one JSON document (a WebSocket text message)
};

/// One item of an event stream, handed to a subscriber's sink.
struct StreamItem {
  enum class Kind {
    event,       // `event` is set, and `frame` and `message` when the hub renders events
    heartbeat,   // keep-alive, nothing happened
    reset,       // the requested resume point has left the history: re-list, then go on
    subscribed,  // the subscription is registered: every later event will be delivered
  };
  Kind kind = Kind::event;
  std::shared_ptr<const InstanceEvent> event;
  std::shared_ptr<const std::string> frame;    // see RenderedEvent
  std::shared_ptr<const std::string> message;  // see RenderedEvent
};

/// Which events a subscriber sees: always one account's, optionally one instance's and/or
/// only changes into one state.
struct EventFilter {
  std::string driver;
  std::string provider;
  std::string user;
  std::optional<std::string> instance_id;
  std::optional<std::string> to_state;  // API state name: RUNNING, STOPPED, ...

  bool matches(const InstanceEvent& e) const {
    if (e.driver != driver || e.provider != provider || e.user != user) return false;
    // A job's progress is about no one instance: a stream narrowed to one does not get it.
    if (e.job) return !instance_id && !to_state;
    return (!instance_id || *instance_id == e.instance_id) && (!to_state || *to_state == e.to);
  }
};

}  // namespace dc::actors
