// deltacloudd: serves the Deltacloud REST API over the chosen driver until SIGINT/SIGTERM.

#include <csignal>
#include <iostream>

#include "api/application.hpp"
#include "engine/driver_config.hpp"
#include "engine/driver_registry.hpp"

int main(int argc, char** argv) {
  using namespace dc::api;
  // Block the stop signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    auto options = default_server_options();
    parse_command_line(argc, argv, options);  // first pass: --config-dir, -h, -l
    if (options.help) {
      std::cout << usage_text();
      return 0;
    }
    if (options.list_drivers) {
      for (auto entry : dc::engine::DriverRegistry::global().all()) std::cout << entry->id << '\n';
      return 0;
    }
    load_server_config(options);
    parse_command_line(argc, argv, options);  // flags win over the file
    Application app{options};
    app.start();
    auto provider = options.provider.empty() ? "" : " :: " + options.provider;
    std::cout << "Starting Deltacloud API :: " << options.driver << provider << " :: http://"
              << options.http.host << ":" << app.port() << "/api" << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "Stopping (signal " << received << "): draining in-flight requests" << std::endl;
    app.stop();
    return 0;
  } catch (const UsageError& e) {
    std::cerr << "deltacloudd: " << e.what() << "\n\n" << usage_text();
    return 1;
  } catch (const dc::engine::ConfigError& e) {
    std::cerr << "deltacloudd: configuration: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "deltacloudd: " << e.what() << "\n";
    return 1;
  }
}
