// Uploads a generated blob of a given size with PUT, downloads it again from .../content, and
// reports throughput both ways and the server's peak resident memory during the transfers (read
// from /proc/<pid>: run it on the server's machine, as the same user). Neither side ever holds
// the blob: the body is generated and checked piece by piece.
//
//   bench_blob_transfer PORT SIZE_MIB SERVER_PID [user:password]

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "bench/loopback.hpp"
#include "engine/base64.hpp"

namespace {

using namespace dc::bench;
using Clock = std::chrono::steady_clock;

char pattern_at(std::uint64_t offset) {
  return static_cast<char>((offset * 2654435761u >> 7) ^ (offset >> 13));
}

std::uint64_t proc_status_kib(int pid, const char* field) {
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field, 0) == 0) return std::stoull(line.substr(std::string{field}.size()));
  return 0;
}

bool reset_peak(int pid) {
  std::ofstream clear{"/proc/" + std::to_string(pid) + "/clear_refs"};
  clear << "5";
  return static_cast<bool>(clear);
}

void send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    auto n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) {
      std::perror("send");
      std::exit(1);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

/// Reads a response head; returns its status and Content-Length, leaving body bytes in `rest`.
int read_head(int fd, std::string& rest, std::uint64_t& length) {
  std::string raw;
  char chunk[65536];
  std::size_t end;
  while ((end = raw.find("\r\n\r\n")) == std::string::npos) {
    auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) {
      std::fprintf(stderr, "connection closed before the head\n");
      std::exit(1);
    }
    raw.append(chunk, static_cast<std::size_t>(n));
  }
  length = 0;
  for (auto key : {"Content-Length: ", "content-length: "})
    if (auto at = raw.find(key); at != std::string::npos && at < end)
      length = std::stoull(raw.substr(at + 16));
  rest = raw.substr(end + 4);
  return std::stoi(raw.substr(9, 3));
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_blob_transfer PORT SIZE_MIB SERVER_PID [user:password]\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  std::uint64_t size = std::strtoull(argv[2], nullptr, 10) * 1024 * 1024;
  int pid = std::atoi(argv[3]);
  std::string auth = "Authorization: Basic " +
                     dc::engine::base64_encode(argc > 4 ? argv[4] : "mockuser:mockpassword") +
                     "\r\n";
  const std::string path = "/api/buckets/bucket1/bench-blob";

  auto rss_before = proc_status_kib(pid, "VmRSS:");
  if (!reset_peak(pid)) std::fprintf(stderr, "warning: cannot reset the server's peak RSS\n");

  // Upload.
  int fd = connect_loopback(port);
  std::string head =
      "PUT " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth +
      "Content-Type: application/octet-stream\r\nContent-Length: " + std::to_string(size) +
      "\r\nConnection: close\r\n\r\n";
  send_all(fd, head.data(), head.size());
  std::vector<char> piece(1024 * 1024);
  auto start = Clock::now();
  for (std::uint64_t offset = 0; offset < size;) {
    auto n = static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), size - offset));
    for (std::size_t i = 0; i < n; ++i) piece[i] = pattern_at(offset + i);
    send_all(fd, piece.data(), n);
    offset += n;
  }
  std::string rest;
  std::uint64_t length = 0;
  int status = read_head(fd, rest, length);
  double upload_s = seconds_since(start);
  ::close(fd);
  if (status != 200) {
    std::fprintf(stderr, "upload answered %d\n", status);
    return 1;
  }
  auto peak_upload = proc_status_kib(pid, "VmHWM:");

  // Download.
  reset_peak(pid);
  fd = connect_loopback(port);
  head = "GET " + path + "/content HTTP/1.1\r\nHost: localhost\r\n" + auth +
         "Connection: close\r\n\r\n";
  start = Clock::now();
  send_all(fd, head.data(), head.size());
  status = read_head(fd, rest, length);
  std::uint64_t received = 0, mismatches = 0;
  auto check = [&](const char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) mismatches += data[i] != pattern_at(received + i);
    received += n;
  };
  check(rest.data(), rest.size());
  while (received < length) {
    auto n = ::recv(fd, piece.data(), piece.size(), 0);
    if (n <= 0) break;
    check(piece.data(), static_cast<std::size_t>(n));
  }
  double download_s = seconds_since(start);
  ::close(fd);
  auto peak_download = proc_status_kib(pid, "VmHWM:");

  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  double mib = static_cast<double>(size) / (1024 * 1024);
  std::printf("blob of %.0f MiB\n", mib);
  std::printf("upload:   %.2f s, %.0f MiB/s (status %d)\n", upload_s, mib / upload_s, 200);
  std::printf("download: %.2f s, %.0f MiB/s (status %d), %llu bytes, %llu mismatches\n", download_s,
              mib / download_s, status, static_cast<unsigned long long>(received),
              static_cast<unsigned long long>(mismatches));
  std::printf(
      "server RSS before: %llu KiB; peak during upload: %llu KiB; during download: %llu "
      "KiB\n",
      static_cast<unsigned long long>(rss_before), static_cast<unsigned long long>(peak_upload),
      static_cast<unsigned long long>(peak_download));
  std::printf("client peak RSS: %ld KiB\n", self.ru_maxrss);
  return received == size && mismatches == 0 ? 0 : 1;
}
