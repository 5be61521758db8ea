#include "api/server_options.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "engine/driver_config.hpp"

#ifndef DC_DEFAULT_CONFIG_DIR
#define DC_DEFAULT_CONFIG_DIR "config"
#endif

namespace dc::api {

ServerOptions default_server_options() {
  ServerOptions o;
  o.config_dir = DC_DEFAULT_CONFIG_DIR;
  if (auto env = std::getenv("DELTACLOUDD_CONFIG_DIR")) o.config_dir = env;
  if (auto env = std::getenv("DELTACLOUDD_DATA_DIR")) {
    o.data_dir = env;
  } else {
    auto user = std::getenv("USER");
    o.data_dir =
        std::filesystem::path{"/var/tmp"} / (std::string{"deltacloudd-"} + (user ? user : "user"));
  }
  if (auto env = std::getenv("API_DRIVER")) o.driver = env;
  if (auto env = std::getenv("API_PROVIDER")) o.provider = env;
  return o;
}

namespace {

template <class T>
void read(const YAML::Node& section, const char* key, T& into) {
  if (section && section[key]) into = section[key].as<T>();
}

void read_ms(const YAML::Node& section, const char* key, std::chrono::milliseconds& into) {
  if (section && section[key]) into = std::chrono::milliseconds{section[key].as<long long>()};
}

void read_seconds(const YAML::Node& section, const char* key, std::chrono::milliseconds& into) {
  if (section && section[key])
    into = std::chrono::milliseconds{static_cast<long long>(section[key].as<double>() * 1000)};
}

std::uint16_t parse_port(const std::string& text) {
  try {
    std::size_t used = 0;
    auto v = std::stoul(text, &used);
    if (used == text.size() && v <= 65535) return static_cast<std::uint16_t>(v);
  } catch (const std::exception&) {
  }
  throw UsageError("invalid port '" + text + "'");
}

/// A required, non-empty text field of an entry of `tracked_accounts`.
std::string tracked_field(const YAML::Node& entry, const char* key, std::size_t index) {
  auto node = entry[key];
  if (!node || !node.IsScalar() || node.Scalar().empty())
    throw engine::ConfigError("tracked_accounts[" + std::to_string(index) + "]: '" + key +
                              "' is required");
  return node.Scalar();
}

std::vector<TrackedAccountConfig> read_tracked_accounts(const YAML::Node& list) {
  std::vector<TrackedAccountConfig> out;
  if (!list || list.IsNull()) return out;
  if (!list.IsSequence()) throw engine::ConfigError("tracked_accounts must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto entry = list[i];
    if (!entry.IsMap())
      throw engine::ConfigError("tracked_accounts[" + std::to_string(i) + "] must be a map");
    TrackedAccountConfig account;
    account.driver = tracked_field(entry, "driver", i);
    if (entry["provider"] && entry["provider"].IsScalar())
      account.provider = entry["provider"].Scalar();
    account.user_env = tracked_field(entry, "user_env", i);
    account.password_env = tracked_field(entry, "password_env", i);
    out.push_back(std::move(account));
  }
  return out;
}

}  // namespace

void load_server_config(ServerOptions& o) {
  auto file = o.config_dir / "deltacloudd.yaml";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;
  try {
    auto root = YAML::LoadFile(file.string());
    auto server = root["server"];
    read(server, "host", o.http.host);
    if (server && server["port"]) o.http.port = server["port"].as<std::uint16_t>();
    read(server, "io_threads", o.http.io_threads);
    read(server, "max_body_bytes", o.http.max_body_bytes);
    read(server, "max_upload_bytes", o.http.max_upload_bytes);
    read(server, "max_header_bytes", o.http.max_header_bytes);
    if (server && server["read_timeout_seconds"])
      o.http.read_timeout = std::chrono::seconds{server["read_timeout_seconds"].as<long>()};
    if (server && server["request_timeout_seconds"])
      o.http.request_timeout = std::chrono::seconds{server["request_timeout_seconds"].as<long>()};
    read(server, "max_connections", o.http.max_connections);
    read(server, "max_connections_per_client", o.http.max_connections_per_client);
    read(server, "allow_any_provider", o.allow_any_provider);
    if (server && server["body_timeout_seconds"])
      o.http.body_timeout = std::chrono::seconds{server["body_timeout_seconds"].as<long>()};
    read(server, "min_body_bytes_per_second", o.http.min_body_rate);
    auto engine = root["engine"];
    read(engine, "scheduler_threads", o.engine.scheduler_threads);
    read_ms(engine, "transient_poll_ms", o.engine.transient_poll);
    read_ms(engine, "transient_poll_max_ms", o.engine.transient_poll_max);
    read_seconds(engine, "resync_seconds", o.engine.resync_interval);
    read(engine, "max_accounts", o.engine.max_accounts);
    read(engine, "max_logins_per_client", o.engine.max_logins_per_client);
    read(engine, "max_accounts_per_user", o.engine.max_accounts_per_user);
    // Zero would refuse every new account (or evict every quiet one): a mistake, not a policy.
    for (auto [name, value] : {std::pair{"max_accounts", o.engine.max_accounts},
                               std::pair{"max_logins_per_client", o.engine.max_logins_per_client},
                               std::pair{"max_accounts_per_user", o.engine.max_accounts_per_user}})
      if (value == 0)
        throw engine::ConfigError(file.string() + ": engine." + name + " must be at least 1");
    read_seconds(engine, "account_idle_seconds", o.engine.account_idle);
    auto events = root["events"];
    read(events, "history", o.engine.event_history);
    read_seconds(events, "heartbeat_seconds", o.engine.heartbeat_interval);
    read(events, "stream_queue_chunks", o.http.stream_queue_chunks);
    read(root["jobs"], "finished_kept", o.engine.finished_jobs_kept);
    read(root["jobs"], "max_instances", o.engine.max_job_instances);
    read(root["jobs"], "max_running", o.engine.max_running_jobs);
    o.tracked_accounts = read_tracked_accounts(root["tracked_accounts"]);
  } catch (const YAML::Exception& e) {
    throw engine::ConfigError(file.string() + ": " + e.what());
  } catch (const engine::ConfigError& e) {
    throw engine::ConfigError(file.string() + ": " + e.what());
  }
}

std::string usage_text() {
  return "Usage: deltacloudd -i <driver> [options]\n"
         "\n"
         "  -i, --driver DRIVER     driver to serve (mock, ...); see -l\n"
         "  -r, --hostname HOST     address to listen on (default 127.0.0.1)\n"
         "  -p, --port PORT         port to listen on (default 3001; 0 = any free port)\n"
         "  -P, --provider PROVIDER default provider for requests that name none\n"
         "  -L, --log FILE          append one line per request to FILE\n"
         "  -V, --verbose           log one line per request to standard output\n"
         "  -t, --timeout SECS      answer 504 to requests not done after SECS (default 60)\n"
         "      --data-dir DIR      where drivers keep local state (mock: DIR/mock)\n"
         "      --config-dir DIR    directory of deltacloudd.yaml and drivers/*.yaml\n"
         "  -l, --drivers           list the drivers of this build and exit\n"
         "  -h, --help              show this help and exit\n";
}

void parse_command_line(int argc, char** argv, ServerOptions& o) {
  auto value = [&](int& i, const std::string& flag) -> std::string {
    if (i + 1 >= argc) throw UsageError("option " + flag + " needs a value");
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string inline_value;
    bool has_inline = false;
    if (arg.rfind("--", 0) == 0) {
      if (auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_inline = true;
      }
    }
    auto next = [&]() { return has_inline ? inline_value : value(i, arg); };
    if (arg == "-i" || arg == "--driver")
      o.driver = next();
    else if (arg == "-r" || arg == "--hostname")
      o.http.host = next();
    else if (arg == "-p" || arg == "--port")
      o.http.port = parse_port(next());
    else if (arg == "-P" || arg == "--provider")
      o.provider = next();
    else if (arg == "-L" || arg == "--log")
      o.log_file = next();
    else if (arg == "-V" || arg == "--verbose")
      o.verbose = true;
    else if (arg == "-t" || arg == "--timeout") {
      auto text = next();
      try {
        std::size_t used = 0;
        auto secs = std::stol(text, &used);
        if (used != text.size() || secs <= 0) throw UsageError("");
        o.http.request_timeout = std::chrono::seconds{secs};
      } catch (const std::exception&) {
        throw UsageError("invalid timeout '" + text + "': give a number of seconds > 0");
      }
    } else if (arg == "--data-dir")
      o.data_dir = next();
    else if (arg == "--config-dir")
      o.config_dir = next();
    else if (arg == "-l" || arg == "--drivers")
      o.list_drivers = true;
    else if (arg == "-h" || arg == "--help")
      o.help = true;
    else
      throw UsageError("unknown option '" + arg + "'");
  }
}

}  // namespace dc::api
