#include <algorithm>

#include "api/representation.hpp"
#include "api/request_context.hpp"
#include "engine/utf8.hpp"

namespace dc::api {

using namespace dc::engine;

namespace {

void ref(JsonWriter& out, const std::string& href, const std::string& id, const char* rel) {
  out.begin_object().field("href", href).field("id", id).field("rel", rel).end_object();
}

void write_addresses(JsonWriter& out, const std::vector<Address>& list) {
  out.begin_array();
  for (auto& a : list) {
    out.begin_object().field("address", a.address).field("type", a.type);
    if (a.port) out.field("port", *a.port);
    out.end_object();
  }
  out.end_array();
}

}  // namespace

void write_json(JsonWriter& out, const RenderContext& rc, const Realm& realm) {
  out.begin_object()
      .field("id", realm.id)
      .field("href", rc.request.url("/realms/" + realm.id))
      .field("name", realm.name)
      .field("state", realm.state)
      .field("limit", realm.limit)
      .end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const HardwareProfile& profile) {
  out.begin_object()
      .field("id", profile.id)
      .field("href", rc.request.url("/hardware_profiles/" + profile.id))
      .field("name", profile.name);
  if (!profile.is_opaque()) {
    out.key("properties").begin_object();
    for (auto& p : profile.properties) out.field(p.name, p.value);
    out.end_object();
  }
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Image& image) {
  out.begin_object()
      .field("id", image.id)
      .field("href", rc.request.url("/images/" + image.id))
      .field("name", image.name)
      .field("description", image.description)
      .field("owner", image.owner_id)
      .field("architecture", image.architecture);
  out.nullable("state", image.state);
  out.field("root_type", image.root_type.empty() ? "transient" : image.root_type);
  out.nullable("creation_time", image.creation_time);
  out.key("hardware_profiles").begin_array();
  for (auto& p : image.hardware_profiles)
    ref(out, rc.request.url("/hardware_profiles/" + p), p, "hardware_profile");
  out.end_array();
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Instance& instance) {
  auto self = rc.request.url("/instances/" + instance.id);
  out.begin_object().field("id", instance.id).field("href", self);
  out.nullable("name", instance.name);
  out.field("state", api_name(instance.state));
  if (!instance.provider_state.empty()) out.field("provider_state", instance.provider_state);
  out.field("owner", instance.owner_id);
  out.key("image");
  ref(out, rc.request.url("/images/" + instance.image_id), instance.image_id, "image");
  out.key("realm");
  ref(out, rc.request.url("/realms/" + instance.realm_id), instance.realm_id, "realm");
  out.key("actions").begin_array();
  for (auto action : rc.driver.state_machine.actions_in(instance.state)) {
    auto name = std::string{action_name(action)};
    bool destroy = action == InstanceAction::destroy;
    out.begin_object()
        .field("href", destroy ? self : self + "/" + name)
        .field("rel", name)
        .field("method", destroy ? "delete" : "post")
        .end_object();
  }
  if (rc.driver.supports_run)
    out.begin_object()
        .field("href", self + "/run;id=" + instance.id)
        .field("rel", "run")
        .field("method", "post")
        .end_object();
  if (instance.create_image)
    out.begin_object()
        .field("href", rc.request.url("/images;instance_id=" + instance.id))
        .field("rel", "create_image")
        .field("method", "post")
        .end_object();
  out.end_array();
  out.key("hardware_profile")
      .begin_object()
      .field("id", instance.hardware_profile_id)
      .field("href", rc.request.url("/hardware_profiles/" + instance.hardware_profile_id))
      .field("rel", "hardware_profile")
      .key("properties")
      .begin_object();
  for (auto& [name, value] : instance.profile_overrides) out.field(name, value);
  out.end_object().end_object();
  out.key("public_addresses");
  write_addresses(out, instance.public_addresses);
  out.key("private_addresses");
  write_addresses(out, instance.private_addresses);
  if (instance.create_image) out.field("create_image", true);
  out.key("storage_volumes").begin_array();
  for (auto& v : instance.storage_volumes)
    ref(out, rc.request.url("/storage_volumes/" + v.volume_id), v.volume_id, "storage_volume");
  out.end_array();
  if (instance.launch_time) out.field("create_time", *instance.launch_time);
  if (instance.firewalls) {
    out.key("firewalls").begin_array();
    for (auto& f : *instance.firewalls) ref(out, rc.request.url("/firewalls/" + f), f, "firewall");
    out.end_array();
  }
  if (!rc.driver.authentication_type.empty()) {
    out.field("authentication_type", rc.driver.authentication_type);
    if (instance.keyname)
      out.key("authentication").begin_object().field("keyname", *instance.keyname).end_object();
  }
  if (instance.network_interfaces) {
    out.key("network_interfaces").begin_array();
    for (auto& nic : *instance.network_interfaces)
      ref(out, rc.request.url("/network_interfaces/" + nic), nic, "network_interface");
    out.end_array();
  }
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Key& key) {
  out.begin_object()
      .field("id", key.id)
      .field("href", rc.request.url("/keys/" + key.id))
      .field("credential_type", key.credential_type);
  out.nullable("username", key.username).nullable("password", key.password);
  out.nullable("state", key.state);
  if (!key.pem.empty()) out.field("pem_rsa_key", key.pem);
  if (!key.fingerprint.empty()) out.field("fingerprint", key.fingerprint);
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const StorageVolume& v) {
  out.begin_object()
      .field("id", v.id)
      .field("href", rc.request.url("/storage_volumes/" + v.id))
      .field("name", v.name.value_or(v.id));
  out.nullable("description", v.description).nullable("state", v.state);
  out.nullable("created", v.created);
  out.key("realm");
  if (v.realm_id.empty())
    out.null();
  else
    ref(out, rc.request.url("/realms/" + v.realm_id), v.realm_id, "realm");
  out.nullable("device", v.device).nullable("kind", v.kind);
  out.field("capacity", v.capacity);
  out.key("actions").begin_array().end_array();
  out.key("instance").begin_object();
  if (!v.instance_id.empty())
    out.field("id", v.instance_id)
        .field("href", rc.request.url("/instances/" + v.instance_id))
        .field("rel", "instance");
  out.end_object();
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const engine::Bucket& b) {
  auto self = rc.request.url("/buckets/" + b.id);
  out.begin_object()
      .field("id", b.id)
      .field("href", self)
      .field("name", b.name)
      .field("size", static_cast<std::int64_t>(b.blobs.size()));
  out.key("blob_list").begin_array();
  for (auto& blob : b.blobs) ref(out, self + "/" + blob, blob, "blob");
  out.end_array().end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const engine::Blob& b) {
  auto bucket = rc.request.url("/buckets/" + b.bucket);
  out.begin_object().field("id", b.id).field("href", bucket + "/" + b.id);
  out.key("bucket");
  ref(out, bucket, b.bucket, "bucket");
  out.field("content_length", static_cast<std::int64_t>(b.content_length))
      .field("content_type", b.content_type)
      .field("last_modified", b.last_modified);
  // Only text fits in a JSON string: large or binary content is fetched from .../content.
  if (b.content && engine::is_valid_utf8(*b.content))
    out.field("content", *b.content);
  else
    out.key("content").null();
  out.key("user_metadata").begin_object();
  for (auto& [key, value] : b.user_metadata) out.field(key, value);
  out.end_object().end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const StorageSnapshot& s) {
  out.begin_object()
      .field("id", s.id)
      .field("href", rc.request.url("/storage_snapshots/" + s.id))
      .field("state", s.state);
  out.key("storage_volume");
  ref(out, rc.request.url("/storage_volumes/" + s.volume_id), s.volume_id, "storage_volume");
  out.field("created", s.created);
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const AllocatedAddress& a) {
  out.begin_object()
      .field("id", a.id)
      .field("href", rc.request.url("/addresses/" + a.id))
      .field("associated", !a.instance_id.empty());
  if (!a.instance_id.empty()) out.field("instance_id", a.instance_id);
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Metric& m) {
  out.begin_object()
      .field("id", m.id)
      .field("href", rc.request.url("/metrics/" + m.id))
      .field("entity", m.entity.empty() ? m.id : m.entity);
  out.key("properties").begin_array();
  for (auto& p : m.properties) {
    out.begin_object().field("name", p.name).key("values");
    if (p.samples.empty()) {
      out.null();
    } else {
      out.begin_array();
      for (auto& s : p.samples)
        out.begin_object()
            .field("minimum", s.minimum)
            .field("maximum", s.maximum)
            .field("average", s.average)
            .field("timestamp", s.timestamp)
            .field("unit", s.unit)
            .end_object();
      out.end_array();
    }
    out.end_object();
  }
  out.end_array().end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Network& n) {
  out.begin_object()
      .field("id", n.id)
      .field("name", n.name.empty() ? n.id : n.name)
      .field("href", rc.request.url("/networks/" + n.id))
      .field("state", n.state);
  out.key("address_blocks").begin_array();
  for (auto& b : n.address_blocks) out.value(b);
  out.end_array();
  out.key("subnets").begin_array();
  for (auto& s : n.subnets)
    out.begin_object().field("id", s).field("href", rc.request.url("/subnets/" + s)).end_object();
  out.end_array().end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Subnet& s) {
  out.begin_object()
      .field("id", s.id)
      .field("name", s.name.empty() ? s.id : s.name)
      .field("href", rc.request.url("/subnets/" + s.id))
      .field("type", s.type)
      .field("state", s.state)
      .field("address_block", s.address_block);
  out.key("network")
      .begin_object()
      .field("id", s.network_id)
      .field("href", rc.request.url("/networks/" + s.network_id))
      .end_object();
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const NetworkInterface& n) {
  auto on = n.subnet_id.empty() ? n.network_id : n.subnet_id;
  out.begin_object()
      .field("id", n.id)
      .field("name", n.name.empty() ? n.id : n.name)
      .field("href", rc.request.url("/network_interfaces/" + n.id));
  out.key("network")
      .begin_object()
      .field("id", on)
      .field("href", rc.request.url("/subnets/" + on))
      .end_object();
  out.key("instance")
      .begin_object()
      .field("id", n.instance_id)
      .field("href", rc.request.url("/instances/" + n.instance_id))
      .end_object();
  out.field("ip_address", n.ip_address);
  out.end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const Firewall& f) {
  out.begin_object()
      .field("id", f.id)
      .field("href", rc.request.url("/firewalls/" + f.id))
      .field("name", f.name)
      .field("description", f.description)
      .field("owner_id", f.owner_id);
  out.key("rules").begin_array();
  for (auto& r : f.rules) {
    out.begin_object()
        .field("id", r.id)
        .field("allow_protocol", r.protocol)
        .field("port_from", r.port_from)
        .field("port_to", r.port_to);
    out.key("sources").begin_array();
    for (auto& s : r.sources) {
      out.begin_object().field("type", s.type);
      if (s.type == "group")
        out.field("name", s.name).field("owner", s.owner);
      else
        out.field("family", s.family).field("address", s.address).field("prefix", s.prefix);
      out.end_object();
    }
    out.end_array();
    out.field("direction", r.direction).field("rule_action", r.action).field("log_rule", "false");
    out.end_object();
  }
  out.end_array().end_object();
}

void write_json(JsonWriter& out, const RenderContext& rc, const LoadBalancer& lb) {
  out.begin_object().field("id", lb.id).field("href", rc.request.url("/load_balancers/" + lb.id));
  out.key("realms").begin_array();
  ref(out, rc.request.url("/realms/" + lb.realm_id), lb.realm_id, "realm");
  out.end_array();
  out.key("listeners").begin_array();
  for (std::size_t n = 0; n < lb.listeners.size(); ++n) {
    auto& l = lb.listeners[n];
    out.begin_object()
        .field("id", std::to_string(n + 1))
        .field("protocol", l.protocol)
        .field("load_balancer_port", l.load_balancer_port)
        .field("instance_port", l.instance_port)
        .end_object();
  }
  out.end_array();
  out.key("instances").begin_array();
  for (auto& i : lb.instances) ref(out, rc.request.url("/instances/" + i), i, "instance");
  out.end_array();
  out.key("public_addresses").begin_array();
  for (auto& a : lb.public_addresses) out.value(a);
  out.end_array();
  out.field("created_at", lb.created_at);
  out.end_object();
}

void write_driver_json(JsonWriter& out, const DriverConfig& driver) {
  if (!driver.providers.empty()) {
    // kind → provider → URL, as the original's configuration hash.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_kind;
    for (auto& p : driver.providers)
      for (auto& [kind, url] : p.entrypoints) by_kind[kind].emplace_back(p.id, url);
    out.key("entrypoints").begin_object();
    for (auto& [kind, list] : by_kind) {
      out.key(kind).begin_object();
      for (auto& [provider, url] : list) out.field(provider, url);
      out.end_object();
    }
    out.end_object();
  }
  out.field("name", driver.name);
  for (auto& [label, value] : driver.labels) out.field(label, value);
}

std::string instance_states_json(const StateMachine& machine) {
  JsonWriter out;
  out.begin_array();
  for (auto& node : machine.states()) {
    out.begin_object().field("name", std::string{machine_name(node.state)});
    out.key("transitions").begin_array();
    for (auto& t : node.transitions) {
      out.begin_object().field("to", std::string{machine_name(t.to)});
      if (t.automatic)
        out.field("auto", "true");
      else if (t.action)
        out.field("action", std::string{action_name(*t.action)});
      out.end_object();
    }
    out.end_array().end_object();
  }
  out.end_array();
  return out.finish();
}

std::string instance_states_gv(const StateMachine& machine) {
  std::string out = "digraph instance_states {\n  rankdir=LR;\n";
  for (auto& node : machine.states()) {
    for (auto& t : node.transitions) {
      out +=
          "  " + std::string{machine_name(node.state)} + " -> " + std::string{machine_name(t.to)};
      out += t.automatic
                 ? " [label=\"auto\", style=dashed];\n"
                 : " [label=\"" + std::string{t.action ? action_name(*t.action) : ""} + "\"];\n";
    }
  }
  return out + "}\n";
}

std::string entry_point_json(const RequestContext& rc, const DriverInfo& driver,
                             const std::string& version) {
  JsonWriter out;
  out.begin_object().key("api").begin_object();
  out.field("version", version).field("driver", rc.driver);
  out.field("provider", rc.provider.empty() ? "default" : rc.provider);
  out.key("links").begin_array();
  for (auto c : driver.advertised()) {
    auto name = std::string{collection_name(c)};
    out.begin_object().field("rel", name).field("href", rc.url("/" + name));
    out.key("features").begin_array();
    for (auto f : driver.features_of(c)) {
      out.begin_array().begin_object();
      out.field("name", std::string{f->name}).field("rel", std::string{f->operation});
      out.key("params").begin_array();
      for (auto p : f->params) out.value(std::string{p} + ":string:optional");
      out.end_array();
      out.key("constraints").begin_object().end_object();
      out.end_object().end_array();
    }
    out.end_array().end_object();
  }
  out.end_array().end_object().end_object();
  return out.finish();
}

std::string error_json(const Error& error) {
  JsonWriter out;
  out.begin_object()
      .field("code", http_status(error.kind))
      .field("message", error.text())
      .field("error", exception_class(error.kind));
  if (!error.code.empty()) out.field("provider_code", error.code);
  out.end_object();
  return out.finish();
}

}  // namespace dc::api
