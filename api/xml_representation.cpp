#include "api/representation.hpp"
#include "api/request_context.hpp"

#include <algorithm>
#include <cstdio>

namespace dc::api {

using namespace dc::engine;

namespace {

XmlAttributes href_id(const std::string& href, const std::string& id) {
  return {{"href", href}, {"id", id}};
}

void write_addresses(XmlWriter& out, const char* name, const std::vector<Address>& list) {
  out.open(name);
  for (auto& a : list) {
    XmlAttributes attrs{{"type", a.address.empty() ? "unavailable" : a.type}};
    if (a.port) attrs.emplace_back("port", std::to_string(*a.port));
    out.text("address", a.address, attrs);
  }
  out.close();
}

}  // namespace

void write_xml(XmlWriter& out, const RenderContext& rc, const Realm& realm) {
  out.open("realm", href_id(rc.request.url("/realms/" + realm.id), realm.id));
  out.text("name", realm.name);
  out.text("state", realm.state);
  if (realm.limit != "unlimited" && !realm.limit.empty()) out.cdata("limit", realm.limit);
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const HardwareProfile& profile) {
  out.open("hardware_profile",
           href_id(rc.request.url("/hardware_profiles/" + profile.id), profile.id));
  out.text("id", profile.id);
  out.text("name", profile.name);
  for (auto& p : profile.properties) {
    XmlAttributes attrs{{"kind", kind_name(p.kind)}, {"name", p.name}};
    if (!p.unit().empty()) attrs.emplace_back("unit", p.unit());
    attrs.emplace_back("value", p.value);
    if (p.kind == PropertyKind::fixed) {
      out.leaf("property", attrs);
      continue;
    }
    out.open("property", attrs);
    out.leaf("param", {{"href", rc.request.url("/instances")},
                       {"method", "post"},
                       {"name", "hwp_" + p.name},
                       {"operation", "create"}});
    if (p.kind == PropertyKind::range) {
      out.leaf("range", {{"first", p.first}, {"last", p.last}});
    } else {
      out.open("enum");
      for (auto& v : p.values) out.leaf("entry", {{"value", v}});
      out.close();
    }
    out.close();
  }
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Image& image) {
  out.open("image", href_id(rc.request.url("/images/" + image.id), image.id));
  out.text("name", image.name);
  out.text("description", image.description);
  out.text("owner_id", image.owner_id);
  out.text("architecture", image.architecture);
  if (!image.state.empty()) out.text("state", image.state);
  if (!image.creation_time.empty()) out.text("creation_time", image.creation_time);
  if (!image.hardware_profiles.empty()) {
    out.open("hardware_profiles");
    for (auto& p : image.hardware_profiles)
      out.empty("hardware_profile", {{"href", rc.request.url("/hardware_profiles/" + p)},
                                     {"id", p},
                                     {"rel", "hardware_profile"}});
    out.close();
  }
  out.text("root_type", image.root_type.empty() ? "transient" : image.root_type);
  out.open("actions");
  out.leaf("link", {{"href", rc.request.url("/instances;image_id=" + image.id)},
                    {"method", "post"},
                    {"rel", "create_instance"}});
  if (rc.driver.destroys_images)
    out.leaf("link", {{"href", rc.request.url("/images/" + image.id)},
                      {"method", "delete"},
                      {"rel", "destroy_image"}});
  out.close();
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Instance& instance) {
  auto self = rc.request.url("/instances/" + instance.id);
  out.open("instance", href_id(self, instance.id));
  if (instance.name) out.text("name", *instance.name);
  if (!instance.owner_id.empty()) out.text("owner_id", instance.owner_id);
  out.empty("image", href_id(rc.request.url("/images/" + instance.image_id), instance.image_id));
  out.empty("realm", href_id(rc.request.url("/realms/" + instance.realm_id), instance.realm_id));
  out.text("state", api_name(instance.state));
  if (!instance.provider_state.empty()) out.text("provider_state", instance.provider_state);
  auto profile_attrs = href_id(rc.request.url("/hardware_profiles/" + instance.hardware_profile_id),
                               instance.hardware_profile_id);
  out.open("hardware_profile", profile_attrs);
  for (auto& [name, value] : instance.profile_overrides) {
    XmlAttributes attrs{{"kind", "fixed"}, {"name", name}};
    auto unit = HardwareProperty{name, PropertyKind::fixed, value, {}, {}, {}}.unit();
    if (!unit.empty()) attrs.emplace_back("unit", unit);
    attrs.emplace_back("value", value);
    out.empty("property", attrs);
  }
  out.close();
  out.open("actions");
  for (auto action : rc.driver.state_machine.actions_in(instance.state)) {
    auto name = std::string{action_name(action)};
    if (action == InstanceAction::destroy)
      out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", name}});
    else
      out.leaf("link", {{"href", self + "/" + name}, {"method", "post"}, {"rel", name}});
  }
  if (rc.driver.supports_run)
    out.leaf("link",
             {{"href", self + "/run;id=" + instance.id}, {"method", "post"}, {"rel", "run"}});
  if (instance.create_image)
    out.leaf("link", {{"href", rc.request.url("/images;instance_id=" + instance.id)},
                      {"method", "post"},
                      {"rel", "create_image"}});
  out.close();
  if (instance.launch_time) out.text("launch_time", *instance.launch_time);
  write_addresses(out, "public_addresses", instance.public_addresses);
  write_addresses(out, "private_addresses", instance.private_addresses);
  if (instance.firewalls) {
    out.open("firewalls");
    for (auto& f : *instance.firewalls)
      out.leaf("firewall", href_id(rc.request.url("/firewalls/" + f), f));
    out.close();
  }
  out.open("storage_volumes");
  for (auto& v : instance.storage_volumes)
    out.empty("storage_volume", {{"href", rc.request.url("/storage_volumes/" + v.volume_id)},
                                 {"id", v.volume_id},
                                 {"device", v.device}});
  out.close();
  if (!rc.driver.authentication_type.empty()) {
    out.open("authentication", {{"type", rc.driver.authentication_type}});
    if (instance.keyname) {
      out.open("login");
      out.text("keyname", *instance.keyname);
      out.close();
    }
    out.close();
  }
  if (instance.network_interfaces) {
    out.open("network_interfaces");
    for (auto& nic : *instance.network_interfaces)
      out.empty("network_interface", href_id(rc.request.url("/network_interfaces/" + nic), nic));
    out.close();
  }
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Key& key) {
  auto self = rc.request.url("/keys/" + key.id);
  out.open("key", {{"href", self}, {"id", key.id}, {"type", key.credential_type}});
  out.text("name", key.name.empty() ? key.id : key.name);
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  out.close();
  if (key.credential_type == "key") {
    if (!key.fingerprint.empty()) out.text("fingerprint", key.fingerprint);
    if (!key.pem.empty()) out.cdata("pem", key.pem);
  } else {
    if (key.username) out.cdata("username", *key.username);
    if (key.password) out.cdata("password", *key.password);
  }
  out.text("state", key.state);
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const StorageVolume& v) {
  out.open("storage_volume", href_id(rc.request.url("/storage_volumes/" + v.id), v.id));
  if (!v.created.empty()) out.text("created", v.created);
  out.text("capacity", v.capacity, {{"unit", "GB"}});
  if (!v.kind.empty()) out.text("kind", v.kind);
  out.text("name", v.name.value_or(v.id));
  if (!v.device.empty()) out.text("device", v.device);
  if (!v.realm_id.empty()) {
    out.empty("realm", href_id(rc.request.url("/realms/" + v.realm_id), v.realm_id));
    out.text("realm_id", v.realm_id);
  }
  if (!v.state.empty()) out.text("state", v.state);
  if (!v.instance_id.empty()) {
    out.open("mount");
    out.empty("instance", href_id(rc.request.url("/instances/" + v.instance_id), v.instance_id));
    if (!v.device.empty()) out.empty("device", {{"name", v.device}});
    out.close();
  }
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Bucket& b) {
  auto self = rc.request.url("/buckets/" + b.id);
  out.open("bucket", href_id(self, b.id));
  out.text("name", b.name);
  out.text("size", std::to_string(b.blobs.size()));
  for (auto& blob : b.blobs) out.empty("blob", href_id(self + "/" + blob, blob));
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const engine::Blob& b) {
  auto self = rc.request.url("/buckets/" + b.bucket + "/" + b.id);
  out.open("blob", href_id(self, b.id));
  out.text("bucket", b.bucket);
  out.text("content_length", std::to_string(b.content_length));
  out.text("content_type", b.content_type);
  out.text("last_modified", b.last_modified);
  out.open("user_metadata");
  for (auto& [key, value] : b.user_metadata) out.cdata("entry", value, {{"key", key}});
  out.close();
  out.empty("content", {{"href", self + "/content"}, {"rel", "blob_content"}});
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const StorageSnapshot& s) {
  out.open("storage_snapshot", href_id(rc.request.url("/storage_snapshots/" + s.id), s.id));
  out.text("name", s.id);  // the original always shows the id here
  out.text("created", s.created);
  out.empty("storage_volume",
            href_id(rc.request.url("/storage_volumes/" + s.volume_id), s.volume_id));
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const AllocatedAddress& a) {
  auto self = rc.request.url("/addresses/" + a.id);
  out.open("address", href_id(self, a.id));
  out.text("ip", a.ip);
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  if (a.instance_id.empty())
    out.leaf("link", {{"href", self + "/associate"}, {"method", "post"}, {"rel", "associate"}});
  else
    out.leaf("link",
             {{"href", self + "/disassociate"}, {"method", "post"}, {"rel", "disassociate"}});
  out.close();
  if (!a.instance_id.empty())
    out.empty("instance", href_id(rc.request.url("/instances/" + a.instance_id), a.instance_id));
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Metric& m) {
  out.open("metric", href_id(rc.request.url("/metrics/" + m.id), m.id));
  out.text("entity", m.entity.empty() ? m.id : m.entity);
  out.open("properties");
  for (auto& p : m.properties) {
    // The property's name is the element's (as the original): a provider's name that cannot
    // be one is made one, so the document still parses.
    auto element = xml_name(p.name);
    if (p.samples.empty()) {
      out.empty(element);
      continue;
    }
    out.open(element);
    for (auto& s : p.samples) {
      out.open("sample");
      out.leaf("property", {{"name", "minimum"}, {"value", s.minimum}});
      out.leaf("property", {{"name", "maximum"}, {"value", s.maximum}});
      out.leaf("property", {{"name", "average"}, {"value", s.average}});
      out.leaf("property", {{"name", "timestamp"}, {"value", s.timestamp}});
      out.leaf("property", {{"name", "unit"}, {"value", s.unit}});
      out.close();
    }
    out.close();
  }
  out.close();
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Network& n) {
  auto self = rc.request.url("/networks/" + n.id);
  out.open("network", href_id(self, n.id));
  out.text("name", n.name.empty() ? n.id : n.name);
  out.text("state", n.state);
  out.open("address_blocks");
  for (auto& b : n.address_blocks) out.text("address_block", b);
  out.close();
  out.open("subnets");
  for (auto& s : n.subnets) out.leaf("subnet", href_id(rc.request.url("/subnets/" + s), s));
  out.close();
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  out.close();
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Subnet& s) {
  auto self = rc.request.url("/subnets/" + s.id);
  out.open("subnet", href_id(self, s.id));
  out.text("name", s.name.empty() ? s.id : s.name);
  out.text("state", s.state);
  out.text("address_block", s.address_block);
  out.text("network", s.network_id);
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  out.close();
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const NetworkInterface& n) {
  auto self = rc.request.url("/network_interfaces/" + n.id);
  // The element names the subnet the interface is on.
  auto on = n.subnet_id.empty() ? n.network_id : n.subnet_id;
  out.open("network_interface", href_id(self, n.id));
  out.text("name", n.name.empty() ? n.id : n.name);
  out.text("ip_address", n.ip_address);
  out.text("network", on,
           {{"href", rc.request.url("/subnets/" + on)}, {"rel", "subnet"}, {"id", on}});
  out.text("instance", n.instance_id,
           href_id(rc.request.url("/instances/" + n.instance_id), n.instance_id));
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  out.close();
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const Firewall& f) {
  auto self = rc.request.url("/firewalls/" + f.id);
  out.open("firewall", href_id(self, f.id));
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  out.leaf("link", {{"href", self + "/rules"}, {"method", "post"}, {"rel", "update"}});
  out.close();
  out.cdata("name", f.name);
  out.cdata("description", f.description);
  out.text("owner_id", f.owner_id);
  out.open("rules");
  for (auto& r : f.rules) {
    auto rule_url = self + "/" + r.id;
    out.open("rule", href_id(rule_url, r.id));
    out.open("actions");
    out.leaf("link", {{"href", rule_url}, {"method", "delete"}, {"rel", "destroy"}});
    out.close();
    out.text("allow_protocol", r.protocol);
    out.text("port_from", r.port_from);
    out.text("port_to", r.port_to);
    out.text("direction", r.direction);
    out.text("rule_action", r.action);
    out.text("log_rule", "false");
    out.open("sources");
    for (auto& s : r.sources) {
      if (s.type == "group")
        out.leaf("source", {{"type", "group"}, {"name", s.name}, {"owner", s.owner}});
      else
        out.leaf("source", {{"type", "address"},
                            {"family", s.family},
                            {"prefix", s.prefix},
                            {"address", s.address}});
    }
    out.close();
    out.close();
  }
  out.close();
  out.close();
}

void write_xml(XmlWriter& out, const RenderContext& rc, const LoadBalancer& lb) {
  auto self = rc.request.url("/load_balancers/" + lb.id);
  out.open("load_balancer", href_id(self, lb.id));
  out.open("actions");
  out.leaf("link", {{"href", self}, {"method", "delete"}, {"rel", "destroy"}});
  out.leaf("link", {{"href", self + "/register"}, {"method", "post"}, {"rel", "register"}});
  out.close();
  out.open("public_addresses");
  for (auto& a : lb.public_addresses) out.text("address", a);
  out.close();
  out.text("created_at", lb.created_at);
  out.leaf("realm", href_id(rc.request.url("/realms/" + lb.realm_id), lb.realm_id));
  out.open("listeners");
  for (auto& l : lb.listeners) {
    out.open("listener", {{"protocol", l.protocol}});
    out.text("load_balancer_port", l.load_balancer_port);
    out.text("instance_port", l.instance_port);
    out.close();
  }
  out.close();
  out.open("instances");
  for (auto& i : lb.instances) {
    out.open("instance", href_id(rc.request.url("/instances/" + i), i));
    out.leaf("link", {{"href", self + "/unregister?instance_id=" + i}, {"rel", "unregister"}});
    out.close();
  }
  out.close();
  out.close();
}

void write_driver_xml(XmlWriter& out, const RequestContext& rc, const DriverConfig& driver,
                      bool with_entrypoints) {
  out.open("driver", href_id(rc.url("/drivers/" + driver.id), driver.id));
  out.text("name", driver.name);
  for (auto& p : driver.providers) {
    if (!with_entrypoints) {
      out.empty("provider", {{"id", p.id}});
      continue;
    }
    out.open("provider", {{"id", p.id}});
    for (auto& [kind, url] : p.entrypoints) out.cdata("entrypoint", url, {{"kind", kind}});
    out.close();
  }
  out.close();
}

std::string instance_states_xml(const StateMachine& machine) {
  XmlWriter out{false};
  out.open("states");
  for (auto& node : machine.states()) {
    auto name = std::string{machine_name(node.state)};
    if (node.transitions.empty()) {
      out.empty("state", {{"name", name}});
      continue;
    }
    out.open("state", {{"name", name}});
    for (auto& t : node.transitions) {
      XmlAttributes attrs;
      if (t.automatic)
        attrs.emplace_back("auto", "true");
      else if (t.action)
        attrs.emplace_back("action", std::string{action_name(*t.action)});
      attrs.emplace_back("to", std::string{machine_name(t.to)});
      out.empty("transition", attrs);
    }
    out.close();
  }
  return out.finish();
}

std::string entry_point_xml(const RequestContext& rc, const DriverInfo& driver,
                            const std::string& version) {
  XmlWriter out{false};
  XmlAttributes attrs{{"driver", rc.driver}, {"version", version}};
  if (!rc.provider.empty()) attrs.emplace_back("provider", rc.provider);
  out.open("api", attrs);
  for (auto c : driver.advertised()) {
    auto name = std::string{collection_name(c)};
    auto features = driver.features_of(c);
    XmlAttributes link{{"href", rc.url("/" + name)}, {"rel", name}};
    if (features.empty()) {
      out.empty("link", link);
      continue;
    }
    out.open("link", link);
    for (auto f : features) {
      out.open("feature", {{"name", std::string{f->name}}, {"rel", std::string{f->operation}}});
      for (auto p : f->params) out.leaf("param", {{"name", std::string{p}}});
      out.close();
    }
    out.close();
  }
  return out.finish();
}

// Request parameters show as the original printed them, in Ruby's String#inspect form: for
// the characters an XML document can carry, that is exactly a JSON string literal.
std::string error_xml(const RequestContext& rc, const Error& error) {
  XmlWriter out{true};
  auto status = std::to_string(http_status(error.kind));
  out.open("error", {{"status", status}, {"url", rc.path}});
  out.empty("backend",
            {{"driver", rc.driver}, {"provider", rc.provider.empty() ? "default" : rc.provider}});
  out.text("code", status);
  out.cdata("message", error.text());
  // The provider's own code (EC2's `InvalidKeyPair.Format`), which the status alone cannot say.
  if (!error.code.empty()) out.cdata("provider_code", error.code);
  out.cdata("backtrace", "");
  out.open("request");
  for (auto& [name, value] : rc.params.items())
    out.cdata("param", json_quote(value), {{"name", name}});
  for (auto& [name, value] : rc.path_params)
    if (!rc.params.has(name)) out.cdata("param", json_quote(value), {{"name", name}});
  out.close();
  return out.finish();
}

}  // namespace dc::api
