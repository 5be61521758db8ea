#pragma once
// The openstack driver: Keystone v3 for tokens and the service catalog, Nova for realms and
// instances, Glance for images, all through the shared libcurl client. Every answer is handed
// to the driver actor's executor, so the driver's state (the token) is only touched there.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/http/http_client.hpp"
#include "drivers/openstack/keystone.hpp"
#include "drivers/openstack/openstack_account.hpp"
#include "engine/driver.hpp"

namespace dc::drivers::openstack {

class OpenStackDriver final : public engine::Driver {
 public:
  explicit OpenStackDriver(const engine::DriverSetup& setup);

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

 private:
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
            std::string path, std::string body, Answer done, bool renewed = false);
  /// A token for `who`: the cached one while it has more than the refresh margin left, else a
  /// new one (concurrent callers share one login).
  void with_token(const engine::Credentials& who, bool renew, TokenReady then);
  /// Sends on the shared client; the answer comes back through the executor.
  void send(http::Request request, std::function<void(http::Response)> done);
  /// Every page of `GET path(marker)` on Nova's servers, with the change mark of the first.
  void all_servers(const engine::Credentials& who,
                   std::function<std::string(const std::string& marker)> path, std::string marker,
                   engine::InstanceChanges so_far, engine::Callback<engine::InstanceChanges> done);
  /// The server whose metadata carries `token`, among those named `name`.
  void find_by_token(const engine::Credentials& who, const std::string& name,
                     const std::string& token,
                     std::function<void(engine::Result<std::optional<std::string>>)> done);
  void create_server(const engine::Credentials& who, const engine::InstanceCreate& what,
                     engine::Callback<engine::Instance> done);

  std::shared_ptr<engine::Executor> executor_;
  std::shared_ptr<http::HttpClient> client_;
  std::optional<KeystoneAddress> address_;
  std::string domain_;
  std::string default_flavor_;
  std::chrono::milliseconds timeout_;
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
