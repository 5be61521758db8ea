#pragma once
// The body of GET /api/events: the account's instance state changes, as a text/event-stream or,
// on a WebSocket, as one JSON text message per event.
// - text/event-stream: each event is `id: <sequence>` + `data: <json>`; heartbeats are
//   comments; a client that resumes from an id no longer in the history gets `event: reset`
//   (re-list, then go on); a client that falls behind is cut off with `event: overflow` naming
//   the id to resume from.
// - WebSocket: the same JSON documents, told apart by their "type" (state, job, connected,
//   reset, overflow); keep-alive is the WebSocket's own ping, so heartbeats are not sent.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "actors/control_plane.hpp"
#include "actors/instance_event.hpp"
#include "api/http_message.hpp"
#include "engine/result.hpp"

namespace dc::api {

struct RequestContext;

/// What GET /api/events asks for: where to resume and which events.
struct EventQuery {
  std::optional<std::uint64_t> last_event_id;
  actors::EventFilter filter;
};

/// Reads the Last-Event-ID header (or the last_event_id parameter) and the instance_id and
/// state filters of a request by `user`; a validation error when they make no sense. Apart from
/// the route so that the fuzzer reaches it without a control plane.
engine::Result<EventQuery> read_event_query(const RequestContext& ctx, const std::string& user);

/// One event in both stream formats, made once by the hub for every subscriber.
actors::RenderedEvent render_event(const actors::InstanceEvent& event);

enum class EventStreamFormat { server_sent_events, websocket_messages };

class EventStreamSource final : public StreamSource,
                                public std::enable_shared_from_this<EventStreamSource> {
 public:
  EventStreamSource(actors::ControlPlane& plane, actors::EventFilter filter,
                    std::optional<std::uint64_t> last_event_id,
                    EventStreamFormat format = EventStreamFormat::server_sent_events);

  void start(std::shared_ptr<StreamWriter> writer) override;
  void stop() override;

 private:
  bool deliver(const std::shared_ptr<StreamWriter>& writer,
               std::span<const actors::StreamItem> items);
  /// What the item looks like in this stream's format; null: nothing to send.
  std::shared_ptr<const std::string> encode(const actors::StreamItem& item) const;
  std::shared_ptr<const std::string> overflow_notice() const;

  actors::ControlPlane& plane_;
  actors::EventFilter filter_;
  std::optional<std::uint64_t> resume_from_;
  EventStreamFormat format_;
  std::atomic<std::uint64_t> last_sent_{0};
  std::atomic<std::uint64_t> subscription_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace dc::api
