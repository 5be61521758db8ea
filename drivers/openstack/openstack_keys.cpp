// The openstack driver's keys: Nova keypairs.

#include "drivers/openstack/nova_keypairs.hpp"
#include "drivers/openstack/openstack_driver.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Key;

void OpenStackDriver::keys(const Credentials& who, Callback<std::vector<Key>> done) {
  call(who, "compute", "GET", "/os-keypairs", "", read_with<std::vector<Key>>(read_keypairs, done));
}

void OpenStackDriver::key(const Credentials& who, const std::string& id, Callback<Key> done) {
  // Names from clients go into URL paths: only letters, digits, `.`, `_` and `-`.
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  call(who, "compute", "GET", "/os-keypairs/" + id, "", read_with<Key>(read_keypair, done));
}

void OpenStackDriver::create_key(const Credentials& who, const engine::KeyCreate& what,
                                 Callback<Key> done) {
  if (!engine::is_plain_name(what.name))
    return done(engine::make_error(
        ErrorKind::validation, "A key name is letters, digits, '.', '_' and '-' (at most 255)"));
  call(who, "compute", "POST", "/os-keypairs", keypair_create_body(what),
       read_with<Key>(read_keypair, done));
}

void OpenStackDriver::destroy_key(const Credentials& who, const std::string& id,
                                  Callback<engine::Unit> done) {
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  call(who, "compute", "DELETE", "/os-keypairs/" + id, "", accepted(done));
}

}  // namespace dc::drivers::openstack
