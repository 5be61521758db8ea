// Bad input of every kind gets a clear answer with the right status; nothing crashes.

#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

TEST_CASE("unknown routes and wrong methods are 404 pages") {
  TestServer server;
  auto r = server.get("/api/nothing-here");
  CHECK(r.status == 404);
  CHECK(r.body.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(dc::test::http(server.port(), "PUT", "/api/instances").status == 404);
  CHECK(server.get("/elsewhere").status == 404);
}

TEST_CASE("ids that could name a path never reach the file system") {
  TestServer server;
  for (const std::string& id : std::vector<std::string>{"..%2F..%2Fetc%2Fpasswd", "%2E%2E", "a%00b",
                                                        std::string(300, 'x')}) {
    CHECK(server.get_auth("/api/keys/" + id).status == 404);
    CHECK(server.delete_auth("/api/keys/" + id).status == 404);
    CHECK(server.get_auth("/api/instances/" + id).status == 404);
  }
  auto bad_name = server.post_auth("/api/keys?name=..%2Fescape");
  CHECK(bad_name.status == 400);
  CHECK_FALSE(std::filesystem::exists(server.data_dir() / "mock" / "escape.yml"));
  CHECK_FALSE(std::filesystem::exists(server.data_dir() / "escape.yml"));
}

TEST_CASE("a body over the configured cap is a 413 error document") {
  TestServerOptions options;
  options.max_body_bytes = 1024;
  TestServer server(options);
  auto r = server.post_auth("/api/keys", {{"Content-Type", "application/x-www-form-urlencoded"}},
                            "name=" + std::string(4096, 'k'));
  CHECK(r.status == 413);
  CHECK(std::string{parse_xml(r.body).child("error").child_value("code")} == "413");
  CHECK(server.get_auth("/api/keys/" + std::string(10, 'k')).status == 404);
  CHECK(server.get("/api").status == 200);  // the server carries on
}

TEST_CASE("a request without Host is a 400") {
  TestServer server;
  auto raw = raw_exchange(server.port(), "GET /api HTTP/1.0\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(raw.find("Unable to find HTTP Host header") != std::string::npos);
}

TEST_CASE("garbage on the wire closes the connection without harm") {
  TestServer server;
  raw_exchange(server.port(), "\x01\x02 not http at all\r\n\r\n");
  auto huge_header =
      "GET /api HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n";
  CHECK(raw_exchange(server.port(), huge_header).rfind("HTTP/1.1 431", 0) == 0);
  CHECK(server.get("/api").status == 200);
}

TEST_CASE("keep-alive serves several requests on one connection") {
  TestServer server;
  std::string two =
      "GET /api HTTP/1.1\r\nHost: a\r\n\r\nGET /api/hardware_profiles HTTP/1.1\r\nHost: "
      "a\r\nConnection: close\r\n\r\n";
  auto raw = raw_exchange(server.port(), two);
  CHECK(raw.find("<api ") != std::string::npos);
  CHECK(raw.find("<hardware_profiles>") != std::string::npos);
}

TEST_CASE("every API answer carries the Server header matching the entry point's version") {
  TestServer server;
  for (auto path : {"/api", "/api/instances", "/api/nothing", "/api/realms/nope"})
    CHECK(server.get_auth(path).header("Server") == "Apache-Deltacloud/1.1.3");
  CHECK(server.get("/api/instances").header("X-Deltacloud-Driver") == "mock");
}

TEST_CASE("collections the driver does not serve are 412 with Expect, and not advertised") {
  TestServer server;
  const Headers compute_only{{"X-Deltacloud-Driver", "computeonly"}};
  for (auto path : {"/api/buckets", "/api/buckets/b1", "/api/buckets/b1/blob1/content"}) {
    auto r = server.get_auth(path, compute_only);
    CHECK(r.status == 412);
    CHECK(r.body == "The required capability to execute this operation is missing");
    CHECK(r.header("Expect") == "buckets");
  }
  auto api = server.get("/api", compute_only).body;
  CHECK(api.find("rel='realms'") != std::string::npos);
  CHECK(api.find("rel='buckets'") == std::string::npos);
  CHECK(server.get("/api").body.find("rel='buckets'") != std::string::npos);
}

TEST_CASE("driver and provider names that could split a header are refused") {
  TestServer server;
  CHECK(server.get("/api;provider=x%0d%0aSet-Cookie:a=b").status == 400);
  CHECK(server.get("/api", {{"X-Deltacloud-Driver", "mo ck"}}).status == 400);
  CHECK(server.get("/api?api[driver]=" + std::string(300, 'a')).status == 400);
  auto redirect = dc::test::http(server.port(), "POST", "/api",
                                 {{"Content-Type", "application/x-www-form-urlencoded"}},
                                 "driver=" + std::string(70000, 'a'));
  CHECK(redirect.status == 400);
  CHECK(server.get("/api").status == 200);  // still serving
}

TEST_CASE("control characters from clients are refused before anything is stored") {
  TestServer server(instant_transitions());
  auto r = server.post_auth("/api/instances?image_id=img1&name=a%01b%1Fc");
  CHECK(r.status == 400);
  CHECK(std::string{parse_xml(r.body).child("error").child_value("code")} == "400");
  auto list = server.get_auth("/api/instances");
  pugi::xml_document doc;
  CHECK(doc.load_string(list.body.c_str()));
  CHECK(list.body.find("inst4") == std::string::npos);
}

TEST_CASE("HEAD of the event stream answers the head and ends") {
  TestServer server;
  auto r = dc::test::http(server.port(), "HEAD", "/api/events", {mock_auth()}, {},
                          std::chrono::seconds{5});
  CHECK(r.status == 200);
  CHECK(r.body.empty());
}
