// The ec2 driver's firewalls: security groups and their rules.

#include "drivers/ec2/ec2_driver.hpp"
#include "drivers/ec2/ec2_security_groups.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::ec2 {

using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Firewall;
using engine::Result;
using engine::Unit;

namespace {

engine::Error firewall_not_found(const std::string& id) {
  return engine::make_error(ErrorKind::not_found, "Firewall '" + id + "' not found");
}

}  // namespace

void Ec2Driver::firewalls(const Credentials& who, Callback<std::vector<Firewall>> done) {
  ec2(who, "DescribeSecurityGroups", {}, [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(read_security_groups(*r.value()));
  });
}

void Ec2Driver::firewall(const Credentials& who, const std::string& id, Callback<Firewall> done) {
  if (!engine::is_plain_name(id)) return done(firewall_not_found(id));
  ec2(who, "DescribeSecurityGroups", group_params(id, 1), [id, done](Result<Document> r) {
    if (!r) {
      // EC2 answers an unknown group name with InvalidGroup.NotFound, a malformed id with
      // InvalidGroupId.Malformed: both are a group that is not there.
      auto e = r.error();
      if (e.code.find("Malformed") != std::string::npos) e.kind = ErrorKind::not_found;
      return done(e);
    }
    auto found = read_security_groups(*r.value());
    if (found.empty()) return done(firewall_not_found(id));
    done(std::move(found.front()));
  });
}

void Ec2Driver::create_firewall(const Credentials& who, const engine::FirewallCreate& what,
                                Callback<Firewall> done) {
  if (!engine::is_plain_name(what.name))
    return done(engine::make_error(ErrorKind::validation,
                                   "A firewall's name: letters, digits, '.', '_' and '-'"));
  // EC2 requires a description.
  auto description = what.description.empty() ? what.name : what.description;
  ec2(who, "CreateSecurityGroup", {{"GroupName", what.name}, {"GroupDescription", description}},
      [this, who, what, description, done](Result<Document> r) {
        if (!r) return done(r.error());
        std::string id = r.value()->document_element().child_value("groupId");
        if (id.empty())
          return done(engine::make_error(ErrorKind::provider,
                                         "EC2's CreateSecurityGroup answer has no group id"));
        // The group is made: a failed read-back must not fail the create (it would be retried
        // and refused as a duplicate). Then the answer is what is known.
        firewall(who, id, [id, what, description, done](Result<Firewall> read) {
          if (read) return done(std::move(read));
          done(Firewall{id, what.name, description, "", {}});
        });
      });
}

void Ec2Driver::destroy_firewall(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  if (!engine::is_plain_name(id)) return done(firewall_not_found(id));
  ec2(who, "DeleteSecurityGroup", group_params(id, 0), [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(Unit{});
  });
}

void Ec2Driver::add_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                  const engine::FirewallRuleCreate& rule, Callback<Firewall> done) {
  if (!engine::is_plain_name(firewall_id)) return done(firewall_not_found(firewall_id));
  for (auto& source : rule.sources)
    if (source.type == "group" && !engine::is_plain_name(source.name))
      return done(engine::make_error(
          ErrorKind::validation, "Firewall '" + source.name + "' (a rule source) does not exist"));
  // One call adds every source, or none of them: EC2 refuses the whole permission.
  ec2(who, "AuthorizeSecurityGroupIngress", authorize_params(firewall_id, rule),
      [this, who, firewall_id, done](Result<Document> r) {
        if (!r) return done(r.error());
        // Added: as for a create, the read-back's failure must not make it be sent again.
        firewall(who, firewall_id, [firewall_id, done](Result<Firewall> read) {
          if (read) return done(std::move(read));
          done(Firewall{firewall_id, "", "", "", {}});
        });
      });
}

void Ec2Driver::remove_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                     const std::string& rule_id, Callback<Unit> done) {
  firewall(who, firewall_id, [this, who, firewall_id, rule_id, done](Result<Firewall> f) {
    if (!f) return done(f.error());
    for (auto& rule : f.value().rules) {
      if (rule.id != rule_id) continue;
      auto action =
          rule.direction == "egress" ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress";
      // Egress calls name the group by id only.
      return ec2(who, action, revoke_params(f.value().id, rule), [done](Result<Document> r) {
        if (!r) return done(r.error());
        done(Unit{});
      });
    }
    done(engine::make_error(ErrorKind::not_found, "Rule '" + rule_id + "' not found"));
  });
}

}  // namespace dc::drivers::ec2
