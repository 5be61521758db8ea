#pragma once
// Nova keypairs as our keys: the key's id is the keypair's name.

#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// `GET /os-keypairs`: each entry is wrapped as `{"keypair": {...}}`.
engine::Result<std::vector<engine::Key>> read_keypairs(const std::string& body);
/// `GET /os-keypairs/{name}` and `POST /os-keypairs`; a keypair Nova generated carries its
/// private key (the only time it is ever shown).
engine::Result<engine::Key> read_keypair(const std::string& body);
/// The body of `POST /os-keypairs`: with a public key it is imported, without one Nova makes it.
std::string keypair_create_body(const engine::KeyCreate& what);

}  // namespace dc::drivers::openstack
