// The Foo driver as registered, with its real HTTP client, against a Foo API that the test serves
// on loopback: what it sends, what it makes of the answers and of their absence.
#include <catch2/catch.hpp>

#include <future>

#include "engine/driver_config.hpp"
#include "engine/driver_registry.hpp"
#include "tests/example_driver/one_answer_server.hpp"

using namespace dc::engine;

TEST_CASE("the registered Foo driver speaks Foo's HTTP API and maps its failures") {
  auto* entry = DriverRegistry::global().find("foo");
  REQUIRE(entry);
  ManualClock clock;
  auto make = [&](std::uint16_t port) {
    DriverSetup setup;
    setup.clock = &clock;
    setup.executor = std::make_shared<InlineExecutor>();
    setup.options = {{"endpoint", "http://127.0.0.1:" + std::to_string(port) + "/{provider}/v1"},
                     {"request_timeout_ms", "10000"}};
    return entry->make(setup);
  };
  auto create = [](Driver& d) {
    InstanceCreate what;
    what.image_id = "debian-12";
    what.name = "web \"1\"";
    what.realm_id = "fra1";
    // Shared: a late answer after a failed wait must not write into a gone promise.
    auto made = std::make_shared<std::promise<Result<Instance>>>();
    auto answer = made->get_future();
    d.create_instance({"alice", "secret"}, what,
                      [made](Result<Instance> r) { made->set_value(r); });
    REQUIRE(answer.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    return answer.get();
  };

  dc::test::OneAnswerServer foo{
      "201 Created",
      R"({"server":{"id":"srv-9","name":"web \"1\"","status":"BUILD","image":"debian-12",)"
      R"("size":"f1-small","zone":"fra1","public_ip":"203.0.113.9"}})"};
  auto made = create(*make(foo.port()));
  REQUIRE(made.ok());
  CHECK(made.value().id == "srv-9");
  CHECK(made.value().state == InstanceState::pending);
  CHECK(made.value().public_addresses.at(0).address == "203.0.113.9");
  auto asked = foo.request();
  CHECK(asked.rfind("POST /fra/v1/servers HTTP/1.1\r\n", 0) == 0);
  CHECK(asked.find("Authorization: Basic YWxpY2U6c2VjcmV0\r\n") != std::string::npos);
  CHECK(asked.find(R"({"name":"web \"1\"","image":"debian-12","size":"f1-small","zone":"fra1"})") !=
        std::string::npos);

  dc::test::OneAnswerServer refusing{"401 Unauthorized", R"({"error":{"message":"bad key"}})"};
  auto refused = create(*make(refusing.port()));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::authentication);
  CHECK(refused.error().message == "Foo answered 401: bad key");

  dc::test::OneAnswerServer busy{"429 Too Many Requests", R"({"error":{"message":"slow down"}})",
                                 "Retry-After: 7\r\n"};
  auto throttled = create(*make(busy.port()));
  REQUIRE_FALSE(throttled.ok());
  CHECK(throttled.error().kind == ErrorKind::throttled);
  CHECK(throttled.error().retry_after == std::chrono::seconds{7});

  // A port bound but not listening refuses connections, and stays ours while the test runs.
  dc::test::BoundSocket closed;
  auto port = closed.port();
  auto unreachable = create(*make(port));
  REQUIRE_FALSE(unreachable.ok());
  CHECK(unreachable.error().kind == ErrorKind::unavailable);
}

TEST_CASE("Foo's options are checked at start-up") {
  auto* entry = DriverRegistry::global().find("foo");
  REQUIRE(entry);
  CHECK_NOTHROW(entry->check_options(DriverOptions{"foo", {{"request_timeout_ms", "500"}}}));
  CHECK_THROWS_AS(entry->check_options(DriverOptions{"foo", {{"request_timeout_ms", "soon"}}}),
                  ConfigError);
}
