#pragma once
// deltacloudd's ec2 driver on the moto started by scripts/moto-cloud.sh: the server on an
// ephemeral port with moto's URL as its provider, requests authenticated with moto's IAM user
// (access key id as user, secret as password), and the tests' own helpers.

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/stream_events.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

namespace dc::test {

struct MotoUser {
  std::string access_key;
  std::string secret;
};

/// The IAM user scripts/moto-cloud.sh made (main() has checked the environment holds it).
inline MotoUser moto_user() {
  return {std::getenv("DC_MOTO_ACCESS_KEY"), std::getenv("DC_MOTO_SECRET_KEY")};
}
inline std::string moto_endpoint() {
  return std::getenv("DC_MOTO_ENDPOINT");
}

/// deltacloudd -i ec2 -P <moto's URL>, polling often enough for moto's quick transitions.
class Ec2Server {
 public:
  /// `driver_options` override options of config/drivers/ec2.yaml.
  explicit Ec2Server(std::map<std::string, std::string> driver_options = {})
      : server_(options(std::move(driver_options))) {}

  std::uint16_t port() const { return server_.port(); }
  TestServer& server() { return server_; }

  static std::pair<std::string, std::string> auth(const MotoUser& as = moto_user()) {
    return basic_auth(as.access_key, as.secret);
  }
  Response send(const std::string& method, const std::string& target, Headers headers = {},
                const std::string& body = {}, const MotoUser& as = moto_user()) {
    headers.push_back(auth(as));
    return http(port(), method, target, std::move(headers), body, std::chrono::seconds{60});
  }
  Response get(const std::string& target, Headers headers = {}) {
    return send("GET", target, std::move(headers));
  }
  Response post(const std::string& target, Headers headers = {}, const std::string& body = {}) {
    return send("POST", target, std::move(headers), body);
  }
  Response del(const std::string& target) { return send("DELETE", target); }

 private:
  static TestServerOptions options(std::map<std::string, std::string> driver_options) {
    TestServerOptions o;
    o.driver_options = std::move(driver_options);
    o.driver = "ec2";
    o.provider = moto_endpoint();
    o.transient_poll = std::chrono::milliseconds{200};
    o.transient_poll_max = std::chrono::milliseconds{1000};
    return o;
  }
  TestServer server_;
};

/// A name no other test, or other run, uses.
std::string unique_name(const std::string& what);

/// The id of an x86_64 Linux image of moto's (Amazon's) catalogue.
std::string linux_image(Ec2Server& server);

/// The instance's state as deltacloudd shows it, or "HTTP <status>".
std::string instance_state(Ec2Server& server, const std::string& id);

/// Destroys, at the end of a test, the instances it made, also when the test fails.
class InstancesMade {
 public:
  explicit InstancesMade(Ec2Server& server) : server_(server) {}
  ~InstancesMade();
  /// The id of the instance a create answered (fails the test unless it is a 201).
  std::string keep(const Response& created);

 private:
  Ec2Server& server_;
  std::vector<std::string> ids_;
};

/// The ids of the instances moto holds (terminated ones left out) tagged `key` = `value`,
/// asked of moto's EC2 API directly, not through deltacloudd.
std::vector<std::string> moto_instances_tagged(const std::string& key, const std::string& value);

}  // namespace dc::test
