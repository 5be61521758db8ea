#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "tests/support/socket_io.hpp"
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

namespace {

/// A connection whose receive buffer is tiny, so the server's writes to it block soon.
int connect_with_small_buffer(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  int size = 4096;
  REQUIRE(::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) == 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  return fd;
}

/// Everything the server sends until it closes the connection, or what came by the deadline.
std::string read_until_closed(int fd, std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  std::string out;
  try {
    while (read_some(fd, out, until)) {
    }
  } catch (const std::exception&) {
    // Timed out: the caller's checks show what was missing.
  }
  return out;
}

}  // namespace

TEST_CASE("a stalled reader is cut off with resume information while others get everything") {
  TestServerOptions options;
  options.stream_queue_chunks = 64;
  TestServer server{options};
  int slow = connect_with_small_buffer(server.port());
  send_all(slow, build_request("GET", "/api/events", {mock_auth()}, "", false));
  EventStreamClient fast(server.port(), "/api/events", {mock_auth()});
  REQUIRE(fast.status() == 200);
  // Rounds of events, each delivered to the fast client before the next is published, so the
  // fast client never has more than a round (20 writes at most) queued, well under the cap of
  // 64. The slow client's queue grows by up to a round each time once its socket buffers (a few
  // MB) are full: rounds of 60 KB, 18 MB in all.
  const std::string padding(3000, 'x');
  const int rounds = 300;
  const int per_round = 20;
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < per_round; ++i) {
      dc::actors::InstanceEvent e;
      e.driver = "mock";
      e.user = "mockuser";
      e.instance_id = "inst-" + std::to_string(round) + "-" + std::to_string(i) + "-" + padding;
      e.from = "PENDING";
      e.to = "RUNNING";
      e.cause = "poll";
      server.app().plane().publish(std::move(e));
    }
    auto last = "inst-" + std::to_string(round) + "-" + std::to_string(per_round - 1) + "-";
    REQUIRE(next_matching(fast, last, 30s));
  }
  auto text = read_until_closed(slow, 30s);
  ::close(slow);
  auto overflow = text.find("event: overflow\n");
  REQUIRE(overflow != std::string::npos);
  CHECK(text.find("\"resume_from\":", overflow) != std::string::npos);
  // It got a prefix of the events, not all of them; the server then closed the connection.
  CHECK(text.find("inst-" + std::to_string(rounds - 1) + "-" + std::to_string(per_round - 1)) ==
        std::string::npos);
  CHECK(text.rfind("0\r\n\r\n") == text.size() - 5);
}
