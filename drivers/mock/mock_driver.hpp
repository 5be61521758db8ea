#pragma once
// The embedded mock cloud. It serves the original Deltacloud mock's seed data and behaves like a
// real cloud in time: a created instance is PENDING and becomes RUNNING by itself after
// `boot_delay`; a stopped one passes through STOPPING for `stop_delay`. Its state lives in a data
// directory (see MockStore), so a restarted server sees exactly what it had.
//
// | option (config/drivers/mock.yaml) | meaning                                  | default |
// |-----------------------------------|------------------------------------------|---------|
// | `boot_delay`                      | seconds PENDING lasts (0: immediate)     | 1       |
// | `stop_delay`                      | seconds STOPPING lasts (0: immediate)    | 1       |
// | `volume_delay`                    | seconds a new volume is CREATING         | 1       |
// | `durable_writes`                  | fsync every record (false: atomic only)  | true    |
//
// Accounts, rate limits, injected faults and boot jitter: see MockConditions. Every object
// belongs to one account (see MockStore): lists show the caller's, another account's object
// answers as a missing one, and an action relating two objects takes only the caller's. The
// seed images are public: every account launches them, only their owner destroys them. Ids are
// global (they are file names), so a name another account has is refused with 409 without
// saying whose, as S3 does for bucket names; scoping ids by owner would change every id and URL
// of the seed data. A create with a client token is done at most once per account and token.

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "drivers/mock/mock_auth.hpp"
#include "drivers/mock/mock_conditions.hpp"
#include "drivers/mock/mock_store.hpp"
#include "engine/clock.hpp"
#include "engine/driver.hpp"
#include "engine/driver_limits.hpp"

namespace dc::drivers::mock {

class MockDriver final : public engine::Driver {
 public:
  /// The mock's collections, features, profiles and state machine.
  static const engine::DriverInfo& describe();

  /// Throws engine::ConfigError for an option of the yaml it cannot use.
  explicit MockDriver(const engine::DriverSetup& setup);
  /// Reads every option as the constructor would, without opening the store (start-up check).
  static void check_options(const engine::DriverOptions& options);

  const engine::DriverInfo& info() const override { return describe(); }

  using Credentials = engine::Credentials;
  template <class T>
  using Callback = engine::Callback<T>;

  void authenticate(const Credentials& who, Callback<engine::Unit> done) override;

  void realms(const Credentials& who, Callback<std::vector<engine::Realm>> done) override;
  void realm(const Credentials& who, const std::string& id, Callback<engine::Realm> done) override;

  void images(const Credentials& who, Callback<std::vector<engine::Image>> done) override;
  void image(const Credentials& who, const std::string& id, Callback<engine::Image> done) override;
  void create_image(const Credentials& who, const engine::ImageCreate& what,
                    Callback<engine::Image> done) override;
  void destroy_image(const Credentials& who, const std::string& id,
                     Callback<engine::Unit> done) override;

  void instances(const Credentials& who, Callback<std::vector<engine::Instance>> done) override;
  void instance_page(const Credentials& who, const std::string& marker, std::size_t limit,
                     Callback<engine::InstancePage> done) override;
  void instances_by_id(const Credentials& who, const std::vector<std::string>& ids,
                       Callback<std::vector<engine::Instance>> done) override;
  void instance(const Credentials& who, const std::string& id,
                Callback<engine::Instance> done) override;
  void create_instance(const Credentials& who, const engine::InstanceCreate& what,
                       Callback<engine::Instance> done) override;
  void instance_action(const Credentials& who, const std::string& id, engine::InstanceAction action,
                       Callback<engine::Instance> done) override;
  void destroy_instance(const Credentials& who, const std::string& id,
                        Callback<engine::Unit> done) override;

  void run_on_instance(const Credentials& who, const std::string& id,
                       const engine::RunCommand& what, Callback<engine::RunOutput> done) override;

  void volumes(const Credentials& who, Callback<std::vector<engine::StorageVolume>> done) override;
  void volume(const Credentials& who, const std::string& id,
              Callback<engine::StorageVolume> done) override;
  void create_volume(const Credentials& who, const engine::VolumeCreate& what,
                     Callback<engine::StorageVolume> done) override;
  void destroy_volume(const Credentials& who, const std::string& id,
                      Callback<engine::Unit> done) override;
  void attach_volume(const Credentials& who, const std::string& id, const engine::VolumeAttach& to,
                     Callback<engine::StorageVolume> done) override;
  void detach_volume(const Credentials& who, const std::string& id,
                     Callback<engine::StorageVolume> done) override;
  void snapshots(const Credentials& who,
                 Callback<std::vector<engine::StorageSnapshot>> done) override;
  void snapshot(const Credentials& who, const std::string& id,
                Callback<engine::StorageSnapshot> done) override;
  void create_snapshot(const Credentials& who, const engine::SnapshotCreate& what,
                       Callback<engine::StorageSnapshot> done) override;
  void destroy_snapshot(const Credentials& who, const std::string& id,
                        Callback<engine::Unit> done) override;

  void addresses(const Credentials& who,
                 Callback<std::vector<engine::AllocatedAddress>> done) override;
  void address(const Credentials& who, const std::string& id,
               Callback<engine::AllocatedAddress> done) override;
  void create_address(const Credentials& who, Callback<engine::AllocatedAddress> done) override;
  void destroy_address(const Credentials& who, const std::string& id,
                       Callback<engine::Unit> done) override;
  void associate_address(const Credentials& who, const std::string& id,
                         const std::string& instance_id, Callback<engine::Unit> done) override;
  void disassociate_address(const Credentials& who, const std::string& id,
                            Callback<engine::Unit> done) override;

  void metrics(const Credentials& who, Callback<std::vector<engine::Metric>> done) override;
  void metric(const Credentials& who, const std::string& id,
              Callback<engine::Metric> done) override;

  void networks(const Credentials& who, Callback<std::vector<engine::Network>> done) override;
  void network(const Credentials& who, const std::string& id,
               Callback<engine::Network> done) override;
  void create_network(const Credentials& who, const engine::NetworkCreate& what,
                      Callback<engine::Network> done) override;
  void destroy_network(const Credentials& who, const std::string& id,
                       Callback<engine::Unit> done) override;
  void subnets(const Credentials& who, Callback<std::vector<engine::Subnet>> done) override;
  void subnet(const Credentials& who, const std::string& id,
              Callback<engine::Subnet> done) override;
  void create_subnet(const Credentials& who, const engine::SubnetCreate& what,
                     Callback<engine::Subnet> done) override;
  void destroy_subnet(const Credentials& who, const std::string& id,
                      Callback<engine::Unit> done) override;
  void network_interfaces(const Credentials& who,
                          Callback<std::vector<engine::NetworkInterface>> done) override;
  void network_interface(const Credentials& who, const std::string& id,
                         Callback<engine::NetworkInterface> done) override;
  void create_network_interface(const Credentials& who, const engine::NetworkInterfaceCreate& what,
                                Callback<engine::NetworkInterface> done) override;
  void destroy_network_interface(const Credentials& who, const std::string& id,
                                 Callback<engine::Unit> done) override;

  void firewalls(const Credentials& who, Callback<std::vector<engine::Firewall>> done) override;
  void firewall(const Credentials& who, const std::string& id,
                Callback<engine::Firewall> done) override;
  void create_firewall(const Credentials& who, const engine::FirewallCreate& what,
                       Callback<engine::Firewall> done) override;
  void destroy_firewall(const Credentials& who, const std::string& id,
                        Callback<engine::Unit> done) override;
  void add_firewall_rule(const Credentials& who, const std::string& firewall_id,
                         const engine::FirewallRuleCreate& rule,
                         Callback<engine::Firewall> done) override;
  void remove_firewall_rule(const Credentials& who, const std::string& firewall_id,
                            const std::string& rule_id, Callback<engine::Unit> done) override;

  void load_balancers(const Credentials& who,
                      Callback<std::vector<engine::LoadBalancer>> done) override;
  void load_balancer(const Credentials& who, const std::string& id,
                     Callback<engine::LoadBalancer> done) override;
  void create_load_balancer(const Credentials& who, const engine::LoadBalancerCreate& what,
                            Callback<engine::LoadBalancer> done) override;
  void destroy_load_balancer(const Credentials& who, const std::string& id,
                             Callback<engine::Unit> done) override;
  void register_instance(const Credentials& who, const std::string& id,
                         const std::string& instance_id, bool add,
                         Callback<engine::LoadBalancer> done) override;

  void buckets(const Credentials& who, Callback<std::vector<engine::Bucket>> done) override;
  void bucket(const Credentials& who, const std::string& id,
              Callback<engine::Bucket> done) override;
  void create_bucket(const Credentials& who, const engine::BucketCreate& what,
                     Callback<engine::Bucket> done) override;
  void destroy_bucket(const Credentials& who, const std::string& id,
                      Callback<engine::Unit> done) override;
  void blob(const Credentials& who, const std::string& bucket, const std::string& id,
            Callback<engine::Blob> done) override;
  void create_blob(const Credentials& who, const engine::BlobCreate& what,
                   Callback<engine::Blob> done) override;
  void update_blob_metadata(const Credentials& who, const std::string& bucket,
                            const std::string& id, const engine::BlobMetadata& metadata,
                            Callback<engine::BlobMetadata> done) override;
  void destroy_blob(const Credentials& who, const std::string& bucket, const std::string& id,
                    Callback<engine::Unit> done) override;
  void blob_content(const Credentials& who, const std::string& bucket, const std::string& id,
                    Callback<engine::BlobContent> done) override;

  void keys(const Credentials& who, Callback<std::vector<engine::Key>> done) override;
  void key(const Credentials& who, const std::string& id, Callback<engine::Key> done) override;
  void create_key(const Credentials& who, const engine::KeyCreate& what,
                  Callback<engine::Key> done) override;
  void destroy_key(const Credentials& who, const std::string& id,
                   Callback<engine::Unit> done) override;

 private:
  MockDriver(const engine::DriverSetup& setup, const engine::DriverOptions& options);

  bool authentic(const Credentials& who) const { return conditions_.authentic(who); }
  /// What the cloud answers instead of serving a call of `api_class`, if anything: `refusal`
  /// for credentials it does not know; then, when its yaml says so, the class's throttling
  /// error or an injected fault (before the work). Every call of every collection asks first
  /// (instance reads through MockConditions::refuse_read); instance creates may also fault
  /// after the work.
  std::optional<engine::Error> refused(const Credentials& who, const char* api_class,
                                       engine::Error (*refusal)() = auth_failure);
  /// A list: the caller's records of a kind and the public ones, once the cloud serves it.
  template <class T>
  void list_records(const Credentials& who, Callback<std::vector<T>> done) {
    if (auto refusal = refused(who, engine::describe_calls, list_auth_failure))
      return done(*refusal);
    done(store_->visible_to<T>(who.user));
  }
  /// A show: the caller's record `id` (404 when it is missing or another account's).
  template <class T>
  void show_record(const Credentials& who, const std::string& id, Callback<T> done) {
    if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
    auto record = owned<T>(who, id);
    if (!record) return done(engine::make_error(engine::ErrorKind::not_found));
    done(std::move(*record));
  }
  /// The caller's record `id`; nothing when it is missing or another account's: the caller
  /// cannot tell the two apart.
  template <class T>
  std::optional<T> owned(const Credentials& who, const std::string& id) const {
    return store_->owned<T>(who.user, id);
  }
  /// Why `name` cannot name a new record of the caller's: `if_own` when the caller has one of
  /// that name already; 409 when another account has, since ids are global (file names). That
  /// answer does not say whose it is.
  template <class T>
  std::optional<engine::Error> name_taken(const Credentials& who, const std::string& name,
                                          engine::Error if_own) const {
    auto ownership = store_->ownership<T>(name);
    if (!ownership) return std::nullopt;
    if (ownership->owner == who.user) return if_own;
    return engine::make_error(
        engine::ErrorKind::conflict,
        "Name '" + name + "' is not available: names are unique across all accounts");
  }
  /// Applies every automatic transition whose time has come, persisting what changed.
  MockInstance settle(MockInstance record);
  /// What other records say about instances, keyed by instance id.
  struct Relations {
    std::unordered_map<std::string, std::vector<engine::VolumeAttachment>> volumes;
    std::unordered_map<std::string, std::vector<std::string>> interfaces;
    std::unordered_map<std::string, std::string> addresses;  // associated public IP
  };
  /// Built from the caller's records only, so an instance never shows another account's.
  Relations relations(const Credentials& who) const;
  /// The instance as clients see it: stored record plus its relations (attached volumes,
  /// interfaces, associated address). Never stored.
  engine::Instance view(const MockInstance& stored, const Relations& related) const;
  /// Enters `state`, scheduling its automatic way out when it has one.
  void enter(MockInstance& record, engine::InstanceState state);
  engine::Image with_profiles(engine::Image image) const;
  /// The image `id` when the caller owns it or it is public.
  std::optional<engine::Image> visible_image(const Credentials& who, const std::string& id) const;
  /// The network with the ids of the subnets that name it.
  engine::Network with_subnets(engine::Network network) const;
  /// Ends CREATING when its time has come, persisting the change.
  MockVolume settle(MockVolume record);
  /// A fresh id `<prefix><unix seconds>`, suffixed when that second is taken already.
  template <class T>
  std::string fresh_id(const std::string& prefix) const {
    auto base = prefix + std::to_string(engine::to_unix_ms(clock_.now()) / 1000);
    auto id = base;
    // The original allocated one id per second and collided; a suffix keeps ids unique.
    for (int n = 2; store_->get<T>(id); ++n) id = base + "_" + std::to_string(n);
    return id;
  }
  /// `YYYY-MM-DD HH:MM:SS +0000` of the mock's clock.
  std::string timestamp() const;
  /// The bucket with the ids of its blobs.
  engine::Bucket with_blobs(engine::Bucket bucket) const;
  /// The blob as clients see it: its record, with the content when it is small.
  engine::Blob view(const MockBlob& stored) const;

  std::shared_ptr<MockStore> store_;
  const engine::Clock& clock_;
  std::chrono::milliseconds boot_delay_;
  std::chrono::milliseconds stop_delay_;
  std::chrono::milliseconds volume_delay_;
  MockConditions conditions_;
};

}  // namespace dc::drivers::mock
