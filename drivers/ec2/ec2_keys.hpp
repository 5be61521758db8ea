#pragma once
// Key pairs as keys: a key's id is its name, as in EC2 (and the original driver).

#include <pugixml.hpp>

#include <vector>

#include "engine/model.hpp"

namespace dc::drivers::ec2 {

/// Every key of a DescribeKeyPairsResponse.
std::vector<engine::Key> read_key_pairs(const pugi::xml_document& answer);

/// The key of a CreateKeyPairResponse (with its private key, shown this once) or an
/// ImportKeyPairResponse.
engine::Key read_created_key(const pugi::xml_document& answer);

}  // namespace dc::drivers::ec2
