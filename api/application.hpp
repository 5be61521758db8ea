#pragma once
// The whole server: configuration, the actor engine, the API and the HTTP server, wired
// together. main() and the API tests build exactly this.

#include <atomic>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actors/control_plane.hpp"
#include "api/api_service.hpp"
#include "api/http_server.hpp"
#include "api/server_options.hpp"

namespace dc::api {

class Application {
 public:
  /// Loads the driver configurations and builds the engine; throws ConfigError / UsageError.
  explicit Application(ServerOptions options);
  ~Application();

  /// Starts listening; throws std::runtime_error when the address cannot be bound.
  void start();
  /// Drains in-flight requests, then stops the engine.
  void stop();
  std::uint16_t port() const { return server_->port(); }
  /// Open client connections (for tests and metrics).
  std::size_t connection_count() const { return server_->connections(); }
  /// Accounts (driver actors) held.
  std::size_t account_count() const { return plane_->account_count(); }
  actors::ControlPlane& plane() { return *plane_; }
  const ServerOptions& options() const { return options_; }

 private:
  void log_line(const std::string& line);
  /// What the server says of itself (tracked accounts): standard error and the log file.
  void report(const std::string& line);

  ServerOptions options_;
  std::vector<actors::Account> tracked_accounts_;
  std::mutex log_mutex_;
  std::ofstream log_file_;
  std::unique_ptr<actors::ControlPlane> plane_;
  std::unique_ptr<ApiService> api_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> stopped_ = false;  // read by reports from actor threads
};

}  // namespace dc::api
