// /api/keys: list (filter id), show, create (name), destroy.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::Key;

void list_keys(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("keys", &engine::Driver::keys),
                   reply_list<Key>(ex, [id](std::vector<Key> v) {
                     return engine::filter_on(std::move(v), id, [](auto& k) { return k.id; });
                   }));
}

void show_key(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("key", &engine::Driver::key, ex->ctx().path_param("id")),
                   reply_one<Key>(ex));
}

void create_key(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::KeyCreate what;
  what.name = *params.get("name");
  what.public_key = params.get("public_key");
  if (what.name.empty())
    return ex->fail(
        engine::make_error(engine::ErrorKind::validation, "Parameter 'name' must not be empty"));
  ex->plane().call(ex->account(),
                   engine::create("create_key", &engine::Driver::create_key, std::move(what)),
                   reply_created<Key>(ex, "keys"));
}

void destroy_key(const ExchangePtr& ex) {
  ex->plane().call(
      ex->account(),
      engine::change("destroy_key", &engine::Driver::destroy_key, ex->ctx().path_param("id")),
      reply_no_content(ex));
}

}  // namespace

void add_routes_keys(RouteTable& table) {
  using engine::Collection;
  table.add(
      Route{"GET", {"keys"}, {Format::xml, Format::json}, Collection::keys, true, {}, list_keys});
  table.add(Route{
      "GET", {"keys", ":id"}, {Format::xml, Format::json}, Collection::keys, true, {}, show_key});
  table.add(Route{
      "POST", {"keys"}, {Format::xml, Format::json}, Collection::keys, true, {"name"}, create_key});
  table.add(Route{"DELETE",
                  {"keys", ":id"},
                  {Format::xml, Format::json},
                  Collection::keys,
                  true,
                  {},
                  destroy_key});
}

}  // namespace dc::api
