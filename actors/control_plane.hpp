#pragma once
// The actor engine behind one facade that includes no CAF: the HTTP front end calls these
// methods from its I/O threads; each sends one message and returns at once. Every reply callback
// is called exactly once, from an actor thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "actors/account.hpp"
#include "actors/instance_event.hpp"
#include "engine/cancellation.hpp"
#include "engine/driver.hpp"
#include "engine/driver_config.hpp"
#include "engine/job.hpp"

namespace dc::actors {

/// Settings of the engine.
///
/// | option                 | meaning                                                   | default |
/// |------------------------|-----------------------------------------------------------|---------|
/// | scheduler_threads      | CAF worker threads                                        | 2       |
/// | transient_poll         | first poll delay while an instance is in a transient state| 200 ms  |
/// | transient_poll_max     | poll delay after backing off (no change seen)             | 5 s     |
/// | resync_interval        | poll period when every instance is stable                 | 60 s    |
/// | event_history          | events kept for Last-Event-ID resume                      | 10000   |
/// | heartbeat_interval     | keep-alive period of event streams                        | 15 s    |
/// | finished_jobs_kept     | finished bulk jobs kept per account (memory and journal)  | 100     |
/// | max_job_instances      | instances one bulk job may make                           | 10000   |
/// | max_running_jobs       | bulk jobs running at once per account                     | 10      |
/// | max_accounts           | accounts (driver actors) held at once; at the cap, the    | 2000    |
/// |                        | least recently used quiet ones make room (503 meanwhile)  |         |
/// | max_logins_per_client  | new accounts one client address may have waiting for the  | 16      |
/// |                        | provider to accept their credentials (429 beyond)         |         |
/// | max_accounts_per_user  | accepted accounts of one driver's user (one per provider);| 64      |
/// |                        | past it, that user's least recently used quiet ones go    |         |
/// | account_idle           | a quiet account unused this long is let go                | 10 min  |
/// | track_retry            | first delay before a tracked account's credentials are    | 1 s     |
/// |                        | tried again after a transient failure (doubles each time) |         |
/// | track_retry_max        | longest such delay                                        | 60 s    |
struct ControlPlaneOptions {
  std::map<std::string, engine::DriverConfig> driver_configs;
  std::string data_dir;
  const engine::Clock* clock = nullptr;  // null: the system clock
  std::size_t scheduler_threads = 2;
  std::chrono::milliseconds transient_poll{200};
  std::chrono::milliseconds transient_poll_max{5000};
  std::chrono::milliseconds resync_interval{60000};
  std::size_t event_history = 10000;
  std::chrono::milliseconds heartbeat_interval{15000};
  std::size_t finished_jobs_kept = 100;
  std::size_t max_job_instances = 10000;
  std::size_t max_running_jobs = 10;
  std::size_t max_accounts = 2000;
  std::size_t max_logins_per_client = 16;
  std::size_t max_accounts_per_user = 64;
  std::chrono::milliseconds account_idle{600000};
  std::chrono::milliseconds track_retry{1000};
  std::chrono::milliseconds track_retry_max{60000};
  /// Renders an event as the streams send it; called once per event.
  std::function<RenderedEvent(const InstanceEvent&)> render_event;
};

class ControlPlane {
 public:
  template <class T>
  using Reply = engine::Callback<T>;
  /// Receives stream items in order, several at a time when events come fast; returns false
  /// when the subscriber is gone or cut off.
  using EventSink = std::function<bool(std::span<const StreamItem>)>;
  /// Hears that a tracked account's provider failed transiently, and when it is tried again.
  using TrackRetry =
      std::function<void(const engine::Error& error, std::chrono::milliseconds retry_in)>;

  explicit ControlPlane(ControlPlaneOptions options);
  ~ControlPlane();
  ControlPlane(const ControlPlane&) = delete;
  ControlPlane& operator=(const ControlPlane&) = delete;

  void authenticate(const Account& who, Reply<engine::Unit> done);

  /// The account's provider-defined profiles (drivers whose description lists none).
  void hardware_profiles(const Account& who, Reply<std::vector<engine::HardwareProfile>> done);
  void realms(const Account& who, Reply<std::vector<engine::Realm>> done);
  void realm(const Account& who, std::string id, Reply<engine::Realm> done);

  void images(const Account& who, Reply<std::vector<engine::Image>> done);
  void image(const Account& who, std::string id, Reply<engine::Image> done);
  void create_image(const Account& who, engine::ImageCreate what, Reply<engine::Image> done);
  void destroy_image(const Account& who, std::string id, Reply<engine::Unit> done);

  void instances(const Account& who, Reply<std::vector<engine::Instance>> done);
  void instance(const Account& who, std::string id, Reply<engine::Instance> done);
  void create_instance(const Account& who, engine::InstanceCreate what,
                       Reply<engine::Instance> done);
  /// Answers when the instance reaches `target` (or finish/error), or when `timeout` passes,
  /// with the instance as it is then; its actor answers, the client does not poll. When
  /// `cancel` fires (the client hung up) the wait ends at once and lets go of what it holds.
  void wait_for_instance(const Account& who, std::string id, engine::InstanceState target,
                         std::chrono::milliseconds timeout, engine::CancellationPtr cancel,
                         Reply<engine::Instance> done);
  /// start, stop or reboot, checked against the state machine by the instance's actor.
  void instance_action(const Account& who, std::string id, engine::InstanceAction action,
                       Reply<engine::Instance> done);
  void destroy_instance(const Account& who, std::string id, Reply<engine::Unit> done);
  void run_on_instance(const Account& who, std::string id, engine::RunCommand what,
                       Reply<engine::RunOutput> done);

  void volumes(const Account& who, Reply<std::vector<engine::StorageVolume>> done);
  void volume(const Account& who, std::string id, Reply<engine::StorageVolume> done);
  void create_volume(const Account& who, engine::VolumeCreate what,
                     Reply<engine::StorageVolume> done);
  void destroy_volume(const Account& who, std::string id, Reply<engine::Unit> done);
  void attach_volume(const Account& who, std::string id, engine::VolumeAttach to,
                     Reply<engine::StorageVolume> done);
  void detach_volume(const Account& who, std::string id, Reply<engine::StorageVolume> done);
  void snapshots(const Account& who, Reply<std::vector<engine::StorageSnapshot>> done);
  void snapshot(const Account& who, std::string id, Reply<engine::StorageSnapshot> done);
  void create_snapshot(const Account& who, engine::SnapshotCreate what,
                       Reply<engine::StorageSnapshot> done);
  void destroy_snapshot(const Account& who, std::string id, Reply<engine::Unit> done);

  void addresses(const Account& who, Reply<std::vector<engine::AllocatedAddress>> done);
  void address(const Account& who, std::string id, Reply<engine::AllocatedAddress> done);
  void create_address(const Account& who, Reply<engine::AllocatedAddress> done);
  void destroy_address(const Account& who, std::string id, Reply<engine::Unit> done);
  void associate_address(const Account& who, std::string id, std::string instance_id,
                         Reply<engine::Unit> done);
  void disassociate_address(const Account& who, std::string id, Reply<engine::Unit> done);

  void metrics(const Account& who, Reply<std::vector<engine::Metric>> done);
  void metric(const Account& who, std::string id, Reply<engine::Metric> done);

  void networks(const Account& who, Reply<std::vector<engine::Network>> done);
  void network(const Account& who, std::string id, Reply<engine::Network> done);
  void create_network(const Account& who, engine::NetworkCreate what, Reply<engine::Network> done);
  void destroy_network(const Account& who, std::string id, Reply<engine::Unit> done);
  void subnets(const Account& who, Reply<std::vector<engine::Subnet>> done);
  void subnet(const Account& who, std::string id, Reply<engine::Subnet> done);
  void create_subnet(const Account& who, engine::SubnetCreate what, Reply<engine::Subnet> done);
  void destroy_subnet(const Account& who, std::string id, Reply<engine::Unit> done);
  void network_interfaces(const Account& who, Reply<std::vector<engine::NetworkInterface>> done);
  void network_interface(const Account& who, std::string id, Reply<engine::NetworkInterface> done);
  void create_network_interface(const Account& who, engine::NetworkInterfaceCreate what,
                                Reply<engine::NetworkInterface> done);
  void destroy_network_interface(const Account& who, std::string id, Reply<engine::Unit> done);

  void firewalls(const Account& who, Reply<std::vector<engine::Firewall>> done);
  void firewall(const Account& who, std::string id, Reply<engine::Firewall> done);
  void create_firewall(const Account& who, engine::FirewallCreate what,
                       Reply<engine::Firewall> done);
  void destroy_firewall(const Account& who, std::string id, Reply<engine::Unit> done);
  void add_firewall_rule(const Account& who, std::string firewall_id,
                         engine::FirewallRuleCreate rule, Reply<engine::Firewall> done);
  void remove_firewall_rule(const Account& who, std::string firewall_id, std::string rule_id,
                            Reply<engine::Unit> done);

  void load_balancers(const Account& who, Reply<std::vector<engine::LoadBalancer>> done);
  void load_balancer(const Account& who, std::string id, Reply<engine::LoadBalancer> done);
  void create_load_balancer(const Account& who, engine::LoadBalancerCreate what,
                            Reply<engine::LoadBalancer> done);
  void destroy_load_balancer(const Account& who, std::string id, Reply<engine::Unit> done);
  void register_instance(const Account& who, std::string id, std::string instance_id, bool add,
                         Reply<engine::LoadBalancer> done);

  void buckets(const Account& who, Reply<std::vector<engine::Bucket>> done);
  void bucket(const Account& who, std::string id, Reply<engine::Bucket> done);
  void create_bucket(const Account& who, engine::BucketCreate what, Reply<engine::Bucket> done);
  void destroy_bucket(const Account& who, std::string id, Reply<engine::Unit> done);
  void blob(const Account& who, std::string bucket, std::string id, Reply<engine::Blob> done);
  void create_blob(const Account& who, engine::BlobCreate what, Reply<engine::Blob> done);
  void update_blob_metadata(const Account& who, std::string bucket, std::string id,
                            engine::BlobMetadata metadata, Reply<engine::BlobMetadata> done);
  void destroy_blob(const Account& who, std::string bucket, std::string id,
                    Reply<engine::Unit> done);
  void blob_content(const Account& who, std::string bucket, std::string id,
                    Reply<engine::BlobContent> done);

  void keys(const Account& who, Reply<std::vector<engine::Key>> done);
  void key(const Account& who, std::string id, Reply<engine::Key> done);
  void create_key(const Account& who, engine::KeyCreate what, Reply<engine::Key> done);
  void destroy_key(const Account& who, std::string id, Reply<engine::Unit> done);

  /// Streams the events matching `filter` to `sink`, first those after `last_event_id` still
  /// in the history. Returns the subscription's id for unsubscribe().
  std::uint64_t subscribe(EventFilter filter, std::optional<std::uint64_t> last_event_id,
                          EventSink sink);
  void unsubscribe(std::uint64_t subscription);
  /// Puts an event on the hub as an instance actor does (numbered, kept in the history, fanned
  /// out). For measuring the streams at rates no cloud produces on demand.
  void publish(InstanceEvent event);

  /// Starts a bulk job: journaled before any provider call, then run under the account's
  /// limits. Answers at once with the job's summary.
  void create_job(const Account& who, engine::JobSpec spec, Reply<engine::JobSummary> done);
  void jobs(const Account& who, Reply<std::vector<engine::JobSummary>> done);
  /// The job with up to `limit` of its instances' outcomes from `offset` on.
  void job(const Account& who, std::string id, std::size_t offset, std::size_t limit,
           Reply<engine::JobPage> done);
  /// Cancels the job's instances not asked for yet.
  void cancel_job(const Account& who, std::string id, Reply<engine::Unit> done);

  /// Tracks the account from now on, without waiting for a client's request: its instances are
  /// listed and observed, its events flow, its unfinished jobs resume. The credentials are
  /// tried at once and, while the provider fails transiently, again after growing delays (each
  /// failure goes to `retrying`, from an actor thread). `done` hears when tracking has started,
  /// or the error that rules it out (credentials refused, unknown driver).
  void track_account(const Account& who, TrackRetry retrying, Reply<engine::Unit> done);

  /// The account's counters: tracked instances, provider calls, retries, poll cycles.
  void account_stats(const Account& who, Reply<AccountStats> done);

  /// Number of accounts the directory holds (driver actors); for tests and metrics.
  std::size_t account_count() const;
  /// Client requests sent to accounts and not answered yet (waits included); for tests and
  /// metrics.
  std::size_t requests_in_flight() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dc::actors
