// The ec2 tests need moto on 127.0.0.1 (scripts/moto-cloud.sh, started by scripts/test.sh).
// Without it every test exits with CTest's skip code and says why, instead of failing or passing
// without having run. Listing the tests (CTest's discovery at build time) never needs moto.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace {
constexpr int skip_exit_code = 77;  // SKIP_RETURN_CODE in tests/CMakeLists.txt
}

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]}.rfind("--list", 0) == 0) listing = true;
  if (!listing && (!std::getenv("DC_MOTO_ENDPOINT") || !std::getenv("DC_MOTO_ACCESS_KEY") ||
                   !std::getenv("DC_MOTO_SECRET_KEY"))) {
    std::cout << "SKIPPED: no moto to test against: DC_MOTO_ENDPOINT, DC_MOTO_ACCESS_KEY and "
                 "DC_MOTO_SECRET_KEY are not set (scripts/test.sh starts moto when "
                 "moto_server and boto3 are installed)\n";
    return skip_exit_code;
  }
  return Catch::Session().run(argc, argv);
}
