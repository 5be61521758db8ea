#pragma once
// The OpenStack cloud the integration tests run against, as scripts/test.sh describes it in the
// environment after starting ../shared/openstack-loopback: where Keystone is, and the users.
// Also deltacloudd on that cloud, and the few Keystone calls a test makes as the cloud's admin.

#include <initializer_list>
#include <map>
#include <optional>
#include <string>

#include "tests/support/test_server.hpp"

namespace dc::test {

struct CloudUser {
  std::string name;  // Keystone user name
  std::string project;
  std::string password;
  /// As deltacloud clients log in: `user+project`.
  std::string client_login() const { return name + "+" + project; }
};

struct LoopbackCloud {
  std::string auth_url;  // http://127.0.0.1:5000/v3
  std::string region;
  std::uint16_t memcached_port = 11211;  // where the services cache validated tokens
  CloudUser demo;
  CloudUser admin;
  /// `auth_url;region`, as clients name the provider.
  std::string provider() const { return auth_url + ";" + region; }
};

/// The cloud from DC_OPENSTACK_AUTH_URL and friends; nothing when they are not set.
const std::optional<LoopbackCloud>& loopback_cloud();
/// Why there is no cloud, for the skip message.
std::string why_no_cloud();

/// Sends one request to a URL of the cloud (http://127.0.0.1:PORT/...).
Response cloud_http(const std::string& method, const std::string& url, Headers headers = {},
                    const std::string& body = {});

/// The text at `path` in the JSON `body` (fails the test when there is none).
std::string json_string(const std::string& body, std::initializer_list<const char*> path);
/// The id of the first element of the list `key` in `body` (fails the test when it is empty).
std::string first_id(const std::string& body, const char* key);

/// A project-scoped token for `user`, straight from Keystone (the test's own, not deltacloudd's).
std::string keystone_token(const LoopbackCloud& cloud, const CloudUser& user);

/// The public URL of the catalog's `type` service (`network`, `compute`), from Keystone's
/// catalog for `token`.
std::string service_url(const LoopbackCloud& cloud, const std::string& token,
                        const std::string& type);

/// A Keystone user made for one test, with the member role on the demo project, deleted again at
/// the end of the test. Tests that disturb their user's tokens use one, so that tests running in
/// parallel as the demo user are not touched.
class TemporaryUser {
 public:
  TemporaryUser(const LoopbackCloud& cloud, const std::string& name);
  ~TemporaryUser();
  TemporaryUser(const TemporaryUser&) = delete;
  TemporaryUser& operator=(const TemporaryUser&) = delete;

  const CloudUser& user() const { return user_; }
  /// Disables and re-enables the user: Keystone revokes every token issued to it so far. Then
  /// empties the services' cache of validated tokens, or Nova would go on taking the revoked
  /// ones for minutes.
  void revoke_tokens();

 private:
  void set_enabled(bool enabled);
  const LoopbackCloud& cloud_;
  std::string admin_token_;
  std::string id_;
  CloudUser user_;
};

/// deltacloudd on the loopback cloud: the openstack driver on an ephemeral port, polling fast
/// enough for tests, and requests authenticated as a given user.
class OpenStackServer {
 public:
  /// `driver_options` override options of config/drivers/openstack.yaml.
  explicit OpenStackServer(const LoopbackCloud& cloud,
                           std::map<std::string, std::string> driver_options = {});
  std::uint16_t port() const { return server_.port(); }

  Response get(const std::string& target, const CloudUser& as, Headers headers = {});
  Response post(const std::string& target, const CloudUser& as, Headers headers = {},
                const std::string& body = {});
  Response del(const std::string& target, const CloudUser& as, Headers headers = {});
  /// Any other method (PUT, HEAD).
  Response send(const std::string& method, const std::string& target, const CloudUser& as,
                Headers headers = {}, const std::string& body = {});
  /// The `Authorization` header for `as`.
  static std::pair<std::string, std::string> auth(const CloudUser& as);
  /// The engine's counters for `as`'s account (provider calls, poll cycles).
  actors::AccountStats stats(const CloudUser& as);

 private:
  const LoopbackCloud& cloud_;
  TestServer server_;
};

}  // namespace dc::test
