// GET /api/hardware_profiles (filters id, architecture) and /api/hardware_profiles/:id. Most
// drivers describe their profiles: no credentials, no provider call. Drivers whose provider
// defines them (OpenStack flavors) are asked, with the client's credentials.

#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::HardwareProfile;

using Profiles = std::vector<HardwareProfile>;

/// Runs `then` with the driver's profiles: its description's, or else its provider's.
void with_profiles(const ExchangePtr& ex, std::function<void(Profiles)> then) {
  if (!ex->driver().hardware_profiles.empty()) return then(ex->driver().hardware_profiles);
  auto& ctx = ex->ctx();
  if (!ctx.credentials || ctx.malformed_authorization) return ex->challenge();
  ex->plane().call(ex->account(),
                   engine::read("hardware_profiles", &engine::Driver::hardware_profiles),
                   [ex, then](engine::Result<Profiles> r) {
                     if (!r) return ex->fail(r.error());
                     then(std::move(r.value()));
                   });
}

void list_profiles(const ExchangePtr& ex) {
  with_profiles(ex, [ex](Profiles profiles) {
    auto& params = ex->ctx().params;
    // XML lists profiles by size, JSON in definition order (as the original).
    if (ex->format() != Format::json) profiles = engine::api_order(std::move(profiles));
    profiles =
        engine::filter_on(std::move(profiles), params.get("id"), [](auto& p) { return p.id; });
    if (auto arch = params.get("architecture"); arch && !arch->empty()) {
      Profiles kept;
      for (auto& p : profiles) {
        auto prop = p.property("architecture");
        if (prop && prop->admits(*arch)) kept.push_back(p);
      }
      profiles = std::move(kept);
    }
    ex->list(profiles);
  });
}

void show_profile(const ExchangePtr& ex) {
  with_profiles(ex, [ex](Profiles all) {
    auto& id = ex->ctx().path_param("id");
    for (auto& p : all)
      if (p.id == id) return ex->one(200, p);
    ex->fail(engine::make_error(engine::ErrorKind::not_found));
  });
}

}  // namespace

void add_routes_hardware_profiles(RouteTable& table) {
  table.add(Route{"GET",
                  {"hardware_profiles"},
                  {Format::xml, Format::json},
                  engine::Collection::hardware_profiles,
                  false,
                  {},
                  list_profiles});
  table.add(Route{"GET",
                  {"hardware_profiles", ":id"},
                  {Format::xml, Format::json},
                  engine::Collection::hardware_profiles,
                  false,
                  {},
                  show_profile});
}

}  // namespace dc::api
