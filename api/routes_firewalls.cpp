// /api/firewalls: list (filter id), show, create (name, description), destroy, add a rule
// (POST /api/firewalls/:id/rules), remove a rule (DELETE /api/firewalls/:id/:rule_id).

#include "api/replies.hpp"
#include "api/route_table.hpp"
#include "engine/filter.hpp"
#include "engine/provider_call.hpp"

namespace dc::api {

namespace {

using engine::ErrorKind;
using engine::Firewall;
using engine::make_error;

void list_firewalls(const ExchangePtr& ex) {
  auto id = ex->ctx().params.get("id");
  ex->plane().call(ex->account(), engine::read("firewalls", &engine::Driver::firewalls),
                   reply_list<Firewall>(ex, [id](std::vector<Firewall> v) {
                     return engine::filter_on(std::move(v), id, [](auto& f) { return f.id; });
                   }));
}

void create_firewall(const ExchangePtr& ex) {
  auto& params = ex->ctx().params;
  engine::FirewallCreate what{*params.get("name"), *params.get("description")};
  ex->plane().call(
      ex->account(),
      engine::create("create_firewall", &engine::Driver::create_firewall, std::move(what)),
      reply_created<Firewall>(ex, "firewalls"));
}

std::optional<int> port(const std::string& text) {
  auto v = parse_whole<int>(text);
  if (!v || *v < -1 || *v > 65535) return std::nullopt;
  return v;
}

/// `a.b.c.d/n` as an address source; nothing when malformed.
std::optional<engine::RuleSource> address_source(const std::string& cidr) {
  auto slash = cidr.find('/');
  auto address = cidr.substr(0, slash);
  auto prefix = slash == std::string::npos ? std::string{"32"} : cidr.substr(slash + 1);
  unsigned b[4];
  char tail = 0;
  if (std::sscanf(address.c_str(), "%u.%u.%u.%u%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4 ||
      b[0] > 255 || b[1] > 255 || b[2] > 255 || b[3] > 255)
    return std::nullopt;
  auto p = port(prefix);
  if (!p || *p < 0 || *p > 32) return std::nullopt;
  return engine::RuleSource{"address", address, prefix, "ipv4", "", ""};
}

void add_rule(const ExchangePtr& ex) {
  auto& ctx = ex->ctx();
  auto& params = ctx.params;
  engine::FirewallRuleCreate rule;
  rule.protocol = to_lower(*params.get("protocol"));
  if (rule.protocol != "tcp" && rule.protocol != "udp" && rule.protocol != "icmp")
    return ex->fail(make_error(ErrorKind::validation, "Protocol must be tcp, udp or icmp"));
  rule.port_from = *params.get("port_from");
  rule.port_to = *params.get("port_to");
  auto from = port(rule.port_from), to = port(rule.port_to);
  if (!from || !to || *from > *to)
    return ex->fail(make_error(ErrorKind::validation,
                               "Ports must be numbers from -1 to 65535 with port_from <= port_to"));
  for (int n = 1;; ++n) {
    auto ip = params.get("ip_address" + std::to_string(n));
    if (!ip) break;
    auto source = address_source(*ip);
    if (!source)
      return ex->fail(
          make_error(ErrorKind::validation, "'" + *ip + "' is not an IPv4 address block"));
    rule.sources.push_back(*source);
  }
  for (int n = 1;; ++n) {
    auto group = params.get("group" + std::to_string(n));
    if (!group) break;
    auto owner = params.get("group" + std::to_string(n) + "owner").value_or(ctx.credentials->user);
    rule.sources.push_back(engine::RuleSource{"group", "", "", "", *group, owner});
  }
  if (rule.sources.empty())
    return ex->fail(make_error(ErrorKind::validation,
                               "No sources. Specify at least one source ip address or group."));
  ex->plane().call(ex->account(),
                   engine::change("add_firewall_rule", &engine::Driver::add_firewall_rule,
                                  ctx.path_param("id"), std::move(rule)),
                   reply_one<Firewall>(ex, 201));
}

}  // namespace

void add_routes_firewalls(RouteTable& table) {
  const std::vector<Format> docs{Format::xml, Format::json};
  auto c = engine::Collection::firewalls;
  table.add(Route{"GET", {"firewalls"}, docs, c, true, {}, list_firewalls});
  table.add(Route{"GET", {"firewalls", ":id"}, docs, c, true, {}, [](const ExchangePtr& ex) {
                    ex->plane().call(ex->account(),
                                     engine::read("firewall", &engine::Driver::firewall,
                                                  ex->ctx().path_param("id")),
                                     reply_one<Firewall>(ex));
                  }});
  table.add(Route{"POST", {"firewalls"}, docs, c, true, {"name", "description"}, create_firewall});
  table.add(Route{"DELETE", {"firewalls", ":id"}, docs, c, true, {}, [](const ExchangePtr& ex) {
                    ex->plane().call(
                        ex->account(),
                        engine::change("destroy_firewall", &engine::Driver::destroy_firewall,
                                       ex->ctx().path_param("id")),
                        reply_no_content(ex));
                  }});
  table.add(Route{"POST",
                  {"firewalls", ":id", "rules"},
                  docs,
                  c,
                  true,
                  {"protocol", "port_from", "port_to"},
                  add_rule});
  table.add(Route{
      "DELETE", {"firewalls", ":id", ":rule_id"}, docs, c, true, {}, [](const ExchangePtr& ex) {
        ex->plane().call(
            ex->account(),
            engine::change("remove_firewall_rule", &engine::Driver::remove_firewall_rule,
                           ex->ctx().path_param("id"), ex->ctx().path_param("rule_id")),
            reply_no_content(ex));
      }});
}

}  // namespace dc::api
