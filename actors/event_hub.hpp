#pragma once
// The node's event hub: numbers every instance event, keeps a bounded history for resume, and
// fans events out to subscribers. It never blocks a producer: a sink that cannot keep up says so
// by returning false and is dropped (the stream layer tells its client where to resume).

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/messages.hpp"

namespace dc::actors {

struct EventHubState {
  std::uint64_t next_id = 1;
  std::size_t capacity = 10000;
  std::chrono::milliseconds heartbeat{15000};
  std::function<RenderedEvent(const InstanceEvent&)> render_event;
  std::deque<StreamItem> history;
  std::vector<StreamItem> pending;  // published, not yet handed to the subscribers
  std::unordered_map<std::uint64_t, Subscription> subscribers;
  static inline const char* name = "event_hub";
};

struct EventHubSetup {
  std::size_t capacity = 10000;
  std::chrono::milliseconds heartbeat{15000};
  std::function<RenderedEvent(const InstanceEvent&)> render_event;
  /// First sequence number; seeded from the wall clock so ids keep increasing across restarts.
  std::uint64_t first_id = 1;
};

caf::behavior event_hub(caf::stateful_actor<EventHubState>* self, EventHubSetup setup);

}  // namespace dc::actors
