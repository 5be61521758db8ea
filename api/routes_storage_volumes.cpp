// /api/storage_volumes: list (filter id), show, create, destroy, attach to an instance at a
// device, detach.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::StorageVolume;

void list_volumes(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("volumes", &engine::Driver::volumes),
                   reply_list<StorageVolume>(ex, [id](std::vector<StorageVolume> v) {
                     return engine::filter_on(std::move(v), id, [](auto& x) { return x.id; });
                   }));
}

void show_volume(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("volume", &engine::Driver::volume, ex->ctx().path_param("id")),
                   reply_one<StorageVolume>(ex));
}

void create_volume(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::VolumeCreate what;
  what.capacity = params.get("capacity");
  what.name = params.get("name");
  what.description = params.get("description");
  what.realm_id = params.get("realm_id");
  what.snapshot_id = params.get("snapshot_id");
  ex->plane().call(ex->account(),
                   engine::create("create_volume", &engine::Driver::create_volume, std::move(what)),
                   reply_created<StorageVolume>(ex, "storage_volumes"));
}

void destroy_volume(const ExchangePtr& ex) {
  ex->plane().call(
      ex->account(),
      engine::change("destroy_volume", &engine::Driver::destroy_volume, ex->ctx().path_param("id")),
      reply_no_content(ex));
}

void attach_volume(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::VolumeAttach to{*params.get("instance_id"), *params.get("device")};
  ex->plane().call(ex->account(),
                   engine::change("attach_volume", &engine::Driver::attach_volume,
                                  ex->ctx().path_param("id"), std::move(to)),
                   reply_one<StorageVolume>(ex, 202));
}

void detach_volume(const ExchangePtr& ex) {
  ex->plane().call(
      ex->account(),
      engine::change("detach_volume", &engine::Driver::detach_volume, ex->ctx().path_param("id")),
      reply_one<StorageVolume>(ex, 202));
}

}  // namespace

void add_routes_storage_volumes(RouteTable& table) {
  using engine::Collection;
  const std::vector<Format> docs{Format::xml, Format::json};
  auto c = Collection::storage_volumes;
  table.add(Route{"GET", {"storage_volumes"}, docs, c, true, {}, list_volumes});
  table.add(Route{"GET", {"storage_volumes", ":id"}, docs, c, true, {}, show_volume});
  table.add(Route{"POST", {"storage_volumes"}, docs, c, true, {}, create_volume});
  table.add(Route{"DELETE", {"storage_volumes", ":id"}, docs, c, true, {}, destroy_volume});
  table.add(Route{"POST",
                  {"storage_volumes", ":id", "attach"},
                  docs,
                  c,
                  true,
                  {"instance_id", "device"},
                  attach_volume});
  table.add(Route{"POST", {"storage_volumes", ":id", "detach"}, docs, c, true, {}, detach_volume});
}

}  // namespace dc::api
