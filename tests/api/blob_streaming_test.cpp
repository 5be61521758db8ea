// Blob bodies stream both ways: uploads larger than the server's body cap go to disk as they
// arrive and come back from disk as they are sent, in bounded memory; a cut-off upload leaves
// nothing behind; bodies over the upload cap are refused before they are read.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t body_cap = 1024 * 1024;  // for every other request

/// A byte pattern that differs at every offset within its period, so a dropped, repeated or
/// reordered piece shows.
char pattern_at(std::uint64_t offset) {
  return static_cast<char>((offset * 2654435761u >> 7) ^ (offset >> 13));
}

void fill_pattern(std::uint64_t offset, char* out, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out[i] = pattern_at(offset + i);
}

/// Checks received bytes against the pattern as they arrive.
struct PatternCheck {
  std::uint64_t received = 0;
  std::uint64_t mismatches = 0;
  void operator()(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) mismatches += data[i] != pattern_at(received + i);
    received += size;
  }
};

/// Peak resident set size of this process (the server runs in it) in KiB.
std::uint64_t peak_rss_kib() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  return 0;
}

/// Restarts peak tracking from the current resident size.
bool reset_peak_rss() {
  std::ofstream clear{"/proc/self/clear_refs"};
  clear << "5";
  return static_cast<bool>(clear);
}

std::size_t files_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}

TestServerOptions capped() {
  TestServerOptions o;
  o.max_body_bytes = body_cap;
  return o;
}

}  // namespace

TEST_CASE("a blob far larger than the body cap uploads and downloads in bounded memory") {
  TestServer server{capped()};
  const std::uint64_t size = 96ull * 1024 * 1024;  // 96 times the cap
  // An ordinary request with such a body is refused: only blob uploads stream.
  auto refused = http_streamed(server.port(), "POST", "/api/storage_volumes",
                               {mock_auth(), {"Content-Type", "text/plain"}}, 4 * body_cap,
                               fill_pattern, [](const char*, std::size_t) {});
  CHECK(refused.status == 413);

  REQUIRE(reset_peak_rss());
  auto before = peak_rss_kib();
  auto put = http_streamed(server.port(), "PUT", "/api/buckets/bucket1/big",
                           {mock_auth(), {"Content-Type", "application/x-pattern"}}, size,
                           fill_pattern, [](const char*, std::size_t) {});
  REQUIRE(put.status == 200);
  PatternCheck check;
  auto get = http_streamed(server.port(), "GET", "/api/buckets/bucket1/big/content", {mock_auth()},
                           0, fill_pattern, std::ref(check));
  auto growth_kib = peak_rss_kib() - before;
  REQUIRE(get.status == 200);
  CHECK(get.header("Content-Length") == std::to_string(size));
  CHECK(check.received == size);
  CHECK(check.mismatches == 0);
  INFO("peak RSS grew by " << growth_kib << " KiB while moving " << size / 1024 << " KiB");
  // Holding the blob would take 96 MiB; streaming takes a few buffers. (Under AddressSanitizer
  // freed memory is quarantined, not reused, so peak RSS measures the sanitizer, not us.)
#if !defined(__SANITIZE_ADDRESS__)
  CHECK(growth_kib < 32 * 1024);
#endif

  auto doc = parse_xml(server.get_auth("/api/buckets/bucket1/big").body);
  CHECK(std::string{doc.child("blob").child_value("content_length")} == std::to_string(size));
  // Nothing is left in the spool: the upload was moved into the mock's keeping.
  CHECK(files_in(server.data_dir() / "spool") == 0);
}

TEST_CASE("a multipart upload larger than the body cap streams its file part to disk") {
  TestServer server{capped()};
  const std::uint64_t file_size = 8 * body_cap;
  std::string before_file =
      "--B0undary\r\nContent-Disposition: form-data; name=\"blob_id\"\r\n\r\nmp\r\n"
      "--B0undary\r\nContent-Disposition: form-data; name=\"blob_data\"; filename=\"p.bin\"\r\n"
      "Content-Type: application/x-pattern\r\n\r\n";
  std::string after_file = "\r\n--B0undary--\r\n";
  std::uint64_t total = before_file.size() + file_size + after_file.size();
  auto fill = [&](std::uint64_t offset, char* out, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      auto at = offset + i;
      if (at < before_file.size())
        out[i] = before_file[at];
      else if (at < before_file.size() + file_size)
        out[i] = pattern_at(at - before_file.size());
      else
        out[i] = after_file[at - before_file.size() - file_size];
    }
  };
  auto post =
      http_streamed(server.port(), "POST", "/api/buckets/bucket2",
                    {mock_auth(), {"Content-Type", "multipart/form-data; boundary=B0undary"}},
                    total, fill, [](const char*, std::size_t) {});
  REQUIRE(post.status == 201);
  PatternCheck check;
  auto get = http_streamed(server.port(), "GET", "/api/buckets/bucket2/mp/content", {mock_auth()},
                           0, fill_pattern, std::ref(check));
  CHECK(get.header("Content-Type") == "application/x-pattern");
  CHECK(check.received == file_size);
  CHECK(check.mismatches == 0);
  CHECK(files_in(server.data_dir() / "spool") == 0);
}

TEST_CASE("an upload cut off midway leaves no partial blob behind") {
  TestServer server{capped()};
  std::string head = "PUT /api/buckets/bucket1/cut HTTP/1.1\r\nHost: localhost\r\nAuthorization: " +
                     mock_auth().second + "\r\nContent-Length: " + std::to_string(16 * body_cap) +
                     "\r\n\r\n";
  auto spool = server.data_dir() / "spool";
  auto wait_for_spool = [&](std::size_t files) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (files_in(spool) != files && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    return files_in(spool);
  };
  // Hang up once the server is receiving the upload, then wait for it to notice.
  send_and_hang_up(server.port(), head + std::string(2 * body_cap, 'x'),
                   [&] { CHECK(wait_for_spool(1) == 1); });
  wait_for_spool(0);
  CHECK(files_in(server.data_dir() / "spool") == 0);
  CHECK(server.get_auth("/api/buckets/bucket1/cut").status == 404);
  CHECK(files_in(server.data_dir() / "mock" / "blob_content") == 5);  // the seed's only
}

TEST_CASE("an upload over the upload cap is refused before its body is read") {
  auto options = capped();
  options.max_upload_bytes = 4 * body_cap;
  TestServer server{options};
  auto r = http_streamed(server.port(), "PUT", "/api/buckets/bucket1/huge", {mock_auth()},
                         64 * body_cap, fill_pattern, [](const char*, std::size_t) {});
  CHECK(r.status == 413);
  CHECK(server.get_auth("/api/buckets/bucket1/huge").status == 404);
  CHECK(files_in(server.data_dir() / "spool") == 0);
}

TEST_CASE("without credentials an upload is not spooled: the body cap applies") {
  TestServer server{capped()};
  auto r = http_streamed(server.port(), "PUT", "/api/buckets/bucket1/anon", {}, 4 * body_cap,
                         fill_pattern, [](const char*, std::size_t) {});
  CHECK(r.status == 413);
  CHECK(files_in(server.data_dir() / "spool") == 0);
  CHECK(http(server.port(), "PUT", "/api/buckets/bucket1/anon2", {}, "x").status == 401);
}

TEST_CASE("a client that expects 100-continue gets it before sending the body") {
  TestServer server;
  auto answer = raw_exchange(server.port(),
                             "PUT /api/buckets/bucket1/cont HTTP/1.1\r\nHost: localhost\r\n"
                             "Authorization: " +
                                 mock_auth().second +
                                 "\r\nExpect: 100-continue\r\nContent-Length: 5\r\n"
                                 "Connection: close\r\n\r\nhello");
  CHECK(answer.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(server.get_auth("/api/buckets/bucket1/cont/content").body == "hello");
}
