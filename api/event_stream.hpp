#pragma once
// The body of GET /api/events: a text/event-stream of the account's instance state changes.
// Each event is `id: <sequence>` + `data: <json>`; heartbeats are comments; a client that
// resumes from an id no longer in the history gets `event: reset` (re-list, then go on); a
// client that falls behind is cut off with `event: overflow` naming the id to resume from.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "actors/control_plane.hpp"
#include "actors/instance_event.hpp"
#include "api/http_message.hpp"

namespace dc::api {

/// The frame of one event, made once by the hub for every subscriber.
std::string event_frame(const actors::InstanceEvent& event);

class EventStreamSource final : public StreamSource,
                                public std::enable_shared_from_this<EventStreamSource> {
 public:
  EventStreamSource(actors::ControlPlane& plane, actors::EventFilter filter,
                    std::optional<std::uint64_t> last_event_id);

  void start(std::shared_ptr<StreamWriter> writer) override;
  void stop() override;

 private:
  bool deliver(const std::shared_ptr<StreamWriter>& writer, const actors::StreamItem& item);

  actors::ControlPlane& plane_;
  actors::EventFilter filter_;
  std::optional<std::uint64_t> resume_from_;
  std::atomic<std::uint64_t> last_sent_{0};
  std::atomic<std::uint64_t> subscription_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace dc::api
