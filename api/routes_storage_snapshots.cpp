// /api/storage_snapshots: list (filter id), show, create from a volume, destroy.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::StorageSnapshot;

void list_snapshots(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("snapshots", &engine::Driver::snapshots),
                   reply_list<StorageSnapshot>(ex, [id](std::vector<StorageSnapshot> v) {
                     return engine::filter_on(std::move(v), id, [](auto& x) { return x.id; });
                   }));
}

void show_snapshot(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("snapshot", &engine::Driver::snapshot, ex->ctx().path_param("id")),
                   reply_one<StorageSnapshot>(ex));
}

void create_snapshot(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::SnapshotCreate what{*params.get("volume_id"), params.get("name"),
                              params.get("description")};
  ex->plane().call(
      ex->account(),
      engine::create("create_snapshot", &engine::Driver::create_snapshot, std::move(what)),
      reply_created<StorageSnapshot>(ex, "storage_snapshots"));
}

void destroy_snapshot(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::change("destroy_snapshot", &engine::Driver::destroy_snapshot,
                                  ex->ctx().path_param("id")),
                   reply_no_content(ex));
}

}  // namespace

void add_routes_storage_snapshots(RouteTable& table) {
  using engine::Collection;
  const std::vector<Format> docs{Format::xml, Format::json};
  auto c = Collection::storage_snapshots;
  table.add(Route{"GET", {"storage_snapshots"}, docs, c, true, {}, list_snapshots});
  table.add(Route{"GET", {"storage_snapshots", ":id"}, docs, c, true, {}, show_snapshot});
  table.add(Route{"POST", {"storage_snapshots"}, docs, c, true, {"volume_id"}, create_snapshot});
  table.add(Route{"DELETE", {"storage_snapshots", ":id"}, docs, c, true, {}, destroy_snapshot});
}

}  // namespace dc::api
