#pragma once
// The interface every cloud driver implements. Operations are asynchronous: each takes a
// callback that the driver calls exactly once, from a continuation run by its Executor (inside
// its driver actor), or at once when the answer is local.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/driver_info.hpp"
#include "engine/executor.hpp"
#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::engine {

/// What a client authenticated with. Held in memory only; never logged or written.
struct Credentials {
  std::string user;
  std::string password;
};

template <class T>
using Callback = std::function<void(Result<T>)>;

/// Everything a driver is built from.
struct DriverSetup {
  std::string provider;  // empty = the driver's default
  /// The selected provider's entrypoints from the driver's yaml (kind → URL); empty when the
  /// yaml lists none for it.
  std::vector<std::pair<std::string, std::string>> entrypoints;
  /// Scalar options of the driver's yaml (`options:` map), as text.
  std::map<std::string, std::string> options;
  /// Where a driver that keeps local state (mock) keeps it.
  std::string data_dir;
  const Clock* clock = nullptr;
  /// Runs the driver's continuations in its driver actor. Shared: a transfer still in flight when
  /// the driver goes away may post to it later (the work is then dropped).
  std::shared_ptr<Executor> executor;
};

class Driver {
 public:
  virtual ~Driver() = default;

  /// The driver's static description (same object as the registry's).
  virtual const DriverInfo& info() const = 0;

  /// Checks credentials without side effects.
  virtual void authenticate(const Credentials& who, Callback<Unit> done);

  // -- hardware profiles
  // ---------------------------------------------------------------------------
  /// The profiles of the account's cloud, for drivers whose info lists none because the provider
  /// defines them (OpenStack flavors). The default answers the info's list.
  virtual void hardware_profiles(const Credentials& who,
                                 Callback<std::vector<HardwareProfile>> done);

  // -- realms ------------------------------------------------------------------------------------
  virtual void realms(const Credentials& who, Callback<std::vector<Realm>> done);
  virtual void realm(const Credentials& who, const std::string& id, Callback<Realm> done);

  // -- images ------------------------------------------------------------------------------------
  virtual void images(const Credentials& who, Callback<std::vector<Image>> done);
  virtual void image(const Credentials& who, const std::string& id, Callback<Image> done);
  virtual void create_image(const Credentials& who, const ImageCreate& what, Callback<Image> done);
  virtual void destroy_image(const Credentials& who, const std::string& id, Callback<Unit> done);

  // -- instances ---------------------------------------------------------------------------------
  /// All instances of the account: one batched provider call (the poll cycle uses it).
  virtual void instances(const Credentials& who, Callback<std::vector<Instance>> done);
  /// A page of the account's instances after `marker` (empty: from the start), at most `limit`:
  /// one provider call. The default serves everything of instances() as one page.
  virtual void instance_page(const Credentials& who, const std::string& marker, std::size_t limit,
                             Callback<InstancePage> done);
  /// The instances among `ids` that exist (at most a page of ids): one provider call. The
  /// default filters instances().
  virtual void instances_by_id(const Credentials& who, const std::vector<std::string>& ids,
                               Callback<std::vector<Instance>> done);
  /// The account's instances changed since `mark` (a mark from an earlier answer or from
  /// InstancePage::change_mark): what a poll cycle asks of a provider that reports changes, one
  /// call however many instances are in transit. The default: not supported (ErrorKind::
  /// not_supported), and the engine describes transient instances by id instead.
  virtual void instance_changes(const Credentials& who, const std::string& mark,
                                Callback<InstanceChanges> done);
  virtual void instance(const Credentials& who, const std::string& id, Callback<Instance> done);
  virtual void create_instance(const Credentials& who, const InstanceCreate& what,
                               Callback<Instance> done);
  /// start, stop or reboot; the caller has checked the state machine.
  virtual void instance_action(const Credentials& who, const std::string& id, InstanceAction action,
                               Callback<Instance> done);
  virtual void destroy_instance(const Credentials& who, const std::string& id, Callback<Unit> done);
  /// Runs a command on the instance (drivers with `supports_run`).
  virtual void run_on_instance(const Credentials& who, const std::string& id,
                               const RunCommand& what, Callback<RunOutput> done);

  // -- storage volumes and snapshots ----------------------------------------------------------
  virtual void volumes(const Credentials& who, Callback<std::vector<StorageVolume>> done);
  virtual void volume(const Credentials& who, const std::string& id, Callback<StorageVolume> done);
  virtual void create_volume(const Credentials& who, const VolumeCreate& what,
                             Callback<StorageVolume> done);
  virtual void destroy_volume(const Credentials& who, const std::string& id, Callback<Unit> done);
  virtual void attach_volume(const Credentials& who, const std::string& id, const VolumeAttach& to,
                             Callback<StorageVolume> done);
  virtual void detach_volume(const Credentials& who, const std::string& id,
                             Callback<StorageVolume> done);
  virtual void snapshots(const Credentials& who, Callback<std::vector<StorageSnapshot>> done);
  virtual void snapshot(const Credentials& who, const std::string& id,
                        Callback<StorageSnapshot> done);
  virtual void create_snapshot(const Credentials& who, const SnapshotCreate& what,
                               Callback<StorageSnapshot> done);
  virtual void destroy_snapshot(const Credentials& who, const std::string& id, Callback<Unit> done);

  // -- addresses --------------------------------------------------------------------------------
  virtual void addresses(const Credentials& who, Callback<std::vector<AllocatedAddress>> done);
  virtual void address(const Credentials& who, const std::string& id,
                       Callback<AllocatedAddress> done);
  virtual void create_address(const Credentials& who, Callback<AllocatedAddress> done);
  virtual void destroy_address(const Credentials& who, const std::string& id, Callback<Unit> done);
  virtual void associate_address(const Credentials& who, const std::string& id,
                                 const std::string& instance_id, Callback<Unit> done);
  virtual void disassociate_address(const Credentials& who, const std::string& id,
                                    Callback<Unit> done);

  // -- metrics ----------------------------------------------------------------------------------
  /// One metric per monitored instance, properties named but without samples.
  virtual void metrics(const Credentials& who, Callback<std::vector<Metric>> done);
  /// One instance's metric with recent samples.
  virtual void metric(const Credentials& who, const std::string& id, Callback<Metric> done);

  // -- networks, subnets, network interfaces ----------------------------------------------------
  virtual void networks(const Credentials& who, Callback<std::vector<Network>> done);
  virtual void network(const Credentials& who, const std::string& id, Callback<Network> done);
  virtual void create_network(const Credentials& who, const NetworkCreate& what,
                              Callback<Network> done);
  virtual void destroy_network(const Credentials& who, const std::string& id, Callback<Unit> done);
  virtual void subnets(const Credentials& who, Callback<std::vector<Subnet>> done);
  virtual void subnet(const Credentials& who, const std::string& id, Callback<Subnet> done);
  virtual void create_subnet(const Credentials& who, const SubnetCreate& what,
                             Callback<Subnet> done);
  virtual void destroy_subnet(const Credentials& who, const std::string& id, Callback<Unit> done);
  virtual void network_interfaces(const Credentials& who,
                                  Callback<std::vector<NetworkInterface>> done);
  virtual void network_interface(const Credentials& who, const std::string& id,
                                 Callback<NetworkInterface> done);
  virtual void create_network_interface(const Credentials& who, const NetworkInterfaceCreate& what,
                                        Callback<NetworkInterface> done);
  virtual void destroy_network_interface(const Credentials& who, const std::string& id,
                                         Callback<Unit> done);

  // -- firewalls ---------------------------------------------------------------------------------
  virtual void firewalls(const Credentials& who, Callback<std::vector<Firewall>> done);
  virtual void firewall(const Credentials& who, const std::string& id, Callback<Firewall> done);
  virtual void create_firewall(const Credentials& who, const FirewallCreate& what,
                               Callback<Firewall> done);
  virtual void destroy_firewall(const Credentials& who, const std::string& id, Callback<Unit> done);
  /// Adds a rule; answers the firewall with it.
  virtual void add_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                 const FirewallRuleCreate& rule, Callback<Firewall> done);
  virtual void remove_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                    const std::string& rule_id, Callback<Unit> done);

  // -- load balancers ----------------------------------------------------------------------------
  virtual void load_balancers(const Credentials& who, Callback<std::vector<LoadBalancer>> done);
  virtual void load_balancer(const Credentials& who, const std::string& id,
                             Callback<LoadBalancer> done);
  virtual void create_load_balancer(const Credentials& who, const LoadBalancerCreate& what,
                                    Callback<LoadBalancer> done);
  virtual void destroy_load_balancer(const Credentials& who, const std::string& id,
                                     Callback<Unit> done);
  /// Registers (or with `add` false, unregisters) an instance; answers the balancer.
  virtual void register_instance(const Credentials& who, const std::string& id,
                                 const std::string& instance_id, bool add,
                                 Callback<LoadBalancer> done);

  // -- buckets and blobs ------------------------------------------------------------------------
  virtual void buckets(const Credentials& who, Callback<std::vector<Bucket>> done);
  virtual void bucket(const Credentials& who, const std::string& id, Callback<Bucket> done);
  virtual void create_bucket(const Credentials& who, const BucketCreate& what,
                             Callback<Bucket> done);
  /// Refused (conflict) while the bucket holds blobs.
  virtual void destroy_bucket(const Credentials& who, const std::string& id, Callback<Unit> done);
  virtual void blob(const Credentials& who, const std::string& bucket, const std::string& id,
                    Callback<Blob> done);
  /// Creates or replaces a blob. A staged upload is moved into the driver's keeping (or sent to
  /// the provider); it is never read into memory.
  virtual void create_blob(const Credentials& who, const BlobCreate& what, Callback<Blob> done);
  /// Replaces the whole metadata map; answers the metadata as stored.
  virtual void update_blob_metadata(const Credentials& who, const std::string& bucket,
                                    const std::string& id, const BlobMetadata& metadata,
                                    Callback<BlobMetadata> done);
  virtual void destroy_blob(const Credentials& who, const std::string& bucket,
                            const std::string& id, Callback<Unit> done);
  /// The blob's bytes, open for streaming to the client.
  virtual void blob_content(const Credentials& who, const std::string& bucket,
                            const std::string& id, Callback<BlobContent> done);

  // -- keys --------------------------------------------------------------------------------------
  virtual void keys(const Credentials& who, Callback<std::vector<Key>> done);
  virtual void key(const Credentials& who, const std::string& id, Callback<Key> done);
  virtual void create_key(const Credentials& who, const KeyCreate& what, Callback<Key> done);
  virtual void destroy_key(const Credentials& who, const std::string& id, Callback<Unit> done);
};

}  // namespace dc::engine
