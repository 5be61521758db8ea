#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

/// The next state-change event whose data mentions `needle`, skipping others.
std::optional<StreamEvent> next_matching(EventStreamClient& stream, const std::string& needle,
                                         std::chrono::milliseconds deadline = 10s) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    auto e = stream.next(std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now()));
    if (!e) return std::nullopt;
    if (e->data.find(needle) != std::string::npos) return e;
  }
  return std::nullopt;
}

std::string parse_id_from_location(const std::string& location) {
  return location.substr(location.rfind('/') + 1);
}

}  // namespace

TEST_CASE("the event stream reports a created instance going from PENDING to RUNNING") {
  TestServer server;
  EventStreamClient stream(server.port(), "/api/events", {mock_auth()});
  REQUIRE(stream.status() == 200);
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto created = next_matching(stream, "\"to\":\"PENDING\"");
  REQUIRE(created);
  CHECK(created->data.find("\"instance_id\":\"inst4\"") != std::string::npos);
  CHECK(created->data.find("\"from\":\"START\"") != std::string::npos);
  CHECK(created->data.find("\"cause\":\"create\"") != std::string::npos);
  auto running = next_matching(stream, "\"to\":\"RUNNING\"");
  REQUIRE(running);
  CHECK(running->data.find("\"from\":\"PENDING\"") != std::string::npos);
  CHECK(running->data.find("\"time\":\"") != std::string::npos);
  CHECK(std::stoull(running->id) > std::stoull(created->id));
}

TEST_CASE("a client resuming with Last-Event-ID gets what it missed, and nothing before") {
  TestServer server(instant_transitions());
  std::string first_id;
  {
    EventStreamClient stream(server.port(), "/api/events", {mock_auth()});
    REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
    auto e = next_matching(stream, "inst4");
    REQUIRE(e);
    first_id = e->id;
  }
  // While disconnected: inst4 stops.
  REQUIRE(server.post_auth("/api/instances/inst4/stop").status == 202);
  EventStreamClient resumed(server.port(), "/api/events",
                            {mock_auth(), {"Last-Event-ID", first_id}});
  auto missed = resumed.next(10s);
  REQUIRE(missed);
  CHECK(missed->data.find("\"to\":\"STOPPED\"") != std::string::npos);
  CHECK(std::stoull(missed->id) > std::stoull(first_id));
}

TEST_CASE("resuming from an id that left the history asks the client to re-list") {
  TestServerOptions options;
  options.boot_delay = "0";
  options.stop_delay = "0";
  options.event_history = 1;
  TestServer server(options);
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  EventStreamClient stream(server.port(), "/api/events", {mock_auth(), {"Last-Event-ID", "1"}});
  auto e = stream.next(10s);
  REQUIRE(e);
  CHECK(e->event == "reset");
}

TEST_CASE("the stream can be narrowed to one instance") {
  TestServer server(instant_transitions());
  EventStreamClient stream(server.port(), "/api/events?instance_id=inst5", {mock_auth()});
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);  // inst4
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);  // inst5
  auto e = stream.next(10s);
  REQUIRE(e);
  CHECK(e->data.find("\"instance_id\":\"inst5\"") != std::string::npos);
}

TEST_CASE("heartbeats keep an idle stream open") {
  TestServerOptions options;
  options.heartbeat = 50ms;
  TestServer server(options);
  EventStreamClient stream(server.port(), "/api/events", {mock_auth()});
  REQUIRE(stream.status() == 200);
  // Heartbeats are comments: no event arrives, but the stream stays open past several beats.
  CHECK_FALSE(stream.next(300ms).has_value());
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  CHECK(next_matching(stream, "inst4").has_value());
}

TEST_CASE("the event stream needs valid credentials") {
  TestServer server;
  EventStreamClient none(server.port(), "/api/events", {});
  CHECK(none.status() == 401);
  EventStreamClient wrong(server.port(), "/api/events", {basic_auth("mockuser", "bad")});
  CHECK(wrong.status() == 401);
  EventStreamClient bad_id(server.port(), "/api/events", {mock_auth(), {"Last-Event-ID", "abc"}});
  CHECK(bad_id.status() == 400);
}

TEST_CASE("the stream can be narrowed to changes into one state") {
  TestServer server;
  EventStreamClient stream(server.port(), "/api/events?state=running", {mock_auth()});
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto e = stream.next(10s);
  REQUIRE(e);
  CHECK(e->data.find("\"from\":\"PENDING\",\"to\":\"RUNNING\"") != std::string::npos);
  EventStreamClient bad(server.port(), "/api/events?state=flying", {mock_auth()});
  CHECK(bad.status() == 400);
}

TEST_CASE("an account's stream carries nothing of another account's instances") {
  TestServerOptions o;
  o.boot_delay = o.stop_delay = "0";
  o.mock_options = {{"accounts", "mockuser:mockpassword\nother:secret"}};
  TestServer server(o);
  std::pair<std::string, std::string> other{"Authorization", "Basic b3RoZXI6c2VjcmV0"};
  EventStreamClient theirs(server.port(), "/api/events", {other});
  REQUIRE(theirs.status() == 200);
  EventStreamClient mine(server.port(), "/api/events", {mock_auth()});
  REQUIRE(mine.status() == 200);
  // mockuser's instance: only mockuser's stream hears of it.
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  REQUIRE(next_matching(mine, "\"to\":\"RUNNING\""));
  // Then one of other's: the first thing other's stream carries must be other's own.
  auto created = http(server.port(), "POST", "/api/instances?image_id=img1", {other});
  REQUIRE(created.status == 201);
  auto other_id = parse_id_from_location(created.header("Location"));
  auto first = theirs.next(10s);
  REQUIRE(first);
  CHECK(first->data.find("\"instance_id\":\"" + other_id + "\"") != std::string::npos);
  // And other cannot see or touch mockuser's instances at all.
  CHECK(http(server.port(), "GET", "/api/instances/inst4", {other}).status == 404);
  CHECK(http(server.port(), "GET", "/api/instances/" + other_id, {mock_auth()}).status == 404);
}
