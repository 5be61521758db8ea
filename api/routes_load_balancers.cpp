// /api/load_balancers: list (filter id), show, create (name, realm, one listener), destroy,
// register and unregister instances.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::ErrorKind;
using engine::LoadBalancer;
using engine::make_error;

bool valid_port(const std::string& text) {
  auto v = parse_whole<int>(text);
  return v && *v >= 1 && *v <= 65535;
}

void list_load_balancers(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("load_balancers", &engine::Driver::load_balancers),
                   reply_list<LoadBalancer>(ex, [id](std::vector<LoadBalancer> v) {
                     return engine::filter_on(std::move(v), id, [](auto& lb) { return lb.id; });
                   }));
}

void create_load_balancer(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::LoadBalancerCreate what;
  what.name = *params.get("name");
  what.realm_id = *params.get("realm_id");
  what.listener.protocol = *params.get("listener_protocol");
  what.listener.load_balancer_port = *params.get("listener_balancer_port");
  what.listener.instance_port = *params.get("listener_instance_port");
  if (what.listener.protocol != "HTTP" && what.listener.protocol != "TCP")
    return ex->fail(make_error(ErrorKind::validation,
                               "Parameter 'listener_protocol' value '" + what.listener.protocol +
                                   "' not found in list of allowed values [HTTP,TCP]"));
  if (!valid_port(what.listener.load_balancer_port) || !valid_port(what.listener.instance_port))
    return ex->fail(
        make_error(ErrorKind::validation, "Listener ports must be numbers from 1 to 65535"));
  ex->plane().call(ex->account(),
                   engine::create("create_load_balancer", &engine::Driver::create_load_balancer,
                                  std::move(what)),
                   reply_created<LoadBalancer>(ex, "load_balancers"));
}

void registration(const ExchangePtr& ex, bool add) {
  ex->plane().call(
      ex->account(),
      engine::change("register_instance", &engine::Driver::register_instance,
                     ex->ctx().path_param("id"), *ex->ctx().params.get("instance_id"), add),
      reply_one<LoadBalancer>(ex));
}

}  // namespace

void add_routes_load_balancers(RouteTable& table) {
  const std::vector<Format> docs{Format::xml, Format::json};
  auto c = engine::Collection::load_balancers;
  table.add(Route{"GET", {"load_balancers"}, docs, c, true, {}, list_load_balancers});
  table.add(Route{"GET", {"load_balancers", ":id"}, docs, c, true, {}, [](const ExchangePtr& ex) {
                    ex->plane().call(ex->account(),
                                     engine::read("load_balancer", &engine::Driver::load_balancer,
                                                  ex->ctx().path_param("id")),
                                     reply_one<LoadBalancer>(ex));
                  }});
  table.add(Route{
      "POST",
      {"load_balancers"},
      docs,
      c,
      true,
      {"name", "realm_id", "listener_protocol", "listener_balancer_port", "listener_instance_port"},
      create_load_balancer});
  table.add(
      Route{"DELETE", {"load_balancers", ":id"}, docs, c, true, {}, [](const ExchangePtr& ex) {
              ex->plane().call(
                  ex->account(),
                  engine::change("destroy_load_balancer", &engine::Driver::destroy_load_balancer,
                                 ex->ctx().path_param("id")),
                  reply_no_content(ex));
            }});
  table.add(Route{"POST",
                  {"load_balancers", ":id", "register"},
                  docs,
                  c,
                  true,
                  {"instance_id"},
                  [](const ExchangePtr& ex) { registration(ex, true); }});
  table.add(Route{"POST",
                  {"load_balancers", ":id", "unregister"},
                  docs,
                  c,
                  true,
                  {"instance_id"},
                  [](const ExchangePtr& ex) { registration(ex, false); }});
}

}  // namespace dc::api
