// The conformance suite needs the recorded exchanges of ../shared/fixtures; without them it
// exits 77, which CTest reports as skipped with the reason printed here.
#define CATCH_CONFIG_RUNNER
#include <filesystem>
#include <iostream>
#include <string_view>

#include <catch2/catch.hpp>

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]}.rfind("--list", 0) == 0) listing = true;
  if (!listing && !std::filesystem::is_directory(DC_ORIGINAL_EXCHANGES_DIR)) {
    std::cout << "SKIPPED: the original server's recorded exchanges are not at "
              << DC_ORIGINAL_EXCHANGES_DIR << "\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
