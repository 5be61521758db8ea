// /api/metrics: one metric per instance of the account (list: properties without samples),
// and one instance's metric with recent samples.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::Metric;

void list_metrics(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("metrics", &engine::Driver::metrics),
                   reply_list<Metric>(ex, [id](std::vector<Metric> v) {
                     return engine::filter_on(std::move(v), id, [](auto& m) { return m.id; });
                   }));
}

void show_metric(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("metric", &engine::Driver::metric, ex->ctx().path_param("id")),
                   reply_one<Metric>(ex));
}

}  // namespace

void add_routes_metrics(RouteTable& table) {
  const std::vector<Format> docs{Format::xml, Format::json};
  auto c = engine::Collection::metrics;
  table.add(Route{"GET", {"metrics"}, docs, c, true, {}, list_metrics});
  table.add(Route{"GET", {"metrics", ":id"}, docs, c, true, {}, show_metric});
}

}  // namespace dc::api
