// /api/instances: list (filters id, state, realm_id), show (optionally waiting for a state),
// create, start/stop/reboot, destroy.
// Actions go through the instance's actor, which checks them against the state machine.

#include <algorithm>

#include "api/instance_wait.hpp"
#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/base64.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::ErrorKind;
using engine::Instance;
using engine::InstanceAction;
using engine::make_error;

/// EC2's limit on ClientToken; Nova's server tags allow 60 more.
constexpr std::size_t max_client_token_bytes = 64;

void list_instances(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  auto id = params.get("id");
  auto state = params.get("state");
  auto realm = params.get("realm_id");
  ex->plane().instances(ex->account(), reply_list<Instance>(ex, [=](std::vector<Instance> v) {
                          v = engine::filter_on(std::move(v), id, [](auto& i) { return i.id; });
                          v = engine::filter_on(std::move(v), state,
                                                [](auto& i) { return engine::api_name(i.state); });
                          return engine::filter_on(std::move(v), realm,
                                                   [](auto& i) { return i.realm_id; });
                        }));
}

void show_instance(const ExchangePtr& ex) {
  std::optional<engine::Error> error;
  auto wait = parse_instance_wait(ex->ctx().params, error);
  if (error) return ex->fail(*error);
  if (!wait)
    return ex->plane().instance(ex->account(), ex->ctx().path_param("id"), reply_one<Instance>(ex));
  // The wait ends with its client: one that hangs up lets go of everything it held.
  ex->plane().wait_for_instance(ex->account(), ex->ctx().path_param("id"), wait->target,
                                wait->timeout, ex->ctx().request.cancellation,
                                reply_one<Instance>(ex));
}

void create_instance(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  auto& driver = ex->driver();
  engine::InstanceCreate what;
  what.image_id = *params.get("image_id");
  if (what.image_id.empty())
    return ex->fail(make_error(ErrorKind::validation, "Parameter 'image_id' must not be empty"));
  what.realm_id = params.get("realm_id").value_or("");
  what.profile_id = params.get("hwp_id").value_or("");
  auto profile_id = what.profile_id.empty() ? driver.default_profile : what.profile_id;
  // A driver without a fixed list of profiles (openstack's flavors are the cloud's) leaves the
  // check to the provider.
  const engine::HardwareProfile* profile = nullptr;
  if (!driver.hardware_profiles.empty()) {
    profile = driver.profile(profile_id);
    if (!profile)
      return ex->fail(make_error(ErrorKind::validation,
                                 "Hardware profile '" + profile_id + "' does not exists."));
  }
  for (const char* prop : {"cpu", "memory", "storage", "architecture"}) {
    auto value = params.get(std::string{"hwp_"} + prop);
    if (!value || value->empty()) continue;
    if (!profile)
      return ex->fail(make_error(ErrorKind::validation, std::string{"Parameter 'hwp_"} + prop +
                                                            "' needs a hardware profile with "
                                                            "ranges; this driver has none"));
    if (auto error = profile->validate(prop, *value)) return ex->fail(*error);
    what.profile_overrides.emplace_back(prop, *value);
  }
  // `firewalls` feature: `firewalls` and/or the form style `firewalls1`, `firewalls2`, ...
  if (auto f = params.get("firewalls"); f && !f->empty()) what.firewalls.push_back(*f);
  for (int n = 1;; ++n) {
    auto f = params.get("firewalls" + std::to_string(n));
    if (!f) break;
    if (!f->empty()) what.firewalls.push_back(*f);
  }
  what.name = params.get("name");
  what.keyname = params.get("keyname");
  // The same token twice is the same instance: a client that retries a create it did not hear
  // back from never makes two. (Bulk jobs use `<job id>-<n>`.)
  if (auto token = params.get("client_token"); token && !token->empty()) {
    if (token->size() > max_client_token_bytes ||
        !std::all_of(token->begin(), token->end(), [](char c) { return c > ' ' && c < 0x7f; }))
      return ex->fail(make_error(ErrorKind::validation,
                                 "Parameter 'client_token' must be at most 64 printable ASCII "
                                 "characters without spaces"));
    what.client_token = *token;
  }
  if (auto data = params.get("user_data"); data && !data->empty()) {
    what.user_data = engine::base64_decode(*data);
    if (!what.user_data)
      return ex->fail(
          make_error(ErrorKind::validation, "Parameter 'user_data' must be base64-encoded"));
  }
  ex->plane().create_instance(ex->account(), std::move(what),
                              reply_created<Instance>(ex, "instances"));
}

/// An action on a missing instance is 403 (as the original), not 404.
engine::Error action_error(engine::Error error) {
  if (error.kind == ErrorKind::not_found) return make_error(ErrorKind::forbidden);
  return error;
}

void act(const ExchangePtr& ex, InstanceAction action) {
  ex->plane().instance_action(ex->account(), ex->ctx().path_param("id"), action,
                              [ex](engine::Result<Instance> r) {
                                if (!r) return ex->fail(action_error(r.error()));
                                // Action replies are the bare instance in JSON (as the original).
                                ex->one(202, r.value(), false);
                              });
}

void destroy_instance(const ExchangePtr& ex) {
  ex->plane().destroy_instance(ex->account(), ex->ctx().path_param("id"),
                               [ex](engine::Result<engine::Unit> r) {
                                 if (!r) return ex->fail(action_error(r.error()));
                                 ex->no_content();
                               });
}

void run_command(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::RunCommand what;
  what.command = *params.get("cmd");
  what.private_key = params.get("private_key");
  what.password = params.get("password");
  what.ip = params.get("ip");
  what.port = params.get("port");
  ex->plane().call(
      ex->account(),
      engine::change("run_on_instance", &engine::Driver::run_on_instance,
                     ex->ctx().path_param("id"), std::move(what)),
      [ex](engine::Result<engine::RunOutput> r) {
        if (!r) return ex->fail(action_error(r.error()));
        auto& out = r.value();
        auto href = ex->ctx().url("/instances/" + out.instance_id);
        if (ex->format() == Format::json) {
          JsonWriter json;
          json.begin_object().key("instance").begin_object();
          json.field("id", out.instance_id).field("public_address", out.public_address);
          json.field("command", out.command).field("output", out.output);
          json.end_object().end_object();
          return ex->document(200, json.finish());
        }
        XmlWriter xml{false};
        xml.open("instance", {{"id", out.instance_id}, {"href", href}});
        xml.text("public_address", out.public_address);
        xml.text("command", out.command);
        xml.text("output", out.output);
        ex->document(200, xml.finish());
      });
}

}  // namespace

void add_routes_instances(RouteTable& table) {
  using engine::Collection;
  const std::vector<Format> docs{Format::xml, Format::json};
  table.add(Route{"GET", {"instances"}, docs, Collection::instances, true, {}, list_instances});
  table.add(
      Route{"GET", {"instances", ":id"}, docs, Collection::instances, true, {}, show_instance});
  table.add(Route{
      "POST", {"instances"}, docs, Collection::instances, true, {"image_id"}, create_instance});
  table.add(Route{"POST",
                  {"instances", ":id", "start"},
                  docs,
                  Collection::instances,
                  true,
                  {},
                  [](const ExchangePtr& ex) { act(ex, InstanceAction::start); }});
  table.add(Route{"POST",
                  {"instances", ":id", "stop"},
                  docs,
                  Collection::instances,
                  true,
                  {},
                  [](const ExchangePtr& ex) { act(ex, InstanceAction::stop); }});
  table.add(Route{"POST",
                  {"instances", ":id", "reboot"},
                  docs,
                  Collection::instances,
                  true,
                  {},
                  [](const ExchangePtr& ex) { act(ex, InstanceAction::reboot); }});
  table.add(Route{
      "DELETE", {"instances", ":id"}, docs, Collection::instances, true, {}, destroy_instance});
  table.add(Route{"POST",
                  {"instances", ":id", "run"},
                  docs,
                  Collection::instances,
                  true,
                  {"cmd"},
                  run_command});
}

}  // namespace dc::api
