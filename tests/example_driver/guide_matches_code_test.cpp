// docs/writing-a-driver.md shows the Foo driver in pieces; the pieces are this folder's code.
// Every C++ block of the guide must appear in the file it names (its first line, `// path`;
// a block without one continues the last file named), word for word and, within the block, in
// order, except where the guide leaves lines out: a comment starting `// ...`, and the comment
// lines right after it, stand for lines of the file the guide does not show. Blocks of one file
// may come in any order (the guide explains registration before option checks, the file has
// them the other way round).

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::filesystem::path repository{DC_REPOSITORY_DIR};

std::string read(const std::filesystem::path& path) {
  std::ifstream in{path};
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The code without the lines that only steer clang-format, which the guide leaves out.
std::string without_format_switches(const std::string& code) {
  std::istringstream lines{code};
  std::string line, out;
  while (std::getline(lines, line)) {
    auto at = line.find_first_not_of(' ');
    if (at != std::string::npos &&
        (line.compare(at, std::string::npos, "// clang-format off") == 0 ||
         line.compare(at, std::string::npos, "// clang-format on") == 0))
      continue;
    out += line + "\n";
  }
  return out;
}

/// Where the guide's paths are compiled: a new driver's own folders, here under tests/.
const std::map<std::string, std::string> compiled_at = {
    {"drivers/foo/foo_client.hpp", "tests/example_driver/drivers/foo/foo_client.hpp"},
    {"drivers/foo/foo_driver.hpp", "tests/example_driver/drivers/foo/foo_driver.hpp"},
    {"drivers/foo/foo_driver.cpp", "tests/example_driver/drivers/foo/foo_driver.cpp"},
    {"tests/drivers/foo_driver_test.cpp", "tests/example_driver/foo_driver_test.cpp"},
};
/// Blocks the build does not compile, each with its reason.
const std::map<std::string, std::string> not_compiled = {
    {"tests/api/foo_api_test.cpp",
     "it needs config/drivers/foo.yaml among the server's drivers, which only a driver linked "
     "into deltacloudd may have"},
};

struct Block {
  std::string file;                 // the guide's path
  std::vector<std::string> pieces;  // runs of lines between `// ...` elisions
};

bool starts_with(const std::string& line, const std::string& prefix) {
  return line.compare(0, prefix.size(), prefix) == 0;
}

std::string trimmed_left(const std::string& line) {
  auto at = line.find_first_not_of(' ');
  return at == std::string::npos ? std::string{} : line.substr(at);
}

std::vector<Block> cpp_blocks(const std::string& guide) {
  std::vector<Block> blocks;
  std::istringstream lines{guide};
  std::string line, file;
  while (std::getline(lines, line)) {
    if (line != "```cpp") continue;
    Block block;
    std::string piece;
    bool first = true, in_elision = false;
    while (std::getline(lines, line) && line != "```") {
      if (first && starts_with(line, "// ") && line.find('/', 3) != std::string::npos &&
          line.find(' ', 3) > line.find('.', 3)) {
        file = line.substr(3, line.find(' ', 3) - 3);
        first = false;
        continue;
      }
      first = false;
      auto text = trimmed_left(line);
      // An elision is a comment starting `// ...` and the comment lines that go on with it.
      if (starts_with(text, "// ...") || (in_elision && starts_with(text, "//"))) {
        in_elision = true;
        if (!piece.empty()) block.pieces.push_back(piece);
        piece.clear();
        continue;
      }
      in_elision = false;
      piece += line + "\n";
    }
    if (!piece.empty()) block.pieces.push_back(piece);
    block.file = file;
    blocks.push_back(block);
  }
  return blocks;
}

}  // namespace

TEST_CASE("every C++ block of the driver guide is the example driver's code") {
  auto blocks = cpp_blocks(read(repository / "docs/writing-a-driver.md"));
  std::size_t checked = 0;
  for (auto& block : blocks) {
    INFO("a block of " << (block.file.empty() ? "(no file named yet)" : block.file));
    if (not_compiled.count(block.file)) continue;
    REQUIRE(compiled_at.count(block.file));
    auto code = without_format_switches(read(repository / compiled_at.at(block.file)));
    std::size_t from = 0;
    for (auto& piece : block.pieces) {
      INFO("missing from " << compiled_at.at(block.file) << ", or out of order:\n" << piece);
      auto at = code.find(piece, from);
      CHECK(at != std::string::npos);
      if (at != std::string::npos) from = at + piece.size();
    }
    ++checked;
  }
  // The header, its client, the description, the operations, registration, options, the test.
  CHECK(checked >= 7);
}
