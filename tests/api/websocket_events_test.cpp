// GET /api/events on a WebSocket: the same events as the text/event-stream, one JSON text
// message each, spoken to by a client written from RFC 6455.

#include <catch2/catch.hpp>

#include <future>

#include "tests/support/test_server.hpp"
#include "tests/support/websocket_client.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

/// The next text message that mentions `needle`, skipping others.
std::optional<WebSocketMessage> next_matching(WebSocketClient& ws, const std::string& needle) {
  auto until = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < until) {
    auto m = ws.next(std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now()));
    if (!m || m->opcode != WebSocketMessage::text) return m;
    if (m->payload.find(needle) != std::string::npos) return m;
  }
  return std::nullopt;
}

bool mentions(const WebSocketMessage& m, const std::string& text) {
  return m.payload.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("a WebSocket on /api/events carries each state change as one JSON message") {
  TestServer server;
  WebSocketClient ws(server.port(), "/api/events", {mock_auth()});
  REQUIRE(ws.status() == 101);
  auto accept = std::find_if(ws.headers().begin(), ws.headers().end(),
                             [](auto& h) { return h.first == "Sec-WebSocket-Accept"; });
  REQUIRE(accept != ws.headers().end());
  CHECK(accept->second == WebSocketClient::sample_accept);

  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto created = next_matching(ws, "\"to\":\"PENDING\"");
  REQUIRE(created);
  CHECK(created->opcode == WebSocketMessage::text);
  CHECK(created->payload.front() == '{');
  CHECK(mentions(*created, "\"type\":\"state\""));
  CHECK(mentions(*created, "\"instance_id\":\"inst4\""));
  CHECK(mentions(*created, "\"from\":\"START\""));
  auto running = next_matching(ws, "\"to\":\"RUNNING\"");
  REQUIRE(running);
  CHECK(mentions(*running, "\"from\":\"PENDING\""));
}

TEST_CASE("a WebSocket stream can be narrowed to one instance and one state") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);  // inst4
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);  // inst5
  WebSocketClient ws(server.port(), "/api/events?instance_id=inst5&state=STOPPED", {mock_auth()});
  REQUIRE(ws.status() == 101);
  REQUIRE(server.post_auth("/api/instances/inst4/stop").status == 202);
  REQUIRE(server.post_auth("/api/instances/inst5/stop").status == 202);
  auto m = ws.next(10s);
  REQUIRE(m);
  CHECK(mentions(*m, "\"instance_id\":\"inst5\""));
  CHECK(mentions(*m, "\"to\":\"STOPPED\""));
}

TEST_CASE("a WebSocket client resumes with last_event_id, or is asked to re-list") {
  TestServerOptions options = instant_transitions();
  options.event_history = 2;
  TestServer server(options);
  std::string first_id;
  {
    WebSocketClient ws(server.port(), "/api/events", {mock_auth()});
    REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
    auto e = next_matching(ws, "inst4");
    REQUIRE(e);
    auto at = e->payload.find("\"id\":\"") + 6;
    first_id = e->payload.substr(at, e->payload.find('"', at) - at);
  }
  REQUIRE(server.post_auth("/api/instances/inst4/stop").status == 202);
  {
    WebSocketClient ws(server.port(), "/api/events?last_event_id=" + first_id, {mock_auth()});
    auto missed = ws.next(10s);
    REQUIRE(missed);
    CHECK(mentions(*missed, "\"to\":\"STOPPED\""));
  }
  WebSocketClient too_old(server.port(), "/api/events?last_event_id=1", {mock_auth()});
  auto reset = too_old.next(10s);
  REQUIRE(reset);
  CHECK(mentions(*reset, "\"type\":\"reset\""));
}

TEST_CASE("a WebSocket upgrade needs valid credentials") {
  TestServer server;
  WebSocketClient ws(server.port(), "/api/events", {basic_auth("mockuser", "wrong")});
  CHECK(ws.status() == 401);
}

TEST_CASE("a WebSocket closed by its client is closed by the server too") {
  TestServer server;
  WebSocketClient ws(server.port(), "/api/events", {mock_auth()});
  REQUIRE(ws.status() == 101);
  ws.close(1000);
  auto answer = ws.next(10s);
  REQUIRE(answer);
  CHECK(answer->opcode == WebSocketMessage::close);
  CHECK(answer->close_code() == 1000);
  CHECK(ws.wait_for_hang_up(10s));
  // The server carries on serving others.
  CHECK(server.get_auth("/api/instances").status == 200);
}

TEST_CASE("stopping the server closes WebSockets as going away") {
  TestServer server;
  WebSocketClient ws(server.port(), "/api/events", {mock_auth()});
  REQUIRE(ws.status() == 101);
  // The client answers on its own thread: the server is stopped on the thread that made it
  // (CAF 0.17 waits for its logger, which the creating thread holds, on destruction).
  auto client = std::async(std::launch::async, [&] {
    auto farewell = ws.next(10s);
    if (!farewell) return -1;
    if (farewell->opcode != WebSocketMessage::close) return -2;
    ws.close(1001);
    return ws.wait_for_hang_up(10s) ? farewell->close_code() : -3;
  });
  server.restart();
  CHECK(client.get() == 1001);
}
