// GET /api/realms (filter id) and /api/realms/:id.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::Realm;

void list_realms(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  if (id && !id->empty()) {
    // Filtering by id asks the driver for that realm, so its errors show with their status
    // (the original reports them with the default message here).
    return ex->plane().call(ex->account(), engine::read("realm", &engine::Driver::realm, *id),
                            [ex](engine::Result<Realm> r) {
                              if (r) return ex->list(std::vector<Realm>{r.value()});
                              if (r.error().kind == engine::ErrorKind::not_found)
                                return ex->list(std::vector<Realm>{});
                              ex->fail(engine::make_error(r.error().kind));
                            });
  }
  ex->plane().call(ex->account(), engine::read("realms", &engine::Driver::realms),
                   reply_list<Realm>(ex, [](std::vector<Realm> v) { return v; }));
}

void show_realm(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("realm", &engine::Driver::realm, ex->ctx().path_param("id")),
                   reply_one<Realm>(ex));
}

}  // namespace

void add_routes_realms(RouteTable& table) {
  table.add(Route{"GET",
                  {"realms"},
                  {Format::xml, Format::json},
                  engine::Collection::realms,
                  true,
                  {},
                  list_realms});
  table.add(Route{"GET",
                  {"realms", ":id"},
                  {Format::xml, Format::json},
                  engine::Collection::realms,
                  true,
                  {},
                  show_realm});
}

}  // namespace dc::api
