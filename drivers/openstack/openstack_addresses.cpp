// The openstack driver's addresses: Neutron floating IPs, allocated from the cloud's external
// network and associated with an instance through its Neutron port.

#include <algorithm>
#include <map>

#include "drivers/http/percent_encode.hpp"
#include "drivers/openstack/neutron_floating_ips.hpp"
#include "drivers/openstack/openstack_driver.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

using engine::AllocatedAddress;
using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Result;
using engine::Unit;

namespace {

const std::string neutron = "network";
const std::string floating_path = "/v2.0/floatingips";
// The project's own: an admin's token would list every project's.
const std::string own_floating_ips = floating_path + "?project_id={project_id}";
// Port ids per request: each adds about 40 bytes to the query.
constexpr std::size_t ports_per_query = 50;

engine::Error address_not_found(const std::string& ip) {
  return engine::make_error(ErrorKind::not_found, "Address '" + ip + "' not found");
}

/// The query that asks Neutron for the ports of `ids`, in one request.
std::string ports_query(const std::vector<std::string>& ids) {
  std::string query = "/v2.0/ports?fields=id&fields=device_id&fields=fixed_ips";
  for (auto& id : ids) query += "&id=" + http::percent_encode(id);
  return query;
}

}  // namespace

void OpenStackDriver::addresses(const Credentials& who,
                                Callback<std::vector<AllocatedAddress>> done) {
  call(who, neutron, "GET", own_floating_ips, "", [this, who, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    auto ips = read_floating_ips(r.value().body);
    if (!ips) return done(ips.error());
    with_instances(who, std::move(ips.value()), done);
  });
}

void OpenStackDriver::with_instances(const Credentials& who, std::vector<FloatingIp> ips,
                                     Callback<std::vector<AllocatedAddress>> done) {
  std::vector<std::string> ports;
  for (auto& f : ips)
    if (!f.port_id.empty() && engine::is_plain_name(f.port_id)) ports.push_back(f.port_id);
  // Which instance holds each associated address: their ports, a batch per request.
  port_devices(who, std::move(ports), 0, {},
               [ips = std::move(ips), done](Result<std::map<std::string, std::string>> owners) {
                 if (!owners) return done(owners.error());
                 std::vector<AllocatedAddress> out;
                 for (auto& f : ips) {
                   auto owner = owners.value().find(f.port_id);
                   out.push_back(
                       {f.ip, f.ip, owner == owners.value().end() ? std::string{} : owner->second});
                 }
                 done(std::move(out));
               });
}

void OpenStackDriver::port_devices(const Credentials& who, std::vector<std::string> ports,
                                   std::size_t from, std::map<std::string, std::string> so_far,
                                   Callback<std::map<std::string, std::string>> done) {
  if (from >= ports.size()) return done(std::move(so_far));
  auto to = std::min(ports.size(), from + ports_per_query);
  std::vector<std::string> batch(ports.begin() + static_cast<std::ptrdiff_t>(from),
                                 ports.begin() + static_cast<std::ptrdiff_t>(to));
  call(who, neutron, "GET", ports_query(batch), "",
       [this, who, ports = std::move(ports), to, so_far = std::move(so_far),
        done](Result<http::Response> p) mutable {
         if (!p) return done(p.error());
         auto found = read_ports(p.value().body);
         if (!found) return done(found.error());
         for (auto& port : found.value()) so_far[port.id] = port.device_id;
         port_devices(who, std::move(ports), to, std::move(so_far), done);
       });
}

void OpenStackDriver::floating_ip(const Credentials& who, const std::string& ip,
                                  Callback<FloatingIp> done) {
  if (!looks_like_ip(ip)) return done(address_not_found(ip));
  call(who, neutron, "GET", own_floating_ips + "&floating_ip_address=" + http::percent_encode(ip),
       "", [ip, done](Result<http::Response> r) {
         if (!r) return done(r.error());
         auto found = read_floating_ips(r.value().body);
         if (!found) return done(found.error());
         for (auto& f : found.value())
           if (f.ip == ip) return done(f);
         done(address_not_found(ip));
       });
}

void OpenStackDriver::address(const Credentials& who, const std::string& id,
                              Callback<AllocatedAddress> done) {
  floating_ip(who, id, [this, who, done](Result<FloatingIp> f) {
    if (!f) return done(f.error());
    with_instances(who, {f.value()}, [done](Result<std::vector<AllocatedAddress>> shown) {
      if (!shown) return done(shown.error());
      done(std::move(shown.value().front()));
    });
  });
}

void OpenStackDriver::create_address(const Credentials& who, Callback<AllocatedAddress> done) {
  // The pool is the configured external network, else the cloud's first one.
  auto query = std::string{"/v2.0/networks?router:external=true&fields=id&fields=name"};
  if (!floating_network_.empty()) query += "&name=" + http::percent_encode(floating_network_);
  call(who, neutron, "GET", query, "", [this, who, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    auto networks = read_network_ids(r.value().body);
    if (!networks) return done(networks.error());
    if (networks.value().empty())
      return done(engine::make_error(
          ErrorKind::not_supported,
          floating_network_.empty()
              ? "This OpenStack cloud has no external network to allocate addresses from"
              : "The external network '" + floating_network_ + "' does not exist"));
    call(who, neutron, "POST", floating_path, floating_ip_create_body(networks.value().front()),
         [done](Result<http::Response> made) {
           if (!made) return done(made.error());
           auto f = read_floating_ip(made.value().body);
           if (!f) return done(f.error());
           done(AllocatedAddress{f.value().ip, f.value().ip, {}});
         });
  });
}

void OpenStackDriver::destroy_address(const Credentials& who, const std::string& id,
                                      Callback<Unit> done) {
  floating_ip(who, id, [this, who, id, done](Result<FloatingIp> f) {
    if (!f) return done(f.error());
    // Neutron would let an address in use go; the API keeps it until it is disassociated.
    if (!f.value().port_id.empty())
      return done(engine::make_error(ErrorKind::conflict,
                                     "Address '" + id + "' is associated: disassociate it first"));
    call(who, neutron, "DELETE", floating_path + "/" + f.value().id, "", accepted(done));
  });
}

void OpenStackDriver::associate_address(const Credentials& who, const std::string& id,
                                        const std::string& instance_id, Callback<Unit> done) {
  if (!engine::is_plain_name(instance_id))
    return done(
        engine::make_error(ErrorKind::not_found, "Instance '" + instance_id + "' not found"));
  floating_ip(who, id, [this, who, id, instance_id, done](Result<FloatingIp> f) {
    if (!f) return done(f.error());
    if (!f.value().port_id.empty())
      return done(
          engine::make_error(ErrorKind::conflict, "Address '" + id + "' is already associated"));
    auto floating_id = f.value().id;
    call(who, neutron, "GET",
         "/v2.0/ports?project_id={project_id}&device_id=" + http::percent_encode(instance_id), "",
         [this, who, instance_id, floating_id, done](Result<http::Response> p) {
           if (!p) return done(p.error());
           auto ports = read_ports(p.value().body);
           if (!ports) return done(ports.error());
           std::string port;
           for (auto& candidate : ports.value())
             if (candidate.has_fixed_ip && port.empty()) port = candidate.id;
           if (port.empty())
             return done(engine::make_error(
                 ErrorKind::not_found,
                 "Instance '" + instance_id + "' not found, or it has no network address"));
           call(who, neutron, "PUT", floating_path + "/" + floating_id, floating_ip_port_body(port),
                accepted(done));
         });
  });
}

void OpenStackDriver::disassociate_address(const Credentials& who, const std::string& id,
                                           Callback<Unit> done) {
  floating_ip(who, id, [this, who, id, done](Result<FloatingIp> f) {
    if (!f) return done(f.error());
    if (f.value().port_id.empty())
      return done(
          engine::make_error(ErrorKind::conflict, "Address '" + id + "' is not associated"));
    call(who, neutron, "PUT", floating_path + "/" + f.value().id,
         floating_ip_port_body(std::nullopt), accepted(done));
  });
}

}  // namespace dc::drivers::openstack
