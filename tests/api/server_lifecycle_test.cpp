// Connection limits, shutdown with open streams, and the request log.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "tests/support/test_server.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

/// An idle client connection, held open.
struct IdleConnection {
  int fd;
  explicit IdleConnection(std::uint16_t port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~IdleConnection() { ::close(fd); }
};

}  // namespace

TEST_CASE("connections beyond the cap get 503 and the server carries on") {
  TestServerOptions options;
  options.max_connections = 2;
  TestServer server(options);
  IdleConnection a(server.port());
  IdleConnection b(server.port());
  // The two idle connections hold both slots once the server has accepted them.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  std::string answer;
  while (std::chrono::steady_clock::now() < deadline) {
    answer =
        raw_exchange(server.port(), "GET /api HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    if (answer.rfind("HTTP/1.1 503", 0) == 0) break;
  }
  CHECK(answer.rfind("HTTP/1.1 503", 0) == 0);
}

TEST_CASE("stopping the server ends open event streams instead of hanging") {
  TestServer server;
  EventStreamClient stream(server.port(), "/api/events", {mock_auth()});
  REQUIRE(stream.status() == 200);
  auto started = std::chrono::steady_clock::now();
  server.restart();  // the old server drains and closes the stream
  CHECK_FALSE(stream.next(5s).has_value());
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(server.get("/api").status == 200);
}

TEST_CASE("the request log has one line per request and never the credentials") {
  TempDir logs;
  auto file = (logs.path() / "requests.log").string();
  {
    TestServerOptions options;
    options.log_file = file;
    TestServer server(options);
    REQUIRE(server.get_auth("/api/instances?id=inst1").status == 200);
    REQUIRE(server.get("/api/realms", {basic_auth("mockuser", "s3cret-guess")}).status == 401);
  }
  std::ifstream in{file};
  std::stringstream text;
  text << in.rdbuf();
  auto log = text.str();
  CHECK(log.find("GET /api/instances 200") != std::string::npos);
  CHECK(log.find("GET /api/realms 401") != std::string::npos);
  CHECK(log.find("mockpassword") == std::string::npos);
  CHECK(log.find("s3cret-guess") == std::string::npos);
  CHECK(log.find("bW9ja3VzZXI") == std::string::npos);  // base64 of "mockuser..."
}

TEST_CASE("credentials never reach the data directory") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  REQUIRE(server.post_auth("/api/keys?name=k1").status == 201);
  for (auto& entry : std::filesystem::recursive_directory_iterator(server.data_dir())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in{entry.path()};
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("mockpassword") == std::string::npos);
  }
}
