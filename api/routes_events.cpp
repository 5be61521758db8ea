// GET /api/events: the authenticated account's instance state changes as a text/event-stream,
// or as WebSocket messages when the request asks for an upgrade (see event_stream.hpp and
// docs/api-extensions.md). Filters: instance_id, state. Resume: the Last-Event-ID header (or
// the last_event_id parameter, which is what a browser's WebSocket can send).

#include "api/event_stream.hpp"
#include "api/request_context.hpp"
#include "api/route_table.hpp"

namespace dc::api {

engine::Result<EventQuery> read_event_query(const RequestContext& ctx, const std::string& user) {
  EventQuery query{std::nullopt, {ctx.driver, ctx.provider, user, std::nullopt, std::nullopt}};
  std::optional<std::string> raw = ctx.params.get("last_event_id");
  if (auto h = ctx.request.header("Last-Event-ID")) raw = *h;
  if (raw && !raw->empty()) {
    query.last_event_id = parse_whole<std::uint64_t>(*raw);
    if (!query.last_event_id)
      return engine::make_error(engine::ErrorKind::validation,
                                "Last-Event-ID must be an event id, not '" + *raw + "'");
  }
  if (auto id = ctx.params.get("instance_id"); id && !id->empty()) query.filter.instance_id = *id;
  if (auto state = ctx.params.get("state"); state && !state->empty()) {
    auto parsed = engine::parse_instance_state(*state);
    if (!parsed)
      return engine::make_error(engine::ErrorKind::validation,
                                "Unknown instance state '" + *state + "'");
    query.filter.to_state = engine::api_name(*parsed);
  }
  return query;
}

namespace {

void stream_events(const ExchangePtr& ex) {
  auto& ctx = ex->ctx();
  auto query = read_event_query(ctx, ctx.credentials->user);
  if (!query) return ex->fail(query.error());
  auto filter = query.value().filter;
  auto last_id = query.value().last_event_id;
  // Only an account the driver accepts may listen to its events.
  bool websocket = ctx.request.wants_websocket();
  ex->plane().authenticate(
      ex->account(), [ex, filter, last_id, websocket](engine::Result<engine::Unit> r) {
        if (!r) return ex->fail(r.error());
        HttpResponse res;
        if (websocket) {
          res.websocket = true;
          res.stream = std::make_shared<EventStreamSource>(ex->plane(), filter, last_id,
                                                           EventStreamFormat::websocket_messages);
          return ex->send(std::move(res));
        }
        res.status = 200;
        res.set("Content-Type", "text/event-stream");
        res.set("Cache-Control", "no-cache");
        res.set("X-Accel-Buffering", "no");
        res.stream = std::make_shared<EventStreamSource>(ex->plane(), filter, last_id);
        ex->send(std::move(res));
      });
}

}  // namespace

void add_routes_events(RouteTable& table) {
  // No negotiation: the stream has one format; errors are XML documents.
  table.add(Route{"GET", {"events"}, {}, engine::Collection::instances, true, {}, stream_events});
}

}  // namespace dc::api
