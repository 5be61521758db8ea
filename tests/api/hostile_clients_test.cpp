// Clients that misbehave on purpose: hang up mid-request, hold many connections, send bodies a
// byte at a time, or send what is not HTTP/1.x. Each gets a clear answer or loses only its own
// connections; the server keeps serving everybody else.

#include <catch2/catch.hpp>

#include <poll.h>
#include <unistd.h>

#include <thread>

#include "tests/support/socket_io.hpp"
#include "tests/support/test_server.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

/// Polls `done` until it holds or `limit` passes.
template <class Done>
bool eventually(Done done, std::chrono::milliseconds limit = 10s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

/// A connection that stays open until the test ends.
struct HeldConnection {
  int fd;
  explicit HeldConnection(int f) : fd(f) {}
  ~HeldConnection() { ::close(fd); }
  HeldConnection(const HeldConnection&) = delete;
  HeldConnection& operator=(const HeldConnection&) = delete;
};

std::string wait_request(const std::string& id) {
  return build_request("GET", "/api/instances/" + id + "?wait_for=STOPPED&timeout=3600",
                       {mock_auth()}, "", false);
}

/// The whole answer on a fresh connection (the server closes after it).
std::string answer_to(std::uint16_t port, const std::string& bytes) {
  return raw_exchange(port, bytes, 10s);
}

int status_of(const std::string& raw) {
  int status = 0;
  Headers headers;
  parse_head(raw, status, headers);
  return status;
}

}  // namespace

TEST_CASE("waits whose clients hang up end at once and free their connections") {
  TestServer server(slow_transitions());
  // 50 clients ask to wait an hour for a state that never comes, and hang up at once.
  for (int i = 0; i < 50; ++i) send_and_hang_up(server.port(), wait_request("inst1"));
  CHECK(eventually([&] { return server.app().connection_count() == 0; }));
  // The server still answers, waits included.
  auto r = server.get_auth("/api/instances/inst1?wait_for=RUNNING&timeout=1");
  CHECK(r.status == 200);
}

TEST_CASE("a client that hangs up during a wait does not keep it in the instance") {
  TestServer server(slow_transitions());
  auto made = server.post_auth("/api/instances?image_id=img1");
  REQUIRE(made.status == 201);
  auto id = made.header("Location").substr(made.header("Location").rfind('/') + 1);
  for (int i = 0; i < 20; ++i) send_and_hang_up(server.port(), wait_request(id));
  CHECK(eventually([&] { return server.app().connection_count() == 0; }));
  // Each wait was a request of the account until it ended: none is left waiting out its hour.
  CHECK(eventually([&] { return server.app().plane().requests_in_flight() == 0; }));
  // A wait that is answered still works on the same instance afterwards.
  auto r = server.get_auth("/api/instances/" + id + "?wait_for=PENDING&timeout=5");
  CHECK(r.status == 200);
}

TEST_CASE("a wait with a wrong password is refused at once, before it holds anything") {
  TestServer server(slow_transitions());
  auto started = std::chrono::steady_clock::now();
  auto r = http(server.port(), "GET", "/api/instances/inst1?wait_for=STOPPED&timeout=3600",
                {{"Authorization", "Basic bW9ja3VzZXI6d3Jvbmc="}});  // mockuser:wrong
  CHECK(r.status == 401);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("one client address cannot take every connection") {
  TestServerOptions options;
  options.configure = [](dc::api::ServerOptions& o) { o.http.max_connections_per_client = 4; };
  TestServer server(options);
  std::vector<std::unique_ptr<HeldConnection>> held;
  for (int i = 0; i < 4; ++i)
    held.push_back(std::make_unique<HeldConnection>(connect_to(server.port())));
  REQUIRE(eventually([&] { return server.app().connection_count() == 4; }));
  auto refused = answer_to(server.port(), build_request("GET", "/api", {}, "", true));
  CHECK(status_of(refused) == 503);
  // Another client is still served.
  int other = connect_from("127.0.0.2", server.port());
  HeldConnection other_connection{other};
  send_all(other, build_request("GET", "/api", {}, "", true));
  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (read_some(other, answer, deadline)) {
  }
  CHECK(status_of(answer) == 200);
  // The first client gets its slots back as its connections close.
  held.clear();
  CHECK(eventually([&] {
    return status_of(answer_to(server.port(), build_request("GET", "/api", {}, "", true))) == 200;
  }));
}

TEST_CASE("a refused connection's 503 says exactly how long its body is") {
  TestServerOptions options;
  options.max_connections = 1;
  TestServer server(options);
  HeldConnection held{connect_to(server.port())};
  REQUIRE(eventually([&] { return server.app().connection_count() == 1; }));
  auto raw = answer_to(server.port(), build_request("GET", "/api", {}, "", true));
  int status = 0;
  Headers headers;
  auto body_at = parse_head(raw, status, headers);
  REQUIRE(body_at != std::string::npos);
  CHECK(status == 503);
  std::string length;
  for (auto& [name, value] : headers)
    if (iequal(name, "Content-Length")) length = value;
  CHECK(length == std::to_string(raw.size() - body_at));
}

TEST_CASE("a body sent a byte at a time is cut off with 408") {
  TestServerOptions options;
  options.configure = [](dc::api::ServerOptions& o) {
    o.http.body_timeout = std::chrono::seconds{1};
    o.http.min_body_rate = 1024;
  };
  TestServer server(options);
  int fd = connect_to(server.port());
  HeldConnection connection{fd};
  Headers headers{mock_auth(), {"Content-Type", "application/x-www-form-urlencoded"}};
  send_all(fd, build_request("POST", "/api/keys", headers, "", false, 100));
  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  // One byte every 200 ms: never idle for long, but far below the minimum rate.
  bool open = true;
  while (open && std::chrono::steady_clock::now() < deadline && answer.empty()) {
    try {
      send_all(fd, "n");
    } catch (const std::exception&) {
      break;
    }
    std::this_thread::sleep_for(200ms);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0) open = read_some(fd, answer, deadline);
  }
  while (open && read_some(fd, answer, deadline)) {
  }
  CHECK(status_of(answer) == 408);
  CHECK(server.get("/api").status == 200);
}

TEST_CASE("a body that keeps the minimum rate is not cut off however long it takes") {
  TestServerOptions options;
  options.configure = [](dc::api::ServerOptions& o) {
    o.http.body_timeout = std::chrono::seconds{1};
    o.http.min_body_rate = 8;
  };
  TestServer server(options);
  int fd = connect_to(server.port());
  HeldConnection connection{fd};
  std::string body = "name=steady" + std::string(20, 'k');
  Headers headers{mock_auth(), {"Content-Type", "application/x-www-form-urlencoded"}};
  send_all(fd, build_request("POST", "/api/keys", headers, "", true, body.size()));
  // 31 bytes over about 1.5 s: past body_timeout, but well above 8 bytes/s.
  for (std::size_t i = 0; i < body.size(); i += 4) {
    send_all(fd, body.substr(i, 4));
    std::this_thread::sleep_for(200ms);
  }
  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (read_some(fd, answer, deadline)) {
  }
  CHECK(status_of(answer) == 201);
}

TEST_CASE("malformed requests are answered 400 or 505 before the connection closes") {
  TestServer server;
  struct Case {
    const char* what;
    std::string bytes;
    int status;
  };
  const std::vector<Case> cases{
      {"bad Content-Length", "POST /api/keys HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
       400},
      {"two Content-Lengths",
       "POST /api/keys HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
       400},
      {"bad chunk size",
       "POST /api/keys HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n"
       "\r\n",
       400},
      {"bare LF line endings", "GET /api HTTP/1.1\nHost: a\n\n", 400},
      {"HTTP/0.9 request line", "GET /api\r\n\r\n", 400},
      {"HTTP/2.0 request line", "GET /api HTTP/2.0\r\nHost: a\r\n\r\n", 505},
      {"header without a colon", "GET /api HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n", 400},
      {"NUL in a header",
       std::string{"GET /api HTTP/1.1\r\nHost: a\r\nX-A: b"} + '\0' + "c\r\n\r\n", 400},
  };
  for (auto& c : cases) {
    INFO(c.what);
    CHECK(status_of(answer_to(server.port(), c.bytes)) == c.status);
  }
  CHECK(server.get("/api").status == 200);
}

TEST_CASE("a WebSocket upgrade without a valid key is refused with 400") {
  TestServer server;
  for (const std::string& key : {std::string{}, std::string{"short"},
                                 std::string{"not base64 at all, 24 ch"}, std::string{"x"}}) {
    INFO("Sec-WebSocket-Key: '" << key << "'");
    Headers headers{mock_auth(),
                    {"Upgrade", "websocket"},
                    {"Connection", "Upgrade"},
                    {"Sec-WebSocket-Version", "13"}};
    if (!key.empty()) headers.emplace_back("Sec-WebSocket-Key", key);
    auto raw = answer_to(server.port(), build_request("GET", "/api/events", headers, "", false));
    CHECK(status_of(raw) == 400);
  }
}

TEST_CASE("one user naming ever new providers holds at most max_accounts_per_user accounts") {
  TestServerOptions options;
  options.configure = [](dc::api::ServerOptions& o) { o.engine.max_accounts_per_user = 2; };
  TestServer server(options);
  for (auto provider : {"p1", "p2", "p3", "p4", "p5"})
    CHECK(server.get_auth("/api/realms", {{"X-Deltacloud-Provider", provider}}).status == 200);
  // Each account past two made the user's least recently used quiet one go.
  CHECK(eventually([&] { return server.app().account_count() <= 2; }));
}
