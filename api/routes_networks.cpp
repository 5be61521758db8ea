// /api/networks, /api/subnets, /api/network_interfaces: list (filter id), show, create,
// destroy. Creates answer 200 without Location, as the original.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::Network;
using engine::NetworkInterface;
using engine::Subnet;

template <class T>
auto by_id(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  return reply_list<T>(ex, [id](std::vector<T> v) {
    return engine::filter_on(std::move(v), id, [](auto& x) { return x.id; });
  });
}

void create_network(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::NetworkCreate what{params.get("name"), params.get("address_block")};
  ex->plane().call(
      ex->account(),
      engine::create("create_network", &engine::Driver::create_network, std::move(what)),
      reply_one<Network>(ex));
}

void create_subnet(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::SubnetCreate what{*params.get("network_id"), *params.get("address_block"),
                            params.get("name")};
  ex->plane().call(ex->account(),
                   engine::create("create_subnet", &engine::Driver::create_subnet, std::move(what)),
                   reply_one<Subnet>(ex));
}

void create_interface(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::NetworkInterfaceCreate what{*params.get("instance"), *params.get("network"),
                                      params.get("subnet"), params.get("name")};
  ex->plane().call(ex->account(),
                   engine::create("create_network_interface",
                                  &engine::Driver::create_network_interface, std::move(what)),
                   reply_one<NetworkInterface>(ex));
}

}  // namespace

void add_routes_networks(RouteTable& table) {
  using engine::Collection;
  const std::vector<Format> docs{Format::xml, Format::json};
  auto id = [](const ExchangePtr& ex) { return ex->ctx().path_param("id"); };

  auto n = Collection::networks;
  table.add(Route{"GET", {"networks"}, docs, n, true, {}, [](const ExchangePtr& ex) {
                    ex->plane().call(ex->account(),
                                     engine::read("networks", &engine::Driver::networks),
                                     by_id<Network>(ex));
                  }});
  table.add(Route{"GET", {"networks", ":id"}, docs, n, true, {}, [id](const ExchangePtr& ex) {
                    ex->plane().call(ex->account(),
                                     engine::read("network", &engine::Driver::network, id(ex)),
                                     reply_one<Network>(ex));
                  }});
  table.add(Route{"POST", {"networks"}, docs, n, true, {}, create_network});
  table.add(Route{"DELETE", {"networks", ":id"}, docs, n, true, {}, [id](const ExchangePtr& ex) {
                    ex->plane().call(
                        ex->account(),
                        engine::change("destroy_network", &engine::Driver::destroy_network, id(ex)),
                        reply_no_content(ex));
                  }});

  auto s = Collection::subnets;
  table.add(Route{"GET", {"subnets"}, docs, s, true, {}, [](const ExchangePtr& ex) {
                    ex->plane().call(ex->account(),
                                     engine::read("subnets", &engine::Driver::subnets),
                                     by_id<Subnet>(ex));
                  }});
  table.add(Route{"GET", {"subnets", ":id"}, docs, s, true, {}, [id](const ExchangePtr& ex) {
                    ex->plane().call(ex->account(),
                                     engine::read("subnet", &engine::Driver::subnet, id(ex)),
                                     reply_one<Subnet>(ex));
                  }});
  table.add(
      Route{"POST", {"subnets"}, docs, s, true, {"network_id", "address_block"}, create_subnet});
  table.add(Route{"DELETE", {"subnets", ":id"}, docs, s, true, {}, [id](const ExchangePtr& ex) {
                    ex->plane().call(
                        ex->account(),
                        engine::change("destroy_subnet", &engine::Driver::destroy_subnet, id(ex)),
                        reply_no_content(ex));
                  }});

  auto i = Collection::network_interfaces;
  table.add(Route{"GET", {"network_interfaces"}, docs, i, true, {}, [](const ExchangePtr& ex) {
                    ex->plane().call(
                        ex->account(),
                        engine::read("network_interfaces", &engine::Driver::network_interfaces),
                        by_id<NetworkInterface>(ex));
                  }});
  table.add(
      Route{"GET", {"network_interfaces", ":id"}, docs, i, true, {}, [id](const ExchangePtr& ex) {
              ex->plane().call(
                  ex->account(),
                  engine::read("network_interface", &engine::Driver::network_interface, id(ex)),
                  reply_one<NetworkInterface>(ex));
            }});
  table.add(Route{
      "POST", {"network_interfaces"}, docs, i, true, {"instance", "network"}, create_interface});
  table.add(Route{
      "DELETE", {"network_interfaces", ":id"}, docs, i, true, {}, [id](const ExchangePtr& ex) {
        ex->plane().call(ex->account(),
                         engine::change("destroy_network_interface",
                                        &engine::Driver::destroy_network_interface, id(ex)),
                         reply_no_content(ex));
      }});
}

}  // namespace dc::api
