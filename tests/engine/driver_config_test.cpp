#include <catch2/catch.hpp>

#include <fstream>

#include "engine/driver_config.hpp"
#include "tests/support/temp_dir.hpp"

using namespace dc::engine;

namespace {

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream{p} << text;
}

}  // namespace

TEST_CASE("a driver file gives its name, providers and options") {
  dc::test::TempDir dir;
  write(dir.path() / "foo.yaml",
        "name: Foo Cloud\n"
        "entrypoints:\n"
        "  compute:\n"
        "    east: https://east.example/compute\n"
        "    west: https://west.example/compute\n"
        "  storage:\n"
        "    east: https://east.example/storage\n"
        "options:\n"
        "  boot_delay: 0.5\n");
  auto configs = load_driver_configs(dir.path());
  REQUIRE(configs.count("foo") == 1);
  auto& foo = configs.at("foo");
  CHECK(foo.name == "Foo Cloud");
  REQUIRE(foo.providers.size() == 2);
  CHECK(foo.providers[0].id == "east");
  CHECK(foo.providers[0].entrypoints.size() == 2);
  CHECK(foo.provider("west")->entrypoints.front().second == "https://west.example/compute");
  CHECK(foo.options.at("boot_delay") == "0.5");
}

TEST_CASE("a driver file without a name is named after the file") {
  dc::test::TempDir dir;
  write(dir.path() / "bar.yaml", "");
  CHECK(load_driver_configs(dir.path()).at("bar").name == "bar");
}

TEST_CASE("a malformed driver file is a clear error naming the file") {
  dc::test::TempDir dir;
  write(dir.path() / "bad.yaml", "entrypoints: [1, 2\n");
  CHECK_THROWS_WITH(load_driver_configs(dir.path()), Catch::Contains("bad.yaml"));
  write(dir.path() / "bad.yaml", "entrypoints: 3\n");
  CHECK_THROWS_WITH(load_driver_configs(dir.path()),
                    Catch::Contains("entrypoints must be a mapping"));
}

TEST_CASE("a missing driver configuration directory is a clear error") {
  CHECK_THROWS_AS(load_driver_configs("/nonexistent/deltacloudd/config"), ConfigError);
}

TEST_CASE("nested driver options become dotted names, lists one line per item") {
  dc::test::TempDir dir;
  write(dir.path() / "m.yaml",
        "options:\n"
        "  accounts:\n"
        "    - a:b\n"
        "    - c:d\n"
        "  throttle:\n"
        "    launch: {burst: 1000, per_second: 2}\n");
  auto m = load_driver_configs(dir.path()).at("m");
  CHECK(m.options.at("accounts") == "a:b\nc:d");
  CHECK(m.options.at("throttle.launch.burst") == "1000");
  CHECK(m.options.at("throttle.launch.per_second") == "2");
}

TEST_CASE("a driver's limits are read from its file") {
  dc::test::TempDir dir;
  write(dir.path() / "l.yaml",
        "limits:\n"
        "  concurrency: 8\n"
        "  page_size: 500\n"
        "  rates:\n"
        "    launch: {burst: 1000, per_second: 2}\n"
        "  retry: {attempts: 4, initial_ms: 50, max_ms: 800, deadline_ms: 9000}\n");
  auto l = load_driver_configs(dir.path()).at("l").limits;
  CHECK(l.concurrency == 8);
  CHECK(l.page_size == 500);
  CHECK(l.rates.at("launch").burst == 1000);
  CHECK(l.rates.at("launch").per_second == 2);
  CHECK(l.retry.attempts == 4);
  CHECK(l.retry.initial == std::chrono::milliseconds{50});
  CHECK(l.retry.max == std::chrono::milliseconds{800});
  CHECK(l.retry.deadline == std::chrono::milliseconds{9000});
  auto defaults = DriverLimits{};
  write(dir.path() / "l.yaml", "name: L\n");
  CHECK(load_driver_configs(dir.path()).at("l").limits.concurrency == defaults.concurrency);
}

TEST_CASE("bad limits are a clear error naming the file and the key") {
  dc::test::TempDir dir;
  write(dir.path() / "z.yaml", "limits:\n  concurrency: 0\n");
  CHECK_THROWS_WITH(load_driver_configs(dir.path()),
                    Catch::Contains("z.yaml") && Catch::Contains("limits.concurrency"));
  write(dir.path() / "z.yaml", "limits:\n  rates:\n    launch: {burst: 5}\n");
  CHECK_THROWS_WITH(load_driver_configs(dir.path()), Catch::Contains("per_second"));
  // Durations past a day would overflow the clock's arithmetic, and no call needs them.
  write(dir.path() / "z.yaml", "limits:\n  retry: {deadline_ms: 9000000000000000}\n");
  CHECK_THROWS_WITH(load_driver_configs(dir.path()),
                    Catch::Contains("retry.deadline_ms") && Catch::Contains("at most 86400000"));
}
