#include "engine/driver.hpp"

#include <unordered_set>

namespace dc::engine {

namespace {

Error unsupported(const char* what) {
  return make_error(ErrorKind::not_supported, std::string{"This driver does not support "} + what);
}

}  // namespace

void Driver::authenticate(const Credentials& who, Callback<Unit> done) {
  realms(who, [done = std::move(done)](Result<std::vector<Realm>> r) {
    if (r)
      done(Unit{});
    else
      done(r.error());
  });
}

void Driver::hardware_profiles(const Credentials&, Callback<std::vector<HardwareProfile>> done) {
  done(info().hardware_profiles);
}
void Driver::realms(const Credentials&, Callback<std::vector<Realm>> done) {
  done(unsupported("realms"));
}
void Driver::realm(const Credentials&, const std::string&, Callback<Realm> done) {
  done(unsupported("realms"));
}
void Driver::images(const Credentials&, Callback<std::vector<Image>> done) {
  done(unsupported("images"));
}
void Driver::image(const Credentials&, const std::string&, Callback<Image> done) {
  done(unsupported("images"));
}
void Driver::create_image(const Credentials&, const ImageCreate&, Callback<Image> done) {
  done(unsupported("creating images"));
}
void Driver::destroy_image(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying images"));
}
void Driver::instances(const Credentials&, Callback<std::vector<Instance>> done) {
  done(unsupported("instances"));
}
void Driver::instance_page(const Credentials& who, const std::string& marker, std::size_t,
                           Callback<InstancePage> done) {
  if (!marker.empty()) return done(InstancePage{});  // everything came on the first page
  instances(who, [done](Result<std::vector<Instance>> r) {
    if (!r) return done(r.error());
    done(InstancePage{std::move(r.value()), {}, {}});
  });
}
void Driver::instances_by_id(const Credentials& who, const std::vector<std::string>& ids,
                             Callback<std::vector<Instance>> done) {
  instances(who, [ids, done](Result<std::vector<Instance>> r) {
    if (!r) return done(r.error());
    std::unordered_set<std::string> wanted(ids.begin(), ids.end());
    std::vector<Instance> out;
    for (auto& i : r.value())
      if (wanted.count(i.id)) out.push_back(std::move(i));
    done(std::move(out));
  });
}
void Driver::instance_changes(const Credentials&, const std::string&,
                              Callback<InstanceChanges> done) {
  done(unsupported("instance changes"));
}
void Driver::instance(const Credentials&, const std::string&, Callback<Instance> done) {
  done(unsupported("instances"));
}
void Driver::create_instance(const Credentials&, const InstanceCreate&, Callback<Instance> done) {
  done(unsupported("creating instances"));
}
void Driver::instance_action(const Credentials&, const std::string&, InstanceAction,
                             Callback<Instance> done) {
  done(unsupported("instance actions"));
}
void Driver::destroy_instance(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying instances"));
}
void Driver::run_on_instance(const Credentials&, const std::string&, const RunCommand&,
                             Callback<RunOutput> done) {
  done(unsupported("running commands on instances"));
}
void Driver::volumes(const Credentials&, Callback<std::vector<StorageVolume>> done) {
  done(unsupported("storage volumes"));
}
void Driver::volume(const Credentials&, const std::string&, Callback<StorageVolume> done) {
  done(unsupported("storage volumes"));
}
void Driver::create_volume(const Credentials&, const VolumeCreate&, Callback<StorageVolume> done) {
  done(unsupported("creating storage volumes"));
}
void Driver::destroy_volume(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying storage volumes"));
}
void Driver::attach_volume(const Credentials&, const std::string&, const VolumeAttach&,
                           Callback<StorageVolume> done) {
  done(unsupported("attaching storage volumes"));
}
void Driver::detach_volume(const Credentials&, const std::string&, Callback<StorageVolume> done) {
  done(unsupported("detaching storage volumes"));
}
void Driver::snapshots(const Credentials&, Callback<std::vector<StorageSnapshot>> done) {
  done(unsupported("storage snapshots"));
}
void Driver::snapshot(const Credentials&, const std::string&, Callback<StorageSnapshot> done) {
  done(unsupported("storage snapshots"));
}
void Driver::create_snapshot(const Credentials&, const SnapshotCreate&,
                             Callback<StorageSnapshot> done) {
  done(unsupported("creating storage snapshots"));
}
void Driver::destroy_snapshot(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying storage snapshots"));
}
void Driver::addresses(const Credentials&, Callback<std::vector<AllocatedAddress>> done) {
  done(unsupported("addresses"));
}
void Driver::address(const Credentials&, const std::string&, Callback<AllocatedAddress> done) {
  done(unsupported("addresses"));
}
void Driver::create_address(const Credentials&, Callback<AllocatedAddress> done) {
  done(unsupported("creating addresses"));
}
void Driver::destroy_address(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying addresses"));
}
void Driver::associate_address(const Credentials&, const std::string&, const std::string&,
                               Callback<Unit> done) {
  done(unsupported("associating addresses"));
}
void Driver::disassociate_address(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("disassociating addresses"));
}
void Driver::metrics(const Credentials&, Callback<std::vector<Metric>> done) {
  done(unsupported("metrics"));
}
void Driver::metric(const Credentials&, const std::string&, Callback<Metric> done) {
  done(unsupported("metrics"));
}
void Driver::networks(const Credentials&, Callback<std::vector<Network>> done) {
  done(unsupported("networks"));
}
void Driver::network(const Credentials&, const std::string&, Callback<Network> done) {
  done(unsupported("networks"));
}
void Driver::create_network(const Credentials&, const NetworkCreate&, Callback<Network> done) {
  done(unsupported("creating networks"));
}
void Driver::destroy_network(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying networks"));
}
void Driver::subnets(const Credentials&, Callback<std::vector<Subnet>> done) {
  done(unsupported("subnets"));
}
void Driver::subnet(const Credentials&, const std::string&, Callback<Subnet> done) {
  done(unsupported("subnets"));
}
void Driver::create_subnet(const Credentials&, const SubnetCreate&, Callback<Subnet> done) {
  done(unsupported("creating subnets"));
}
void Driver::destroy_subnet(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying subnets"));
}
void Driver::network_interfaces(const Credentials&, Callback<std::vector<NetworkInterface>> done) {
  done(unsupported("network interfaces"));
}
void Driver::network_interface(const Credentials&, const std::string&,
                               Callback<NetworkInterface> done) {
  done(unsupported("network interfaces"));
}
void Driver::create_network_interface(const Credentials&, const NetworkInterfaceCreate&,
                                      Callback<NetworkInterface> done) {
  done(unsupported("creating network interfaces"));
}
void Driver::destroy_network_interface(const Credentials&, const std::string&,
                                       Callback<Unit> done) {
  done(unsupported("destroying network interfaces"));
}
void Driver::firewalls(const Credentials&, Callback<std::vector<Firewall>> done) {
  done(unsupported("firewalls"));
}
void Driver::firewall(const Credentials&, const std::string&, Callback<Firewall> done) {
  done(unsupported("firewalls"));
}
void Driver::create_firewall(const Credentials&, const FirewallCreate&, Callback<Firewall> done) {
  done(unsupported("creating firewalls"));
}
void Driver::destroy_firewall(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying firewalls"));
}
void Driver::add_firewall_rule(const Credentials&, const std::string&, const FirewallRuleCreate&,
                               Callback<Firewall> done) {
  done(unsupported("firewall rules"));
}
void Driver::remove_firewall_rule(const Credentials&, const std::string&, const std::string&,
                                  Callback<Unit> done) {
  done(unsupported("firewall rules"));
}
void Driver::load_balancers(const Credentials&, Callback<std::vector<LoadBalancer>> done) {
  done(unsupported("load balancers"));
}
void Driver::load_balancer(const Credentials&, const std::string&, Callback<LoadBalancer> done) {
  done(unsupported("load balancers"));
}
void Driver::create_load_balancer(const Credentials&, const LoadBalancerCreate&,
                                  Callback<LoadBalancer> done) {
  done(unsupported("creating load balancers"));
}
void Driver::destroy_load_balancer(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying load balancers"));
}
void Driver::register_instance(const Credentials&, const std::string&, const std::string&, bool,
                               Callback<LoadBalancer> done) {
  done(unsupported("load balancer registration"));
}
void Driver::buckets(const Credentials&, Callback<std::vector<Bucket>> done) {
  done(unsupported("buckets"));
}
void Driver::bucket(const Credentials&, const std::string&, Callback<Bucket> done) {
  done(unsupported("buckets"));
}
void Driver::create_bucket(const Credentials&, const BucketCreate&, Callback<Bucket> done) {
  done(unsupported("creating buckets"));
}
void Driver::destroy_bucket(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying buckets"));
}
void Driver::blob(const Credentials&, const std::string&, const std::string&, Callback<Blob> done) {
  done(unsupported("blobs"));
}
void Driver::create_blob(const Credentials&, const BlobCreate&, Callback<Blob> done) {
  done(unsupported("creating blobs"));
}
void Driver::update_blob_metadata(const Credentials&, const std::string&, const std::string&,
                                  const BlobMetadata&, Callback<BlobMetadata> done) {
  done(unsupported("blob metadata"));
}
void Driver::destroy_blob(const Credentials&, const std::string&, const std::string&,
                          Callback<Unit> done) {
  done(unsupported("destroying blobs"));
}
void Driver::blob_content(const Credentials&, const std::string&, const std::string&,
                          Callback<BlobContent> done) {
  done(unsupported("blob content"));
}
void Driver::keys(const Credentials&, Callback<std::vector<Key>> done) {
  done(unsupported("keys"));
}
void Driver::key(const Credentials&, const std::string&, Callback<Key> done) {
  done(unsupported("keys"));
}
void Driver::create_key(const Credentials&, const KeyCreate&, Callback<Key> done) {
  done(unsupported("creating keys"));
}
void Driver::destroy_key(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying keys"));
}

}  // namespace dc::engine
