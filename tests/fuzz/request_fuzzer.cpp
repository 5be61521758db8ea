// A request from the wire up to the choice of its handler: Beast's parser (head limits as the
// server sets them), then parse_request (path segments, matrix parameters, query and form
// parameters, method override, Basic credentials, driver and provider selection), content
// negotiation (`?format=`, Accept with q-values) and the API's real route table. Input: the
// raw request bytes. Properties: no crash; what is echoed into response headers (driver,
// provider) is header-safe; the negotiated format is one the route offers; the matched route
// is for the effective method.

#include <variant>

#include "api/negotiation.hpp"
#include "api/request_context.hpp"
#include "api/route_table.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tests/fuzz/http_head.hpp"

namespace {

using namespace dc::api;

const RouteTable& routes() {
  static const RouteTable table = [] {
    RouteTable t;
    add_all_routes(t);
    return t;
  }();
  return table;
}

bool header_safe(std::string_view text) {
  for (unsigned char c : text)
    if (c == '\r' || c == '\n' || c == 0) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request = dc::fuzz::parse_http({reinterpret_cast<const char*>(data), size});
  if (!request) return 0;  // the server answers 400 before any of our code
  auto parsed = parse_request(std::move(*request), RequestDefaults{});
  auto* ctx = std::get_if<RequestContext>(&parsed);
  if (!ctx) return 0;
  if (!is_driver_name(ctx->driver) || !is_provider_name(ctx->provider))
    dc::fuzz::broken("an invalid driver or provider was accepted",
                     ctx->driver + " " + ctx->provider);
  if (!header_safe(ctx->driver) || !header_safe(ctx->provider))
    dc::fuzz::broken("a driver or provider would split a header");
  if (ctx->credentials) (void)ctx->credentials->user.size();

  for (const std::vector<Format>& offered :
       {std::vector<Format>{Format::xml, Format::json}, std::vector<Format>{Format::json},
        std::vector<Format>{Format::xml, Format::json, Format::gv}}) {
    auto format = negotiate(ctx->params.get("format"), ctx->request.header("Accept"), offered);
    if (format && std::find(offered.begin(), offered.end(), *format) == offered.end())
      dc::fuzz::broken("negotiation chose a format the route does not offer");
  }

  if (ctx->segments.empty() || ctx->segments[0] != "api") return 0;
  std::vector<std::string> rest(ctx->segments.begin() + 1, ctx->segments.end());
  std::map<std::string, std::string> captures;
  if (auto* route = routes().match(ctx->method, rest, captures)) {
    if (route->method != ctx->method) dc::fuzz::broken("a route of another method matched");
    if (!routes().path_known(rest)) dc::fuzz::broken("a matched path is unknown");
  }
  (void)routes().methods_for(rest);
  return 0;
}
