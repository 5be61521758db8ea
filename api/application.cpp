#include "api/application.hpp"

#include <cstdlib>
#include <iostream>

#include "api/event_stream.hpp"
#include "api/instance_wait.hpp"
#include "api/tracked_accounts.hpp"
#include "engine/driver_registry.hpp"

namespace dc::api {

Application::Application(ServerOptions options) : options_(std::move(options)) {
  auto configs = engine::load_driver_configs(options_.config_dir / "drivers");
  for (auto& [driver, overrides] : options_.driver_option_overrides)
    for (auto& [name, value] : overrides) configs[driver].options[name] = value;
  for (auto& [driver, limits] : options_.driver_limit_overrides) configs[driver].limits = limits;
  if (options_.driver.empty()) throw UsageError("no driver given: use -i <driver> (see -l)");
  if (!engine::DriverRegistry::global().find(options_.driver))
    throw UsageError("unknown driver '" + options_.driver +
                     "' (see -l for the drivers of this build)");
  // Clients may switch to any configured driver: a bad option of any of them stops the start.
  for (auto& [id, config] : configs)
    if (auto entry = engine::DriverRegistry::global().find(id); entry && entry->check_options)
      entry->check_options(engine::DriverOptions{id, config.options});

  tracked_accounts_ = resolve_tracked_accounts(
      options_.tracked_accounts, [](const std::string& name) { return std::getenv(name.c_str()); });

  if (!options_.log_file.empty()) {
    log_file_.open(options_.log_file, std::ios::app);
    if (!log_file_) throw UsageError("cannot open log file '" + options_.log_file + "'");
  }

  auto engine_options = options_.engine;
  engine_options.driver_configs = configs;
  engine_options.data_dir = options_.data_dir.string();
  engine_options.render_event = render_event;
  plane_ = std::make_unique<actors::ControlPlane>(std::move(engine_options));

  ApiSettings settings;
  settings.defaults.driver = options_.driver;
  settings.defaults.provider = options_.provider;
  settings.allow_any_provider = options_.allow_any_provider;
  settings.driver_configs = std::move(configs);
  if (auto h = std::getenv("HOSTNAME")) settings.hostname = h;
  if (!options_.data_dir.empty()) {
    // Uploads are received here, beside the drivers' data so a driver keeps one by renaming it.
    // What is left from a previous run belonged to requests that never completed.
    settings.spool_dir = options_.data_dir / "spool";
    std::error_code ec;
    std::filesystem::remove_all(settings.spool_dir, ec);
    std::filesystem::create_directories(settings.spool_dir, ec);
    if (ec)
      throw UsageError("cannot create the upload directory '" + settings.spool_dir.string() +
                       "': " + ec.message());
  }
  ApiService::RequestLog log;
  if (options_.verbose || log_file_.is_open())
    log = [this](const std::string& line) { log_line(line); };
  api_ = std::make_unique<ApiService>(*plane_, std::move(settings), std::move(log));
  auto http = options_.http;
  http.body_sink_for = [this](const HttpRequest& head) { return api_->body_sink_for(head); };
  http.extra_time_for = [](const HttpRequest& req) {
    return req.method == "GET" ? instance_wait_time(req.target) : std::chrono::seconds{0};
  };
  server_ = std::make_unique<HttpServer>(http, [this](HttpRequest req, Responder respond) {
    api_->handle(std::move(req), std::move(respond));
  });
}

Application::~Application() {
  stop();
}

void Application::start() {
  server_->start();
  start_tracking(*plane_, tracked_accounts_, [this](const std::string& line) { report(line); });
}

void Application::stop() {
  if (stopped_) return;
  stopped_ = true;
  server_->stop();
  plane_.reset();  // stops every actor; pending replies get their fallback errors
}

void Application::report(const std::string& line) {
  // Shutting down answers pending tracking requests with errors that are not news.
  if (stopped_) return;
  std::lock_guard guard{log_mutex_};
  std::cerr << "deltacloudd: " << line << '\n' << std::flush;
  if (log_file_.is_open()) log_file_ << line << '\n' << std::flush;
}

void Application::log_line(const std::string& line) {
  std::lock_guard guard{log_mutex_};
  if (log_file_.is_open()) log_file_ << line << '\n' << std::flush;
  if (options_.verbose) std::cout << line << '\n' << std::flush;
}

}  // namespace dc::api
