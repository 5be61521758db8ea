// The integration tests need a running OpenStack cloud. Without one, every test exits with
// CTest's skip code and says why, instead of failing or passing without having run. Listing the
// tests (CTest's discovery at build time) never needs the cloud.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <iostream>
#include <string_view>

#include "tests/openstack/loopback_cloud.hpp"

namespace {
constexpr int skip_exit_code = 77;  // SKIP_RETURN_CODE in tests/CMakeLists.txt
}

int main(int argc, char** argv) {
  bool listing = false;
  for (int i = 1; i < argc; ++i)
    if (std::string_view{argv[i]}.rfind("--list", 0) == 0) listing = true;
  if (!listing && !dc::test::loopback_cloud()) {
    std::cout << "SKIPPED: " << dc::test::why_no_cloud() << "\n";
    return skip_exit_code;
  }
  return Catch::Session().run(argc, argv);
}
