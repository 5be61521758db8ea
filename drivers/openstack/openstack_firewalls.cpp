// The openstack driver's firewalls: Neutron security groups and their rules.

#include <memory>

#include "drivers/openstack/neutron_security_groups.hpp"
#include "drivers/openstack/openstack_driver.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Firewall;
using engine::Result;
using engine::Unit;

namespace {

const std::string neutron = "network";
const std::string groups_path = "/v2.0/security-groups";
const std::string rules_path = "/v2.0/security-group-rules";

engine::Error firewall_not_found(const std::string& id) {
  return engine::make_error(ErrorKind::not_found, "Firewall '" + id + "' not found");
}

/// The rule's group sources by id: a client may name a group by its name or its id.
Result<engine::FirewallRuleCreate> with_group_ids(engine::FirewallRuleCreate rule,
                                                  const std::vector<Firewall>& groups) {
  for (auto& source : rule.sources) {
    if (source.type != "group") continue;
    const Firewall* by_name = nullptr;
    bool found = false;
    for (auto& g : groups) {
      if (g.id == source.name) {
        found = true;
        break;
      }
      if (g.name == source.name) {
        if (by_name)
          return engine::make_error(
              ErrorKind::validation,
              "More than one firewall is named '" + source.name + "': name the group by its id");
        by_name = &g;
      }
    }
    if (found) continue;
    if (!by_name)
      return engine::make_error(ErrorKind::validation,
                                "Firewall '" + source.name + "' (a rule source) does not exist");
    source.name = by_name->id;
  }
  return rule;
}

}  // namespace

void OpenStackDriver::firewalls(const Credentials& who, Callback<std::vector<Firewall>> done) {
  // The project's own: an admin's token would list every project's (and group names given as
  // rule sources would be looked up among them).
  call(who, neutron, "GET", groups_path + "?project_id={project_id}", "",
       read_with<std::vector<Firewall>>(read_security_groups, done));
}

void OpenStackDriver::firewall(const Credentials& who, const std::string& id,
                               Callback<Firewall> done) {
  if (!engine::is_plain_name(id)) return done(firewall_not_found(id));
  call(who, neutron, "GET", groups_path + "/" + id, "",
       read_with<Firewall>(read_security_group, done));
}

void OpenStackDriver::create_firewall(const Credentials& who, const engine::FirewallCreate& what,
                                      Callback<Firewall> done) {
  call(who, neutron, "POST", groups_path, security_group_create_body(what),
       read_with<Firewall>(read_security_group, done));
}

void OpenStackDriver::destroy_firewall(const Credentials& who, const std::string& id,
                                       Callback<Unit> done) {
  if (!engine::is_plain_name(id)) return done(firewall_not_found(id));
  // Neutron refuses (409) a group that ports still use; its message says which.
  call(who, neutron, "DELETE", groups_path + "/" + id, "", accepted(done));
}

void OpenStackDriver::add_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                        const engine::FirewallRuleCreate& rule,
                                        Callback<Firewall> done) {
  if (!engine::is_plain_name(firewall_id)) return done(firewall_not_found(firewall_id));
  auto add = [this, who, firewall_id, done](Result<engine::FirewallRuleCreate> resolved) {
    if (!resolved) return done(resolved.error());
    auto bodies = security_group_rule_bodies(firewall_id, resolved.value());
    if (!bodies) return done(bodies.error());
    add_rules(who, std::move(bodies.value()), {},
              [this, who, firewall_id, done](Result<Unit> added) {
                if (!added) return done(added.error());
                firewall(who, firewall_id, done);
              });
  };
  bool names_groups = false;
  for (auto& s : rule.sources) names_groups = names_groups || s.type == "group";
  if (!names_groups) return add(rule);
  firewalls(who, [rule, add](Result<std::vector<Firewall>> groups) {
    if (!groups) return add(groups.error());
    add(with_group_ids(rule, groups.value()));
  });
}

void OpenStackDriver::add_rules(const Credentials& who, std::vector<std::string> bodies,
                                std::vector<std::string> made, Callback<Unit> done) {
  if (made.size() == bodies.size()) return done(Unit{});
  auto body = bodies[made.size()];
  call(who, neutron, "POST", rules_path, body,
       [this, who, bodies = std::move(bodies), made = std::move(made),
        done](Result<http::Response> r) mutable {
         auto id = r ? read_security_group_rule_id(r.value().body) : Result<std::string>{r.error()};
         if (!id) {
           // A rule of ours is all its sources or nothing: the ones already made are taken
           // back before the client hears of the failure, so it never sees half a rule.
           if (made.empty()) return done(id.error());
           auto left = std::make_shared<std::size_t>(made.size());
           auto error = std::make_shared<engine::Error>(id.error());
           for (auto& rule : made)
             call(who, neutron, "DELETE", rules_path + "/" + rule, "",
                  [left, error, rule, done](Result<http::Response> undone) {
                    if (!undone)
                      error->message +=
                          " (rule " + rule +
                          " was made but could not be taken back: " + undone.error().message + ")";
                    if (--*left == 0) done(*error);
                  });
           return;
         }
         made.push_back(std::move(id.value()));
         add_rules(who, std::move(bodies), std::move(made), done);
       });
}

void OpenStackDriver::remove_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                           const std::string& rule_id, Callback<Unit> done) {
  if (!engine::is_plain_name(firewall_id)) return done(firewall_not_found(firewall_id));
  // Rules have ids of their own in Neutron: check the rule is this firewall's before removing it.
  firewall(who, firewall_id, [this, who, rule_id, done](Result<Firewall> f) {
    if (!f) return done(f.error());
    bool held = false;
    for (auto& r : f.value().rules) held = held || r.id == rule_id;
    if (!held || !engine::is_plain_name(rule_id))
      return done(engine::make_error(ErrorKind::not_found, "Rule '" + rule_id + "' not found"));
    call(who, neutron, "DELETE", rules_path + "/" + rule_id, "", accepted(done));
  });
}

}  // namespace dc::drivers::openstack
