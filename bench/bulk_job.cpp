// Benchmarks 2 and 3 of the scale issue: one bulk job on the mock cloud, in-process.
//
//   bench_bulk_job [COUNT=100000] [--throttled] [--boot-delay S]
//
// Starts the control plane on a fresh data directory (non-durable mock writes), submits one job
// of COUNT instances and follows it until every instance is observed RUNNING. Prints the time,
// the provider calls made (creates, describes), and the describe calls per poll cycle against
// the goal of COUNT / page size.
//
// --throttled: the mock throttles like EC2 (launch: burst 1000, then 2/s; describe: burst 100,
// then 20/s) and the account's limits are set to the same figures, so the engine paces itself
// under them. Prints the launch rate achieved after the burst, and the throttling errors that
// reached the job (the goal is none).

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>

#include "actors/control_plane.hpp"
#include "bench/await_reply.hpp"
#include "bench/process_stats.hpp"

namespace {

using namespace dc;
using namespace dc::bench;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 100000;
  bool throttled = false;
  std::string boot_delay = "1";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--throttled") == 0)
      throttled = true;
    else if (std::strcmp(argv[i], "--boot-delay") == 0 && i + 1 < argc)
      boot_delay = argv[++i];
    else
      count = std::stoul(argv[i]);
  }
  auto dir = fs::temp_directory_path() / ("dc-bench-job-" + std::to_string(::getpid()));
  fs::remove_all(dir);

  actors::ControlPlaneOptions options;
  options.data_dir = dir.string();
  options.max_job_instances = std::numeric_limits<std::size_t>::max();  // the size is the point
  auto& mock = options.driver_configs["mock"];
  mock.options = {{"durable_writes", "false"}, {"boot_delay", boot_delay}};
  if (throttled) {
    mock.options["throttle.launch.burst"] = "1000";
    mock.options["throttle.launch.per_second"] = "2";
    mock.options["throttle.describe.burst"] = "100";
    mock.options["throttle.describe.per_second"] = "20";
    mock.limits.rates[engine::launch_calls] = {1000, 2};
    mock.limits.rates[engine::describe_calls] = {100, 20};
  }
  std::printf("bulk job of %zu instances on the mock (%s, boot delay %s s, page size %zu)\n", count,
              throttled ? "EC2-like throttling" : "unthrottled", boot_delay.c_str(),
              mock.limits.page_size);
  auto page_size = mock.limits.page_size;
  actors::ControlPlane plane{std::move(options)};
  actors::Account account{"mock", "", {"mockuser", "mockpassword"}};
  await_reply<engine::Unit>([&](auto done) { plane.authenticate(account, done); });
  auto stats_before =
      await_reply<actors::AccountStats>([&](auto done) { plane.account_stats(account, done); });

  engine::JobSpec spec;
  spec.what.image_id = "img1";
  spec.name_prefix = "bench";
  spec.count = count;
  auto start = std::chrono::steady_clock::now();
  auto cpu_start = cpu_time();
  auto summary =
      await_reply<engine::JobSummary>([&](auto done) { plane.create_job(account, spec, done); });

  // Follow the job; remember when the launch burst was spent, to time what comes after it.
  double burst_done_at = -1;
  std::size_t burst_created = 0;
  double last_report = 0;
  std::size_t last_created = 0;
  double last_created_at = 0;  // when `created` last grew
  engine::JobPage job;
  while (true) {
    // Every outcome in one page: the benchmark reads them all once the job is done.
    job = await_reply<engine::JobPage>([&](auto done) {
      plane.job(account, summary.id, 0, std::numeric_limits<std::size_t>::max(), done);
    });
    auto counts = job.summary.counts;
    auto now = seconds_since(start);
    if (counts.created != last_created) {
      last_created = counts.created;
      last_created_at = now;
    }
    if (throttled && burst_done_at < 0 && counts.created >= 1000) {
      burst_done_at = now;
      burst_created = counts.created;
    }
    if (now - last_report >= 10) {
      last_report = now;
      std::fprintf(stderr, "  %.0f s: created %zu, running %zu, failed %zu\n", now, counts.created,
                   counts.running, counts.failed);
    }
    if (job.summary.state != engine::JobState::running) break;
    std::this_thread::sleep_for(throttled ? 500ms : 100ms);
  }
  auto elapsed = seconds_since(start);
  auto cpu = std::chrono::duration<double>(cpu_time() - cpu_start).count();
  auto counts = job.summary.counts;
  auto stats =
      await_reply<actors::AccountStats>([&](auto done) { plane.account_stats(account, done); });
  std::size_t throttle_errors = 0;
  for (auto& item : job.items)
    throttle_errors += item.error_code == "RequestLimitExceeded" || item.error_code == "Throttling";

  auto calls = stats.provider_calls - stats_before.provider_calls;
  auto describes = stats.describe_calls - stats_before.describe_calls;
  auto cycles = stats.poll_cycles - stats_before.poll_cycles;
  std::printf("all %zu RUNNING after %.1f s (created %zu, failed %zu); CPU %.1f s; RSS %.0f MiB\n",
              counts.running, elapsed, counts.created, counts.failed, cpu, mib(resident_bytes()));
  std::printf("provider calls: %llu (creates and retries %llu, describes %llu), retries %llu\n",
              static_cast<unsigned long long>(calls),
              static_cast<unsigned long long>(calls - describes),
              static_cast<unsigned long long>(describes),
              static_cast<unsigned long long>(stats.retries - stats_before.retries));
  std::printf("poll cycles: %llu, describe calls per cycle: %.1f (goal <= %zu = instances / %zu)\n",
              static_cast<unsigned long long>(cycles),
              cycles ? static_cast<double>(describes) / static_cast<double>(cycles) : 0.0,
              (count + page_size - 1) / page_size, page_size);
  if (throttled && burst_done_at >= 0 && counts.created > burst_created) {
    // The launch rate after the burst: creates between the burst's end and the last create
    // (both seen within one follow period).
    std::printf(
        "launch rate after the burst: %.3f/s (cloud limit 2/s); throttling errors "
        "reaching the job: %zu\n",
        static_cast<double>(counts.created - burst_created) / (last_created_at - burst_done_at),
        throttle_errors);
  }
  fs::remove_all(dir);
  return counts.running == count ? 0 : 1;
}
