// What clients send is checked before it is stored or acted on: text must be UTF-8 without
// control characters, names fit the limits, providers are the configured ones, and a client
// token makes a create happen once. Documents stay well-formed whatever a provider returns.

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <simdjson.h>

#include <fstream>

#include "api/representation.hpp"
#include "api/request_context.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

std::string error_code(const Response& r) {
  return parse_xml(r.body).child("error").child_value("code");
}

std::size_t count_of(TestServer& server, const std::string& collection) {
  auto list = parse_xml(server.get_auth("/api/" + collection).body);
  std::size_t n = 0;
  for (auto child : list.first_child().children()) n += child.type() == pugi::node_element;
  return n;
}

/// A listening socket nobody should ever connect to: it tells whether the server called it.
struct Listener {
  int fd = -1;
  std::uint16_t port = 0;
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~Listener() { ::close(fd); }
  /// Whether a connection arrives within `wait`.
  bool called(std::chrono::milliseconds wait) const {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }
};

}  // namespace

TEST_CASE("invalid UTF-8 from a client is refused with 400, in every collection") {
  TestServer server(instant_transitions());
  auto before = server.get_auth("/api/instances").body;
  auto r = server.post_auth("/api/instances?image_id=img1&name=%FF%FE");
  CHECK(r.status == 400);
  CHECK(error_code(r) == "400");
  CHECK(server.get_auth("/api/instances").body == before);
  CHECK(server.post_auth("/api/storage_volumes?capacity=1&name=%C0%AF").status == 400);
  CHECK(server.post_auth("/api/keys?name=k%ED%A0%80").status == 400);  // a surrogate
  // Blob metadata arrives in headers, too.
  auto blob = server.put_auth("/api/buckets/bucket1/badmeta",
                              {{"X-Deltacloud-Blobmeta-Color",
                                "r\xff"
                                "d"}},
                              "bytes");
  CHECK(blob.status == 400);
  CHECK(server.get_auth("/api/buckets/bucket1/badmeta").status == 404);
  // The same in JSON: the error is a JSON document.
  auto json = server.post_auth("/api/instances?image_id=img1&name=%FF&format=json");
  CHECK(json.status == 400);
  simdjson::dom::parser parser;
  CHECK(parser.parse(json.body).error() == simdjson::SUCCESS);
}

TEST_CASE("valid UTF-8 names are kept as sent") {
  TestServer server(instant_transitions());
  auto r = server.post_auth("/api/instances?image_id=img1&name=caf%C3%A9-%E2%9C%93");
  REQUIRE(r.status == 201);
  CHECK(std::string{parse_xml(r.body).child("instance").child_value("name")} ==
        "caf\xc3\xa9-\xe2\x9c\x93");
}

TEST_CASE("documents stay well-formed whatever bytes a provider returns") {
  dc::engine::Instance instance;
  instance.id = "i-1";
  instance.name = std::string{"bad \xff\xfe utf8, \x01 control, \xc3 cut, ok \xc3\xa9"};
  instance.owner_id = std::string{"\xed\xa0\x80"};  // an encoded surrogate is not UTF-8
  dc::api::RequestContext ctx;
  ctx.base_url = "http://localhost";
  dc::engine::DriverInfo driver;
  dc::api::RenderContext rc{ctx, driver};

  dc::api::XmlWriter xml{true};
  dc::api::write_xml(xml, rc, instance);
  auto xml_text = xml.finish();
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml_text.c_str()));
  CHECK(std::string{doc.child("instance").child_value("name")} ==
        "bad \xef\xbf\xbd\xef\xbf\xbd utf8, \xef\xbf\xbd control, \xef\xbf\xbd cut, ok \xc3\xa9");

  dc::api::JsonWriter json;
  dc::api::write_json(json, rc, instance);
  auto json_text = json.finish();
  simdjson::dom::parser parser;
  auto parsed = parser.parse(json_text);
  REQUIRE(parsed.error() == simdjson::SUCCESS);
  std::string_view name;
  REQUIRE(parsed.value()["name"].get(name) == simdjson::SUCCESS);
  CHECK(name ==
        "bad \xef\xbf\xbd\xef\xbf\xbd utf8, \xef\xbf\xbd control, \xef\xbf\xbd cut, ok \xc3\xa9");
}

TEST_CASE("names too long for an id are 400 up front, never 500") {
  TestServer server;
  for (std::size_t length : {129, 200, 247, 251, 255, 300}) {
    INFO(length << " bytes");
    std::string name(length, 'n');
    CHECK(server.post_auth("/api/keys?name=" + name).status == 400);
    CHECK(server.post_auth("/api/buckets?name=" + name).status == 400);
    CHECK(server.post_auth("/api/firewalls?name=" + name + "&description=d").status == 400);
    CHECK(server.put_auth("/api/buckets/bucket1/" + name, {}, "bytes").status == 400);
  }
  // The longest name allowed works end to end (its temporary file name fits as well).
  std::string longest(128, 'k');
  CHECK(server.post_auth("/api/keys?name=" + longest).status == 201);
  CHECK(server.get_auth("/api/keys/" + longest).status == 200);
}

TEST_CASE("the same client token twice makes one instance") {
  TestServer server(instant_transitions());
  auto before = count_of(server, "instances");
  auto first = server.post_auth("/api/instances?image_id=img1&client_token=retry-1");
  REQUIRE(first.status == 201);
  auto again = server.post_auth("/api/instances?image_id=img1&client_token=retry-1");
  REQUIRE(again.status == 201);
  CHECK(again.header("Location") == first.header("Location"));
  CHECK(count_of(server, "instances") == before + 1);
  auto other = server.post_auth("/api/instances?image_id=img1&client_token=retry-2");
  REQUIRE(other.status == 201);
  CHECK(other.header("Location") != first.header("Location"));
  CHECK(server.post_auth("/api/instances?image_id=img1&client_token=" + std::string(65, 't'))
            .status == 400);
  CHECK(server.post_auth("/api/instances?image_id=img1&client_token=a%20b").status == 400);
}

TEST_CASE("a provider the configuration does not name is refused and never called") {
  Listener trap;
  TestServerOptions options;
  options.driver = "openstack";
  TestServer server(options);
  auto url = "http://127.0.0.1:" + std::to_string(trap.port) + "/v3";
  auto r = server.get("/api/realms", {{"X-Deltacloud-Provider", url},
                                      {"Authorization", "Basic dXNlcitwcm9qOnNlY3JldA=="}});
  CHECK(r.status == 400);
  CHECK(error_code(r) == "400");
  CHECK_FALSE(trap.called(500ms));
  // A closed port is refused the same way: nothing tells one address from another.
  auto closed = server.get("/api/realms", {{"X-Deltacloud-Provider", "http://127.0.0.1:1/v3"},
                                           {"Authorization", "Basic dXNlcitwcm9qOnNlY3JldA=="}});
  CHECK(closed.status == 400);
  auto strip = [&](std::string body, const std::string& provider) {
    for (auto at = body.find(provider); at != std::string::npos; at = body.find(provider))
      body.erase(at, provider.size());
    return body;
  };
  CHECK(strip(closed.body, "http://127.0.0.1:1/v3") == strip(r.body, url));
  // The entry point is refused too: no request gets as far as naming it.
  CHECK(server.get("/api", {{"X-Deltacloud-Provider", url}}).status == 400);
}

TEST_CASE("an operator may allow any provider, and then it is called") {
  Listener trap;
  TestServerOptions options;
  options.driver = "openstack";
  options.configure = [](dc::api::ServerOptions& o) { o.allow_any_provider = true; };
  options.request_timeout = std::chrono::seconds{2};
  TestServer server(options);
  auto url = "http://127.0.0.1:" + std::to_string(trap.port) + "/v3";
  std::thread client([&] {
    server.get("/api/realms", {{"X-Deltacloud-Provider", url},
                               {"Authorization", "Basic dXNlcitwcm9qOnNlY3JldA=="}});
  });
  CHECK(trap.called(10s));
  client.join();
}

TEST_CASE("the mock takes any well-formed provider name: it calls nobody") {
  TestServer server;
  CHECK(server.get_auth("/api/realms", {{"X-Deltacloud-Provider", "eu-west"}}).status == 200);
}

TEST_CASE("a record's temporary that a crash left behind is gone after a restart") {
  TestServer server;
  auto stale = server.data_dir() / "mock" / "keys" / ".test-key.yml.tmp";
  { std::ofstream{stale} << "name: half-written"; }
  server.restart();
  CHECK_FALSE(std::filesystem::exists(stale));
  CHECK(server.get_auth("/api/keys").status == 200);
}

TEST_CASE("a create naming an unknown key is 400, like an unknown image") {
  TestServer server;
  auto r = server.post_auth("/api/instances?image_id=img1&keyname=nosuchkey");
  CHECK(r.status == 400);
  CHECK(server.post_auth("/api/instances?image_id=nosuchimage").status == 400);
}

TEST_CASE("a provider's metric name that cannot be an XML element still gives a document") {
  // Found by fuzzing: metric property names become element names, as in the original.
  dc::engine::Metric metric;
  metric.id = "inst1";
  metric.properties.push_back({"1 bad<name>&", {}});
  metric.properties.push_back({"cpuUtilization", {}});
  dc::api::RequestContext ctx;
  ctx.base_url = "http://localhost";
  dc::engine::DriverInfo driver;
  dc::api::XmlWriter xml{true};
  dc::api::write_xml(xml, dc::api::RenderContext{ctx, driver}, metric);
  auto text = xml.finish();
  pugi::xml_document doc;
  REQUIRE(doc.load_string(text.c_str()));
  auto properties = doc.child("metric").child("properties");
  CHECK(properties.child("_1_bad_name__"));
  CHECK(properties.child("cpuUtilization"));
}

TEST_CASE("names too long for an id are refused by the API whatever the driver") {
  Listener cloud;  // stands for the cloud: a create that got past the API would call it
  TestServerOptions options;
  options.driver = "openstack";
  options.driver_options["auth_url"] = "http://127.0.0.1:" + std::to_string(cloud.port) + "/v3";
  TestServer server(options);
  Headers auth{{"Authorization", "Basic dXNlcitwcm9qOnNlY3JldA=="}};
  auto r = http(server.port(), "POST", "/api/keys?name=" + std::string(200, 'k'), auth);
  CHECK(r.status == 400);
  CHECK_FALSE(cloud.called(300ms));
}

TEST_CASE("U+FFFE and U+FFFF are refused: XML cannot carry them") {
  TestServer server(instant_transitions());
  CHECK(server.post_auth("/api/instances?image_id=img1&name=a%EF%BF%BEb").status == 400);
  CHECK(server.post_auth("/api/instances?image_id=img1&name=a%EF%BF%BFb").status == 400);
}

TEST_CASE("a blob's content type must be text like every stored value") {
  TestServer server;
  auto r = server.put_auth("/api/buckets/bucket1/typed", {{"Content-Type", "text/\xff"}}, "x");
  CHECK(r.status == 400);
  CHECK(server.get_auth("/api/buckets/bucket1/typed").status == 404);
}
