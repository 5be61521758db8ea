// GET /api (the entry point, with force_auth), POST /api (the driver-switch form's redirect).

#include "api/route_table.hpp"

namespace dc::api {

namespace {

void entry_point(const ExchangePtr& ex) {
  auto& ctx = ex->ctx();
  auto render = [ex] {
    auto& ctx = ex->ctx();
    auto body = ex->format() == Format::json
                    ? entry_point_json(ctx, ex->driver(), ex->settings().version)
                    : entry_point_xml(ctx, ex->driver(), ex->settings().version);
    ex->document(200, std::move(body));
  };
  auto force = ctx.params.get("force_auth");
  if (!force || force->empty()) return render();
  // force_auth: the client asks whether its credentials are valid.
  if (!ctx.credentials || ctx.malformed_authorization) return ex->challenge();
  ex->plane().authenticate(ex->account(), [ex, render](engine::Result<engine::Unit> r) {
    if (r) return render();
    if (r.error().kind != engine::ErrorKind::authentication) return ex->fail(r.error());
    HttpResponse denied;
    denied.status = 401;
    denied.set("Content-Type", "text/plain");
    denied.body = "Authentication failed";
    ex->send(std::move(denied));
  });
}

void switch_driver(const ExchangePtr& ex) {
  auto& ctx = ex->ctx();
  std::string target = ctx.base_url + "/api/";
  auto driver = ctx.params.get("driver");
  auto provider = ctx.params.get("provider");
  if ((driver && !driver->empty() && !is_driver_name(*driver)) ||
      (provider && !is_provider_name(*provider)))
    return ex->fail(
        engine::make_error(engine::ErrorKind::validation, "Invalid driver or provider name"));
  if (auto d = ctx.params.get("driver"); d && !d->empty()) {
    target = ctx.base_url + "/api;driver=" + *d;
  } else if (auto p = ctx.params.get("provider"); p && !p->empty() && *p != "default") {
    std::string driver_part;
    if (auto referer = ctx.request.header("Referer")) {
      auto at = referer->find(";driver=");
      if (at != std::string::npos) {
        auto end = referer->find_first_of(";/?", at + 8);
        driver_part = referer->substr(at, end == std::string::npos ? std::string::npos : end - at);
      }
    }
    target = ctx.base_url + "/api" + driver_part + ";provider=" + *p;
  }
  HttpResponse r;
  r.status = 301;
  r.set("Location", target);
  ex->send(std::move(r));
}

}  // namespace

void add_routes_entry_point(RouteTable& table) {
  table.add(Route{"GET", {}, {Format::xml, Format::json}, std::nullopt, false, {}, entry_point});
  table.add(Route{"POST", {}, {Format::xml, Format::json}, std::nullopt, false, {}, switch_driver});
}

}  // namespace dc::api
