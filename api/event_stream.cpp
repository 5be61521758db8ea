#include "api/event_stream.hpp"

#include "api/json_writer.hpp"

namespace dc::api {

namespace {

const auto heartbeat_frame = std::make_shared<const std::string>(": heartbeat\n\n");

}  // namespace

std::string event_frame(const actors::InstanceEvent& e) {
  if (e.job) {
    // A named event: EventSource clients listening for state changes ("message") skip it.
    auto& j = *e.job;
    JsonWriter json;
    json.begin_object()
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
    return "event: job\nid: " + std::to_string(e.id) + "\ndata: " + json.finish() + "\n\n";
  }
  JsonWriter json;
  json.begin_object()
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
  return "id: " + std::to_string(e.id) + "\ndata: " + json.finish() + "\n\n";
}

EventStreamSource::EventStreamSource(actors::ControlPlane& plane, actors::EventFilter filter,
                                     std::optional<std::uint64_t> last_event_id)
    : plane_(plane), filter_(std::move(filter)), resume_from_(last_event_id) {
  if (last_event_id) last_sent_ = *last_event_id;
}

void EventStreamSource::start(std::shared_ptr<StreamWriter> writer) {
  auto self = shared_from_this();
  subscription_ = plane_.subscribe(
      filter_, resume_from_,
      [self, writer](const actors::StreamItem& item) { return self->deliver(writer, item); });
  if (stopped_) plane_.unsubscribe(subscription_);
}

void EventStreamSource::stop() {
  if (stopped_.exchange(true)) return;
  if (auto id = subscription_.load()) plane_.unsubscribe(id);
}

bool EventStreamSource::deliver(const std::shared_ptr<StreamWriter>& writer,
                                const actors::StreamItem& item) {
  if (stopped_) return false;
  std::shared_ptr<const std::string> frame;
  switch (item.kind) {
    case actors::StreamItem::Kind::event:
      frame =
          item.frame ? item.frame : std::make_shared<const std::string>(event_frame(*item.event));
      break;
    case actors::StreamItem::Kind::subscribed:
      // From here on nothing is missed: ask EventSource clients to reconnect after 2 s.
      frame = std::make_shared<const std::string>("retry: 2000\n: connected\n\n");
      break;
    case actors::StreamItem::Kind::heartbeat:
      frame = heartbeat_frame;
      break;
    case actors::StreamItem::Kind::reset:
      frame = std::make_shared<const std::string>(
          "event: reset\ndata: {\"reason\":\"the requested Last-Event-ID is no longer in the "
          "history; list the instances again, then continue\"}\n\n");
      break;
  }
  if (writer->write(frame)) {
    if (item.kind == actors::StreamItem::Kind::event) last_sent_ = item.event->id;
    return true;
  }
  // Closed, or the client fell behind: tell it where to resume and let it go.
  stopped_ = true;
  writer->close(std::make_shared<const std::string>(
      "event: overflow\ndata: {\"resume_from\":\"" + std::to_string(last_sent_.load()) +
      "\",\"reason\":\"the client did not keep up; reconnect with Last-Event-ID\"}\n\n"));
  return false;
}

}  // namespace dc::api
