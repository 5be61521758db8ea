// The drivers' HTTP client streams bodies through files: an upload is read from a file while it
// is sent, and a successful download is written to an unnamed file. Checked against the real
// server on the mock cloud, whose blob routes take and give bodies of any size.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <future>

#include "drivers/http/http_client.hpp"
#include "tests/support/patterned_bytes.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

using namespace dc;

namespace {

http::Response send_and_wait(http::HttpClient& client, http::Request request) {
  std::promise<http::Response> answered;
  auto answer = answered.get_future();
  client.send(std::move(request), [&answered](http::Response r) { answered.set_value(r); });
  REQUIRE(answer.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
  return answer.get();
}

std::string read_whole(const engine::FileHandle& file) {
  std::string bytes(file.size(), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    auto n = ::pread(file.fd(), bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
    REQUIRE(n > 0);
    got += static_cast<std::size_t>(n);
  }
  return bytes;
}

http::Request to_server(const test::TestServer& server, std::string method,
                        const std::string& target) {
  http::Request r;
  r.method = std::move(method);
  r.url = "http://127.0.0.1:" + std::to_string(server.port()) + target;
  auto [name, value] = test::mock_auth();
  r.headers.emplace_back(name, value);
  return r;
}

}  // namespace

TEST_CASE("the HTTP client uploads from a file and downloads into an unnamed file") {
  test::TestServer server;
  test::TempDir files;
  auto content = test::patterned_bytes(3 * 1024 * 1024 + 17);
  auto source = files.path() / "upload";
  std::ofstream{source, std::ios::binary} << content;
  auto downloads = files.path() / "downloads";
  std::filesystem::create_directories(downloads);
  http::HttpClient client;

  auto put = to_server(server, "PUT", "/api/buckets/bucket1/streamed");
  put.body_file = source;
  put.headers.emplace_back("Content-Type", "application/x-test");
  auto stored = send_and_wait(client, put);
  INFO(stored.error << stored.body);
  REQUIRE(stored.status == 200);

  auto get = to_server(server, "GET", "/api/buckets/bucket1/streamed/content");
  get.download_dir = downloads;
  auto fetched = send_and_wait(client, get);
  REQUIRE(fetched.status == 200);
  CHECK(fetched.body.empty());
  REQUIRE(fetched.body_file);
  CHECK(fetched.body_file->size() == content.size());
  CHECK(read_whole(*fetched.body_file) == content);
  CHECK(fetched.header("content-type") == "application/x-test");
  // The file has no name: nothing is left behind in the directory, whatever happens next.
  CHECK(std::filesystem::is_empty(downloads));
}

TEST_CASE("the HTTP client keeps error answers of a download in memory") {
  test::TestServer server;
  test::TempDir downloads;
  http::HttpClient client;
  auto get = to_server(server, "GET", "/api/buckets/bucket1/no-such-blob/content");
  get.download_dir = downloads.path();
  auto missing = send_and_wait(client, get);
  CHECK(missing.status == 404);
  CHECK_FALSE(missing.body_file);
  CHECK_FALSE(missing.body.empty());
}

TEST_CASE("the HTTP client answers an upload whose file cannot be read with an error") {
  test::TestServer server;
  test::TempDir files;
  http::HttpClient client;
  auto put = to_server(server, "PUT", "/api/buckets/bucket1/never");
  put.body_file = files.path() / "missing";
  auto refused = send_and_wait(client, put);
  CHECK(refused.status == 0);
  CHECK(refused.local_failure);
  CHECK(refused.error.find("cannot read") != std::string::npos);
  CHECK(refused.error.find(files.path().string()) == std::string::npos);  // no local paths
  CHECK(server.get_auth("/api/buckets/bucket1/never").status == 404);
}

TEST_CASE("the HTTP client leaves out a header given an empty value") {
  test::TestServer server;
  http::HttpClient client;
  // curl gives a body of its own a form Content-Type unless told not to; the mock keeps the
  // type a PUT came with as the blob's.
  auto typed_by_curl = to_server(server, "PUT", "/api/buckets/bucket1/typed-by-curl");
  typed_by_curl.body = "abc";
  REQUIRE(send_and_wait(client, typed_by_curl).status == 200);
  CHECK(server.get_auth("/api/buckets/bucket1/typed-by-curl/content")
            .header("content-type")
            .find("x-www-form-urlencoded") != std::string::npos);

  auto untyped = to_server(server, "PUT", "/api/buckets/bucket1/untyped");
  untyped.body = "abc";
  untyped.headers.emplace_back("Content-Type", "");
  REQUIRE(send_and_wait(client, untyped).status == 200);
  CHECK(server.get_auth("/api/buckets/bucket1/untyped/content").header("content-type") ==
        "application/octet-stream");
}

TEST_CASE("the HTTP client refuses to send a header that would split the request") {
  test::TestServer server;
  http::HttpClient client;
  auto put = to_server(server, "PUT", "/api/buckets/bucket1/split");
  put.body = "abc";
  put.headers.emplace_back("Content-Type", "text/plain\r\nX-Deltacloud-Blobmeta-Injected: 1");
  auto refused = send_and_wait(client, put);
  CHECK(refused.status == 0);
  CHECK(refused.local_failure);
  CHECK(server.get_auth("/api/buckets/bucket1/split").status == 404);
}
