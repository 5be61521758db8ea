#include <catch2/catch.hpp>

#include "api/negotiation.hpp"
#include "tests/support/test_server.hpp"

using namespace dc::api;
using dc::test::TestServer;

namespace {
const std::vector<Format> docs{Format::xml, Format::json};
std::optional<Format> pick(const char* accept) {
  std::string a = accept;
  return negotiate(std::nullopt, &a, docs);
}
}  // namespace

TEST_CASE("no Accept header means XML") {
  CHECK(negotiate(std::nullopt, nullptr, docs) == Format::xml);
}

TEST_CASE("the highest q wins, and for equal q the later type") {
  CHECK(pick("application/json") == Format::json);
  CHECK(pick("application/xml;q=0.5, application/json") == Format::json);
  CHECK(pick("application/json;q=0.2, application/xml") == Format::xml);
  CHECK(pick("application/json, application/xml") == Format::xml);
  CHECK(pick("text/xml") == Format::xml);
}

TEST_CASE("wildcards get XML; browsers get XML; unknown types get nothing") {
  CHECK(pick("*/*") == Format::xml);
  CHECK(pick("*/*; q=0.5, application/xml") == Format::xml);
  CHECK(pick("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == Format::xml);
  CHECK_FALSE(pick("application/unknown").has_value());
  CHECK_FALSE(pick("text/html").has_value());
}

TEST_CASE("format= overrides Accept") {
  std::string accept = "application/xml";
  CHECK(negotiate(std::string{"json"}, &accept, docs) == Format::json);
  CHECK_FALSE(negotiate(std::string{"yaml"}, &accept, docs).has_value());
}

TEST_CASE("an unacceptable media type is a 406 with an empty body and no API headers") {
  TestServer server;
  auto r = server.get("/api/hardware_profiles", {{"Accept", "application/unknown"}});
  CHECK(r.status == 406);
  CHECK(r.body.empty());
  CHECK_FALSE(r.has_header("X-Deltacloud-Driver"));
  CHECK(server.get("/api/hardware_profiles?format=yaml").status == 406);
}

TEST_CASE("JSON is served on Accept and on format=json, with the exact content type") {
  TestServer server;
  auto r = server.get("/api/hardware_profiles", {{"Accept", "application/json"}});
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(server.get("/api/hardware_profiles?format=json").header("Content-Type") ==
        "application/json");
  CHECK(server.get("/api/hardware_profiles", {{"Accept", "*/*"}}).header("Content-Type") ==
        "application/xml");
}
