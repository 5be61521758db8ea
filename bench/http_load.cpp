// Closed-loop HTTP/1.1 load generator for loopback benchmarks: N keep-alive connections, each
// sending the next request as soon as the previous answer is complete, for a fixed duration.
// Prints requests/s and latency percentiles. Bounded in time; talks to 127.0.0.1 only.
//
//   bench_http_load PORT PATH CONNECTIONS SECONDS [user:password]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/loopback.hpp"
#include "engine/base64.hpp"

namespace {

using namespace dc::bench;
using Clock = std::chrono::steady_clock;

/// Reads one whole response (Content-Length framed); false when the connection failed.
bool read_response(int fd, std::string& buffer) {
  char chunk[65536];
  while (true) {
    auto head_end = buffer.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t length = 0;
      auto cl = buffer.find("Content-Length: ");
      if (cl == std::string::npos) cl = buffer.find("content-length: ");
      if (cl != std::string::npos && cl < head_end)
        length = std::strtoul(buffer.c_str() + cl + 16, nullptr, 10);
      if (buffer.size() >= head_end + 4 + length) {
        buffer.erase(0, head_end + 4 + length);
        return true;
      }
    }
    auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s PORT PATH CONNECTIONS SECONDS [user:password]\n", argv[0]);
    return 2;
  }
  int port = std::atoi(argv[1]);
  std::string path = argv[2];
  int connections = std::max(1, std::atoi(argv[3]));
  double seconds = std::atof(argv[4]);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (argc > 5) request += "Authorization: Basic " + dc::engine::base64_encode(argv[5]) + "\r\n";
  request += "\r\n";

  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(connections));
  std::atomic<long> errors{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  // One thread per connection: simple and fine up to the few dozen connections measured here.
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      int fd = connect_loopback(port);
      std::string buffer;
      auto& mine = latencies[static_cast<std::size_t>(c)];
      while (!stop) {
        auto t0 = Clock::now();
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0 ||
            !read_response(fd, buffer)) {
          errors++;
          ::close(fd);
          fd = connect_loopback(port);
          buffer.clear();
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
      ::close(fd);
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * (all.size() - 1))];
  };
  std::printf(
      "path=%s connections=%d seconds=%.1f requests=%zu errors=%ld req/s=%.0f p50_us=%.0f "
      "p99_us=%.0f\n",
      path.c_str(), connections, elapsed, all.size(), errors.load(), all.size() / elapsed,
      pct(0.50), pct(0.99));
  return 0;
}
