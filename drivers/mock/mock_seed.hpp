#pragma once
// The seed data of the original Deltacloud mock cloud: same ids, same values.

#include <string>
#include <utility>
#include <vector>

#include "drivers/mock/mock_store.hpp"
#include "engine/model.hpp"

namespace dc::drivers::mock {

std::vector<engine::Image> seed_images();
std::vector<MockInstance> seed_instances();
std::vector<engine::Key> seed_keys();
std::vector<engine::Realm> mock_realms();
std::vector<MockVolume> seed_volumes();
std::vector<engine::StorageSnapshot> seed_snapshots();
std::vector<engine::AllocatedAddress> seed_addresses();
std::vector<engine::Network> seed_networks();
std::vector<engine::Subnet> seed_subnets();
std::vector<engine::NetworkInterface> seed_network_interfaces();
std::vector<engine::Firewall> seed_firewalls();
std::vector<engine::LoadBalancer> seed_load_balancers();
std::vector<engine::Bucket> seed_buckets();
/// The seed blobs (records without content) with their bytes.
std::vector<std::pair<engine::Blob, std::string>> seed_blobs_with_content();

}  // namespace dc::drivers::mock
