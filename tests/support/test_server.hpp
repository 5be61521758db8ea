#pragma once
// The real server (Application) on an ephemeral loopback port, with its own data directory and
// a short mock boot delay, for API tests.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "api/application.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace dc::test {

/// The repository's config directory (deltacloudd.yaml, drivers/).
std::filesystem::path repository_config_dir();

struct TestServerOptions {
  /// The driver under test and its provider (empty: the driver's default). The mock options
  /// below only matter for the mock.
  std::string driver = "mock";
  std::string provider;
  /// Poll delays while an instance is in a transient state.
  std::chrono::milliseconds transient_poll{20};
  std::chrono::milliseconds transient_poll_max{100};
  std::string boot_delay = "0.05";  // seconds, mock option
  std::size_t finished_jobs_kept = 100;
  std::string stop_delay = "0.05";
  std::string volume_delay = "0.05";
  std::size_t max_body_bytes = 1024 * 1024;
  std::uint64_t max_upload_bytes = 5ull * 1024 * 1024 * 1024;
  std::size_t event_history = 10000;
  std::size_t stream_queue_chunks = 1024;  // a subscriber further behind is cut off
  std::chrono::milliseconds heartbeat{15000};
  std::size_t max_connections = 10000;
  std::chrono::seconds request_timeout{60};
  /// Options of the driver under test that override its yaml's, by name.
  std::map<std::string, std::string> driver_options;
  /// Extra mock options (accounts, limits, faults), by name.
  std::map<std::string, std::string> mock_options;
  /// The mock's limits instead of config/drivers/mock.yaml's.
  std::optional<engine::DriverLimits> mock_limits;
  std::string log_file;  // empty: no request log
  /// Last word on the server's options (limits and timeouts no other field sets).
  std::function<void(api::ServerOptions&)> configure;
};

/// The mock with zero delays: transitions complete at once, as the original mock's.
inline TestServerOptions instant_transitions() {
  TestServerOptions o;
  o.boot_delay = o.stop_delay = "0";
  return o;
}

/// The mock with delays long enough that a test always sees the transient states.
inline TestServerOptions slow_transitions() {
  TestServerOptions o;
  o.boot_delay = o.stop_delay = "30";
  return o;
}

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  /// Restarts on the same data directory (a new Application, new port).
  void restart();

  std::uint16_t port() const { return app_->port(); }
  const std::filesystem::path& data_dir() const { return data_.path(); }
  api::Application& app() { return *app_; }

  Response get(const std::string& target, Headers headers = {}) {
    return http(port(), "GET", target, std::move(headers));
  }
  Response get_auth(const std::string& target, Headers headers = {}) {
    headers.push_back(mock_auth());
    return http(port(), "GET", target, std::move(headers));
  }
  Response post_auth(const std::string& target, Headers headers = {},
                     const std::string& body = {}) {
    headers.push_back(mock_auth());
    return http(port(), "POST", target, std::move(headers), body);
  }
  Response delete_auth(const std::string& target, Headers headers = {}) {
    headers.push_back(mock_auth());
    return http(port(), "DELETE", target, std::move(headers));
  }
  Response put_auth(const std::string& target, Headers headers = {}, const std::string& body = {}) {
    headers.push_back(mock_auth());
    return http(port(), "PUT", target, std::move(headers), body);
  }
  Response head_auth(const std::string& target, Headers headers = {}) {
    headers.push_back(mock_auth());
    return http(port(), "HEAD", target, std::move(headers));
  }

 private:
  std::unique_ptr<api::Application> make();
  TestServerOptions options_;
  TempDir data_;
  std::unique_ptr<api::Application> app_;
};

}  // namespace dc::test
