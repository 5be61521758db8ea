// A bulk job survives kill -9: the real server is killed in the middle of a job, started again
// on the same data directory, and the job ends with exactly N instances, none duplicated.

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <thread>

#include "tests/api/process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

#ifdef DC_DELTACLOUDD_BINARY

namespace {

/// A config dir whose mock launches 20 a second after a burst of 1 and fails a fifth of all
/// calls, half of those after doing the work.
void write_busy_mock_config(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "drivers");
  std::ofstream{dir / "drivers" / "mock.yaml"}
      << "name: Mock\n"
         "options:\n"
         "  boot_delay: 0.05\n"
         "  stop_delay: 0.05\n"
         "  fault_rate: 0.2\n"
         "  random_seed: 5\n"
         "  throttle:\n"
         "    launch: {burst: 1, per_second: 20}\n"
         "limits:\n"
         "  rates:\n"
         "    launch: {burst: 1, per_second: 20}\n"
         "  retry: {attempts: 30, initial_ms: 10, max_ms: 100}\n";
  std::ofstream{dir / "deltacloudd.yaml"} << "engine:\n  transient_poll_ms: 20\n"
                                             "  transient_poll_max_ms: 100\n";
}

pugi::xml_document get_job(std::uint16_t port, const std::string& path) {
  auto r = http(port, "GET", path, {mock_auth()});
  REQUIRE(r.status == 200);
  return parse_xml(r.body);
}

std::size_t count_of(const pugi::xml_document& doc, const char* what) {
  return std::stoul(doc.child("job").child_value(what));
}

}  // namespace

TEST_CASE("a job killed with -9 resumes after a restart and makes exactly N instances") {
  TempDir config, data;
  write_busy_mock_config(config.path());
  std::vector<std::string> args{"-i",           "mock",
                                "-p",           "0",
                                "--data-dir",   data.path().string(),
                                "--config-dir", config.path().string()};
  std::string path;
  {
    ServerProcess first{args};
    REQUIRE(first.port != 0);
    auto r =
        http(first.port, "POST", "/api/jobs?image_id=img1&count=60&name_prefix=k9", {mock_auth()});
    REQUIRE(r.status == 202);
    path = r.header("Location").substr(r.header("Location").find("/api/"));
    // Kill it once some instances exist and most do not yet.
    auto until = std::chrono::steady_clock::now() + 30s;
    std::size_t created = 0;
    while (created < 10 && std::chrono::steady_clock::now() < until) {
      created = count_of(get_job(first.port, path), "created");
      std::this_thread::sleep_for(10ms);
    }
    REQUIRE(created >= 10);
    REQUIRE(created < 60);
    first.kill_hard();
  }
  ServerProcess second{args};
  REQUIRE(second.port != 0);
  // The account's first request resumes its jobs; then the job finishes by itself.
  pugi::xml_document doc;
  auto until = std::chrono::steady_clock::now() + 60s;
  do {
    doc = get_job(second.port, path);
    if (std::string{doc.child("job").child_value("state")} != "RUNNING") break;
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < until);
  CHECK(std::string{doc.child("job").child_value("state")} == "COMPLETED");
  CHECK(count_of(doc, "created") == 60);
  CHECK(count_of(doc, "running") == 60);
  CHECK(count_of(doc, "failed") == 0);

  auto listed = parse_xml(http(second.port, "GET", "/api/instances", {mock_auth()}).body);
  std::multiset<std::string> names;
  std::size_t all = 0;
  for (auto i : listed.child("instances").children("instance")) {
    ++all;
    std::string name = i.child_value("name");
    if (name.rfind("k9-", 0) == 0) names.insert(name);
  }
  CHECK(all == 4 + 60);  // the seed's four and the job's sixty: nothing orphaned or doubled
  CHECK(names.size() == 60);
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == 60);
}

#endif
