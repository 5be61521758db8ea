// The deltacloudd command line, and the real binary started as a user would start it.

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "api/server_options.hpp"
#include "api/tracked_accounts.hpp"
#include "tests/api/process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

using namespace dc::api;
using namespace dc::test;

namespace {

ServerOptions parse(std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>("deltacloudd")};
  for (auto& a : args) argv.push_back(a.data());
  ServerOptions o;
  parse_command_line(static_cast<int>(argv.size()), argv.data(), o);
  return o;
}

/// A config directory whose deltacloudd.yaml tracks one mock account, its credentials in the
/// named environment variables; the drivers' yaml files are the repository's.
void write_tracking_config(const std::filesystem::path& dir, const std::string& user_env,
                           const std::string& password_env) {
  std::ofstream yaml{dir / "deltacloudd.yaml"};
  yaml << "tracked_accounts:\n  - driver: mock\n    user_env: " << user_env
       << "\n    password_env: " << password_env << "\n";
  std::filesystem::create_directory_symlink(repository_config_dir() / "drivers", dir / "drivers");
}

}  // namespace

TEST_CASE("the command line takes the original deltacloudd flags") {
  auto o = parse({"-i", "mock", "-r", "0.0.0.0", "-p", "4000", "-P", "eu", "-V", "-t", "30",
                  "--data-dir", "/tmp/x"});
  CHECK(o.driver == "mock");
  CHECK(o.http.host == "0.0.0.0");
  CHECK(o.http.port == 4000);
  CHECK(o.provider == "eu");
  CHECK(o.verbose);
  CHECK(o.http.request_timeout == std::chrono::seconds{30});
  CHECK(o.data_dir == "/tmp/x");
  CHECK(parse({"--driver=mock", "--port=5"}).http.port == 5);
  CHECK(parse({"-l"}).list_drivers);
  CHECK(parse({"-h"}).help);
}

TEST_CASE("a bad command line is a usage error that says why") {
  CHECK_THROWS_WITH(parse({"-p", "70000"}), Catch::Contains("invalid port"));
  CHECK_THROWS_WITH(parse({"-p"}), Catch::Contains("needs a value"));
  CHECK_THROWS_WITH(parse({"--frobnicate"}), Catch::Contains("unknown option"));
  CHECK_THROWS_WITH(parse({"-t", "soon"}), Catch::Contains("invalid timeout"));
}

#ifdef DC_DELTACLOUDD_BINARY

TEST_CASE("deltacloudd starts, answers and stops cleanly on SIGTERM") {
  dc::test::TempDir data;
  auto p = launch({"-i", "mock", "-p", "0", "--data-dir", data.path().string()});
  char line[512] = {};
  REQUIRE(std::fgets(line, sizeof line, p.out));  // blocks until the server has printed its banner
  std::smatch m;
  std::string banner = line;
  REQUIRE(std::regex_search(
      banner, m, std::regex{"Starting Deltacloud API :: mock :: http://127.0.0.1:(\\d+)/api"}));
  auto port = static_cast<std::uint16_t>(std::stoi(m[1]));
  CHECK(dc::test::http(port, "GET", "/api").status == 200);
  CHECK(dc::test::http(port, "GET", "/api/instances", {dc::test::mock_auth()}).status == 200);
  ::kill(p.pid, SIGTERM);
  CHECK(wait_exit(p.pid) == 0);
  std::fclose(p.out);
}

TEST_CASE("deltacloudd -l lists the drivers; a missing or unknown driver exits 1 with a hint") {
  auto list = launch({"-l"});
  char line[256] = {};
  REQUIRE(std::fgets(line, sizeof line, list.out));
  CHECK(std::string{line} == "mock\n");
  CHECK(wait_exit(list.pid) == 0);
  std::fclose(list.out);
  auto none = launch({"-p", "0"});
  CHECK(wait_exit(none.pid) == 1);
  std::fclose(none.out);
  auto unknown = launch({"-i", "nosuch", "-p", "0"});
  auto text = read_rest(unknown);
  CHECK(text.find("unknown driver 'nosuch'") != std::string::npos);
  CHECK(wait_exit(unknown.pid) == 1);
  std::fclose(unknown.out);
}
#endif

TEST_CASE("deltacloudd.yaml sets the server's body and upload caps") {
  dc::test::TempDir dir;
  {
    std::ofstream yaml{dir.path() / "deltacloudd.yaml"};
    yaml << "server:\n  max_body_bytes: 2048\n  max_upload_bytes: 7516192768\n";
  }
  ServerOptions o;
  o.config_dir = dir.path();
  load_server_config(o);
  CHECK(o.http.max_body_bytes == 2048);
  CHECK(o.http.max_upload_bytes == 7516192768ull);
}

TEST_CASE("deltacloudd.yaml names tracked accounts by the variables holding their credentials") {
  dc::test::TempDir dir;
  write_tracking_config(dir.path(), "DC_TEST_USER", "DC_TEST_PASSWORD");
  ServerOptions o;
  o.config_dir = dir.path();
  load_server_config(o);
  REQUIRE(o.tracked_accounts.size() == 1);
  CHECK(o.tracked_accounts[0].driver == "mock");
  CHECK(o.tracked_accounts[0].provider.empty());
  CHECK(o.tracked_accounts[0].user_env == "DC_TEST_USER");
  CHECK(o.tracked_accounts[0].password_env == "DC_TEST_PASSWORD");

  std::map<std::string, std::string> env{{"DC_TEST_USER", "mockuser"},
                                         {"DC_TEST_PASSWORD", "mockpassword"}};
  auto lookup = [&](const std::string& name) -> const char* {
    auto i = env.find(name);
    return i == env.end() ? nullptr : i->second.c_str();
  };
  auto accounts = resolve_tracked_accounts(o.tracked_accounts, lookup);
  REQUIRE(accounts.size() == 1);
  CHECK(accounts[0].credentials.user == "mockuser");
  CHECK(accounts[0].credentials.password == "mockpassword");

  // An unset or empty variable is named in the error; its value (none) is never shown.
  env["DC_TEST_PASSWORD"] = "";
  CHECK_THROWS_WITH(resolve_tracked_accounts(o.tracked_accounts, lookup),
                    Catch::Contains("DC_TEST_PASSWORD is not set"));
  env.erase("DC_TEST_PASSWORD");
  CHECK_THROWS_WITH(resolve_tracked_accounts(o.tracked_accounts, lookup),
                    Catch::Contains("DC_TEST_PASSWORD is not set"));
  auto unknown = o.tracked_accounts;
  unknown[0].driver = "nosuch";
  CHECK_THROWS_WITH(resolve_tracked_accounts(unknown, lookup),
                    Catch::Contains("unknown driver 'nosuch'"));
}

TEST_CASE("a tracked_accounts entry without a credential variable is a configuration error") {
  dc::test::TempDir dir;
  {
    std::ofstream yaml{dir.path() / "deltacloudd.yaml"};
    yaml << "tracked_accounts:\n  - driver: mock\n    user_env: DC_TEST_USER\n";
  }
  ServerOptions o;
  o.config_dir = dir.path();
  CHECK_THROWS_WITH(load_server_config(o), Catch::Contains("'password_env' is required"));
  {
    std::ofstream yaml{dir.path() / "deltacloudd.yaml"};
    yaml << "tracked_accounts: mock\n";
  }
  CHECK_THROWS_WITH(load_server_config(o), Catch::Contains("tracked_accounts must be a list"));
}

#ifdef DC_DELTACLOUDD_BINARY

TEST_CASE("deltacloudd tracks configured accounts from its start and never prints their password") {
  dc::test::TempDir config;
  dc::test::TempDir data;
  write_tracking_config(config.path(), "DC_TEST_TRACKED_USER", "DC_TEST_TRACKED_PASSWORD");
  // The child inherits this process's environment.
  ::setenv("DC_TEST_TRACKED_USER", "mockuser", 1);
  ::setenv("DC_TEST_TRACKED_PASSWORD", "mockpassword", 1);
  auto p = launch({"-i", "mock", "-p", "0", "--config-dir", config.path().string(), "--data-dir",
                   data.path().string()});
  ::unsetenv("DC_TEST_TRACKED_USER");
  ::unsetenv("DC_TEST_TRACKED_PASSWORD");
  // Both the banner and the report that tracking started come, in either order, with no
  // request made to the server.
  std::string text;
  char line[512] = {};
  bool banner = false;
  bool tracking = false;
  while (!(banner && tracking) && std::fgets(line, sizeof line, p.out)) {
    text += line;
    banner |= std::string{line}.find("Starting Deltacloud API") != std::string::npos;
    tracking |= std::string{line}.find("tracking mock account 'mockuser'") != std::string::npos;
  }
  CHECK(banner);
  CHECK(tracking);
  ::kill(p.pid, SIGTERM);
  text += read_rest(p);
  CHECK(wait_exit(p.pid) == 0);
  std::fclose(p.out);
  CHECK(text.find("mockpassword") == std::string::npos);
}

TEST_CASE("deltacloudd does not start when a tracked account's credentials are not set") {
  dc::test::TempDir config;
  write_tracking_config(config.path(), "DC_TEST_UNSET_USER", "DC_TEST_UNSET_PASSWORD");
  ::unsetenv("DC_TEST_UNSET_USER");
  auto p = launch({"-i", "mock", "-p", "0", "--config-dir", config.path().string()});
  auto text = read_rest(p);
  CHECK(wait_exit(p.pid) == 1);
  std::fclose(p.out);
  CHECK(text.find("environment variable DC_TEST_UNSET_USER is not set") != std::string::npos);
}

TEST_CASE("deltacloudd does not start when any configured driver has an option it cannot use") {
  dc::test::TempDir config;
  std::filesystem::create_directory(config.path() / "drivers");
  std::filesystem::copy_file(repository_config_dir() / "drivers" / "mock.yaml",
                             config.path() / "drivers" / "mock.yaml");
  {
    // Not the driver being served: a client may still switch to it.
    std::ofstream yaml{config.path() / "drivers" / "openstack.yaml"};
    yaml << "options:\n  request_timeout_ms: 3O000\n";
  }
  auto p = launch({"-i", "mock", "-p", "0", "--config-dir", config.path().string()});
  auto text = read_rest(p);
  CHECK(wait_exit(p.pid) == 1);
  std::fclose(p.out);
  CHECK(text.find("drivers/openstack.yaml: options.request_timeout_ms must be a whole number of "
                  "milliseconds from 1 to 86400000, not '3O000'") != std::string::npos);
}

#endif
