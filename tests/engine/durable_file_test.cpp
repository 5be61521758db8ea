#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/durable_file.hpp"
#include "tests/support/temp_dir.hpp"

using dc::engine::write_file_durably;

TEST_CASE("a durable write replaces the file whole and leaves no temporary") {
  dc::test::TempDir dir;
  auto target = dir.path() / "record.yml";
  write_file_durably(target, "first");
  write_file_durably(target, "second");
  std::stringstream content;
  content << std::ifstream{target}.rdbuf();
  CHECK(content.str() == "second");
  CHECK_FALSE(std::filesystem::exists(dir.path() / ".record.yml.tmp"));
  CHECK_THROWS_AS(write_file_durably(dir.path() / "missing" / "x", "y"), std::runtime_error);
}
