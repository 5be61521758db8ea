// The mock cloud's access control: key pairs and firewalls (security groups) with their rules.

#include <algorithm>
#include <cstdlib>
#include <random>

#include "drivers/mock/mock_auth.hpp"
#include "drivers/mock/mock_driver.hpp"
#include "drivers/mock/mock_seed.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

using namespace dc::engine;

namespace {

std::string random_hex_pairs(std::size_t pairs) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < pairs; ++i) {
    if (i) out += ':';
    auto v = rng();
    out += hex[v & 0xf];
    out += hex[(v >> 4) & 0xf];
  }
  return out;
}

std::string random_pem() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int line = 0; line < 12; ++line) {
    for (int c = 0; c < 64; ++c) out += alphabet[rng() % 64];
    out += '\n';
  }
  return out + "-----END RSA PRIVATE KEY-----";
}

}  // namespace

// -- keys -----------------------------------------------------------------------------------------

void MockDriver::keys(const Credentials& who, Callback<std::vector<Key>> done) {
  list_records<Key>(who, std::move(done));
}

void MockDriver::key(const Credentials& who, const std::string& id, Callback<Key> done) {
  show_record<Key>(who, id, std::move(done));
}

void MockDriver::create_key(const Credentials& who, const KeyCreate& what, Callback<Key> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  if (!is_plain_name(what.name))
    return done(make_error(
        ErrorKind::validation,
        "Key name '" + what.name + "' is not a valid name (letters, digits, '.', '_', '-')"));
  auto guard = store_->lock();
  if (auto taken = name_taken<Key>(
          who, what.name, make_error(ErrorKind::forbidden, "Key with same name already exists")))
    return done(*taken);
  Key k;
  k.id = what.name;
  k.name = what.name;
  k.credential_type = "key";
  k.fingerprint = random_hex_pairs(20);
  k.pem = random_pem();
  store_->add(who.user, k);
  done(std::move(k));
}

void MockDriver::destroy_key(const Credentials& who, const std::string& id, Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Key>(who, id)) return done(make_error(ErrorKind::not_found));
  store_->erase<Key>(id);
  done(Unit{});
}

// -- firewalls ------------------------------------------------------------------------------------

void MockDriver::firewalls(const Credentials& who, Callback<std::vector<Firewall>> done) {
  list_records<Firewall>(who, std::move(done));
}

void MockDriver::firewall(const Credentials& who, const std::string& id, Callback<Firewall> done) {
  show_record<Firewall>(who, id, std::move(done));
}

void MockDriver::create_firewall(const Credentials& who, const FirewallCreate& what,
                                 Callback<Firewall> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  if (!is_plain_name(what.name))
    return done(make_error(
        ErrorKind::validation,
        "Firewall name '" + what.name + "' is not a valid name (letters, digits, '.', '_', '-')"));
  auto guard = store_->lock();
  if (auto taken = name_taken<Firewall>(
          who, what.name,
          make_error(ErrorKind::conflict, "Firewall '" + what.name + "' already exists")))
    return done(*taken);
  Firewall f{what.name, what.name, what.description, who.user, {}};
  store_->add(who.user, f);
  done(std::move(f));
}

void MockDriver::destroy_firewall(const Credentials& who, const std::string& id,
                                  Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Firewall>(who, id)) return done(make_error(ErrorKind::not_found));
  for (auto& r : store_->all<MockInstance>()) {
    auto& fws = r.instance.firewalls;
    if (fws && std::find(fws->begin(), fws->end(), id) != fws->end())
      return done(make_error(ErrorKind::conflict, "Firewall '" + id + "' is in use by instance '" +
                                                      r.instance.id + "'"));
  }
  store_->erase<Firewall>(id);
  done(Unit{});
}

void MockDriver::add_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                   const FirewallRuleCreate& rule, Callback<Firewall> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto f = owned<Firewall>(who, firewall_id);
  if (!f) return done(make_error(ErrorKind::not_found));
  // A group source is one of the caller's own firewalls, as a group of the same account in EC2.
  for (auto& source : rule.sources)
    if (source.type == "group" && (source.owner != who.user || !owned<Firewall>(who, source.name)))
      return done(make_error(ErrorKind::validation, "Firewall '" + source.name + "' not found"));
  // Rule ids are rule<N>, one above the highest the firewall has.
  int highest = 0;
  for (auto& r : f->rules)
    if (r.id.rfind("rule", 0) == 0) highest = std::max(highest, std::atoi(r.id.c_str() + 4));
  FirewallRule added{"rule" + std::to_string(highest + 1),
                     rule.protocol,
                     rule.port_from,
                     rule.port_to,
                     "ingress",
                     "accept",
                     rule.sources};
  f->rules.push_back(std::move(added));
  store_->put(*f);
  done(std::move(*f));
}

void MockDriver::remove_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                      const std::string& rule_id, Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto f = owned<Firewall>(who, firewall_id);
  if (!f) return done(make_error(ErrorKind::not_found));
  auto i = std::find_if(f->rules.begin(), f->rules.end(), [&](auto& r) { return r.id == rule_id; });
  if (i == f->rules.end())
    return done(make_error(ErrorKind::not_found, "Rule '" + rule_id + "' not found"));
  f->rules.erase(i);
  store_->put(*f);
  done(Unit{});
}

}  // namespace dc::drivers::mock
