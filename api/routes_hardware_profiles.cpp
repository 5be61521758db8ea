// GET /api/hardware_profiles (filters id, architecture) and /api/hardware_profiles/:id. The
// profiles are part of the driver's description: no credentials, no provider call.

#include "api/route_table.hpp"
#include "engine/filter.hpp"

namespace dc::api {

namespace {

using engine::HardwareProfile;

void list_profiles(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  // XML lists profiles by size, JSON in definition order (as the original).
  auto profiles = ex->format() == Format::json ? ex->driver().hardware_profiles
                                               : engine::api_order(ex->driver().hardware_profiles);
  profiles = engine::filter_on(std::move(profiles), params.get("id"), [](auto& p) { return p.id; });
  if (auto arch = params.get("architecture"); arch && !arch->empty()) {
    std::vector<HardwareProfile> kept;
    for (auto& p : profiles) {
      auto prop = p.property("architecture");
      if (prop && prop->admits(*arch)) kept.push_back(p);
    }
    profiles = std::move(kept);
  }
  ex->list(profiles);
}

void show_profile(const ExchangePtr& ex) {
  auto profile = ex->driver().profile(ex->ctx().path_param("id"));
  if (!profile) return ex->fail(engine::make_error(engine::ErrorKind::not_found));
  ex->one(200, *profile);
}

}  // namespace

void add_hardware_profile_routes(RouteTable& table) {
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
