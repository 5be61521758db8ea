// Benchmark 4 of the scale issue: many text/event-stream subscribers at a high event rate.
//
//   bench_event_fanout [SUBSCRIBERS=1000] [RATE=10000] [SECONDS=10] [IO_THREADS=1]
//
// Runs the server in-process (the real HTTP server and control plane on the mock, port 0) and
// opens SUBSCRIBERS `GET /api/events` connections of one account. Once all are subscribed it
// publishes RATE state changes per second for SECONDS through the real hub (a cloud cannot be
// made to change that fast on demand). Each event names the moment it was published, so the
// subscribers (one epoll thread) measure its delivery latency. Prints delivered events/s,
// latency percentiles, subscribers cut off for falling behind, and the server's CPU time per
// delivery (the process's CPU minus the subscriber and publisher threads').

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "api/application.hpp"
#include "api/server_options.hpp"
#include "bench/loopback.hpp"
#include "bench/process_stats.hpp"
#include "engine/base64.hpp"

namespace {

using namespace dc;
using namespace dc::bench;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

/// Latencies in 50 µs buckets up to 10 s (the last bucket takes the rest).
class LatencyHistogram {
 public:
  void add(std::int64_t ns) {
    auto bucket = static_cast<std::size_t>(std::max<std::int64_t>(ns, 0) / 50000);
    counts_[std::min(bucket, counts_.size() - 1)]++;
    total_++;
    max_ns_ = std::max(max_ns_, ns);
  }
  double percentile_ms(double p) const {
    auto want = static_cast<std::uint64_t>(p * static_cast<double>(total_));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i)
      if ((seen += counts_[i]) > want) return static_cast<double>(i + 1) * 0.05;
    return static_cast<double>(counts_.size()) * 0.05;
  }
  std::uint64_t total() const { return total_; }
  double max_ms() const { return static_cast<double>(max_ns_) / 1e6; }

 private:
  std::array<std::uint64_t, 200000> counts_{};
  std::uint64_t total_ = 0;
  std::int64_t max_ns_ = 0;
};

struct Subscriber {
  int fd = -1;
  std::string pending;  // bytes not yet parsed
  bool connected = false;
  bool cut_off = false;
};

/// Takes every complete `"instance_id":"t<ns>"` out of the subscriber's bytes.
void parse(Subscriber& s, LatencyHistogram& latencies, std::int64_t received_at) {
  static const std::string marker = "\"instance_id\":\"t";
  if (!s.connected && s.pending.find(": connected") != std::string::npos) s.connected = true;
  if (s.pending.find("event: overflow") != std::string::npos) s.cut_off = true;
  std::size_t at = 0, done = 0;
  while ((at = s.pending.find(marker, at)) != std::string::npos) {
    std::int64_t sent = 0;
    auto i = at + marker.size();
    for (; i < s.pending.size() && s.pending[i] >= '0' && s.pending[i] <= '9'; ++i)
      sent = sent * 10 + (s.pending[i] - '0');
    if (i == s.pending.size()) break;  // the number goes on in the next read
    latencies.add(received_at - sent);
    at = done = i;
  }
  // Keep only what may hold the start of an unfinished event.
  auto keep_from = std::max(done, s.pending.size() > 256 ? s.pending.size() - 256 : 0);
  s.pending.erase(0, keep_from);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t subscribers = argc > 1 ? std::stoul(argv[1]) : 1000;
  std::size_t rate = argc > 2 ? std::stoul(argv[2]) : 10000;
  int seconds = argc > 3 ? std::stoi(argv[3]) : 10;
  std::size_t io_threads = argc > 4 ? std::stoul(argv[4]) : 1;

  // Two descriptors per subscriber (both ends live in this process).
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);

  auto data_dir =
      std::filesystem::temp_directory_path() / ("dc-bench-fanout-" + std::to_string(::getpid()));
  auto options = api::default_server_options();
  options.config_dir = DC_BENCH_CONFIG_DIR;
  api::load_server_config(options);
  options.driver = "mock";
  options.data_dir = data_dir;
  options.http.port = 0;
  options.http.io_threads = io_threads;
  options.engine.event_history = 10000;
  api::Application app{std::move(options)};
  app.start();
  int port = app.port();
  std::printf("%zu subscribers, %zu events/s for %d s, %zu I/O thread(s), queue cap %zu\n",
              subscribers, rate, seconds, io_threads, app.options().http.stream_queue_chunks);

  std::vector<Subscriber> subs(subscribers);
  int epoll = epoll_create1(0);
  std::string request = "GET /api/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " +
                        dc::engine::base64_encode("mockuser:mockpassword") + "\r\n\r\n";
  for (std::size_t i = 0; i < subscribers; ++i) {
    subs[i].fd = connect_loopback(port);
    if (::send(subs[i].fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) std::exit(1);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(epoll, EPOLL_CTL_ADD, subs[i].fd, &ev);
  }

  LatencyHistogram latencies;
  std::atomic<bool> reading{true};
  std::atomic<std::size_t> connected{0};
  std::atomic<double> reader_cpu{0};
  std::thread reader([&] {
    std::vector<char> buffer(1 << 16);
    std::array<epoll_event, 256> ready{};
    while (reading) {
      int n = epoll_wait(epoll, ready.data(), static_cast<int>(ready.size()), 50);
      auto received_at = now_ns();
      for (int k = 0; k < n; ++k) {
        auto& s = subs[ready[static_cast<std::size_t>(k)].data.u64];
        auto got = ::recv(s.fd, buffer.data(), buffer.size(), 0);
        if (got <= 0) {
          epoll_ctl(epoll, EPOLL_CTL_DEL, s.fd, nullptr);
          continue;
        }
        bool was_connected = s.connected;
        s.pending.append(buffer.data(), static_cast<std::size_t>(got));
        parse(s, latencies, received_at);
        if (!was_connected && s.connected) connected++;
      }
    }
    reader_cpu = thread_cpu_seconds();
  });

  auto deadline = Clock::now() + 60s;
  while (connected < subscribers && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  if (connected < subscribers) {
    std::fprintf(stderr, "only %zu of %zu subscribers connected\n", connected.load(), subscribers);
    return 1;
  }

  // Publish in 1 ms ticks.
  auto cpu_before = cpu_time();
  auto start = Clock::now();
  std::size_t published = 0;
  double publisher_cpu = 0;
  std::thread publisher([&] {
    auto cpu0 = thread_cpu_seconds();
    auto tick = Clock::now();
    auto end = tick + std::chrono::seconds{seconds};
    double owed = 0;
    while (tick < end) {
      owed += static_cast<double>(rate) / 1000.0;
      for (; owed >= 1; owed -= 1, ++published) {
        actors::InstanceEvent e;
        e.driver = "mock";
        e.user = "mockuser";
        e.instance_id = "t" + std::to_string(now_ns());
        e.from = "RUNNING";
        e.to = "STOPPED";
        e.time = engine::WallTime::clock::now();
        e.cause = "poll";
        app.plane().publish(std::move(e));
      }
      tick += 1ms;
      std::this_thread::sleep_until(tick);
    }
    publisher_cpu = thread_cpu_seconds() - cpu0;
  });
  publisher.join();
  auto publish_seconds = seconds_since(start);
  // Let what is on its way arrive (bounded), then stop reading.
  auto expected = static_cast<std::uint64_t>(published) * subscribers;
  auto drain_until = Clock::now() + 5s;
  while (latencies.total() < expected && Clock::now() < drain_until)
    std::this_thread::sleep_for(10ms);
  auto elapsed = seconds_since(start);
  reading = false;
  reader.join();
  auto process_cpu = std::chrono::duration<double>(cpu_time() - cpu_before).count();
  auto server_cpu = process_cpu - reader_cpu.load() - publisher_cpu;

  std::size_t cut_off = 0;
  for (auto& s : subs) cut_off += s.cut_off;
  auto delivered = latencies.total();
  std::printf(
      "published %zu events in %.1f s (%.0f/s); delivered %llu of %llu (%.0f/s over "
      "%.1f s); subscribers cut off: %zu\n",
      published, publish_seconds, static_cast<double>(published) / publish_seconds,
      static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(expected),
      static_cast<double>(delivered) / elapsed, elapsed, cut_off);
  std::printf("latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms\n",
              latencies.percentile_ms(0.5), latencies.percentile_ms(0.99),
              latencies.percentile_ms(0.999), latencies.max_ms());
  std::printf(
      "CPU: server %.1f s (%.0f ns per delivery), subscribers' reader %.1f s, "
      "publisher %.2f s\n",
      server_cpu, delivered ? server_cpu * 1e9 / static_cast<double>(delivered) : 0.0,
      reader_cpu.load(), publisher_cpu);
  for (auto& s : subs) ::close(s.fd);
  app.stop();
  std::filesystem::remove_all(data_dir);
  return 0;
}
