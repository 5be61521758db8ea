// Driver options are read by one reader that refuses what it cannot use, naming the file,
// the option and what it must be.
#include "engine/driver_options.hpp"

#include <catch2/catch.hpp>

#include "engine/driver_config.hpp"

using dc::engine::ConfigError;
using dc::engine::DriverOptions;
using namespace std::chrono_literals;

namespace {

std::string refusal(const std::function<void()>& read) {
  try {
    read();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("missing options take their defaults and present ones their values", "[options]") {
  DriverOptions options{"demo",
                        {{"rate", "0.25"},
                         {"count", "12"},
                         {"delay", "1.5"},
                         {"timeout_ms", "250"},
                         {"fast", "true"},
                         {"name", "x"},
                         {"empty", ""}}};
  CHECK(options.number("rate", 1, 0, 1) == 0.25);
  CHECK(options.number("other", 0.5, 0, 1) == 0.5);
  CHECK(options.integer("count", 0, 0, 100) == 12);
  CHECK(options.seconds("delay", 1, 0, 10) == 1500ms);
  CHECK(options.seconds("other", 2, 0, 10) == 2000ms);
  CHECK(options.milliseconds("timeout_ms", 30, 1, 1000) == 250ms);
  CHECK(options.flag("fast", false));
  CHECK_FALSE(options.flag("other", false));
  CHECK(options.text("name", "y") == "x");
  CHECK(options.text("empty", "y") == "y");
  CHECK(options.has("empty"));
  CHECK_FALSE(options.has("other"));
}

TEST_CASE("a malformed or out-of-range option is refused with what it must be", "[options]") {
  DriverOptions options{"openstack",
                        {{"request_timeout_ms", "3O000"},
                         {"token_refresh_seconds", "-1"},
                         {"fault_rate", "1.5"},
                         {"boot_delay", "soon"},
                         {"durable_writes", "yes"},
                         {"count", "12.5"},
                         {"huge", "99999999999999999999999"},
                         {"nan", "nan"},
                         {"blank", ""}}};
  CHECK(refusal([&] { options.milliseconds("request_timeout_ms", 30'000, 1, 86'400'000); }) ==
        "drivers/openstack.yaml: options.request_timeout_ms must be a whole number of "
        "milliseconds from 1 to 86400000, not '3O000'");
  CHECK(refusal([&] { options.integer("token_refresh_seconds", 300, 0, 86'400); }) ==
        "drivers/openstack.yaml: options.token_refresh_seconds must be a whole number from 0 to "
        "86400, not '-1'");
  CHECK(refusal([&] { options.number("fault_rate", 0, 0, 1); }) ==
        "drivers/openstack.yaml: options.fault_rate must be a number from 0 to 1, not '1.5'");
  CHECK(refusal([&] { options.seconds("boot_delay", 1, 0, 86'400); }) ==
        "drivers/openstack.yaml: options.boot_delay must be a number of seconds from 0 to 86400, "
        "not 'soon'");
  CHECK(refusal([&] { options.flag("durable_writes", true); }) ==
        "drivers/openstack.yaml: options.durable_writes must be true or false, not 'yes'");
  CHECK(refusal([&] { options.integer("count", 0, 0, 100); }) != "(accepted)");
  CHECK(refusal([&] { options.integer("huge", 0, 0, 100); }) != "(accepted)");
  CHECK(refusal([&] { options.number("nan", 0, -1e9, 1e9); }) != "(accepted)");
  CHECK(refusal([&] { options.number("blank", 0, 0, 1); }) != "(accepted)");
}
