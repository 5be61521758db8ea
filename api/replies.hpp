#pragma once
// Reply callbacks shared by the route handlers: render the control plane's answer or its error.

#include <utility>
#include <vector>

#include "api/exchange.hpp"
#include "engine/result.hpp"

namespace dc::api {

/// Renders one object with `status` (200 show, 201 create, 202 action).
template <class T>
auto reply_one(ExchangePtr ex, int status = 200, bool wrap = true) {
  return [ex = std::move(ex), status, wrap](engine::Result<T> r) {
    if (!r) return ex->fail(r.error());
    ex->one(status, r.value(), wrap);
  };
}

/// Renders one created object with 201 and its Location.
template <class T>
auto reply_created(ExchangePtr ex, std::string collection) {
  return [ex = std::move(ex), collection = std::move(collection)](engine::Result<T> r) {
    if (!r) return ex->fail(r.error());
    auto location = ex->ctx().url("/" + collection + "/" + r.value().id);
    auto rc = ex->render_context();
    std::string body;
    if (ex->format() == Format::json) {
      JsonWriter out;
      out.begin_object().key(singular<T>());
      write_json(out, rc, r.value());
      body = out.end_object().finish();
    } else {
      XmlWriter out{true};
      write_xml(out, rc, r.value());
      body = out.finish();
    }
    HttpResponse res;
    res.status = 201;
    res.set("Content-Type", content_type(ex->format()));
    res.set("Location", location);
    res.body = std::move(body);
    ex->send(std::move(res));
  };
}

/// Renders a list after `narrow` filters it.
template <class T, class Narrow>
auto reply_list(ExchangePtr ex, Narrow narrow) {
  return [ex = std::move(ex), narrow = std::move(narrow)](engine::Result<std::vector<T>> r) {
    if (!r) return ex->fail(r.error());
    ex->list(narrow(std::move(r.value())));
  };
}

/// 204 on success.
inline auto reply_no_content(ExchangePtr ex) {
  return [ex = std::move(ex)](engine::Result<engine::Unit> r) {
    if (!r) return ex->fail(r.error());
    ex->no_content();
  };
}

}  // namespace dc::api
