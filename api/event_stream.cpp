#include "api/event_stream.hpp"

#include "engine/json_writer.hpp"

namespace dc::api {

using engine::JsonWriter;

namespace {

const auto heartbeat_frame = std::make_shared<const std::string>(": heartbeat\n\n");
const char* const reset_reason =
    "the requested Last-Event-ID is no longer in the history; list the instances again, then "
    "continue";
const char* const overflow_reason = "the client did not keep up; reconnect with Last-Event-ID";

std::string event_json(const actors::InstanceEvent& e) {
  JsonWriter json;
  if (e.job) {
    auto& j = *e.job;
    json.begin_object()
        .field("type", "job")
        .field("id", std::to_string(e.id))
        .field("job_id", j.job_id)
        .field("state", j.state)
        .field("requested", static_cast<std::int64_t>(j.requested))
        .field("created", static_cast<std::int64_t>(j.created))
        .field("running", static_cast<std::int64_t>(j.running))
        .field("failed", static_cast<std::int64_t>(j.failed))
        .field("cancelled", static_cast<std::int64_t>(j.cancelled))
        .field("time", engine::iso8601(e.time))
        .field("driver", e.driver);
    json.end_object();
    return json.finish();
  }
  json.begin_object()
      .field("type", "state")
      .field("id", std::to_string(e.id))
      .field("instance_id", e.instance_id)
      .field("from", e.from)
      .field("to", e.to)
      .field("time", engine::iso8601(e.time))
      .field("cause", e.cause)
      .field("driver", e.driver);
  if (e.provider.empty())
    json.key("provider").null();
  else
    json.field("provider", e.provider);
  json.end_object();
  return json.finish();
}

std::shared_ptr<const std::string> shared(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

}  // namespace

actors::RenderedEvent render_event(const actors::InstanceEvent& e) {
  auto json = event_json(e);
  // A job's progress is a named event: EventSource clients listening for state changes
  // ("message") skip it.
  std::string frame = e.job ? "event: job\n" : "";
  frame += "id: " + std::to_string(e.id) + "\ndata: " + json + "\n\n";
  return {shared(std::move(frame)), shared(std::move(json))};
}

EventStreamSource::EventStreamSource(actors::ControlPlane& plane, actors::EventFilter filter,
                                     std::optional<std::uint64_t> last_event_id,
                                     EventStreamFormat format)
    : plane_(plane), filter_(std::move(filter)), resume_from_(last_event_id), format_(format) {
  if (last_event_id) last_sent_ = *last_event_id;
}

void EventStreamSource::start(std::shared_ptr<StreamWriter> writer) {
  auto self = shared_from_this();
  subscription_ = plane_.subscribe(filter_, resume_from_,
                                   [self, writer](std::span<const actors::StreamItem> items) {
                                     return self->deliver(writer, items);
                                   });
  if (stopped_) plane_.unsubscribe(subscription_);
}

void EventStreamSource::stop() {
  if (stopped_.exchange(true)) return;
  if (auto id = subscription_.load()) plane_.unsubscribe(id);
}

std::shared_ptr<const std::string> EventStreamSource::encode(const actors::StreamItem& item) const {
  using Kind = actors::StreamItem::Kind;
  bool sse = format_ == EventStreamFormat::server_sent_events;
  switch (item.kind) {
    case Kind::event: {
      auto& made = sse ? item.frame : item.message;
      if (made) return made;
      auto rendered = render_event(*item.event);
      return sse ? rendered.frame : rendered.message;
    }
    case Kind::subscribed:
      // From here on nothing is missed: ask EventSource clients to reconnect after 2 s.
      return sse ? shared("retry: 2000\n: connected\n\n") : shared("{\"type\":\"connected\"}");
    case Kind::heartbeat:
      // A WebSocket keeps itself alive with pings.
      return sse ? heartbeat_frame : nullptr;
    case Kind::reset: {
      JsonWriter json;
      json.begin_object();
      if (!sse) json.field("type", "reset");
      json.field("reason", reset_reason).end_object();
      return sse ? shared("event: reset\ndata: " + json.finish() + "\n\n") : shared(json.finish());
    }
  }
  return nullptr;
}

std::shared_ptr<const std::string> EventStreamSource::overflow_notice() const {
  bool sse = format_ == EventStreamFormat::server_sent_events;
  JsonWriter json;
  json.begin_object();
  if (!sse) json.field("type", "overflow");
  json.field("resume_from", std::to_string(last_sent_.load()))
      .field("reason", overflow_reason)
      .end_object();
  return sse ? shared("event: overflow\ndata: " + json.finish() + "\n\n") : shared(json.finish());
}

bool EventStreamSource::deliver(const std::shared_ptr<StreamWriter>& writer,
                                std::span<const actors::StreamItem> items) {
  if (stopped_) return false;
  std::vector<std::shared_ptr<const std::string>> chunks;
  chunks.reserve(items.size());
  std::uint64_t last_event = 0;
  for (auto& item : items) {
    if (auto chunk = encode(item)) chunks.push_back(std::move(chunk));
    if (item.kind == actors::StreamItem::Kind::event) last_event = item.event->id;
  }
  if (chunks.empty()) return true;
  if (writer->write(std::move(chunks))) {
    if (last_event) last_sent_ = last_event;
    return true;
  }
  // Closed, or the client fell behind: tell it where to resume and let it go.
  stopped_ = true;
  writer->close(overflow_notice());
  return false;
}

}  // namespace dc::api
