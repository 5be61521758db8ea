#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/staged_file.hpp"
#include "tests/support/temp_dir.hpp"

using dc::engine::StagedFile;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("a staged file nobody keeps is removed") {
  dc::test::TempDir dir;
  std::filesystem::path path;
  {
    auto staged = StagedFile::create(dir.path() / "spool");
    path = staged->path();
    REQUIRE(staged->append("abc", 3));
    CHECK(staged->size() == 3);
    CHECK(staged->read_all() == "abc");
    CHECK(std::filesystem::exists(path));
    CHECK(path.parent_path() == dir.path() / "spool");
  }
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a staged file moved into place keeps its bytes under the new name") {
  dc::test::TempDir dir;
  auto target = dir.path() / "kept";
  std::filesystem::path path;
  {
    auto staged = StagedFile::create(dir.path() / "spool");
    path = staged->path();
    std::string big(20 * 1024 * 1024, 'z');  // past the writeback step
    REQUIRE(staged->append(big.data(), big.size()));
    REQUIRE(staged->append("!", 1));
    REQUIRE(staged->move_to(target));
    CHECK_FALSE(staged->move_to(dir.path() / "again"));  // it owns nothing any more
    CHECK_FALSE(staged->error().empty());
  }
  CHECK_FALSE(std::filesystem::exists(path));
  auto content = read(target);
  CHECK(content.size() == 20 * 1024 * 1024 + 1);
  CHECK(content.back() == '!');
}

TEST_CASE("a staged file that cannot be moved says why and stays removable") {
  dc::test::TempDir dir;
  auto staged = StagedFile::create(dir.path());
  REQUIRE(staged->append("x", 1));
  CHECK_FALSE(staged->move_to(dir.path() / "missing-dir" / "target"));
  CHECK_FALSE(staged->error().empty());
}
