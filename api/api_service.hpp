#pragma once
// The Deltacloud REST API over the control plane: turns each HTTP request into one call of the
// control plane and renders the answer. Checks run in the original server's order: content
// negotiation (406), capability (412), required parameters (400), credentials (401), handler.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/control_plane.hpp"
#include "api/exchange.hpp"
#include "api/http_message.hpp"
#include "api/route_table.hpp"

namespace dc::api {

class ApiService {
 public:
  /// Receives one line per request (method, path, status, duration); never credentials.
  using RequestLog = std::function<void(const std::string&)>;

  ApiService(actors::ControlPlane& plane, ApiSettings settings, RequestLog log = {});

  /// The HTTP server's request handler.
  void handle(HttpRequest request, Responder respond);
  /// The HTTP server's choice of streamed bodies: blob uploads go to a spool file as they
  /// arrive; every other body is read into memory.
  std::shared_ptr<BodySink> body_sink_for(const HttpRequest& head) const;

  const ApiSettings& settings() const { return settings_; }

 private:
  void dispatch(RequestContext ctx, Responder respond);
  /// Whether requests may name `provider` (lower case) for `driver`: its default, one its yaml
  /// lists, or any when the operator allows it. Drivers that call no provider take any name.
  bool provider_allowed(const engine::DriverInfo& driver, const std::string& provider) const;
  void options(RequestContext& ctx, const Responder& respond);
  /// The parameter descriptors of an operation (`OPTIONS /api/instances/create`), if `rest`
  /// names one.
  std::optional<std::string> describe_operation(const std::vector<std::string>& rest,
                                                const engine::DriverInfo* driver) const;

  actors::ControlPlane& plane_;
  ApiSettings settings_;
  RequestLog log_;
  RouteTable routes_;
};

}  // namespace dc::api
