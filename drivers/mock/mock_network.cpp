// The mock cloud's networking: public addresses, networks with their subnets, network
// interfaces of instances, and load balancers.

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "drivers/mock/mock_auth.hpp"
#include "drivers/mock/mock_driver.hpp"
#include "drivers/mock/mock_seed.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

using namespace dc::engine;

// -- addresses ------------------------------------------------------------------------------------

void MockDriver::addresses(const Credentials& who, Callback<std::vector<AllocatedAddress>> done) {
  list_records<AllocatedAddress>(who, std::move(done));
}

void MockDriver::address(const Credentials& who, const std::string& id,
                         Callback<AllocatedAddress> done) {
  show_record<AllocatedAddress>(who, id, std::move(done));
}

void MockDriver::create_address(const Credentials& who, Callback<AllocatedAddress> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  auto guard = store_->lock();
  // The next address after the highest one allocated, as the original mock hands them out.
  std::uint32_t highest = (192u << 24) | (168u << 16);
  for (auto& a : store_->all<AllocatedAddress>()) {
    unsigned b[4];
    if (std::sscanf(a.ip.c_str(), "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) != 4) continue;
    highest = std::max(highest, (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
  }
  auto next = highest + 1;
  auto ip = std::to_string(next >> 24) + "." + std::to_string((next >> 16) & 255) + "." +
            std::to_string((next >> 8) & 255) + "." + std::to_string(next & 255);
  AllocatedAddress a{ip, ip, ""};
  store_->add(who.user, a);
  done(std::move(a));
}

void MockDriver::destroy_address(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto a = owned<AllocatedAddress>(who, id);
  if (!a) return done(make_error(ErrorKind::not_found));
  if (!a->instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Address '" + id +
                                                    "' is associated with instance '" +
                                                    a->instance_id + "': disassociate it first"));
  store_->erase<AllocatedAddress>(id);
  done(Unit{});
}

void MockDriver::associate_address(const Credentials& who, const std::string& id,
                                   const std::string& instance_id, Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto a = owned<AllocatedAddress>(who, id);
  if (!a) return done(make_error(ErrorKind::not_found));
  if (!owned<MockInstance>(who, instance_id))
    return done(make_error(ErrorKind::not_found, "Instance '" + instance_id + "' not found"));
  if (!a->instance_id.empty())
    return done(make_error(ErrorKind::conflict,
                           "Address '" + id + "' is in use by instance '" + a->instance_id + "'"));
  for (auto& other : store_->all<AllocatedAddress>())
    if (other.instance_id == instance_id)
      return done(make_error(ErrorKind::conflict, "Instance '" + instance_id +
                                                      "' already has address '" + other.id + "'"));
  a->instance_id = instance_id;
  store_->put(*a);
  done(Unit{});
}

void MockDriver::disassociate_address(const Credentials& who, const std::string& id,
                                      Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto a = owned<AllocatedAddress>(who, id);
  if (!a) return done(make_error(ErrorKind::not_found));
  if (a->instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Address '" + id + "' is not associated"));
  a->instance_id.clear();
  store_->put(*a);
  done(Unit{});
}

// -- networks, subnets, network interfaces ------------------------------------------------------

namespace {

/// `a.b.c.d/n` as (first address, prefix length); nothing when malformed.
std::optional<std::pair<std::uint32_t, int>> parse_cidr(const std::string& text) {
  unsigned b[4];
  int prefix = -1;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%u.%u.%u.%u/%d%c", &b[0], &b[1], &b[2], &b[3], &prefix, &tail) !=
      5)
    return std::nullopt;
  if (b[0] > 255 || b[1] > 255 || b[2] > 255 || b[3] > 255 || prefix < 0 || prefix > 32)
    return std::nullopt;
  std::uint32_t address = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return std::make_pair(address & mask, prefix);
}

std::string dotted(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

}  // namespace

Network MockDriver::with_subnets(Network network) const {
  network.subnets.clear();
  for (auto& s : store_->all<Subnet>())
    if (s.network_id == network.id) network.subnets.push_back(s.id);
  return network;
}

void MockDriver::networks(const Credentials& who, Callback<std::vector<Network>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  std::vector<Network> out;
  for (auto& n : store_->visible_to<Network>(who.user)) out.push_back(with_subnets(std::move(n)));
  done(std::move(out));
}

void MockDriver::network(const Credentials& who, const std::string& id, Callback<Network> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto n = owned<Network>(who, id);
  if (!n) return done(make_error(ErrorKind::not_found));
  done(with_subnets(std::move(*n)));
}

void MockDriver::create_network(const Credentials& who, const NetworkCreate& what,
                                Callback<Network> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  Network n;
  if (what.address_block && !what.address_block->empty()) {
    if (!parse_cidr(*what.address_block))
      return done(make_error(ErrorKind::validation,
                             "Address block '" + *what.address_block + "' is not a CIDR block"));
    n.address_blocks.push_back(*what.address_block);
  }
  auto guard = store_->lock();
  if (what.name && !what.name->empty()) {
    if (!is_plain_name(*what.name))
      return done(make_error(ErrorKind::validation,
                             "Network name '" + *what.name +
                                 "' is not a valid name (letters, digits, '.', '_', '-')"));
    // Networks and subnets share one namespace: interfaces name either by id.
    auto exists = make_error(ErrorKind::conflict, "Network '" + *what.name + "' already exists");
    if (auto taken = name_taken<Network>(who, *what.name, exists)) return done(*taken);
    if (auto taken = name_taken<Subnet>(who, *what.name, exists)) return done(*taken);
    n.id = *what.name;
  } else {
    n.id = fresh_id<Network>("net_");
  }
  n.name = n.id;
  n.state = "UP";
  store_->add(who.user, n);
  done(std::move(n));
}

void MockDriver::destroy_network(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Network>(who, id)) return done(make_error(ErrorKind::not_found));
  auto subnets = store_->all<Subnet>();
  for (auto& nic : store_->all<NetworkInterface>()) {
    bool on_it = nic.network_id == id;
    for (auto& s : subnets)
      on_it |= s.network_id == id && (nic.network_id == s.id || nic.subnet_id == s.id);
    if (on_it)
      return done(make_error(ErrorKind::conflict,
                             "Network '" + id + "' still has network interface '" + nic.id + "'"));
  }
  // Its subnets go with it, as the original did.
  for (auto& s : subnets)
    if (s.network_id == id) store_->erase<Subnet>(s.id);
  store_->erase<Network>(id);
  done(Unit{});
}

void MockDriver::subnets(const Credentials& who, Callback<std::vector<Subnet>> done) {
  list_records<Subnet>(who, std::move(done));
}

void MockDriver::subnet(const Credentials& who, const std::string& id, Callback<Subnet> done) {
  show_record<Subnet>(who, id, std::move(done));
}

void MockDriver::create_subnet(const Credentials& who, const SubnetCreate& what,
                               Callback<Subnet> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  if (!parse_cidr(what.address_block))
    return done(make_error(ErrorKind::validation,
                           "Address block '" + what.address_block + "' is not a CIDR block"));
  auto guard = store_->lock();
  if (!owned<Network>(who, what.network_id))
    return done(make_error(ErrorKind::validation, "Network '" + what.network_id + "' not found"));
  Subnet s;
  if (what.name && !what.name->empty()) {
    if (!is_plain_name(*what.name))
      return done(make_error(
          ErrorKind::validation,
          "Subnet name '" + *what.name + "' is not a valid name (letters, digits, '.', '_', '-')"));
    auto exists = make_error(ErrorKind::conflict, "Subnet '" + *what.name + "' already exists");
    if (auto taken = name_taken<Subnet>(who, *what.name, exists)) return done(*taken);
    if (auto taken = name_taken<Network>(who, *what.name, exists)) return done(*taken);
    s.id = *what.name;
  } else {
    s.id = fresh_id<Subnet>("subnet_");
  }
  s.name = s.id;
  s.state = "UP";
  s.type = "PRIVATE";
  s.address_block = what.address_block;
  s.network_id = what.network_id;
  store_->add(who.user, s);
  done(std::move(s));
}

void MockDriver::destroy_subnet(const Credentials& who, const std::string& id,
                                Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Subnet>(who, id)) return done(make_error(ErrorKind::not_found));
  for (auto& nic : store_->all<NetworkInterface>())
    if (nic.network_id == id || nic.subnet_id == id)
      return done(make_error(ErrorKind::conflict,
                             "Subnet '" + id + "' still has network interface '" + nic.id + "'"));
  store_->erase<Subnet>(id);
  done(Unit{});
}

void MockDriver::network_interfaces(const Credentials& who,
                                    Callback<std::vector<NetworkInterface>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  done(store_->visible_to<NetworkInterface>(who.user));
}

void MockDriver::network_interface(const Credentials& who, const std::string& id,
                                   Callback<NetworkInterface> done) {
  show_record<NetworkInterface>(who, id, std::move(done));
}

void MockDriver::create_network_interface(const Credentials& who,
                                          const NetworkInterfaceCreate& what,
                                          Callback<NetworkInterface> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<MockInstance>(who, what.instance_id))
    return done(make_error(ErrorKind::validation, "Instance '" + what.instance_id + "' not found"));
  // `network` names a network when `subnet` is given, else the subnet itself.
  std::optional<Subnet> subnet;
  if (what.subnet_id && !what.subnet_id->empty()) {
    if (!owned<Network>(who, what.network_id))
      return done(make_error(ErrorKind::validation, "Network '" + what.network_id + "' not found"));
    subnet = owned<Subnet>(who, *what.subnet_id);
    if (!subnet || subnet->network_id != what.network_id)
      return done(make_error(
          ErrorKind::validation,
          "Subnet '" + *what.subnet_id + "' is not in network '" + what.network_id + "'"));
  } else {
    subnet = owned<Subnet>(who, what.network_id);
    if (!subnet) {
      if (owned<Network>(who, what.network_id))
        return done(make_error(ErrorKind::validation,
                               "Parameter 'subnet' is required when 'network' names a network"));
      return done(make_error(ErrorKind::validation, "Network '" + what.network_id + "' not found"));
    }
  }
  auto cidr = parse_cidr(subnet->address_block);
  if (!cidr)
    return done(make_error(ErrorKind::backend, "Subnet '" + subnet->id + "' has no valid block"));
  // The first free host address of the subnet (network and broadcast addresses excluded).
  std::vector<std::string> used;
  for (auto& n : store_->all<NetworkInterface>()) used.push_back(n.ip_address);
  std::uint64_t size = std::uint64_t{1} << (32 - cidr->second);
  std::string ip;
  for (std::uint64_t host = 2; host + 1 < size && ip.empty(); ++host) {
    auto candidate = dotted(cidr->first + static_cast<std::uint32_t>(host));
    if (std::find(used.begin(), used.end(), candidate) == used.end()) ip = candidate;
  }
  if (ip.empty())
    return done(make_error(ErrorKind::conflict, "Subnet '" + subnet->id + "' has no free address"));
  NetworkInterface n;
  if (what.name && !what.name->empty()) {
    if (!is_plain_name(*what.name))
      return done(make_error(ErrorKind::validation,
                             "Interface name '" + *what.name +
                                 "' is not a valid name (letters, digits, '.', '_', '-')"));
    if (auto taken = name_taken<NetworkInterface>(
            who, *what.name,
            make_error(ErrorKind::conflict,
                       "Network interface '" + *what.name + "' already exists")))
      return done(*taken);
    n.id = *what.name;
  } else {
    n.id = fresh_id<NetworkInterface>("nic_");
  }
  n.name = n.id;
  n.instance_id = what.instance_id;
  n.network_id = what.network_id;
  n.subnet_id = subnet->id == what.network_id ? "" : subnet->id;
  n.ip_address = ip;
  store_->add(who.user, n);
  done(std::move(n));
}

void MockDriver::destroy_network_interface(const Credentials& who, const std::string& id,
                                           Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<NetworkInterface>(who, id)) return done(make_error(ErrorKind::not_found));
  store_->erase<NetworkInterface>(id);
  done(Unit{});
}

// -- load balancers -------------------------------------------------------------------------------

void MockDriver::load_balancers(const Credentials& who, Callback<std::vector<LoadBalancer>> done) {
  list_records<LoadBalancer>(who, std::move(done));
}

void MockDriver::load_balancer(const Credentials& who, const std::string& id,
                               Callback<LoadBalancer> done) {
  show_record<LoadBalancer>(who, id, std::move(done));
}

void MockDriver::create_load_balancer(const Credentials& who, const LoadBalancerCreate& what,
                                      Callback<LoadBalancer> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  if (!is_plain_name(what.name))
    return done(make_error(ErrorKind::validation,
                           "Load balancer name '" + what.name +
                               "' is not a valid name (letters, digits, '.', '_', '-')"));
  auto realms = mock_realms();
  if (std::none_of(realms.begin(), realms.end(), [&](auto& r) { return r.id == what.realm_id; }))
    return done(make_error(ErrorKind::validation, "Realm '" + what.realm_id + "' not found"));
  auto guard = store_->lock();
  if (auto taken = name_taken<LoadBalancer>(
          who, what.name,
          make_error(ErrorKind::conflict, "Load balancer '" + what.name + "' already exists")))
    return done(*taken);
  LoadBalancer lb{what.name,       what.realm_id,
                  timestamp(),     {what.name + "." + what.realm_id + ".loadbalancer.mock"},
                  {what.listener}, {}};
  store_->add(who.user, lb);
  done(std::move(lb));
}

void MockDriver::destroy_load_balancer(const Credentials& who, const std::string& id,
                                       Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<LoadBalancer>(who, id)) return done(make_error(ErrorKind::not_found));
  store_->erase<LoadBalancer>(id);
  done(Unit{});
}

void MockDriver::register_instance(const Credentials& who, const std::string& id,
                                   const std::string& instance_id, bool add,
                                   Callback<LoadBalancer> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto lb = owned<LoadBalancer>(who, id);
  if (!lb) return done(make_error(ErrorKind::not_found));
  auto& list = lb->instances;
  auto at = std::find(list.begin(), list.end(), instance_id);
  if (add) {
    if (!owned<MockInstance>(who, instance_id))
      return done(make_error(ErrorKind::not_found, "Instance '" + instance_id + "' not found"));
    if (at != list.end())
      return done(make_error(ErrorKind::conflict, "Instance '" + instance_id +
                                                      "' is already registered with '" + id + "'"));
    list.push_back(instance_id);
  } else {
    if (at == list.end())
      return done(make_error(ErrorKind::conflict,
                             "Instance '" + instance_id + "' is not registered with '" + id + "'"));
    list.erase(at);
  }
  store_->put(*lb);
  done(std::move(*lb));
}

}  // namespace dc::drivers::mock
