#pragma once
// The openstack driver: Keystone v3 for tokens and the service catalog, Nova for realms,
// instances and keys, Glance for images, Cinder for storage, Neutron for firewalls and
// addresses, Swift for buckets, all through the shared libcurl client. Every answer is handed
// to the driver actor's executor, so the driver's state (the token) is only touched there.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "drivers/http/http_client.hpp"
#include "drivers/openstack/glance_images.hpp"
#include "drivers/openstack/keystone.hpp"
#include "drivers/openstack/neutron_floating_ips.hpp"
#include "drivers/openstack/openstack_account.hpp"
#include "engine/driver.hpp"
#include "engine/driver_options.hpp"

namespace dc::drivers::openstack {

class OpenStackDriver final : public engine::Driver {
 public:
  /// Throws engine::ConfigError for an option of the yaml it cannot use.
  explicit OpenStackDriver(const engine::DriverSetup& setup);
  /// Reads every option as the constructor would (start-up check).
  static void check_options(const engine::DriverOptions& options);

  const engine::DriverInfo& info() const override;

  void authenticate(const engine::Credentials& who, engine::Callback<engine::Unit> done) override;

  void hardware_profiles(const engine::Credentials& who,
                         engine::Callback<std::vector<engine::HardwareProfile>> done) override;

  void realms(const engine::Credentials& who,
              engine::Callback<std::vector<engine::Realm>> done) override;
  void realm(const engine::Credentials& who, const std::string& id,
             engine::Callback<engine::Realm> done) override;

  void images(const engine::Credentials& who,
              engine::Callback<std::vector<engine::Image>> done) override;
  void image(const engine::Credentials& who, const std::string& id,
             engine::Callback<engine::Image> done) override;
  void create_image(const engine::Credentials& who, const engine::ImageCreate& what,
                    engine::Callback<engine::Image> done) override;
  void destroy_image(const engine::Credentials& who, const std::string& id,
                     engine::Callback<engine::Unit> done) override;

  void instances(const engine::Credentials& who,
                 engine::Callback<std::vector<engine::Instance>> done) override;
  void instance_page(const engine::Credentials& who, const std::string& marker, std::size_t limit,
                     engine::Callback<engine::InstancePage> done) override;
  void instance_changes(const engine::Credentials& who, const std::string& mark,
                        engine::Callback<engine::InstanceChanges> done) override;
  void instance(const engine::Credentials& who, const std::string& id,
                engine::Callback<engine::Instance> done) override;
  void create_instance(const engine::Credentials& who, const engine::InstanceCreate& what,
                       engine::Callback<engine::Instance> done) override;
  void instance_action(const engine::Credentials& who, const std::string& id,
                       engine::InstanceAction action,
                       engine::Callback<engine::Instance> done) override;
  void destroy_instance(const engine::Credentials& who, const std::string& id,
                        engine::Callback<engine::Unit> done) override;

  void keys(const engine::Credentials& who,
            engine::Callback<std::vector<engine::Key>> done) override;
  void key(const engine::Credentials& who, const std::string& id,
           engine::Callback<engine::Key> done) override;
  void create_key(const engine::Credentials& who, const engine::KeyCreate& what,
                  engine::Callback<engine::Key> done) override;
  void destroy_key(const engine::Credentials& who, const std::string& id,
                   engine::Callback<engine::Unit> done) override;

  void volumes(const engine::Credentials& who,
               engine::Callback<std::vector<engine::StorageVolume>> done) override;
  void volume(const engine::Credentials& who, const std::string& id,
              engine::Callback<engine::StorageVolume> done) override;
  void create_volume(const engine::Credentials& who, const engine::VolumeCreate& what,
                     engine::Callback<engine::StorageVolume> done) override;
  void destroy_volume(const engine::Credentials& who, const std::string& id,
                      engine::Callback<engine::Unit> done) override;
  void attach_volume(const engine::Credentials& who, const std::string& id,
                     const engine::VolumeAttach& to,
                     engine::Callback<engine::StorageVolume> done) override;
  void detach_volume(const engine::Credentials& who, const std::string& id,
                     engine::Callback<engine::StorageVolume> done) override;
  void snapshots(const engine::Credentials& who,
                 engine::Callback<std::vector<engine::StorageSnapshot>> done) override;
  void snapshot(const engine::Credentials& who, const std::string& id,
                engine::Callback<engine::StorageSnapshot> done) override;
  void create_snapshot(const engine::Credentials& who, const engine::SnapshotCreate& what,
                       engine::Callback<engine::StorageSnapshot> done) override;
  void destroy_snapshot(const engine::Credentials& who, const std::string& id,
                        engine::Callback<engine::Unit> done) override;

  void addresses(const engine::Credentials& who,
                 engine::Callback<std::vector<engine::AllocatedAddress>> done) override;
  void address(const engine::Credentials& who, const std::string& id,
               engine::Callback<engine::AllocatedAddress> done) override;
  void create_address(const engine::Credentials& who,
                      engine::Callback<engine::AllocatedAddress> done) override;
  void destroy_address(const engine::Credentials& who, const std::string& id,
                       engine::Callback<engine::Unit> done) override;
  void associate_address(const engine::Credentials& who, const std::string& id,
                         const std::string& instance_id,
                         engine::Callback<engine::Unit> done) override;
  void disassociate_address(const engine::Credentials& who, const std::string& id,
                            engine::Callback<engine::Unit> done) override;

  void firewalls(const engine::Credentials& who,
                 engine::Callback<std::vector<engine::Firewall>> done) override;
  void firewall(const engine::Credentials& who, const std::string& id,
                engine::Callback<engine::Firewall> done) override;
  void create_firewall(const engine::Credentials& who, const engine::FirewallCreate& what,
                       engine::Callback<engine::Firewall> done) override;
  void destroy_firewall(const engine::Credentials& who, const std::string& id,
                        engine::Callback<engine::Unit> done) override;
  void add_firewall_rule(const engine::Credentials& who, const std::string& firewall_id,
                         const engine::FirewallRuleCreate& rule,
                         engine::Callback<engine::Firewall> done) override;
  void remove_firewall_rule(const engine::Credentials& who, const std::string& firewall_id,
                            const std::string& rule_id,
                            engine::Callback<engine::Unit> done) override;

  void buckets(const engine::Credentials& who,
               engine::Callback<std::vector<engine::Bucket>> done) override;
  void bucket(const engine::Credentials& who, const std::string& id,
              engine::Callback<engine::Bucket> done) override;
  void create_bucket(const engine::Credentials& who, const engine::BucketCreate& what,
                     engine::Callback<engine::Bucket> done) override;
  void destroy_bucket(const engine::Credentials& who, const std::string& id,
                      engine::Callback<engine::Unit> done) override;
  void blob(const engine::Credentials& who, const std::string& bucket, const std::string& id,
            engine::Callback<engine::Blob> done) override;
  void create_blob(const engine::Credentials& who, const engine::BlobCreate& what,
                   engine::Callback<engine::Blob> done) override;
  void update_blob_metadata(const engine::Credentials& who, const std::string& bucket,
                            const std::string& id, const engine::BlobMetadata& metadata,
                            engine::Callback<engine::BlobMetadata> done) override;
  void destroy_blob(const engine::Credentials& who, const std::string& bucket,
                    const std::string& id, engine::Callback<engine::Unit> done) override;
  void blob_content(const engine::Credentials& who, const std::string& bucket,
                    const std::string& id, engine::Callback<engine::BlobContent> done) override;

 private:
  OpenStackDriver(const engine::DriverSetup& setup, const engine::DriverOptions& options);
  /// Gives a server Nova has not placed yet the zone it is bound for (see requested_zones_).
  void place(engine::Instance& instance);
  /// learns default_zone_ first when it is not known yet, then runs `then`.
  void with_default_zone(const engine::Credentials& who, std::function<void()> then);

  using Answer = std::function<void(engine::Result<http::Response>)>;

  /// An answer handler that reads the body with `read` and hands on what it read.
  template <class T, class Read>
  static Answer read_with(Read read, engine::Callback<T> done) {
    return [read, done](engine::Result<http::Response> r) {
      if (!r) return done(r.error());
      done(read(r.value().body));
    };
  }
  /// An answer handler for calls whose answer says nothing more than that they were taken.
  static Answer accepted(engine::Callback<engine::Unit> done) {
    return [done](engine::Result<http::Response> r) {
      if (!r) return done(r.error());
      done(engine::Unit{});
    };
  }
  using TokenReady = std::function<void(engine::Result<const Token*>)>;

  /// Calls a service of the catalog (`compute`, `image`) with a valid token. A 401 means the
  /// token died early (revoked, expired): it is renewed once and the call repeated, so the
  /// client never notices.
  void call(const engine::Credentials& who, std::string service, std::string method,
            std::string path, std::string body, Answer done);
  /// The same for a request of any shape; its `url` is the path under the service's endpoint,
  /// where `{project_id}` stands for the token's project.
  void call(const engine::Credentials& who, std::string service, http::Request request, Answer done,
            bool renewed = false);
  /// A token for `who`: the cached one while it has more than the refresh margin left, else a
  /// new one (concurrent callers share one login).
  void with_token(const engine::Credentials& who, bool renew, TokenReady then);
  /// Sends on the shared client; the answer comes back through the executor. Requests that
  /// stream a file keep their own timeout; the others get the driver's.
  void send(http::Request request, std::function<void(http::Response)> done);
  /// Every page of `GET path(marker)` on Nova's servers, with the change mark of the first.
  void all_servers(const engine::Credentials& who,
                   std::function<std::string(const std::string& marker)> path, std::string marker,
                   engine::InstanceChanges so_far, engine::Callback<engine::InstanceChanges> done);
  /// The server whose metadata carries `token`, among those named `name`.
  void find_by_token(const engine::Credentials& who, const std::string& name,
                     const std::string& token,
                     std::function<void(engine::Result<std::optional<std::string>>)> done);
  /// The floating IP whose address is `ip`.
  void floating_ip(const engine::Credentials& who, const std::string& ip,
                   engine::Callback<FloatingIp> done);
  /// Makes the Neutron rules of `bodies` one after the other (`made` are those done); when one
  /// fails, those made are removed again.
  void add_rules(const engine::Credentials& who, std::vector<std::string> bodies,
                 std::vector<std::string> made, engine::Callback<engine::Unit> done);
  /// Every image of Glance's list from `path` on, following its `next` pages.
  void image_pages(const engine::Credentials& who, std::string path,
                   std::vector<GlanceImage> so_far,
                   engine::Callback<std::vector<GlanceImage>> done);
  /// The images with the flavors each one boots on as its hardware profiles.
  void with_profiles(const engine::Credentials& who, std::vector<GlanceImage> images,
                     engine::Callback<std::vector<engine::Image>> done);
  /// A listing of all buckets in progress: each container's objects are listed, a window of
  /// them at a time.
  struct BucketGather {
    std::vector<std::string> names;
    std::vector<std::optional<engine::Bucket>> found;
    std::size_t next = 0;  // the next name to list
    std::size_t left = 0;  // listings not answered yet
    std::optional<engine::Error> failed;
  };
  static constexpr std::size_t bucket_listing_window = 8;
  static constexpr std::string_view project_placeholder = "{project_id}";
  /// The addresses of `ips`, each with the instance it is associated with.
  void with_instances(const engine::Credentials& who, std::vector<FloatingIp> ips,
                      engine::Callback<std::vector<engine::AllocatedAddress>> done);
  /// The device (instance) of each of `ports`, asked a batch of ids at a time (the query
  /// carries them all); `from` is the first not asked yet.
  void port_devices(const engine::Credentials& who, std::vector<std::string> ports,
                    std::size_t from, std::map<std::string, std::string> so_far,
                    engine::Callback<std::map<std::string, std::string>> done);
  void next_bucket(const engine::Credentials& who, std::shared_ptr<BucketGather> gather,
                   engine::Callback<std::vector<engine::Bucket>> done);
  /// Every name of a Swift listing at `path` (the account, or a container), page by page.
  void swift_names(const engine::Credentials& who, std::string path, std::string marker,
                   std::vector<std::string> so_far,
                   engine::Callback<std::vector<std::string>> done);
  void create_server(const engine::Credentials& who, const engine::InstanceCreate& what,
                     engine::Callback<engine::Instance> done);

  std::shared_ptr<engine::Executor> executor_;
  std::shared_ptr<http::HttpClient> client_;
  std::optional<KeystoneAddress> address_;
  std::string domain_;
  std::string default_flavor_;
  std::string floating_network_;  // the external network addresses come from; empty: the first
  /// Until Nova schedules a server it shows no availability zone: while pending it is in the
  /// zone its create asked for, or else in the cloud's only available zone when it has one
  /// (learnt from the zones; with several, where it goes is Nova's choice, and unknown).
  std::unordered_map<std::string, std::string> requested_zones_;
  std::string default_zone_;
  bool default_zone_known_ = false;
  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds transfer_timeout_;  // for blob bytes, which may be large
  std::filesystem::path download_dir_;          // where downloaded blob bytes wait, unnamed
  std::chrono::seconds refresh_margin_;
  std::chrono::seconds change_margin_;  // how far before Nova's clock a change mark is put
  std::optional<Token> token_;
  std::size_t token_owner_ = 0;  // hash of the credentials the token was made for
  bool logging_in_ = false;
  std::vector<TokenReady> waiting_for_token_;
  /// Alive while the driver is: answers for a driver that is gone are dropped.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace dc::drivers::openstack
