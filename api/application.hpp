#pragma once
// The whole server: configuration, the actor engine, the API and the HTTP server, wired
// together. main() and the API tests build exactly this.

#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>

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
  actors::ControlPlane& plane() { return *plane_; }
  const ServerOptions& options() const { return options_; }

 private:
  void log_line(const std::string& line);

  ServerOptions options_;
  std::mutex log_mutex_;
  std::ofstream log_file_;
  std::unique_ptr<actors::ControlPlane> plane_;
  std::unique_ptr<ApiService> api_;
  std::unique_ptr<HttpServer> server_;
  bool stopped_ = false;
};

}  // namespace dc::api
