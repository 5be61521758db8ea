#pragma once
// One request being answered: its parsed context, the negotiated format and the responder.
// Handlers reply through it from any thread; it adds the API's standard headers.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "actors/control_plane.hpp"
#include "api/http_message.hpp"
#include "api/negotiation.hpp"
#include "api/representation.hpp"
#include "api/request_context.hpp"
#include "engine/driver_config.hpp"
#include "engine/error.hpp"

namespace dc::api {

/// Server-wide settings the handlers read.
struct ApiSettings {
  std::string version = "1.1.3";
  RequestDefaults defaults;
  std::map<std::string, engine::DriverConfig> driver_configs;
  /// Host name shown in the WWW-Authenticate realm (`mock-deltacloud@<hostname>`).
  std::string hostname;
  /// Where uploads are received before a driver keeps them; empty: uploads are read into memory.
  std::filesystem::path spool_dir;
  /// Requests may name any provider, not only the default and those of the driver's yaml: the
  /// server then calls whatever endpoint a client names. Off unless the operator turns it on.
  bool allow_any_provider = false;
};

class Exchange {
 public:
  Exchange(RequestContext ctx, Format format, const engine::DriverInfo& driver,
           const ApiSettings& settings, actors::ControlPlane& plane, Responder respond);

  RequestContext& ctx() { return ctx_; }
  Format format() const { return format_; }
  const engine::DriverInfo& driver() const { return driver_; }
  const ApiSettings& settings() const { return settings_; }
  actors::ControlPlane& plane() { return plane_; }
  actors::Account account() const;
  RenderContext render_context() const { return RenderContext{ctx_, driver_}; }

  /// Sends `response` with the standard headers added.
  void send(HttpResponse response);
  /// A document in the negotiated format.
  void document(int status, std::string body);
  /// An error document (XML or JSON) with the error's status.
  void fail(const engine::Error& error);
  /// 401 for missing credentials, with the WWW-Authenticate challenge.
  void challenge();
  /// 204, empty.
  void no_content();

  /// A list as `<plural>` / `{"plural": [...]}`.
  template <class T>
  void list(const std::vector<T>& objects) {
    auto rc = render_context();
    if (format_ == Format::json) {
      JsonWriter out;
      out.begin_object().key(plural<T>()).begin_array();
      for (auto& o : objects) write_json(out, rc, o);
      out.end_array().end_object();
      return document(200, out.finish());
    }
    XmlWriter out{true};
    out.open(plural<T>());
    for (auto& o : objects) write_xml(out, rc, o);
    document(200, out.finish());
  }

  /// One object; `wrap` puts JSON inside `{"singular": ...}` (action replies are bare).
  template <class T>
  void one(int status, const T& object, bool wrap = true) {
    auto rc = render_context();
    if (format_ == Format::json) {
      JsonWriter out;
      if (wrap) out.begin_object().key(singular<T>());
      write_json(out, rc, object);
      if (wrap) out.end_object();
      return document(status, out.finish());
    }
    XmlWriter out{true};
    write_xml(out, rc, object);
    document(status, out.finish());
  }

 private:
  RequestContext ctx_;
  Format format_;
  const engine::DriverInfo& driver_;
  const ApiSettings& settings_;
  actors::ControlPlane& plane_;
  Responder respond_;
};

using ExchangePtr = std::shared_ptr<Exchange>;

/// Adds the headers every API response carries (Server, X-Deltacloud-*, Date, ETag).
void add_api_headers(HttpResponse& response, const RequestContext& ctx,
                     const ApiSettings& settings);

}  // namespace dc::api
