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
  // Nothing but the record is left in the directory.
  std::size_t files = 0;
  for (auto& entry : std::filesystem::directory_iterator(dir.path())) files += entry.exists();
  CHECK(files == 1);
  CHECK_THROWS_AS(write_file_durably(dir.path() / "missing" / "x", "y"), std::runtime_error);
}

TEST_CASE("a target whose name fills a file name can still be written") {
  dc::test::TempDir dir;
  auto target = dir.path() / (std::string(251, 'n') + ".yml");  // 255 bytes
  write_file_durably(target, "long");
  CHECK(std::filesystem::exists(target));
}

TEST_CASE("temporaries a crash left behind are removed, records are not") {
  dc::test::TempDir dir;
  write_file_durably(dir.path() / "kept.yml", "record");
  std::ofstream{dir.path() / ".tmp-123-4"} << "half";     // this version's
  std::ofstream{dir.path() / ".kept.yml.tmp"} << "half";  // older versions'
  CHECK(dc::engine::remove_stale_temporaries(dir.path()) == 2);
  CHECK(std::filesystem::exists(dir.path() / "kept.yml"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / ".tmp-123-4"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / ".kept.yml.tmp"));
}
