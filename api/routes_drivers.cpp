// GET /api/drivers and /api/drivers/:id: the drivers this build contains, with the providers of
// their configuration files. No credentials needed.

#include "api/route_table.hpp"
#include "engine/driver_registry.hpp"

namespace dc::api {

namespace {

/// The configuration of a built-in driver (a driver without a yaml still has a name).
engine::DriverConfig config_of(const ApiSettings& settings, const std::string& id) {
  if (auto i = settings.driver_configs.find(id); i != settings.driver_configs.end())
    return i->second;
  engine::DriverConfig c;
  c.id = id;
  c.name = id;
  return c;
}

void list_drivers(const ExchangePtr& ex) {
  auto& settings = ex->settings();
  auto entries = engine::DriverRegistry::global().all();
  if (ex->format() == Format::json) {
    JsonWriter out;
    out.begin_object();
    for (auto e : entries) {
      out.key(e->id).begin_object();
      write_driver_json(out, config_of(settings, e->id));
      out.end_object();
    }
    out.end_object();
    return ex->document(200, out.finish());
  }
  XmlWriter out{false};
  out.open("drivers");
  for (auto e : entries) write_driver_xml(out, ex->ctx(), config_of(settings, e->id), false);
  ex->document(200, out.finish());
}

void show_driver(const ExchangePtr& ex) {
  auto& id = ex->ctx().path_param("id");
  if (!engine::DriverRegistry::global().find(id)) {
    HttpResponse r;  // as the original: 404 with an empty body
    r.status = 404;
    return ex->send(std::move(r));
  }
  auto config = config_of(ex->settings(), id);
  if (ex->format() == Format::json) {
    JsonWriter out;
    out.begin_object().key("driver").begin_object();
    write_driver_json(out, config);
    out.field("id", id);
    out.end_object().end_object();
    return ex->document(200, out.finish());
  }
  XmlWriter out{false};
  write_driver_xml(out, ex->ctx(), config, true);
  ex->document(200, out.finish());
}

}  // namespace

void add_routes_drivers(RouteTable& table) {
  table.add(Route{"GET",
                  {"drivers"},
                  {Format::xml, Format::json},
                  engine::Collection::drivers,
                  false,
                  {},
                  list_drivers});
  table.add(Route{"GET",
                  {"drivers", ":id"},
                  {Format::xml, Format::json},
                  engine::Collection::drivers,
                  false,
                  {},
                  show_driver});
}

}  // namespace dc::api
