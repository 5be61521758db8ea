// Benchmark 1 of the scale issue: one process tracking a million mock instances.
//
//   bench_track_instances [COUNT=1000000] [DIR=/tmp/dc-bench-track]
//
// 1. Seeds COUNT running instances of one account into DIR/mock, through the mock driver's own
//    create_instance (non-durable writes), in a child process; skipped when DIR already holds
//    them (delete DIR to seed again).
// 2. Loads the mock's store on its own first: that memory is the emulated cloud's, not the
//    engine's, and is measured apart.
// 3. Starts the control plane on DIR and sends the account's first request: from then on the
//    account's driver actor tracks every instance (an actor and a record each), listed a page
//    per provider call. Waits until all are tracked.
// 4. Lets one full resync cycle pass and counts its provider calls.
// Prints the time and resident memory of each phase, and the memory per tracked instance.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include "actors/control_plane.hpp"
#include "bench/await_reply.hpp"
#include "bench/process_stats.hpp"
#include "drivers/mock/mock_store.hpp"
#include "engine/driver_registry.hpp"

namespace {

using namespace dc;
using namespace dc::bench;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

const engine::Credentials account_credentials{"mockuser", "mockpassword"};

/// Creates `count` instances in `dir` in a child process, so that none of its memory stays here.
void seed(const fs::path& dir, std::size_t count) {
  std::fflush(stdout);
  auto child = ::fork();
  if (child == 0) {
    engine::DriverSetup setup;
    setup.data_dir = dir.string();
    setup.options = {{"durable_writes", "false"}, {"boot_delay", "0"}};
    auto driver = engine::DriverRegistry::global().find("mock")->make(setup);
    engine::InstanceCreate what;
    what.image_id = "img1";
    std::size_t failed = 0;
    for (std::size_t i = 0; i < count; ++i) {
      what.name = "bench-" + std::to_string(i);
      driver->create_instance(account_credentials, what,
                              [&](engine::Result<engine::Instance> r) { failed += !r; });
      if ((i + 1) % 100000 == 0) std::fprintf(stderr, "  seeded %zu\n", i + 1);
    }
    std::_Exit(failed == 0 ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "seeding failed\n");
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = argc > 1 ? std::stoul(argv[1]) : 1000000;
  fs::path dir = argc > 2 ? argv[2] : "/tmp/dc-bench-track";
  auto mock_dir = dir / "mock";
  std::printf("tracking %zu mock instances, data directory %s\n", count, dir.c_str());

  if (!fs::exists(mock_dir / "instances")) {
    auto start = std::chrono::steady_clock::now();
    seed(mock_dir, count);
    std::printf("seed: %.1f s (%.0f creates/s)\n", seconds_since(start),
                static_cast<double>(count) / seconds_since(start));
  }

  auto rss_empty = resident_bytes();
  auto start = std::chrono::steady_clock::now();
  auto store = drivers::mock::MockStore::open(mock_dir);
  auto instances = store->all<drivers::mock::MockInstance>().size();
  auto load_seconds = seconds_since(start);
  auto rss_cloud = resident_bytes();
  std::printf("mock store load: %.1f s, %zu instances, cloud memory %.0f MiB (%.0f B/instance)\n",
              load_seconds, instances, mib(rss_cloud - rss_empty),
              static_cast<double>(rss_cloud - rss_empty) / static_cast<double>(instances));

  actors::ControlPlaneOptions options;
  options.data_dir = dir.string();
  options.driver_configs["mock"].options = {{"durable_writes", "false"}, {"boot_delay", "0"}};
  options.resync_interval = 20s;
  auto plane_start = std::chrono::steady_clock::now();
  actors::ControlPlane plane{std::move(options)};
  actors::Account account{"mock", "", account_credentials};
  std::promise<double> first_answer;
  plane.authenticate(account, [&](engine::Result<engine::Unit> r) {
    if (!r) std::fprintf(stderr, "authentication failed\n");
    first_answer.set_value(seconds_since(plane_start));
  });
  std::printf("first answer: %.3f s after start\n", first_answer.get_future().get());

  auto stats_now = [&] {
    return await_reply<actors::AccountStats>(
        [&](auto done) { plane.account_stats(account, done); });
  };
  actors::AccountStats stats;
  while ((stats = stats_now()).tracked < instances) std::this_thread::sleep_for(100ms);
  auto tracked_seconds = seconds_since(plane_start);
  std::this_thread::sleep_for(1s);  // let the last pages' messages drain before measuring
  auto rss_tracking = resident_bytes();
  std::printf("all tracked: %.1f s after start, %zu instances, %llu provider calls\n",
              tracked_seconds, stats.tracked,
              static_cast<unsigned long long>(stats.provider_calls));
  std::printf(
      "RSS: %.0f MiB in all; tracking %.0f MiB = %.0f B per tracked instance; "
      "with the cloud's copy %.0f B per instance\n",
      mib(rss_tracking), mib(rss_tracking - rss_cloud),
      static_cast<double>(rss_tracking - rss_cloud) / static_cast<double>(stats.tracked),
      static_cast<double>(rss_tracking - rss_empty) / static_cast<double>(stats.tracked));

  // One resync cycle: the whole account listed a page per call.
  auto before = stats_now();
  auto cycle_start = std::chrono::steady_clock::now();
  auto cpu_before = cpu_time();
  std::this_thread::sleep_for(25s);
  auto after = stats_now();
  std::printf(
      "over %.0f s (one resync of every 20 s): %llu describe calls, %llu poll cycles, "
      "CPU %.2f s\n",
      seconds_since(cycle_start),
      static_cast<unsigned long long>(after.describe_calls - before.describe_calls),
      static_cast<unsigned long long>(after.poll_cycles - before.poll_cycles),
      std::chrono::duration<double>(cpu_time() - cpu_before).count());
  return 0;
}
