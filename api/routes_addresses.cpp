// /api/addresses: list (filter id), show, create (allocate), destroy, associate with an
// instance, disassociate.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::AllocatedAddress;

void list_addresses(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("addresses", &engine::Driver::addresses),
                   reply_list<AllocatedAddress>(ex, [id](std::vector<AllocatedAddress> v) {
                     return engine::filter_on(std::move(v), id, [](auto& a) { return a.id; });
                   }));
}

void show_address(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("address", &engine::Driver::address, ex->ctx().path_param("id")),
                   reply_one<AllocatedAddress>(ex));
}

void create_address(const ExchangePtr& ex) {
  ex->plane().call(ex->account(), engine::create("create_address", &engine::Driver::create_address),
                   reply_created<AllocatedAddress>(ex, "addresses"));
}

void destroy_address(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::change("destroy_address", &engine::Driver::destroy_address,
                                  ex->ctx().path_param("id")),
                   reply_no_content(ex));
}

/// Association changes answer 202 with an empty body (as the original).
auto reply_accepted(ExchangePtr ex) {
  return [ex = std::move(ex)](engine::Result<engine::Unit> r) {
    if (!r) return ex->fail(r.error());
    HttpResponse res;
    res.status = 202;
    res.set("Content-Type", content_type(ex->format()));
    ex->send(std::move(res));
  };
}

void associate_address(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::change("associate_address", &engine::Driver::associate_address,
                                  ex->ctx().path_param("id"), *ex->ctx().params.get("instance_id")),
                   reply_accepted(ex));
}

void disassociate_address(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::change("disassociate_address", &engine::Driver::disassociate_address,
                                  ex->ctx().path_param("id")),
                   reply_accepted(ex));
}

}  // namespace

void add_routes_addresses(RouteTable& table) {
  using engine::Collection;
  const std::vector<Format> docs{Format::xml, Format::json};
  auto c = Collection::addresses;
  table.add(Route{"GET", {"addresses"}, docs, c, true, {}, list_addresses});
  table.add(Route{"GET", {"addresses", ":id"}, docs, c, true, {}, show_address});
  table.add(Route{"POST", {"addresses"}, docs, c, true, {}, create_address});
  table.add(Route{"DELETE", {"addresses", ":id"}, docs, c, true, {}, destroy_address});
  table.add(Route{"POST",
                  {"addresses", ":id", "associate"},
                  docs,
                  c,
                  true,
                  {"instance_id"},
                  associate_address});
  table.add(
      Route{"POST", {"addresses", ":id", "disassociate"}, docs, c, true, {}, disassociate_address});
}

}  // namespace dc::api
