#pragma once
// The actor engine behind one facade that includes no CAF: the HTTP front end calls these
// methods from its I/O threads; each sends one message and returns at once. Every reply callback
// is called exactly once, from an actor thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "actors/account.hpp"
#include "actors/instance_event.hpp"
#include "engine/call_counts.hpp"
#include "engine/cancellation.hpp"
#include "engine/driver.hpp"
#include "engine/driver_config.hpp"
#include "engine/job.hpp"
#include "engine/provider_call.hpp"

namespace dc::actors {

/// Settings of the engine.
///
/// | option                 | meaning                                                   | default |
/// |------------------------|-----------------------------------------------------------|---------|
/// | scheduler_threads      | CAF worker threads                                        | 2       |
/// | transient_poll         | first poll delay while an instance is in a transient state| 200 ms  |
/// | transient_poll_max     | poll delay after backing off (no change seen)             | 5 s     |
/// | resync_interval        | poll period when every instance is stable                 | 60 s    |
/// | event_history          | events kept for Last-Event-ID resume                      | 10000   |
/// | heartbeat_interval     | keep-alive period of event streams                        | 15 s    |
/// | finished_jobs_kept     | finished bulk jobs kept per account (memory and journal)  | 100     |
/// | max_job_instances      | instances one bulk job may make                           | 10000   |
/// | max_running_jobs       | bulk jobs running at once per account                     | 10      |
/// | max_accounts           | accounts (driver actors) held at once; at the cap, the    | 2000    |
/// |                        | least recently used quiet ones make room (503 meanwhile)  |         |
/// | max_logins_per_client  | new accounts one client address may have waiting for the  | 16      |
/// |                        | provider to accept their credentials (429 beyond)         |         |
/// | max_accounts_per_user  | accepted accounts of one driver's user (one per provider);| 64      |
/// |                        | past it, that user's least recently used quiet ones go    |         |
/// | account_idle           | a quiet account unused this long is let go                | 10 min  |
/// | track_retry            | first delay before a tracked account's credentials are    | 1 s     |
/// |                        | tried again after a transient failure (doubles each time) |         |
/// | track_retry_max        | longest such delay                                        | 60 s    |
struct ControlPlaneOptions {
  std::map<std::string, engine::DriverConfig> driver_configs;
  std::string data_dir;
  const engine::Clock* clock = nullptr;  // null: the system clock
  std::size_t scheduler_threads = 2;
  std::chrono::milliseconds transient_poll{200};
  std::chrono::milliseconds transient_poll_max{5000};
  std::chrono::milliseconds resync_interval{60000};
  std::size_t event_history = 10000;
  std::chrono::milliseconds heartbeat_interval{15000};
  std::size_t finished_jobs_kept = 100;
  std::size_t max_job_instances = 10000;
  std::size_t max_running_jobs = 10;
  std::size_t max_accounts = 2000;
  std::size_t max_logins_per_client = 16;
  std::size_t max_accounts_per_user = 64;
  std::chrono::milliseconds account_idle{600000};
  std::chrono::milliseconds track_retry{1000};
  std::chrono::milliseconds track_retry_max{60000};
  /// Renders an event as the streams send it; called once per event.
  std::function<RenderedEvent(const InstanceEvent&)> render_event;
  /// Tests: CAF's test coordinator instead of worker threads. Nothing runs until the test calls
  /// deterministic().run() or moves time, and then on the test's thread; the engine's clock is
  /// the coordinator's (`clock` is not used), so polls, backoff, limits and timers all move
  /// with it. Every call into the plane must then come from that one thread.
  bool deterministic = false;
};

class DeterministicScheduler;

class ControlPlane {
 public:
  template <class T>
  using Reply = engine::Callback<T>;
  /// Receives stream items in order, several at a time when events come fast; returns false
  /// when the subscriber is gone or cut off.
  using EventSink = std::function<bool(std::span<const StreamItem>)>;
  /// Hears that a tracked account's provider failed transiently, and when it is tried again.
  using TrackRetry =
      std::function<void(const engine::Error& error, std::chrono::milliseconds retry_in)>;

  explicit ControlPlane(ControlPlaneOptions options);
  ~ControlPlane();
  ControlPlane(const ControlPlane&) = delete;
  ControlPlane& operator=(const ControlPlane&) = delete;

  /// Runs `op` for the account on its driver actor's call path (limits, retries, deadline,
  /// counts; DriverActor::run_call). Every collection reaches its driver this way; instances
  /// and jobs, which the engine tracks, through the methods below (on the same path inside).
  template <class T>
  void call(const Account& who, engine::Operation<T> op, std::type_identity_t<Reply<T>> done) {
    submit(who, engine::erase(std::move(op), std::move(done)));
  }
  /// call() with the result type erased.
  void submit(const Account& who, engine::ErasedCall call);

  /// Checks the credentials with the provider (a call like any other).
  void authenticate(const Account& who, Reply<engine::Unit> done);

  void instances(const Account& who, Reply<std::vector<engine::Instance>> done);
  void instance(const Account& who, std::string id, Reply<engine::Instance> done);
  void create_instance(const Account& who, engine::InstanceCreate what,
                       Reply<engine::Instance> done);
  /// Answers when the instance reaches `target` (or finish/error), or when `timeout` passes,
  /// with the instance as it is then; its actor answers, the client does not poll. When
  /// `cancel` fires (the client hung up) the wait ends at once and lets go of what it holds.
  void wait_for_instance(const Account& who, std::string id, engine::InstanceState target,
                         std::chrono::milliseconds timeout, engine::CancellationPtr cancel,
                         Reply<engine::Instance> done);
  /// start, stop or reboot, checked against the state machine by the instance's actor.
  void instance_action(const Account& who, std::string id, engine::InstanceAction action,
                       Reply<engine::Instance> done);
  void destroy_instance(const Account& who, std::string id, Reply<engine::Unit> done);
  /// Streams the events matching `filter` to `sink`, first those after `last_event_id` still
  /// in the history. Returns the subscription's id for unsubscribe().
  std::uint64_t subscribe(EventFilter filter, std::optional<std::uint64_t> last_event_id,
                          EventSink sink);
  void unsubscribe(std::uint64_t subscription);
  /// Puts an event on the hub as an instance actor does (numbered, kept in the history, fanned
  /// out). For measuring the streams at rates no cloud produces on demand.
  void publish(InstanceEvent event);

  /// Starts a bulk job: journaled before any provider call, then run under the account's
  /// limits. Answers at once with the job's summary.
  void create_job(const Account& who, engine::JobSpec spec, Reply<engine::JobSummary> done);
  void jobs(const Account& who, Reply<std::vector<engine::JobSummary>> done);
  /// The job with up to `limit` of its instances' outcomes from `offset` on.
  void job(const Account& who, std::string id, std::size_t offset, std::size_t limit,
           Reply<engine::JobPage> done);
  /// Cancels the job's instances not asked for yet.
  void cancel_job(const Account& who, std::string id, Reply<engine::Unit> done);

  /// Tracks the account from now on, without waiting for a client's request: its instances are
  /// listed and observed, its events flow, its unfinished jobs resume. The credentials are
  /// tried at once and, while the provider fails transiently, again after growing delays (each
  /// failure goes to `retrying`, from an actor thread). `done` hears when tracking has started,
  /// or the error that rules it out (credentials refused, unknown driver).
  void track_account(const Account& who, TrackRetry retrying, Reply<engine::Unit> done);

  /// The account's counters: tracked instances, provider calls, retries, poll cycles.
  void account_stats(const Account& who, Reply<AccountStats> done);

  /// Every try of every provider call, by driver, operation and outcome.
  const engine::CallCounts& call_counts() const;

  /// The scheduler of a plane made with options.deterministic (std::logic_error otherwise).
  DeterministicScheduler& deterministic();
  /// The clock the engine reads.
  const engine::Clock& clock() const;

  /// Number of accounts the directory holds (driver actors); for tests and metrics.
  std::size_t account_count() const;
  /// Client requests sent to accounts and not answered yet (waits included); for tests and
  /// metrics.
  std::size_t requests_in_flight() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dc::actors
