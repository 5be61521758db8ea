// The deltacloudd command line, and the real binary started as a user would start it.

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include "api/server_options.hpp"
#include "tests/api/process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

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
  std::string text;
  while (std::fgets(line, sizeof line, unknown.out)) text += line;
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
