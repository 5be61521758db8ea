#include "actors/control_plane.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "actors/deterministic_scheduler.hpp"
#include "actors/driver_actor.hpp"
#include "actors/event_hub.hpp"
#include "actors/timer_relay.hpp"
#include "engine/driver_registry.hpp"

namespace dc::actors {

using engine::ErrorKind;
using engine::make_error;

namespace {

const engine::SystemClock system_clock;

caf::actor_system_config& configure(caf::actor_system_config& cfg,
                                    const ControlPlaneOptions& options) {
  cfg.set("logger.console", caf::atom("none"));
  if (options.deterministic) {
    DeterministicScheduler::configure(cfg);
    return cfg;
  }
  // `sharing` keeps an idle server idle on small machines (see STACK.md: stealing polls).
  cfg.set("scheduler.policy", caf::atom("sharing"));
  cfg.set("scheduler.max-threads", options.scheduler_threads);
  return cfg;
}

}  // namespace

struct ControlPlane::Impl {
  explicit Impl(ControlPlaneOptions opts)
      : options(std::move(opts)),
        system(configure(config, options)),
        deterministic(options.deterministic ? std::make_unique<DeterministicScheduler>(system)
                                            : nullptr),
        clock(deterministic   ? deterministic.get()
              : options.clock ? options.clock
                              : &system_clock) {
    EventHubSetup hub_setup;
    hub_setup.capacity = options.event_history;
    hub_setup.heartbeat = options.heartbeat_interval;
    hub_setup.render_event = options.render_event;
    // Microseconds since the epoch: ids stay increasing across restarts of the server.
    hub_setup.first_id =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    hub = system.spawn(event_hub, std::move(hub_setup));
    timers = spawn_timer_relay(system);
    if (!options.data_dir.empty()) {
      journal =
          std::make_shared<engine::JobJournal>(std::filesystem::path{options.data_dir} / "jobs");
      // Every job on disk waits for its account's first accepted request, then resumes.
      for (auto& job : journal->load())
        unclaimed[{job.driver, job.provider, job.user}].push_back(std::move(job));
    }
  }

  ~Impl() {
    {
      std::lock_guard guard{mutex};
      for (auto& [key, entry] : accounts) caf::anon_send(entry.actor, retire_atom::value);
      accounts.clear();
    }
    caf::anon_send_exit(hub, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(timers, caf::exit_reason::user_shutdown);
    // Actors call back into this object (directory, sinks): wait while it is still whole.
    if (!deterministic) {
      system.await_all_actors_done();
    } else if (!deterministic->drain(std::chrono::hours{1})) {
      // On the test coordinator nothing runs unless run here. An actor still alive after an
      // hour of simulated time would outlive what it points into: stop loudly, not later.
      std::fputs(
          "deltacloudd: a deterministic control plane still has actors an hour after "
          "it was asked to stop\n",
          stderr);
      std::abort();
    }
  }

  /// One account of the directory: its actor and what decides whether it may be let go.
  struct AccountEntry {
    caf::actor actor;
    engine::WallTime last_used;
    bool pinned = false;  // tracked from the start (tracked_accounts): kept for good
    /// The provider accepted its credentials once. Until then it counts toward the logins
    /// of the client that made it (max_logins_per_client), not toward its user's accounts.
    bool accepted = false;
    std::string client;  // the address of the client whose request made it
    /// Client requests sent to the actor and not answered yet (waits included).
    std::shared_ptr<std::atomic<std::size_t>> in_flight =
        std::make_shared<std::atomic<std::size_t>>(0);
  };
  using Owner = std::tuple<std::string, std::string, std::string>;  // driver, provider, user

  /// Whether the directory may ask this account to go: nobody waits on it, nobody follows
  /// its events, the operator did not ask to track it, and it was last used before `cutoff`.
  bool quiet(const AccountKey& key, const AccountEntry& entry, engine::WallTime cutoff) const {
    return !entry.pinned && entry.in_flight->load() == 0 && entry.last_used <= cutoff &&
           !subscribers.count(Owner{key.driver, key.provider, key.user});
  }

  /// Asks accounts unused for account_idle to go (each decides: one with an instance in
  /// transit or a running job stays). At most once per sweep period; the mutex is held.
  void sweep_idle(engine::WallTime now) {
    auto period = std::clamp<std::chrono::milliseconds>(
        options.account_idle, std::chrono::seconds{1}, std::chrono::minutes{1});
    if (now - last_sweep < period) return;
    last_sweep = now;
    for (auto& [key, entry] : accounts)
      if (quiet(key, entry, now - options.account_idle))
        caf::anon_send(entry.actor, idle_atom::value);
  }

  /// Asks the `wanted` least recently used quiet accounts of those `counted` to go. The mutex
  /// is held.
  template <class Counted>
  void make_room(engine::WallTime now, std::size_t wanted, Counted counted) {
    std::vector<std::pair<engine::WallTime, caf::actor>> candidates;
    for (auto& [key, entry] : accounts)
      if (counted(key, entry) && quiet(key, entry, now))
        candidates.emplace_back(entry.last_used, entry.actor);
    wanted = std::min(candidates.size(), wanted);
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(wanted),
                      candidates.end(), [](auto& a, auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < wanted; ++i) caf::anon_send(candidates[i].second, idle_atom::value);
  }

  /// Why a new account may not be made now (none: it may). The directory is full (503, room is
  /// being made); or the client already has as many logins waiting for their provider's
  /// answer as one client may (429: a client's slow bad logins, which cannot be let go while
  /// they wait, must not fill the directory). An account the operator asked to track is held
  /// to the first only. The mutex is held.
  std::optional<engine::Error> refusal(const std::string& client, bool operator_asked,
                                       engine::WallTime now) {
    auto all = [](const AccountKey&, const AccountEntry&) { return true; };
    if (accounts.size() >= options.max_accounts) {
      make_room(now, std::max<std::size_t>(1, options.max_accounts / 10), all);
      return make_error(ErrorKind::unavailable,
                        "The server holds as many accounts as it may (max_accounts); retry "
                        "shortly");
    }
    if (operator_asked) return std::nullopt;
    // A login waits while its first request is in flight; one answered otherwise than by
    // acceptance (a 404, a provider down) waits no more, and is let go like any quiet account.
    std::size_t logins = 0;
    for (auto& [k, entry] : accounts)
      logins += !entry.accepted && entry.client == client && entry.in_flight->load() > 0;
    if (logins >= options.max_logins_per_client)
      return make_error(ErrorKind::throttled,
                        "Too many of your logins are still being checked by providers "
                        "(max_logins_per_client); retry shortly");
    return std::nullopt;
  }

  /// The provider accepted the account's credentials: from now on it counts toward its user's
  /// accounts. Past max_accounts_per_user (a user naming ever new providers), the user's least
  /// recently used quiet accounts are asked to go. Only proven logins count and only their own
  /// accounts go, so nobody can learn of or push out another user's accounts. The mutex is
  /// held.
  void accepted(const AccountKey& key, AccountEntry& entry, engine::WallTime now) {
    entry.accepted = true;
    auto same_user = [&key](const AccountKey& k, const AccountEntry& e) {
      return e.accepted && k.driver == key.driver && k.user == key.user;
    };
    std::size_t users = 0;
    for (auto& [k, e] : accounts) users += same_user(k, e);
    // Those asked before and not gone yet are asked again: the count still holds them.
    if (users > options.max_accounts_per_user)
      make_room(now, users - options.max_accounts_per_user, same_user);
  }

  /// The account's entry, its actor created on first use, with one more request counted in
  /// flight (under the lock: an account found here is never let go before the request is
  /// answered). None with `error` set when the driver cannot be had, or when a new account
  /// may not be made now (see refusal).
  std::optional<AccountEntry> account_entry(const Account& who, bool operator_asked,
                                            engine::Error& error) {
    auto key = AccountKey::of(who);
    std::lock_guard guard{mutex};
    auto now = clock->now();
    auto found = accounts.find(key);
    if (found != accounts.end()) {
      found->second.last_used = now;
      found->second.in_flight->fetch_add(1);
    }
    sweep_idle(now);  // only sends messages: `found` stays valid
    if (found != accounts.end()) return found->second;
    if (auto refused = refusal(who.client, operator_asked, now)) {
      error = std::move(*refused);
      return std::nullopt;
    }
    auto entry = engine::DriverRegistry::global().find(who.driver);
    if (!entry) {
      error = make_error(ErrorKind::backend, "Driver '" + who.driver + "' is not available");
      return {};
    }
    engine::DriverSetup setup;
    setup.provider = who.provider;
    DriverActorSetup actor_setup;
    if (auto c = options.driver_configs.find(who.driver); c != options.driver_configs.end()) {
      setup.options = c->second.options;
      actor_setup.limits = c->second.limits;
      if (auto p = c->second.provider(who.provider)) setup.entrypoints = p->entrypoints;
    }
    setup.data_dir = (std::filesystem::path{options.data_dir} / who.driver).string();
    setup.clock = clock;
    auto executor = std::make_shared<ActorExecutor>();
    if (deterministic) {
      executor->confine_to(deterministic->owner());
      actor_setup.jitter_seed = 1;
    }
    setup.executor = executor;
    try {
      actor_setup.driver = entry->make(setup);
    } catch (const std::exception& e) {
      error = make_error(ErrorKind::backend,
                         "Driver '" + who.driver + "' could not start: " + e.what());
      return {};
    }
    actor_setup.account = who;
    actor_setup.executor = executor;
    actor_setup.hub = hub;
    actor_setup.timers = timers;
    actor_setup.clock = clock;
    actor_setup.transient_poll = options.transient_poll;
    actor_setup.transient_poll_max = options.transient_poll_max;
    actor_setup.resync_interval = options.resync_interval;
    actor_setup.finished_jobs_kept = options.finished_jobs_kept;
    actor_setup.max_running_jobs = options.max_running_jobs;
    actor_setup.call_counts = call_counts;
    // The actor asks to be forgotten (credentials refused, or asked to make room): only that
    // very actor, never a successor under the same key. The mutex is held until its address
    // is known. Asked to go, it goes only if still quiet: a request may have found it since.
    auto self_addr = std::make_shared<caf::actor_addr>();
    actor_setup.on_retiring = [this, key, self_addr](bool asked, std::vector<engine::Job> jobs) {
      std::lock_guard guard{mutex};
      auto i = accounts.find(key);
      if (i == accounts.end() || i->second.actor.address() != *self_addr) return true;
      if (asked && !quiet(key, i->second, clock->now())) return false;
      accounts.erase(i);
      // Its finished jobs stay listed: the account's next actor takes them up again. Nothing
      // is kept for an account without jobs (a flood of provider names leaves nothing behind).
      if (!jobs.empty()) {
        auto& kept = unclaimed[{key.driver, key.provider, key.user}];
        for (auto& job : jobs) kept.push_back(std::move(job));
      }
      return true;
    };
    actor_setup.journal = journal;
    actor_setup.on_accepted = [this, key, self_addr,
                               owner = std::tuple{who.driver, who.provider, who.credentials.user}] {
      std::lock_guard guard{mutex};
      if (auto i = accounts.find(key);
          i != accounts.end() && i->second.actor.address() == *self_addr)
        accepted(key, i->second, clock->now());
      std::vector<engine::Job> jobs;
      if (auto i = unclaimed.find(owner); i != unclaimed.end()) {
        jobs = std::move(i->second);
        unclaimed.erase(i);
      }
      return jobs;
    };
    auto actor = system.spawn<DriverActor>(std::move(actor_setup));
    *self_addr = actor.address();
    executor->bind(actor);
    AccountEntry made;
    made.actor = actor;
    made.last_used = now;
    made.client = who.client;
    made.in_flight->fetch_add(1);
    accounts.emplace(key, made);
    return made;
  }

  /// Runs `job` in the account's driver actor; `reply` receives the error when there is none.
  /// `operator_asked`: the account is one the operator configured to track.
  template <class T>
  void dispatch(const Account& who, ReplyOnce<T> reply,
                std::function<void(DriverActor&, ReplyOnce<T>)> job, bool operator_asked = false) {
    engine::Error error;
    auto entry = account_entry(who, operator_asked, error);
    if (!entry) return reply(error);
    // The account is busy until the answer (counted by account_entry): a directory that needs
    // room leaves it alone.
    auto in_flight = entry->in_flight;
    ReplyOnce<T> counted{[in_flight, reply](engine::Result<T> r) {
      in_flight->fetch_sub(1);
      reply(std::move(r));
    }};
    caf::anon_send(
        entry->actor, run_atom::value,
        DriverJob{[job = std::move(job), counted](DriverActor& self) { job(self, counted); }});
  }

  ControlPlaneOptions options;
  caf::actor_system_config config;
  caf::actor_system system;
  std::unique_ptr<DeterministicScheduler> deterministic;  // options.deterministic only
  const engine::Clock* clock;
  caf::actor hub;
  caf::actor timers;
  std::mutex mutex;
  std::unordered_map<AccountKey, AccountEntry, AccountKeyHash> accounts;
  engine::WallTime last_sweep{};
  /// Live event subscriptions per account owner: a followed account is never let go.
  std::map<Owner, std::size_t> subscribers;
  std::unordered_map<std::uint64_t, Owner> subscription_owners;
  std::shared_ptr<engine::JobJournal> journal;
  /// Journaled jobs by (driver, provider, user) whose account has not been accepted yet.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<engine::Job>> unclaimed;
  std::atomic<std::uint64_t> next_subscription{1};
  /// Every try of every provider call of every account (the call path records them).
  std::shared_ptr<engine::CallCounts> call_counts = std::make_shared<engine::CallCounts>();
};

ControlPlane::ControlPlane(ControlPlaneOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

ControlPlane::~ControlPlane() = default;

void ControlPlane::submit(const Account& who, engine::ErasedCall call) {
  engine::Error error;
  auto entry = impl_->account_entry(who, false, error);
  if (!entry) return call.deliver(&error);
  // The account is busy until the answer (counted by account_entry): a directory that needs
  // room leaves it alone. Answered once, an error even if the message is dropped (the actor
  // stopping): ReplyOnce answers from its last copy.
  auto in_flight = entry->in_flight;
  ReplyOnce<engine::Unit> answered{
      [in_flight, deliver = std::move(call.deliver)](engine::Result<engine::Unit> r) {
        in_flight->fetch_sub(1);
        deliver(r ? nullptr : &r.error());
      }};
  call.deliver = [answered](const engine::Error* refused) {
    answered(refused ? engine::Result<engine::Unit>{*refused}
                     : engine::Result<engine::Unit>{engine::Unit{}});
  };
  // Shared, not copied with the message: the bound arguments may be large (a blob's metadata).
  caf::anon_send(entry->actor, run_atom::value,
                 DriverJob{[call = std::make_shared<engine::ErasedCall>(std::move(call))](
                               DriverActor& self) { self.run_call(std::move(*call)); }});
}

const engine::CallCounts& ControlPlane::call_counts() const {
  return *impl_->call_counts;
}

void ControlPlane::authenticate(const Account& who, Reply<engine::Unit> done) {
  call(who, engine::read("authenticate", &engine::Driver::authenticate), std::move(done));
}

void ControlPlane::track_account(const Account& who, TrackRetry retrying,
                                 Reply<engine::Unit> done) {
  auto first = impl_->options.track_retry;
  auto longest = impl_->options.track_retry_max;
  impl_->dispatch<engine::Unit>(
      who, ReplyOnce<engine::Unit>{std::move(done)},
      [retrying = std::move(retrying), first, longest](DriverActor& self,
                                                       ReplyOnce<engine::Unit> reply) {
        self.keep_tracked(retrying, reply, first, longest);
      },
      true);
  // The operator asked for this account: it stays however quiet it is.
  std::lock_guard guard{impl_->mutex};
  if (auto i = impl_->accounts.find(AccountKey::of(who)); i != impl_->accounts.end())
    i->second.pinned = true;
}

void ControlPlane::instances(const Account& who, Reply<std::vector<engine::Instance>> done) {
  impl_->dispatch<std::vector<engine::Instance>>(
      who, ReplyOnce<std::vector<engine::Instance>>{std::move(done)},
      [](DriverActor& self, auto reply) { self.list_instances(reply); });
}

void ControlPlane::instance(const Account& who, std::string id, Reply<engine::Instance> done) {
  impl_->dispatch<engine::Instance>(
      who, ReplyOnce<engine::Instance>{std::move(done)},
      [id](DriverActor& self, auto reply) { self.show_instance(id, reply); });
}

void ControlPlane::create_instance(const Account& who, engine::InstanceCreate what,
                                   Reply<engine::Instance> done) {
  impl_->dispatch<engine::Instance>(
      who, ReplyOnce<engine::Instance>{std::move(done)},
      [what](DriverActor& self, auto reply) { self.create_instance(what, reply); });
}

namespace {

std::string new_job_id() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char text[24];
  std::snprintf(text, sizeof text, "job%016llx", static_cast<unsigned long long>(random()));
  return text;
}

}  // namespace

void ControlPlane::create_job(const Account& who, engine::JobSpec spec,
                              Reply<engine::JobSummary> done) {
  // A job's memory and journal grow with its size: the operator decides how large one may be.
  if (spec.count > impl_->options.max_job_instances)
    return done(make_error(ErrorKind::validation,
                           "A job may make at most " +
                               std::to_string(impl_->options.max_job_instances) +
                               " instances (jobs.max_instances); split it into several"));
  engine::Job job;
  job.id = new_job_id();
  job.driver = who.driver;
  job.provider = who.provider;
  job.user = who.credentials.user;
  job.spec = std::move(spec);
  job.created_at = engine::iso8601(impl_->clock->now());
  impl_->dispatch<engine::JobSummary>(
      who, ReplyOnce<engine::JobSummary>{std::move(done)},
      [job](DriverActor& self, auto reply) { self.submit_job(job, reply); });
}

void ControlPlane::jobs(const Account& who, Reply<std::vector<engine::JobSummary>> done) {
  impl_->dispatch<std::vector<engine::JobSummary>>(
      who, ReplyOnce<std::vector<engine::JobSummary>>{std::move(done)},
      [](DriverActor& self, auto reply) { self.list_jobs(reply); });
}

void ControlPlane::job(const Account& who, std::string id, std::size_t offset, std::size_t limit,
                       Reply<engine::JobPage> done) {
  impl_->dispatch<engine::JobPage>(who, ReplyOnce<engine::JobPage>{std::move(done)},
                                   [id, offset, limit](DriverActor& self, auto reply) {
                                     self.show_job(id, offset, limit, reply);
                                   });
}

void ControlPlane::cancel_job(const Account& who, std::string id, Reply<engine::Unit> done) {
  impl_->dispatch<engine::Unit>(
      who, ReplyOnce<engine::Unit>{std::move(done)},
      [id](DriverActor& self, auto reply) { self.cancel_job(id, reply); });
}

void ControlPlane::account_stats(const Account& who, Reply<AccountStats> done) {
  impl_->dispatch<AccountStats>(who, ReplyOnce<AccountStats>{std::move(done)},
                                [](DriverActor& self, auto reply) { reply(self.stats()); });
}

void ControlPlane::wait_for_instance(const Account& who, std::string id,
                                     engine::InstanceState target,
                                     std::chrono::milliseconds timeout,
                                     engine::CancellationPtr cancel, Reply<engine::Instance> done) {
  impl_->dispatch<engine::Instance>(who, ReplyOnce<engine::Instance>{std::move(done)},
                                    [id, target, timeout, cancel](DriverActor& self, auto reply) {
                                      self.wait_instance(id, target, timeout, cancel, reply);
                                    });
}

void ControlPlane::instance_action(const Account& who, std::string id,
                                   engine::InstanceAction action, Reply<engine::Instance> done) {
  impl_->dispatch<engine::Instance>(
      who, ReplyOnce<engine::Instance>{std::move(done)},
      [id, action](DriverActor& self, auto reply) { self.request_action(id, action, reply); });
}

void ControlPlane::destroy_instance(const Account& who, std::string id, Reply<engine::Unit> done) {
  instance_action(who, std::move(id), engine::InstanceAction::destroy,
                  [done = std::move(done)](engine::Result<engine::Instance> r) {
                    if (r)
                      done(engine::Unit{});
                    else
                      done(r.error());
                  });
}

std::uint64_t ControlPlane::subscribe(EventFilter filter,
                                      std::optional<std::uint64_t> last_event_id, EventSink sink) {
  auto id = impl_->next_subscription++;
  {
    std::lock_guard guard{impl_->mutex};
    Impl::Owner owner{filter.driver, filter.provider, filter.user};
    ++impl_->subscribers[owner];
    impl_->subscription_owners.emplace(id, std::move(owner));
  }
  caf::anon_send(impl_->hub, subscribe_atom::value,
                 Subscription{id, std::move(filter), last_event_id, std::move(sink)});
  return id;
}

void ControlPlane::unsubscribe(std::uint64_t subscription) {
  {
    std::lock_guard guard{impl_->mutex};
    if (auto i = impl_->subscription_owners.find(subscription);
        i != impl_->subscription_owners.end()) {
      if (auto s = impl_->subscribers.find(i->second);
          s != impl_->subscribers.end() && --s->second == 0)
        impl_->subscribers.erase(s);
      impl_->subscription_owners.erase(i);
    }
  }
  caf::anon_send(impl_->hub, unsub_atom::value, subscription);
}

void ControlPlane::publish(InstanceEvent event) {
  caf::anon_send(impl_->hub, publish_atom::value, std::move(event));
}

DeterministicScheduler& ControlPlane::deterministic() {
  if (!impl_->deterministic)
    throw std::logic_error{"the control plane was not made with options.deterministic"};
  return *impl_->deterministic;
}

const engine::Clock& ControlPlane::clock() const {
  return *impl_->clock;
}

std::size_t ControlPlane::requests_in_flight() const {
  std::lock_guard guard{impl_->mutex};
  std::size_t total = 0;
  for (auto& [key, entry] : impl_->accounts) total += entry.in_flight->load();
  return total;
}

std::size_t ControlPlane::account_count() const {
  std::lock_guard guard{impl_->mutex};
  return impl_->accounts.size();
}

}  // namespace dc::actors
