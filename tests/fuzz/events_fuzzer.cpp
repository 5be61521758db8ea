// GET /api/events as a request asks for it: the Last-Event-ID header (or last_event_id
// parameter) and the instance_id and state filters, read from a raw request (Beast's parser,
// then parse_request), then the filter applied to events and the events rendered for both
// stream formats. Input: the raw request bytes. Properties: no crash; a query that is accepted
// selects only events of its own account, and an event's frame is one text/event-stream event
// (no blank line inside it) whatever its instance id holds.

#include <variant>

#include "api/event_stream.hpp"
#include "api/request_context.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tests/fuzz/http_head.hpp"

namespace {

using namespace dc::api;
using dc::actors::InstanceEvent;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request = dc::fuzz::parse_http({reinterpret_cast<const char*>(data), size});
  if (!request) return 0;
  auto parsed = parse_request(std::move(*request), RequestDefaults{});
  auto* ctx = std::get_if<RequestContext>(&parsed);
  if (!ctx) return 0;
  std::string user = ctx->credentials ? ctx->credentials->user : "mockuser";
  auto query = read_event_query(*ctx, user);
  if (!query) return 0;  // answered 400 with the reason
  auto& filter = query.value().filter;

  InstanceEvent mine;
  mine.id = query.value().last_event_id.value_or(0) + 1;
  mine.driver = ctx->driver;
  mine.provider = ctx->provider;
  mine.user = user;
  mine.instance_id = filter.instance_id.value_or("inst0");
  mine.from = "PENDING";
  mine.to = filter.to_state.value_or("RUNNING");
  mine.cause = "poll";
  if (!filter.matches(mine)) dc::fuzz::broken("the filter misses the event it asks for");
  auto other = mine;
  other.user = user + "x";
  if (filter.matches(other)) dc::fuzz::broken("the filter lets another account's event through");

  // The instance id comes from the client here; the rendering must keep it inside its event.
  auto rendered = render_event(mine);
  auto& frame = *rendered.frame;
  auto blank = frame.find("\n\n");
  if (blank == std::string::npos || blank + 2 != frame.size())
    dc::fuzz::broken("an event frame ends early or never", frame);
  if (frame.find('\r') != std::string::npos) dc::fuzz::broken("an event frame holds a CR", frame);
  return 0;
}
