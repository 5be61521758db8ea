// /api/images: list (filters id, architecture, owner_id with `self`), show, create from an
// instance, destroy.

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::Image;

void list_images(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  auto id = params.get("id");
  auto arch = params.get("architecture");
  auto owner = params.get("owner_id");
  if (owner && *owner == "self") owner = ex->ctx().credentials->user;
  ex->plane().call(
      ex->account(), engine::read("images", &engine::Driver::images),
      reply_list<Image>(ex, [=](std::vector<Image> v) {
        v = engine::filter_on(std::move(v), id, [](auto& i) { return i.id; });
        v = engine::filter_on(std::move(v), arch, [](auto& i) { return i.architecture; });
        return engine::filter_on(std::move(v), owner, [](auto& i) { return i.owner_id; });
      }));
}

void show_image(const ExchangePtr& ex) {
  ex->plane().call(ex->account(),
                   engine::read("image", &engine::Driver::image, ex->ctx().path_param("id")),
                   reply_one<Image>(ex));
}

void create_image(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::ImageCreate what;
  what.instance_id = *params.get("instance_id");
  what.name = params.get("name");
  what.description = params.get("description");
  ex->plane().call(ex->account(),
                   engine::create("create_image", &engine::Driver::create_image, std::move(what)),
                   reply_created<Image>(ex, "images"));
}

void destroy_image(const ExchangePtr& ex) {
  ex->plane().call(
      ex->account(),
      engine::change("destroy_image", &engine::Driver::destroy_image, ex->ctx().path_param("id")),
      reply_no_content(ex));
}

}  // namespace

void add_routes_images(RouteTable& table) {
  using engine::Collection;
  table.add(Route{
      "GET", {"images"}, {Format::xml, Format::json}, Collection::images, true, {}, list_images});
  table.add(Route{"GET",
                  {"images", ":id"},
                  {Format::xml, Format::json},
                  Collection::images,
                  true,
                  {},
                  show_image});
  table.add(Route{"POST",
                  {"images"},
                  {Format::xml, Format::json},
                  Collection::images,
                  true,
                  {"instance_id"},
                  create_image});
  table.add(Route{"DELETE",
                  {"images", ":id"},
                  {Format::xml, Format::json},
                  Collection::images,
                  true,
                  {},
                  destroy_image});
}

}  // namespace dc::api
