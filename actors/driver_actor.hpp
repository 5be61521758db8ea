#pragma once
// One actor per (driver, provider, account). It owns the Driver object and the credentials
// (memory only), runs every driver continuation one at a time, and keeps the account's instances
// tracked through instance actors.
//
// Every provider call of the account, whatever the collection, takes one path (run_call): the
// account's CallLimiter (calls in flight, token buckets per API class); retries of throttled
// calls, and of transient failures of calls that are safe to repeat, with jittered exponential
// backoff; a deadline; and the counts of every try by driver, operation and outcome
// (engine::CallCounts). One poll timer keeps the instances current: each cycle asks
// for the transient ones by id, a page of ids per call, and every resync period the whole
// account is listed page by page; only instances whose record changed get a message. So polling
// costs calls per page of instances, never a call per instance.

#include <caf/actor.hpp>
#include <caf/event_based_actor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "actors/account.hpp"
#include "actors/messages.hpp"
#include "actors/poll_schedule.hpp"
#include "actors/provisioner.hpp"
#include "actors/timer_relay.hpp"
#include "engine/call_counts.hpp"
#include "engine/call_limiter.hpp"
#include "engine/driver.hpp"
#include "engine/driver_limits.hpp"
#include "engine/job.hpp"
#include "engine/job_journal.hpp"
#include "engine/provider_call.hpp"

namespace dc::actors {

struct InstanceActorShared;

/// Runs a driver's continuations inside its driver actor.
class ActorExecutor final : public engine::Executor {
 public:
  void bind(const caf::actor& target) { target_ = target.address(); }
  /// On a deterministic plane: posting from any other thread is a bug of the test (CAF's test
  /// coordinator queues jobs without a lock), stopped with a message instead of a race.
  void confine_to(std::thread::id thread) { only_thread_ = thread; }
  void post(std::function<void()> work) override;

 private:
  // Weak: the actor owns this executor, a strong handle here would keep it alive forever.
  caf::actor_addr target_;
  std::optional<std::thread::id> only_thread_;
};

struct DriverActorSetup {
  Account account;
  // Declared before the driver so it outlives it: a driver may post in its destructor.
  std::shared_ptr<ActorExecutor> executor;
  std::unique_ptr<engine::Driver> driver;
  caf::actor hub;
  caf::actor timers;  // the timer relay: its timers never keep it alive once it quits
  const engine::Clock* clock = nullptr;
  /// Seeds the backoff jitter; empty: a random seed. A deterministic plane fixes it, so that
  /// retries fall at the same simulated times on every run.
  std::optional<std::uint32_t> jitter_seed;
  std::chrono::milliseconds transient_poll{200};
  std::chrono::milliseconds transient_poll_max{5000};
  std::chrono::milliseconds resync_interval{60000};
  std::size_t finished_jobs_kept = 100;
  std::size_t max_running_jobs = 10;  // a further job is refused (429) until one ends
  engine::DriverLimits limits;
  /// Where every try of every provider call is counted; shared by the control plane's accounts.
  std::shared_ptr<engine::CallCounts> call_counts;
  /// Called (inside the actor) when it would retire of its own accord: the account's
  /// credentials were refused with nothing tracked (`asked` false: it goes whatever the
  /// directory says), or the directory asked for room and nothing is in motion (`asked` true:
  /// it goes only if the directory, under its lock, still finds the account quiet). `jobs` are
  /// the account's finished jobs, for its next actor. True: the directory forgot the actor,
  /// which then quits.
  std::function<bool(bool asked, std::vector<engine::Job> jobs)> on_retiring;
  /// The node's job journal; null when there is no data directory (no jobs then).
  std::shared_ptr<engine::JobJournal> journal;
  /// Called (inside the actor) once, when the provider first accepted the credentials (the
  /// directory then counts the account as accepted): answers the account's journaled jobs that
  /// no actor has taken yet, to resume.
  std::function<std::vector<engine::Job>()> on_accepted;
};

class DriverActor final : public caf::event_based_actor {
 public:
  DriverActor(caf::actor_config& cfg, DriverActorSetup setup);

  caf::behavior make_behavior() override;

  engine::Driver& driver() { return *setup_.driver; }
  const engine::Credentials& credentials() const { return setup_.account.credentials; }
  const Account& account() const { return setup_.account; }
  AccountStats stats() const;

  /// Delivers a result to a client, noting refused credentials on the way.
  template <class T>
  void finish(const ReplyOnce<T>& reply, engine::Result<T> result) {
    note(result.ok() ? nullptr : &result.error());
    reply(std::move(result));
  }

  /// The one path of provider calls. Runs `call` under the account's limits (calls in flight,
  /// the token bucket of its API class); retries it while it is throttled, and while it fails
  /// transiently when it is repeatable, up to the retry policy's attempts and never past its
  /// deadline (limits.retry.deadline), at which a call still unanswered is answered with a
  /// timeout. Counts and times every try, and notes what the answer says of the credentials.
  void run_call(engine::ErasedCall call);

  /// run_call for the actor's own calls, typed: `op` makes the call once.
  /// `late`, when given, hears a success that came after `done` was answered (ErasedCall::late).
  template <class T>
  void call(engine::CallInfo info, std::function<void(engine::Callback<T>)> op,
            engine::Callback<T> done, engine::Callback<T> late = {}) {
    engine::Operation<T> operation{
        info, [op = std::move(op)](engine::Driver&, const engine::Credentials&,
                                   engine::Callback<T> cb) { op(std::move(cb)); }};
    run_call(engine::erase(std::move(operation), std::move(done), std::move(late)));
  }

  // -- instance operations (tracked) ------------------------------------------------------------
  void list_instances(ReplyOnce<std::vector<engine::Instance>> reply);
  void show_instance(const std::string& id, ReplyOnce<engine::Instance> reply);
  /// `still_wanted`, when set, is asked before each call to the provider; false withdraws the
  /// create (code Provisioner::withdrawn_code). A client's create whose client token is that
  /// of one still under way joins it: one provider call, the same answer to both.
  void create_instance(const engine::InstanceCreate& what, ReplyOnce<engine::Instance> reply,
                       std::function<bool()> still_wanted = {});
  /// Answers when the instance is in `target` or a state that ends waits, or after `timeout`
  /// with the record as it is then, or at once when `cancel` fires.
  void wait_instance(const std::string& id, engine::InstanceState target,
                     std::chrono::milliseconds timeout, engine::CancellationPtr cancel,
                     ReplyOnce<engine::Instance> reply);
  /// Refreshes the record, then lets the instance actor check the action.
  void request_action(const std::string& id, engine::InstanceAction action,
                      ReplyOnce<engine::Instance> reply);

  /// Tries the credentials until the provider accepts them (the account is tracked from then
  /// on) or refuses them for good; transient failures are tried again after `delay`, doubled
  /// each time up to `longest`.
  void keep_tracked(ControlPlane::TrackRetry retrying, ReplyOnce<engine::Unit> done,
                    std::chrono::milliseconds delay, std::chrono::milliseconds longest);

  // -- bulk jobs (after the credentials are checked) -------------------------------------------
  void submit_job(engine::Job job, ReplyOnce<engine::JobSummary> reply);
  void list_jobs(ReplyOnce<std::vector<engine::JobSummary>> reply);
  void show_job(const std::string& id, std::size_t offset, std::size_t limit,
                ReplyOnce<engine::JobPage> reply);
  void cancel_job(const std::string& id, ReplyOnce<engine::Unit> reply);

 private:
  /// Jobs of the account still making or following instances.
  std::size_t running_jobs() const;

  struct Tracked {
    caf::actor actor;
    std::size_t digest = 0;
    engine::InstanceState state = engine::InstanceState::pending;
    std::uint32_t listed_in = 0;  // the last full listing that showed it
  };

  /// A call on the path: its tries, its deadline, whether its caller has been answered.
  struct CallInFlight;
  using CallPtr = std::shared_ptr<CallInFlight>;
  void start_try(const CallPtr& call);
  /// Starts the call's deadline (at its first try) and sets the timer when it is the earliest.
  void arm_deadline(const CallPtr& call, engine::WallTime now);
  /// A try answered `error` (null: it succeeded); `own` when the error is the path's own (the
  /// driver threw) rather than the driver's answer. Retries, or answers the caller.
  void end_try(const CallPtr& call, const engine::Error* error, bool own, engine::WallTime started);
  void answer(const CallPtr& call, const engine::Error* error, bool own);
  /// Answers the calls whose deadline has passed; sets the timer for the next.
  void expire_calls();

  void note(const engine::Error* error);
  void report(const std::exception& e);
  void perform(ActionRequest request);
  /// After a destroy the provider carries out in the background: shows the instance as `state`
  /// (shutting down) and polls it until it is gone.
  void shutting_down(const std::string& id, engine::InstanceState state, const std::string& cause,
                     ReplyOnce<engine::Instance> reply);
  /// Runs `start` when the limiter lets a call of `api_class` go; `start` gets the function to
  /// call once (call<T> does) when the provider answered.
  void limited(const char* api_class, std::function<void(std::function<void()>)> start,
               std::function<bool()> wanted = {});
  void pump();
  /// Brings the instance's actor up to date with `record`, creating the actor on first sight.
  void observe(const engine::Instance& record, const std::string& cause);
  void forget(const std::string& id, const std::string& cause);
  /// Forgets a destroyed instance; the record to answer the destroy with (state finish).
  engine::Instance gone(const std::string& id, const std::string& cause);
  /// Asks for one instance that a listing did not show: gone, or only elsewhere in the pages.
  void confirm(const std::string& id);
  /// Confirms every tracked instance the current listing did not show.
  void confirm_unlisted();
  /// Reads one instance from the provider and observes it (a 404 ends its tracking), then
  /// hands the answer on.
  void fetch(const std::string& id, std::function<void(engine::Result<engine::Instance>)> then);
  /// Fetches these instances, a page of ids per call, observes them and confirms the absent;
  /// `done` learns whether every page was answered.
  void describe_by_id(const std::vector<std::string>& ids, std::function<void(bool ok)> done);
  /// A complete listing of the account: observes every record, confirms the tracked ones it
  /// did not show.
  void absorb_listing(const std::vector<engine::Instance>& listed);
  void poll(std::uint64_t generation);
  void resync_page(std::string marker);
  void poll_transient();
  void end_cycle(bool failed);
  void schedule_poll();
  /// Brings these instances up to date (a resumed job's): describe_by_id, retried at the next
  /// listing when it fails.
  void refresh(const std::vector<std::string>& ids);
  /// Runs `then` once the provider accepted the credentials; answers its error otherwise.
  template <class T>
  void authenticated(ReplyOnce<T> reply, std::function<void()> then);

  DriverActorSetup setup_;
  engine::CallLimiter limiter_;
  std::optional<engine::WallTime> limiter_wake_;
  /// Calls not answered yet, by deadline; one timer is set, for the earliest.
  std::multimap<engine::WallTime, CallPtr> deadlines_;
  std::optional<engine::WallTime> deadline_timer_;
  // For backoff jitter only. Small on purpose (there is one per account): mt19937_64 alone is
  // 2.5 KB.
  std::minstd_rand random_;
  std::shared_ptr<const InstanceActorShared> instance_shared_;  // made on the first instance
  std::unordered_map<std::string, Tracked> tracked_;
  std::unordered_set<std::string> transient_;  // ids of tracked instances in transient states
  /// Clients' creates under way by client token, with the replies of those that joined them:
  /// a provider's token lookup cannot see a create it has not answered yet.
  std::unordered_map<std::string, std::vector<ReplyOnce<engine::Instance>>> creates_by_token_;
  /// Where the provider's change report (Driver::instance_changes) goes on from; empty while
  /// there is none, and then transient instances are described by id.
  std::string change_mark_;
  bool authenticated_ = false;
  bool retired_ = false;
  bool changed_since_poll_ = false;
  std::uint32_t listing_ = 0;  // number of the current full listing
  PollSchedule schedule_;
  AccountStats stats_;
  std::shared_ptr<Provisioner> provisioner_;
};

}  // namespace dc::actors
