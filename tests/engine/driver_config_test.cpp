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
