#include "actors/control_plane.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <tuple>
#include <unordered_map>

#include "actors/driver_actor.hpp"
#include "actors/event_hub.hpp"
#include "actors/timer_relay.hpp"
#include "engine/driver_registry.hpp"

namespace dc::actors {

using engine::ErrorKind;
using engine::make_error;

namespace {

const engine::SystemClock system_clock;

caf::actor_system_config& configure(caf::actor_system_config& cfg, std::size_t threads) {
  // `sharing` keeps an idle server idle on small machines (see STACK.md: stealing polls).
  cfg.set("scheduler.policy", caf::atom("sharing"));
  cfg.set("scheduler.max-threads", threads);
  cfg.set("logger.console", caf::atom("none"));
  return cfg;
}

}  // namespace

struct ControlPlane::Impl {
  explicit Impl(ControlPlaneOptions opts)
      : options(std::move(opts)),
        clock(options.clock ? options.clock : &system_clock),
        system(configure(config, options.scheduler_threads)) {
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
    system.await_all_actors_done();
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
  const engine::Clock* clock;
  caf::actor_system_config config;
  caf::actor_system system;
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
};

ControlPlane::ControlPlane(ControlPlaneOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

ControlPlane::~ControlPlane() = default;

namespace {

// The driver's plain (untracked) operations, run inside the driver actor.
template <class T, class Op>
std::function<void(DriverActor&, ReplyOnce<T>)> plain(Op op) {
  return [op](DriverActor& self, ReplyOnce<T> reply) {
    op(self, [&self, reply](engine::Result<T> r) { self.finish(reply, std::move(r)); });
  };
}

}  // namespace

void ControlPlane::authenticate(const Account& who, Reply<engine::Unit> done) {
  impl_->dispatch<engine::Unit>(who, ReplyOnce<engine::Unit>{std::move(done)},
                                plain<engine::Unit>([](DriverActor& self, auto cb) {
                                  self.driver().authenticate(self.credentials(), cb);
                                }));
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

void ControlPlane::hardware_profiles(const Account& who,
                                     Reply<std::vector<engine::HardwareProfile>> done) {
  using Profiles = std::vector<engine::HardwareProfile>;
  impl_->dispatch<Profiles>(who, ReplyOnce<Profiles>{std::move(done)},
                            plain<Profiles>([](DriverActor& self, auto cb) {
                              self.driver().hardware_profiles(self.credentials(), cb);
                            }));
}

void ControlPlane::realms(const Account& who, Reply<std::vector<engine::Realm>> done) {
  impl_->dispatch<std::vector<engine::Realm>>(
      who, ReplyOnce<std::vector<engine::Realm>>{std::move(done)},
      plain<std::vector<engine::Realm>>(
          [](DriverActor& self, auto cb) { self.driver().realms(self.credentials(), cb); }));
}

void ControlPlane::realm(const Account& who, std::string id, Reply<engine::Realm> done) {
  impl_->dispatch<engine::Realm>(who, ReplyOnce<engine::Realm>{std::move(done)},
                                 plain<engine::Realm>([id](DriverActor& self, auto cb) {
                                   self.driver().realm(self.credentials(), id, cb);
                                 }));
}

void ControlPlane::images(const Account& who, Reply<std::vector<engine::Image>> done) {
  impl_->dispatch<std::vector<engine::Image>>(
      who, ReplyOnce<std::vector<engine::Image>>{std::move(done)},
      plain<std::vector<engine::Image>>(
          [](DriverActor& self, auto cb) { self.driver().images(self.credentials(), cb); }));
}

void ControlPlane::image(const Account& who, std::string id, Reply<engine::Image> done) {
  impl_->dispatch<engine::Image>(who, ReplyOnce<engine::Image>{std::move(done)},
                                 plain<engine::Image>([id](DriverActor& self, auto cb) {
                                   self.driver().image(self.credentials(), id, cb);
                                 }));
}

void ControlPlane::create_image(const Account& who, engine::ImageCreate what,
                                Reply<engine::Image> done) {
  impl_->dispatch<engine::Image>(who, ReplyOnce<engine::Image>{std::move(done)},
                                 plain<engine::Image>([what](DriverActor& self, auto cb) {
                                   self.driver().create_image(self.credentials(), what, cb);
                                 }));
}

void ControlPlane::destroy_image(const Account& who, std::string id, Reply<engine::Unit> done) {
  impl_->dispatch<engine::Unit>(who, ReplyOnce<engine::Unit>{std::move(done)},
                                plain<engine::Unit>([id](DriverActor& self, auto cb) {
                                  self.driver().destroy_image(self.credentials(), id, cb);
                                }));
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

void ControlPlane::run_on_instance(const Account& who, std::string id, engine::RunCommand what,
                                   Reply<engine::RunOutput> done) {
  impl_->dispatch<engine::RunOutput>(
      who, ReplyOnce<engine::RunOutput>{std::move(done)},
      plain<engine::RunOutput>([id, what](DriverActor& self, auto cb) {
        self.driver().run_on_instance(self.credentials(), id, what, cb);
      }));
}

// Storage operations go to the driver as they are: no actor tracks volumes.
#define DC_PLAIN_OP(T, call)                             \
  impl_->dispatch<T>(who, ReplyOnce<T>{std::move(done)}, \
                     plain<T>([=](DriverActor& self, auto cb) { self.driver().call; }))

void ControlPlane::volumes(const Account& who, Reply<std::vector<engine::StorageVolume>> done) {
  DC_PLAIN_OP(std::vector<engine::StorageVolume>, volumes(self.credentials(), cb));
}
void ControlPlane::volume(const Account& who, std::string id, Reply<engine::StorageVolume> done) {
  DC_PLAIN_OP(engine::StorageVolume, volume(self.credentials(), id, cb));
}
void ControlPlane::create_volume(const Account& who, engine::VolumeCreate what,
                                 Reply<engine::StorageVolume> done) {
  DC_PLAIN_OP(engine::StorageVolume, create_volume(self.credentials(), what, cb));
}
void ControlPlane::destroy_volume(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_volume(self.credentials(), id, cb));
}
void ControlPlane::attach_volume(const Account& who, std::string id, engine::VolumeAttach to,
                                 Reply<engine::StorageVolume> done) {
  DC_PLAIN_OP(engine::StorageVolume, attach_volume(self.credentials(), id, to, cb));
}
void ControlPlane::detach_volume(const Account& who, std::string id,
                                 Reply<engine::StorageVolume> done) {
  DC_PLAIN_OP(engine::StorageVolume, detach_volume(self.credentials(), id, cb));
}
void ControlPlane::snapshots(const Account& who, Reply<std::vector<engine::StorageSnapshot>> done) {
  DC_PLAIN_OP(std::vector<engine::StorageSnapshot>, snapshots(self.credentials(), cb));
}
void ControlPlane::snapshot(const Account& who, std::string id,
                            Reply<engine::StorageSnapshot> done) {
  DC_PLAIN_OP(engine::StorageSnapshot, snapshot(self.credentials(), id, cb));
}
void ControlPlane::create_snapshot(const Account& who, engine::SnapshotCreate what,
                                   Reply<engine::StorageSnapshot> done) {
  DC_PLAIN_OP(engine::StorageSnapshot, create_snapshot(self.credentials(), what, cb));
}
void ControlPlane::destroy_snapshot(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_snapshot(self.credentials(), id, cb));
}

void ControlPlane::addresses(const Account& who,
                             Reply<std::vector<engine::AllocatedAddress>> done) {
  DC_PLAIN_OP(std::vector<engine::AllocatedAddress>, addresses(self.credentials(), cb));
}
void ControlPlane::address(const Account& who, std::string id,
                           Reply<engine::AllocatedAddress> done) {
  DC_PLAIN_OP(engine::AllocatedAddress, address(self.credentials(), id, cb));
}
void ControlPlane::create_address(const Account& who, Reply<engine::AllocatedAddress> done) {
  DC_PLAIN_OP(engine::AllocatedAddress, create_address(self.credentials(), cb));
}
void ControlPlane::destroy_address(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_address(self.credentials(), id, cb));
}
void ControlPlane::associate_address(const Account& who, std::string id, std::string instance_id,
                                     Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, associate_address(self.credentials(), id, instance_id, cb));
}
void ControlPlane::disassociate_address(const Account& who, std::string id,
                                        Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, disassociate_address(self.credentials(), id, cb));
}

void ControlPlane::metrics(const Account& who, Reply<std::vector<engine::Metric>> done) {
  DC_PLAIN_OP(std::vector<engine::Metric>, metrics(self.credentials(), cb));
}
void ControlPlane::metric(const Account& who, std::string id, Reply<engine::Metric> done) {
  DC_PLAIN_OP(engine::Metric, metric(self.credentials(), id, cb));
}

void ControlPlane::networks(const Account& who, Reply<std::vector<engine::Network>> done) {
  DC_PLAIN_OP(std::vector<engine::Network>, networks(self.credentials(), cb));
}
void ControlPlane::network(const Account& who, std::string id, Reply<engine::Network> done) {
  DC_PLAIN_OP(engine::Network, network(self.credentials(), id, cb));
}
void ControlPlane::create_network(const Account& who, engine::NetworkCreate what,
                                  Reply<engine::Network> done) {
  DC_PLAIN_OP(engine::Network, create_network(self.credentials(), what, cb));
}
void ControlPlane::destroy_network(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_network(self.credentials(), id, cb));
}
void ControlPlane::subnets(const Account& who, Reply<std::vector<engine::Subnet>> done) {
  DC_PLAIN_OP(std::vector<engine::Subnet>, subnets(self.credentials(), cb));
}
void ControlPlane::subnet(const Account& who, std::string id, Reply<engine::Subnet> done) {
  DC_PLAIN_OP(engine::Subnet, subnet(self.credentials(), id, cb));
}
void ControlPlane::create_subnet(const Account& who, engine::SubnetCreate what,
                                 Reply<engine::Subnet> done) {
  DC_PLAIN_OP(engine::Subnet, create_subnet(self.credentials(), what, cb));
}
void ControlPlane::destroy_subnet(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_subnet(self.credentials(), id, cb));
}
void ControlPlane::network_interfaces(const Account& who,
                                      Reply<std::vector<engine::NetworkInterface>> done) {
  DC_PLAIN_OP(std::vector<engine::NetworkInterface>, network_interfaces(self.credentials(), cb));
}
void ControlPlane::network_interface(const Account& who, std::string id,
                                     Reply<engine::NetworkInterface> done) {
  DC_PLAIN_OP(engine::NetworkInterface, network_interface(self.credentials(), id, cb));
}
void ControlPlane::create_network_interface(const Account& who, engine::NetworkInterfaceCreate what,
                                            Reply<engine::NetworkInterface> done) {
  DC_PLAIN_OP(engine::NetworkInterface, create_network_interface(self.credentials(), what, cb));
}
void ControlPlane::destroy_network_interface(const Account& who, std::string id,
                                             Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_network_interface(self.credentials(), id, cb));
}

void ControlPlane::firewalls(const Account& who, Reply<std::vector<engine::Firewall>> done) {
  DC_PLAIN_OP(std::vector<engine::Firewall>, firewalls(self.credentials(), cb));
}
void ControlPlane::firewall(const Account& who, std::string id, Reply<engine::Firewall> done) {
  DC_PLAIN_OP(engine::Firewall, firewall(self.credentials(), id, cb));
}
void ControlPlane::create_firewall(const Account& who, engine::FirewallCreate what,
                                   Reply<engine::Firewall> done) {
  DC_PLAIN_OP(engine::Firewall, create_firewall(self.credentials(), what, cb));
}
void ControlPlane::destroy_firewall(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_firewall(self.credentials(), id, cb));
}
void ControlPlane::add_firewall_rule(const Account& who, std::string firewall_id,
                                     engine::FirewallRuleCreate rule,
                                     Reply<engine::Firewall> done) {
  DC_PLAIN_OP(engine::Firewall, add_firewall_rule(self.credentials(), firewall_id, rule, cb));
}
void ControlPlane::remove_firewall_rule(const Account& who, std::string firewall_id,
                                        std::string rule_id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, remove_firewall_rule(self.credentials(), firewall_id, rule_id, cb));
}

void ControlPlane::load_balancers(const Account& who,
                                  Reply<std::vector<engine::LoadBalancer>> done) {
  DC_PLAIN_OP(std::vector<engine::LoadBalancer>, load_balancers(self.credentials(), cb));
}
void ControlPlane::load_balancer(const Account& who, std::string id,
                                 Reply<engine::LoadBalancer> done) {
  DC_PLAIN_OP(engine::LoadBalancer, load_balancer(self.credentials(), id, cb));
}
void ControlPlane::create_load_balancer(const Account& who, engine::LoadBalancerCreate what,
                                        Reply<engine::LoadBalancer> done) {
  DC_PLAIN_OP(engine::LoadBalancer, create_load_balancer(self.credentials(), what, cb));
}
void ControlPlane::destroy_load_balancer(const Account& who, std::string id,
                                         Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_load_balancer(self.credentials(), id, cb));
}
void ControlPlane::register_instance(const Account& who, std::string id, std::string instance_id,
                                     bool add, Reply<engine::LoadBalancer> done) {
  DC_PLAIN_OP(engine::LoadBalancer,
              register_instance(self.credentials(), id, instance_id, add, cb));
}

void ControlPlane::buckets(const Account& who, Reply<std::vector<engine::Bucket>> done) {
  DC_PLAIN_OP(std::vector<engine::Bucket>, buckets(self.credentials(), cb));
}
void ControlPlane::bucket(const Account& who, std::string id, Reply<engine::Bucket> done) {
  DC_PLAIN_OP(engine::Bucket, bucket(self.credentials(), id, cb));
}
void ControlPlane::create_bucket(const Account& who, engine::BucketCreate what,
                                 Reply<engine::Bucket> done) {
  DC_PLAIN_OP(engine::Bucket, create_bucket(self.credentials(), what, cb));
}
void ControlPlane::destroy_bucket(const Account& who, std::string id, Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_bucket(self.credentials(), id, cb));
}
void ControlPlane::blob(const Account& who, std::string bucket, std::string id,
                        Reply<engine::Blob> done) {
  DC_PLAIN_OP(engine::Blob, blob(self.credentials(), bucket, id, cb));
}
void ControlPlane::create_blob(const Account& who, engine::BlobCreate what,
                               Reply<engine::Blob> done) {
  DC_PLAIN_OP(engine::Blob, create_blob(self.credentials(), what, cb));
}
void ControlPlane::update_blob_metadata(const Account& who, std::string bucket, std::string id,
                                        engine::BlobMetadata metadata,
                                        Reply<engine::BlobMetadata> done) {
  DC_PLAIN_OP(engine::BlobMetadata,
              update_blob_metadata(self.credentials(), bucket, id, metadata, cb));
}
void ControlPlane::destroy_blob(const Account& who, std::string bucket, std::string id,
                                Reply<engine::Unit> done) {
  DC_PLAIN_OP(engine::Unit, destroy_blob(self.credentials(), bucket, id, cb));
}
void ControlPlane::blob_content(const Account& who, std::string bucket, std::string id,
                                Reply<engine::BlobContent> done) {
  DC_PLAIN_OP(engine::BlobContent, blob_content(self.credentials(), bucket, id, cb));
}

#undef DC_PLAIN_OP

void ControlPlane::keys(const Account& who, Reply<std::vector<engine::Key>> done) {
  impl_->dispatch<std::vector<engine::Key>>(
      who, ReplyOnce<std::vector<engine::Key>>{std::move(done)},
      plain<std::vector<engine::Key>>(
          [](DriverActor& self, auto cb) { self.driver().keys(self.credentials(), cb); }));
}

void ControlPlane::key(const Account& who, std::string id, Reply<engine::Key> done) {
  impl_->dispatch<engine::Key>(who, ReplyOnce<engine::Key>{std::move(done)},
                               plain<engine::Key>([id](DriverActor& self, auto cb) {
                                 self.driver().key(self.credentials(), id, cb);
                               }));
}

void ControlPlane::create_key(const Account& who, engine::KeyCreate what, Reply<engine::Key> done) {
  impl_->dispatch<engine::Key>(who, ReplyOnce<engine::Key>{std::move(done)},
                               plain<engine::Key>([what](DriverActor& self, auto cb) {
                                 self.driver().create_key(self.credentials(), what, cb);
                               }));
}

void ControlPlane::destroy_key(const Account& who, std::string id, Reply<engine::Unit> done) {
  impl_->dispatch<engine::Unit>(who, ReplyOnce<engine::Unit>{std::move(done)},
                                plain<engine::Unit>([id](DriverActor& self, auto cb) {
                                  self.driver().destroy_key(self.credentials(), id, cb);
                                }));
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
