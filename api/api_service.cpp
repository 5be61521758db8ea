#include "api/api_service.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "api/upload.hpp"
#include "engine/driver_registry.hpp"
#include "engine/object_id.hpp"

namespace dc::api {

using engine::ErrorKind;
using engine::make_error;

namespace {

HttpResponse text_response(int status, const char* type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.set("Content-Type", type);
  r.body = std::move(body);
  return r;
}

HttpResponse not_found_page(const RequestContext& ctx) {
  return text_response(404, "text/html;charset=utf-8",
                       "<!DOCTYPE html>\n<html><head><title>Not Found</title></head><body>"
                       "<h1>Not Found</h1><p>No route for " +
                           xml_escape(ctx.request.method) + " " + xml_escape(ctx.path) +
                           "</p></body></html>\n");
}

bool entry_driver_serves(const std::string& driver, engine::Collection c) {
  auto entry = engine::DriverRegistry::global().find(driver);
  return entry && entry->info().serves(c);
}

/// Optional parameters of each operation, as `OPTIONS /api/<c>/<operation>` lists them (the
/// required ones come from the route, feature parameters from the driver).
const std::map<std::string, std::vector<std::string>>& optional_params() {
  static const std::map<std::string, std::vector<std::string>> table{
      {"realms/index", {"id"}},
      {"hardware_profiles/index", {"id", "architecture"}},
      {"images/index", {"id", "architecture", "owner_id"}},
      {"images/create", {"name", "description"}},
      {"instances/index", {"id", "state"}},
      {"metrics/index", {"id"}},
      {"networks/index", {"id"}},
      {"firewalls/index", {"id"}},
      {"load_balancers/index", {"id"}},
      {"firewalls/rules", {"ip_address1", "group1", "group1owner"}},
      {"networks/create", {"name", "address_block"}},
      {"subnets/index", {"id"}},
      {"subnets/create", {"name"}},
      {"network_interfaces/index", {"id"}},
      {"network_interfaces/create", {"name", "subnet"}},
      {"instances/create",
       {"realm_id", "hwp_id", "hwp_cpu", "hwp_memory", "hwp_storage", "hwp_architecture",
        "user_data", "client_token"}},
      {"instances/run", {"private_key", "password", "ip", "port"}},
      {"keys/index", {"id"}},
      {"keys/create", {"public_key"}},
      {"storage_volumes/index", {"id"}},
      {"storage_volumes/create", {"capacity", "name", "description", "realm_id", "snapshot_id"}},
      {"storage_snapshots/index", {"id"}},
      {"addresses/index", {"id"}},
      {"storage_snapshots/create", {"name", "description"}},
      {"events/index", {"instance_id", "state", "last_event_id"}},
      {"buckets/index", {"id"}},
      {"buckets/create", {"location"}},
  };
  return table;
}

/// The parameter a create names its object's id with, if the route is such a create: the id
/// then names files and URLs, and must fit the id limit whatever the driver.
std::optional<std::string> id_parameter(const Route& route) {
  static const std::set<std::string> named{"keys",     "buckets",       "firewalls",
                                           "networks", "subnets",       "network_interfaces",
                                           "images",   "load_balancers"};
  if (route.method != "POST") return std::nullopt;
  if (route.pattern.size() == 1 && named.count(route.pattern[0])) return "name";
  if (route.pattern == std::vector<std::string>{"buckets", ":id"}) return "blob_id";
  return std::nullopt;
}

/// `name:type:required|optional` descriptors of one operation, feature parameters first.
std::string operation_allow(const Route& route, const std::string& collection,
                            const std::string& operation, const engine::DriverInfo* driver) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& name, bool required) {
    auto d = name + ":string:" + (required ? "required" : "optional");
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  };
  if (auto c = engine::parse_collection(collection); c && driver)
    for (auto f : driver->features_of(*c))
      if (f->operation == operation)
        for (auto p : f->params) add(std::string{p}, false);
  if (route.pattern.size() > 1) add("id", true);
  for (auto& r : route.required) add(r, true);
  if (auto i = optional_params().find(collection + "/" + operation); i != optional_params().end())
    for (auto& p : i->second) add(p, false);
  std::string allow;
  for (auto& d : out) allow += (allow.empty() ? "" : ",") + d;
  return allow;
}

std::string camel(std::string_view name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace

ApiService::ApiService(actors::ControlPlane& plane, ApiSettings settings, RequestLog log)
    : plane_(plane), settings_(std::move(settings)), log_(std::move(log)) {
  add_all_routes(routes_);
}

std::shared_ptr<BodySink> ApiService::body_sink_for(const HttpRequest& head) const {
  // Only blob uploads stream, and they are all under /api/buckets: other bodies skip the parse.
  if (settings_.spool_dir.empty() || head.target.find("/buckets/") == std::string::npos)
    return nullptr;
  auto parsed = parse_request(head, settings_.defaults);
  auto* ctx = std::get_if<RequestContext>(&parsed);
  if (!ctx || ctx->segments.size() < 3 || ctx->segments[0] != "api" ||
      ctx->segments[1] != "buckets")
    return nullptr;
  // Only a client that sent credentials gets to fill the spool; without them the body stays
  // under the usual cap and the request is refused as any other.
  if (!ctx->credentials || ctx->malformed_authorization) return nullptr;
  std::shared_ptr<Upload> upload;
  // PUT /api/buckets/:id/:blob_id: the body is the blob, whatever its type says.
  if (ctx->method == "PUT" && ctx->segments.size() == 4) upload = Upload::raw(settings_.spool_dir);
  // POST /api/buckets/:id as a multipart form: its file is the blob.
  auto type = head.header("Content-Type");
  if (ctx->method == "POST" && ctx->segments.size() == 3 && type &&
      to_lower(*type).rfind("multipart/form-data", 0) == 0)
    if (auto boundary = multipart_boundary(*type))
      upload = Upload::multipart(settings_.spool_dir, *boundary, "blob_data");
  // A spool that cannot take the body now will not later: fall back to the in-memory path.
  if (upload && upload->storage_failed()) return nullptr;
  return upload;
}

void ApiService::handle(HttpRequest request, Responder respond) {
  if (log_) {
    auto started = std::chrono::steady_clock::now();
    auto line = request.method + " " + request.target.substr(0, request.target.find('?'));
    respond = [log = log_, started, line, inner = std::move(respond)](HttpResponse r) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
      log(line + " " + std::to_string(r.status) + " " + std::to_string(micros / 1000.0) + "ms");
      inner(std::move(r));
    };
  }
  bool too_large = request.body_too_large;
  auto parsed = parse_request(std::move(request), settings_.defaults);
  if (auto* early = std::get_if<HttpResponse>(&parsed)) {
    early->set("Server", "Apache-Deltacloud/" + settings_.version);
    return respond(std::move(*early));
  }
  auto& ctx = std::get<RequestContext>(parsed);
  if (too_large) {
    auto info = engine::DriverRegistry::global().find(ctx.driver);
    auto& driver_info =
        info ? info->info() : engine::DriverRegistry::global().all().front()->info();
    auto format = negotiate(ctx.params.get("format"), ctx.request.header("Accept"),
                            {Format::xml, Format::json})
                      .value_or(Format::xml);
    Exchange ex{std::move(ctx), format, driver_info, settings_, plane_, std::move(respond)};
    return ex.fail(make_error(ErrorKind::payload_too_large,
                              "The request body is larger than the server accepts"));
  }
  dispatch(std::move(ctx), std::move(respond));
}

std::optional<std::string> ApiService::describe_operation(const std::vector<std::string>& rest,
                                                          const engine::DriverInfo* driver) const {
  // `/api/<c>/<operation>` for the standard operations, `/api/<c>/<id>/<action>` for actions.
  static const std::map<std::string, std::pair<std::string, bool>> standard{
      {"index", {"GET", false}},
      {"show", {"GET", true}},
      {"create", {"POST", false}},
      {"destroy", {"DELETE", true}}};
  if (rest.size() == 2) {
    auto op = standard.find(rest[1]);
    if (op == standard.end()) return std::nullopt;
    std::vector<std::string> pattern{rest[0]};
    if (op->second.second) pattern.emplace_back(":id");
    if (auto route = routes_.find(op->second.first, pattern))
      return operation_allow(*route, rest[0], rest[1], driver);
    return std::nullopt;
  }
  if (rest.size() == 3)
    if (auto route = routes_.find("POST", {rest[0], ":id", rest[2]}))
      return operation_allow(*route, rest[0], rest[2], driver);
  return std::nullopt;
}

void ApiService::options(RequestContext& ctx, const Responder& respond) {
  HttpResponse r;
  std::vector<std::string> rest(ctx.segments.begin() + 1, ctx.segments.end());
  auto entry = engine::DriverRegistry::global().find(ctx.driver);
  std::string allow;
  if (rest.empty()) {
    // The original lists its collection classes here; clients look for DriversCollection.
    std::vector<std::string> names;
    if (entry)
      for (auto c : entry->info().advertised()) names.emplace_back(engine::collection_name(c));
    for (auto& n : names) {
      if (!allow.empty()) allow += ',';
      allow.append("Deltacloud::Rabbit::").append(camel(n)).append("Collection");
    }
  } else if (auto described = describe_operation(rest, entry ? &entry->info() : nullptr)) {
    allow = *described;
  } else {
    if (!routes_.path_known(rest) && !routes_.path_known({rest.front()})) {
      auto page = not_found_page(ctx);
      add_api_headers(page, ctx, settings_);
      return respond(std::move(page));
    }
    for (auto& m : routes_.methods_for(rest)) allow += (allow.empty() ? "" : ",") + m;
  }
  r.status = 200;
  r.set("Allow", allow);
  add_api_headers(r, ctx, settings_);
  respond(std::move(r));
}

bool ApiService::provider_allowed(const engine::DriverInfo& driver,
                                  const std::string& provider) const {
  if (provider.empty() || !driver.contacts_provider || settings_.allow_any_provider) return true;
  if (provider == to_lower(settings_.defaults.provider)) return true;  // the operator's choice
  auto config = settings_.driver_configs.find(driver.id);
  return config != settings_.driver_configs.end() && config->second.provider(provider);
}

void ApiService::dispatch(RequestContext ctx, Responder respond) {
  if (ctx.segments.empty() || ctx.segments.front() != "api") {
    auto page = not_found_page(ctx);
    page.set("Server", "Apache-Deltacloud/" + settings_.version);
    return respond(std::move(page));
  }
  if (ctx.method == "OPTIONS") return options(ctx, respond);

  std::vector<std::string> rest(ctx.segments.begin() + 1, ctx.segments.end());
  // `/api/instances/` is a show of the empty id: not found (the original client relies on it).
  if (ctx.trailing_slash && !rest.empty()) rest.emplace_back();
  // HEAD is answered as GET unless a route gives it a meaning of its own (blob metadata).
  const Route* route = ctx.head ? routes_.match("HEAD", rest, ctx.path_params) : nullptr;
  if (!route) route = routes_.match(ctx.method, rest, ctx.path_params);
  if (!route && !rest.empty()) {
    // A Deltacloud collection this build has no routes for is a missing capability (412),
    // as for any driver that lacks it; anything else is an unknown path.
    if (auto c = engine::parse_collection(rest.front());
        c && !(entry_driver_serves(ctx.driver, *c))) {
      auto r = text_response(412, "text/plain",
                             "The required capability to execute this operation is missing");
      r.set("Expect", rest.front());
      add_api_headers(r, ctx, settings_);
      return respond(std::move(r));
    }
  }
  if (!route) {
    auto page = not_found_page(ctx);
    add_api_headers(page, ctx, settings_);
    return respond(std::move(page));
  }

  std::optional<Format> format = Format::xml;
  if (!route->formats.empty()) {
    format = negotiate(ctx.params.get("format"), ctx.request.header("Accept"), route->formats);
    if (!format) {
      HttpResponse r;  // as the original: empty, without the API's headers
      r.status = 406;
      return respond(std::move(r));
    }
  }

  auto entry = engine::DriverRegistry::global().find(ctx.driver);
  if (!entry) {
    // Render with any driver's description: only the error document is needed.
    auto& any = engine::DriverRegistry::global().all().front()->info();
    std::string available;
    for (auto e : engine::DriverRegistry::global().all())
      available += (available.empty() ? "" : ", ") + e->id;
    Exchange ex{std::move(ctx), *format, any, settings_, plane_, std::move(respond)};
    return ex.fail(make_error(
        ErrorKind::backend,
        "Driver '" + ex.ctx().driver + "' is not available (this server has: " + available + ")"));
  }
  auto& driver = entry->info();

  if (!provider_allowed(driver, ctx.provider)) {
    // Said the same way whatever the provider is: nothing about the network is revealed, and
    // nothing is called.
    Exchange ex{std::move(ctx), *format, driver, settings_, plane_, std::move(respond)};
    return ex.fail(make_error(
        ErrorKind::validation,
        "Provider '" + ex.ctx().provider + "' is not configured for driver '" + driver.id + "'"));
  }

  if (route->collection && !driver.serves(*route->collection)) {
    auto r = text_response(412, "text/plain",
                           "The required capability to execute this operation is missing");
    r.set("Expect", std::string{engine::collection_name(*route->collection)});
    add_api_headers(r, ctx, settings_);
    return respond(std::move(r));
  }

  for (auto& name : route->required) {
    if (ctx.params.has(name)) continue;
    auto r = text_response(
        400, "text/html;charset=utf-8",
        "Required parameter '" + name + "' not found in [" + ctx.params.names() + "]");
    add_api_headers(r, ctx, settings_);
    return respond(std::move(r));
  }

  auto ex = std::make_shared<Exchange>(std::move(ctx), *format, driver, settings_, plane_,
                                       std::move(respond));
  // Ids from users may name files in a driver's data directory: an id that could not be one
  // path component names no object, and none can be made under it (PUT creates at its path).
  for (auto& [name, value] : ex->ctx().path_params) {
    if (engine::is_safe_object_id(value)) continue;
    if (ex->ctx().method == "PUT" && value.size() > engine::max_object_id_bytes)
      return ex->fail(make_error(
          ErrorKind::validation,
          "Names are at most " + std::to_string(engine::max_object_id_bytes) + " bytes"));
    return ex->fail(make_error(ErrorKind::not_found));
  }
  if (auto problem = text_problem(ex->ctx()))
    return ex->fail(make_error(ErrorKind::validation, *problem));
  if (auto param = id_parameter(*route))
    if (auto value = ex->ctx().params.get(*param);
        value && value->size() > engine::max_object_id_bytes)
      return ex->fail(make_error(ErrorKind::validation,
                                 "Parameter '" + *param + "' is at most " +
                                     std::to_string(engine::max_object_id_bytes) + " bytes"));

  if (route->needs_credentials && (!ex->ctx().credentials || ex->ctx().malformed_authorization))
    return ex->challenge();
  try {
    route->handler(ex);
  } catch (const std::exception& e) {
    ex->fail(make_error(ErrorKind::backend, std::string{"Internal error: "} + e.what()));
  }
}

}  // namespace dc::api
