// GET /api/instance_states: the driver's instance state machine (XML, JSON, graphviz source).

#include "api/route_table.hpp"

namespace dc::api {

namespace {

void instance_states(const ExchangePtr& ex) {
  auto& machine = ex->driver().state_machine;
  switch (ex->format()) {
    case Format::json:
      return ex->document(200, instance_states_json(machine));
    case Format::gv:
      return ex->document(200, instance_states_gv(machine));
    case Format::xml:
      return ex->document(200, instance_states_xml(machine));
  }
}

}  // namespace

void add_routes_instance_states(RouteTable& table) {
  table.add(Route{"GET",
                  {"instance_states"},
                  {Format::xml, Format::json, Format::gv},
                  engine::Collection::instance_states,
                  false,
                  {},
                  instance_states});
}

}  // namespace dc::api
