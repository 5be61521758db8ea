#include "tests/support/test_server.hpp"

#ifndef DC_TEST_CONFIG_DIR
#error "DC_TEST_CONFIG_DIR must name the repository's config directory"
#endif

namespace dc::test {

std::filesystem::path repository_config_dir() {
  return DC_TEST_CONFIG_DIR;
}

TestServer::TestServer(TestServerOptions options) : options_(std::move(options)) {
  app_ = make();
  app_->start();
}

void TestServer::restart() {
  app_->stop();
  app_.reset();
  app_ = make();
  app_->start();
}

std::unique_ptr<api::Application> TestServer::make() {
  auto o = api::default_server_options();
  o.config_dir = DC_TEST_CONFIG_DIR;
  api::load_server_config(o);
  o.driver = options_.driver;
  o.provider = options_.provider;
  o.data_dir = data_.path();
  o.http.host = "127.0.0.1";
  o.http.port = 0;
  o.http.max_body_bytes = options_.max_body_bytes;
  o.http.max_upload_bytes = options_.max_upload_bytes;
  o.http.max_connections = options_.max_connections;
  o.http.request_timeout = options_.request_timeout;
  o.log_file = options_.log_file;
  o.engine.transient_poll = options_.transient_poll;
  o.engine.transient_poll_max = options_.transient_poll_max;
  o.engine.event_history = options_.event_history;
  o.http.stream_queue_chunks = options_.stream_queue_chunks;
  o.engine.heartbeat_interval = options_.heartbeat;
  o.engine.finished_jobs_kept = options_.finished_jobs_kept;
  o.driver_option_overrides["mock"]["boot_delay"] = options_.boot_delay;
  o.driver_option_overrides["mock"]["stop_delay"] = options_.stop_delay;
  o.driver_option_overrides["mock"]["volume_delay"] = options_.volume_delay;
  for (auto& [name, value] : options_.mock_options) o.driver_option_overrides["mock"][name] = value;
  for (auto& [name, value] : options_.driver_options)
    o.driver_option_overrides[options_.driver][name] = value;
  if (options_.mock_limits) o.driver_limit_overrides["mock"] = *options_.mock_limits;
  if (options_.configure) options_.configure(o);
  return std::make_unique<api::Application>(std::move(o));
}

}  // namespace dc::test
