#include "actors/driver_actor.hpp"

#include <caf/all.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string_view>

#include "actors/instance_actor.hpp"
#include "actors/timer_relay.hpp"

namespace dc::actors {

using engine::ErrorKind;
using engine::Instance;
using engine::InstanceAction;
using engine::Result;

namespace {

std::size_t digest(const Instance& i) {
  std::size_t h = 0;
  auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  auto s = std::hash<std::string>{};
  mix(s(i.id));
  mix(s(i.name.value_or("\x01")));
  mix(s(i.owner_id));
  mix(s(i.image_id));
  mix(s(i.realm_id));
  mix(static_cast<std::size_t>(i.state));
  mix(s(i.hardware_profile_id));
  for (auto& [k, v] : i.profile_overrides) mix(s(k + "=" + v));
  for (auto& a : i.public_addresses) mix(s(a.address + "|" + a.type));
  for (auto& a : i.private_addresses) mix(s(a.address + "|" + a.type));
  mix(i.create_image);
  for (auto& v : i.storage_volumes) mix(s(v.volume_id + "|" + v.device));
  if (i.network_interfaces)
    for (auto& n : *i.network_interfaces) mix(s(n));
  mix(s(i.keyname.value_or("\x01")));
  mix(s(i.launch_time.value_or("\x01")));
  return h;
}

}  // namespace

void ActorExecutor::post(std::function<void()> work) {
  if (only_thread_ && std::this_thread::get_id() != *only_thread_) {
    std::fputs(
        "deltacloudd: a driver of a deterministic control plane answered from another thread; "
        "deterministic mode needs clients that answer on the test's thread (fakes)\n",
        stderr);
    std::abort();
  }
  // A continuation for an actor that is gone has nobody left to run for: it is dropped (and
  // any reply it carried fires its fallback error).
  if (auto target = caf::actor_cast<caf::actor>(target_))
    caf::anon_send(target, run_atom::value, DriverContinuation{std::move(work)});
}

DriverActor::DriverActor(caf::actor_config& cfg, DriverActorSetup setup)
    : caf::event_based_actor(cfg),
      setup_(std::move(setup)),
      limiter_(setup_.limits, setup_.clock->now()),
      random_(setup_.jitter_seed.value_or(std::random_device{}())),
      schedule_({setup_.transient_poll, setup_.transient_poll_max, setup_.resync_interval},
                setup_.clock->now()) {
  Provisioner::Host host;
  host.create = [this](const engine::InstanceCreate& what, std::function<bool()> still_wanted,
                       ReplyOnce<Instance> reply) {
    create_instance(what, std::move(reply), std::move(still_wanted));
  };
  host.refresh = [this](std::vector<std::string> ids) { refresh(ids); };
  host.publish = [this](InstanceEvent e) { send(setup_.hub, publish_atom::value, std::move(e)); };
  host.tick_in = [this](std::chrono::milliseconds after) {
    send_later(setup_.timers, this, after, tick_atom::value);
  };
  host.clock = setup_.clock;
  host.driver = setup_.account.driver;
  host.provider = setup_.account.provider;
  host.user = setup_.account.credentials.user;
  // Enough creates in hand to keep every concurrency slot busy, no more: a job of 100,000
  // never queues 100,000 closures.
  host.window = setup_.limits.concurrency * 2;
  host.keep_finished = setup_.finished_jobs_kept;
  provisioner_ = std::make_shared<Provisioner>(std::move(host), setup_.journal);
}

caf::behavior DriverActor::make_behavior() {
  return {
      [this](run_atom, DriverJob job) {
        // An exception must not kill the account's actor: the job's reply then fires its
        // fallback error when the job is destroyed.
        try {
          job.run(*this);
        } catch (const std::exception& e) {
          report(e);
        }
      },
      [this](run_atom, DriverContinuation work) {
        try {
          work.run();
        } catch (const std::exception& e) {
          report(e);
        }
      },
      [this](perform_atom, ActionRequest request) {
        try {
          perform(std::move(request));  // on a throw the request's reply fires its fallback
        } catch (const std::exception& e) {
          report(e);
        }
      },
      [this](poll_atom, std::uint64_t generation) {
        try {
          poll(generation);
        } catch (const std::exception& e) {
          report(e);
          end_cycle(true);  // a failed cycle must not end the polling
        }
      },
      [this](tick_atom) { provisioner_->tick(); },
      [this](wake_atom) {
        limiter_wake_.reset();
        pump();
      },
      [this](idle_atom) {
        // The directory needs room, and no client waits on this account: it goes unless
        // something is in motion (an instance in transit, a running job). Its instances are
        // listed anew from the cloud on its next request.
        if (retired_ || !transient_.empty() || running_jobs() > 0 || !setup_.on_retiring) return;
        // A request may have found this account since it was asked: the directory decides.
        std::vector<engine::Job> jobs;
        for (auto* job : provisioner_->jobs()) jobs.push_back(*job);
        if (!setup_.on_retiring(true, std::move(jobs))) return;
        retired_ = true;
        send(this, retire_atom::value);
      },
      [this](retire_atom) {
        retired_ = true;
        for (auto& [id, t] : tracked_) send_exit(t.actor, caf::exit_reason::user_shutdown);
        tracked_.clear();
        transient_.clear();
        quit();
      },
  };
}

std::size_t DriverActor::running_jobs() const {
  std::size_t running = 0;
  for (auto* job : provisioner_->jobs()) running += job->state() == engine::JobState::running;
  return running;
}

AccountStats DriverActor::stats() const {
  auto s = stats_;
  s.tracked = tracked_.size();
  s.transient = transient_.size();
  s.queued_calls = limiter_.queued();
  return s;
}

void DriverActor::report(const std::exception& e) {
  // Never the credentials: only the driver, the account's user and what failed.
  std::cerr << "deltacloudd: driver " << setup_.account.driver << " (user "
            << setup_.account.credentials.user << "): operation failed: " << e.what() << std::endl;
}

void DriverActor::note(const engine::Error* error) {
  if (!error) {
    if (authenticated_) return;
    authenticated_ = true;
    // From now on the whole account is tracked: list it at once, then every resync period.
    schedule_.list_now(setup_.clock->now());
    schedule_poll();
    // Jobs this account left unfinished when the server last stopped go on now.
    if (setup_.on_accepted)
      for (auto& job : setup_.on_accepted()) provisioner_->adopt(std::move(job));
    return;
  }
  if (error->kind != ErrorKind::authentication || authenticated_ || retired_ || !tracked_.empty())
    return;
  // Refused credentials and nothing to watch: make room. The directory forgets this actor at
  // once; requests that found it just before still arrive for a moment and are answered
  // normally (401, they carry the same credentials) until it retires.
  retired_ = true;
  if (setup_.on_retiring) setup_.on_retiring(false, {});
  send_later(setup_.timers, this, std::chrono::milliseconds{1000}, retire_atom::value);
}

// -- limits -----------------------------------------------------------------------------------

void DriverActor::limited(const char* api_class, std::function<void(std::function<void()>)> start,
                          std::function<bool()> wanted) {
  limiter_.submit(
      api_class,
      [this, api_class, start = std::move(start)] {
        ++stats_.provider_calls;
        if (std::string_view{api_class} == engine::describe_calls) ++stats_.describe_calls;
        start([this] {
          limiter_.finished();
          pump();
        });
      },
      std::move(wanted));
  pump();
}

void DriverActor::pump() {
  auto wait = limiter_.pump(setup_.clock->now());
  if (!wait) return;
  auto due = setup_.clock->now() + *wait;
  if (limiter_wake_ && *limiter_wake_ <= due) return;  // an earlier wake-up is set
  limiter_wake_ = due;
  if (wait->count() == 0)
    send(this, wake_atom::value);  // after the messages already waiting
  else
    send_later(setup_.timers, this, *wait, wake_atom::value);
}

// -- the call path ----------------------------------------------------------------------------

struct DriverActor::CallInFlight {
  engine::ErasedCall call;
  /// Set when its first try leaves the limiter: time spent queued for the account's own limits
  /// is not the provider's slowness.
  std::optional<engine::WallTime> deadline;
  std::multimap<engine::WallTime, CallPtr>::iterator deadline_entry;
  int attempt = 1;
  bool answered = false;
};

void DriverActor::run_call(engine::ErasedCall call) {
  auto c = std::make_shared<CallInFlight>();
  c->call = std::move(call);
  c->deadline_entry = deadlines_.end();
  start_try(c);
}

void DriverActor::arm_deadline(const CallPtr& c, engine::WallTime now) {
  c->deadline = now + setup_.limits.retry.deadline;
  c->deadline_entry = deadlines_.emplace(*c->deadline, c);
  if (deadline_timer_ && *deadline_timer_ <= *c->deadline) return;  // an earlier one is set
  deadline_timer_ = c->deadline;
  send_later(setup_.timers, this, setup_.limits.retry.deadline, run_atom::value,
             DriverJob{[](DriverActor& self) { self.expire_calls(); }});
}

void DriverActor::start_try(const CallPtr& c) {
  limited(
      c->call.info.api_class,
      [this, c](auto release) {
        if (c->answered) return release();  // never made: its caller was answered meanwhile
        auto started = setup_.clock->now();
        if (c->call.info.bounded && !c->deadline) arm_deadline(c, started);
        // Answered once whatever happens: a driver that answers twice, or throws instead of
        // answering, must not keep its slot of the limits nor leave its caller waiting.
        auto settled = std::make_shared<bool>(false);
        auto settle = [this, c, release, started, settled](const engine::Error* error, bool own) {
          if (*settled) return;
          *settled = true;
          release();
          end_try(c, error, own, started);
        };
        try {
          c->call.attempt(driver(), credentials(),
                          [settle](const engine::Error* error) { settle(error, false); });
        } catch (const std::exception& e) {
          report(e);
          auto failed =
              engine::make_error(ErrorKind::backend, "Internal error: the provider call failed");
          settle(&failed, true);
        }
      },
      [c] { return !c->answered; });
}

void DriverActor::end_try(const CallPtr& c, const engine::Error* error, bool own,
                          engine::WallTime started) {
  auto now = setup_.clock->now();
  const auto& info = c->call.info;
  if (setup_.call_counts)
    setup_.call_counts->record(setup_.account.driver, info.operation, engine::outcome_of(error),
                               now - started);
  if (c->answered) {  // the deadline answered it already
    if (!error && c->call.late) c->call.late();
    return;
  }
  if (error && !own) {
    auto kind = engine::classify(*error);
    bool again =
        kind == engine::Retry::throttled || (kind == engine::Retry::transient && info.repeatable);
    if (again && c->attempt < setup_.limits.retry.attempts && !retired_) {
      auto unit = std::uniform_real_distribution<double>{0, 1}(random_);
      auto delay = std::max(setup_.limits.retry.delay(c->attempt, unit), error->retry_after);
      // A retry that could not be answered before the deadline is not made: the caller hears
      // the provider's own error now rather than a timeout later.
      if (!c->deadline || now + delay < *c->deadline) {
        ++c->attempt;
        ++stats_.retries;
        if (setup_.call_counts) setup_.call_counts->retried(setup_.account.driver, info.operation);
        send_later(setup_.timers, this, delay, run_atom::value, DriverJob{[c](DriverActor& self) {
                     if (!c->answered) self.start_try(c);
                   }});
        return;
      }
    }
  }
  answer(c, error, own);
}

void DriverActor::answer(const CallPtr& c, const engine::Error* error, bool own) {
  c->answered = true;
  if (c->deadline_entry != deadlines_.end()) deadlines_.erase(c->deadline_entry);
  c->deadline_entry = deadlines_.end();
  note(error);
  // The driver's own answer is in the erased call; the path's errors are handed over.
  c->call.deliver(own ? error : nullptr);
}

void DriverActor::expire_calls() {
  deadline_timer_.reset();
  auto now = setup_.clock->now();
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    auto c = deadlines_.begin()->second;
    auto timeout = engine::make_error(
        ErrorKind::provider_timeout,
        "The provider did not answer in time (limits.retry.deadline_ms of the driver's yaml)");
    answer(c, &timeout, true);  // a try still out frees its slot when it answers
  }
  if (deadlines_.empty()) return;
  deadline_timer_ = deadlines_.begin()->first;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(*deadline_timer_ - now);
  send_later(setup_.timers, this, wait, run_atom::value,
             DriverJob{[](DriverActor& self) { self.expire_calls(); }});
}

// -- tracking ---------------------------------------------------------------------------------

void DriverActor::observe(const Instance& record, const std::string& cause) {
  auto d = digest(record);
  auto i = tracked_.find(record.id);
  if (i == tracked_.end() && record.state == engine::InstanceState::finish) {
    // A provider that lists deleted instances for a while (Nova): nothing to track.
    provisioner_->observed(record.id, record.state);
    return;
  }
  if (i == tracked_.end()) {
    if (!instance_shared_) {
      auto s = std::make_shared<InstanceActorShared>();
      s->driver_actor = address();
      s->hub = setup_.hub;
      s->timers = setup_.timers;
      s->machine = &driver().info().state_machine;
      s->clock = setup_.clock;
      s->driver = setup_.account.driver;
      s->provider = setup_.account.provider;
      s->user = setup_.account.credentials.user;
      instance_shared_ = std::move(s);
    }
    // Linked: should this actor ever die abnormally, its instance actors go with it.
    auto actor = spawn<caf::linked>(instance_actor, instance_shared_, record.id);
    i = tracked_.emplace(record.id, Tracked{actor, d, record.state, listing_}).first;
    send(actor, observe_atom::value, Observation{record, cause});
    changed_since_poll_ = true;
  } else {
    i->second.listed_in = listing_;
    if (i->second.digest != d) {
      send(i->second.actor, observe_atom::value, Observation{record, cause});
      i->second.digest = d;
      changed_since_poll_ |= i->second.state != record.state;
      i->second.state = record.state;
    }
  }
  provisioner_->observed(record.id, record.state);
  if (record.state == engine::InstanceState::finish) {
    tracked_.erase(record.id);
    transient_.erase(record.id);
  } else if (driver().info().state_machine.is_transient(record.state)) {
    transient_.insert(record.id);
  } else {
    transient_.erase(record.id);
  }
}

void DriverActor::forget(const std::string& id, const std::string& cause) {
  transient_.erase(id);
  provisioner_->observed(id, engine::InstanceState::finish);
  auto i = tracked_.find(id);
  if (i == tracked_.end()) return;
  send(i->second.actor, gone_atom::value, cause);
  tracked_.erase(i);
  changed_since_poll_ = true;
}

Instance DriverActor::gone(const std::string& id, const std::string& cause) {
  forget(id, cause);
  Instance last;
  last.id = id;
  last.state = engine::InstanceState::finish;
  return last;
}

void DriverActor::confirm(const std::string& id) {
  call<Instance>(
      engine::read_call("instance"),
      [this, id](engine::Callback<Instance> cb) { driver().instance(credentials(), id, cb); },
      [this, id](Result<Instance> r) {
        if (r)
          observe(r.value(), "poll");
        else if (r.error().kind == ErrorKind::not_found)
          forget(id, "poll");
      });
}

void DriverActor::absorb_listing(const std::vector<Instance>& listed) {
  ++listing_;
  for (auto& record : listed) observe(record, "poll");
  confirm_unlisted();
}

void DriverActor::confirm_unlisted() {
  // Absent from a listing is not proof of deletion (lists may be owner-filtered): ask.
  std::vector<std::string> missing;
  for (auto& [id, t] : tracked_)
    if (t.listed_in != listing_) missing.push_back(id);
  for (auto& id : missing) confirm(id);
}

void DriverActor::schedule_poll() {
  if (retired_ || (!authenticated_ && tracked_.empty())) return;
  if (auto timer = schedule_.next(setup_.clock->now(), !transient_.empty()))
    send_later(setup_.timers, this, timer->delay, poll_atom::value, timer->generation);
}

void DriverActor::poll(std::uint64_t generation) {
  if (retired_) return;
  auto cycle = schedule_.start(generation, setup_.clock->now());
  if (cycle == PollSchedule::Cycle::none) return;  // superseded, or one is running
  changed_since_poll_ = false;
  ++stats_.poll_cycles;
  if (cycle == PollSchedule::Cycle::listing) {
    ++listing_;
    resync_page({});
  } else {
    poll_transient();
  }
}

void DriverActor::resync_page(std::string marker) {
  call<engine::InstancePage>(
      engine::read_call("instance_page"),
      [this, marker](engine::Callback<engine::InstancePage> cb) {
        driver().instance_page(credentials(), marker, setup_.limits.page_size, cb);
      },
      [this, first_page = marker.empty()](Result<engine::InstancePage> r) {
        if (!r) {
          // Try the listing again soon rather than a whole period later.
          schedule_.list_soon(setup_.clock->now());
          return end_cycle(true);
        }
        note(nullptr);
        // Changes are asked from the listing's start on: nothing that happens during it is lost.
        if (first_page && !r.value().change_mark.empty()) change_mark_ = r.value().change_mark;
        for (auto& record : r.value().instances) observe(record, "poll");
        if (!r.value().next_marker.empty()) return resync_page(r.value().next_marker);
        confirm_unlisted();
        end_cycle(false);
      });
}

void DriverActor::poll_transient() {
  if (transient_.empty()) return end_cycle(false);
  if (change_mark_.empty())
    return describe_by_id({transient_.begin(), transient_.end()},
                          [this](bool ok) { end_cycle(!ok); });
  // The provider reports changes: one call a cycle, however many instances are in transit.
  call<engine::InstanceChanges>(
      engine::read_call("instance_changes"),
      [this](engine::Callback<engine::InstanceChanges> cb) {
        driver().instance_changes(credentials(), change_mark_, cb);
      },
      [this](Result<engine::InstanceChanges> r) {
        if (!r) {
          if (r.error().kind != ErrorKind::not_supported) return end_cycle(true);
          change_mark_.clear();  // by id from now on
          return poll_transient();
        }
        note(nullptr);
        ++stats_.change_reports;
        for (auto& record : r.value().instances) observe(record, "poll");
        if (!r.value().next_mark.empty()) change_mark_ = r.value().next_mark;
        end_cycle(false);
      });
}

void DriverActor::refresh(const std::vector<std::string>& ids) {
  describe_by_id(ids, [this](bool ok) {
    // Not known now: the next full listing brings them (or proves them gone).
    if (!ok) schedule_.list_soon(setup_.clock->now());
    schedule_poll();
  });
}

void DriverActor::describe_by_id(const std::vector<std::string>& ids,
                                 std::function<void(bool ok)> done) {
  if (ids.empty()) return done(true);
  // One call per page of ids: the cost grows with pages, not instances.
  auto pages = (ids.size() + setup_.limits.page_size - 1) / setup_.limits.page_size;
  auto outstanding = std::make_shared<std::size_t>(pages);
  auto ok = std::make_shared<bool>(true);
  for (std::size_t from = 0; from < ids.size(); from += setup_.limits.page_size) {
    auto to = std::min(ids.size(), from + setup_.limits.page_size);
    std::vector<std::string> page(ids.begin() + static_cast<std::ptrdiff_t>(from),
                                  ids.begin() + static_cast<std::ptrdiff_t>(to));
    call<std::vector<Instance>>(
        engine::read_call("instances_by_id"),
        [this, page](engine::Callback<std::vector<Instance>> cb) {
          driver().instances_by_id(credentials(), page, cb);
        },
        [this, page, outstanding, ok, done](Result<std::vector<Instance>> r) {
          if (r) {
            std::unordered_set<std::string> shown;
            for (auto& record : r.value()) {
              shown.insert(record.id);
              observe(record, "poll");
            }
            for (auto& id : page)
              if (!shown.count(id)) confirm(id);
          } else {
            *ok = false;
          }
          if (--*outstanding == 0) done(*ok);
        });
  }
}

void DriverActor::end_cycle(bool failed) {
  schedule_.end(changed_since_poll_, failed);
  schedule_poll();
}

// -- client operations ------------------------------------------------------------------------

void DriverActor::list_instances(ReplyOnce<std::vector<Instance>> reply) {
  call<std::vector<Instance>>(
      engine::read_call("instances"),
      [this](engine::Callback<std::vector<Instance>> cb) { driver().instances(credentials(), cb); },
      [this, reply](Result<std::vector<Instance>> r) {
        if (r) {
          absorb_listing(r.value());
          schedule_poll();
        }
        finish(reply, std::move(r));
      });
}

void DriverActor::fetch(const std::string& id, std::function<void(Result<Instance>)> then) {
  call<Instance>(
      engine::read_call("instance"),
      [this, id](engine::Callback<Instance> cb) { driver().instance(credentials(), id, cb); },
      [this, id, then](Result<Instance> r) {
        if (r) {
          note(nullptr);
          observe(r.value(), "poll");
          schedule_poll();
        } else if (r.error().kind == ErrorKind::not_found) {
          forget(id, "poll");
        }
        then(std::move(r));
      });
}

void DriverActor::show_instance(const std::string& id, ReplyOnce<Instance> reply) {
  fetch(id, [this, reply](Result<Instance> r) { finish(reply, std::move(r)); });
}

void DriverActor::create_instance(const engine::InstanceCreate& what, ReplyOnce<Instance> reply,
                                  std::function<bool()> still_wanted) {
  // With a client token the provider makes at most one instance, so a lost answer may be asked
  // again; without one only a throttled (refused, hence not done) create is repeated.
  bool repeatable = what.client_token && !what.client_token->empty();
  // Jobs' creates (still_wanted set) have tokens of their own and a withdrawal that is theirs
  // alone: they never join, nor are joined.
  std::optional<std::string> token;
  if (repeatable && !still_wanted) {
    auto [joined, first] = creates_by_token_.try_emplace(*what.client_token);
    if (!first) return joined->second.push_back(std::move(reply));
    token = *what.client_token;
  }
  auto info = engine::create_call("create_instance", repeatable);
  // A job's create is seen through however long the provider takes: a timeout would fail the
  // item while the instance may still be made, outside the job.
  if (still_wanted) info.bounded = false;
  call<Instance>(
      info,
      [this, what, still_wanted](engine::Callback<Instance> cb) {
        if (still_wanted && !still_wanted()) {
          auto withdrawn = engine::make_error(ErrorKind::conflict, "The job was cancelled");
          withdrawn.code = Provisioner::withdrawn_code;
          return cb(std::move(withdrawn));
        }
        driver().create_instance(credentials(), what, cb);
      },
      [this, reply, token](Result<Instance> r) {
        if (r) {
          observe(r.value(), "create");
          schedule_.hurry();
          schedule_poll();
        }
        if (token) {
          auto joined = creates_by_token_.extract(*token);
          if (!joined.empty())
            for (auto& follower : joined.mapped()) follower(r);
        }
        finish(reply, std::move(r));
      },
      // Made after its client heard a timeout: tracked now rather than at the next listing.
      [this](Result<Instance> r) {
        observe(r.value(), "create");
        schedule_.hurry();
        schedule_poll();
      });
}

void DriverActor::wait_instance(const std::string& id, engine::InstanceState target,
                                std::chrono::milliseconds timeout, engine::CancellationPtr cancel,
                                ReplyOnce<Instance> reply) {
  // Start from the provider's current state, so a wait never misses a change made before it.
  fetch(id, [this, id, target, timeout, cancel, reply](Result<Instance> r) {
    if (!r) return finish(reply, std::move(r));
    auto i = tracked_.find(id);
    if (r.value().state == target || ends_waits(r.value().state) || timeout.count() <= 0 ||
        i == tracked_.end())
      return reply(std::move(r));
    // Same sender, same receiver: the observation above is handled before the wait.
    send(i->second.actor, wait_atom::value,
         Waiter{target, timeout, reply, std::move(r.value()), cancel});
  });
}

void DriverActor::request_action(const std::string& id, InstanceAction action,
                                 ReplyOnce<Instance> reply) {
  // The state check must see the provider's current state, not the last poll's.
  fetch(id, [this, id, action, reply](Result<Instance> r) {
    if (!r) return finish(reply, std::move(r));
    auto i = tracked_.find(id);
    if (i == tracked_.end()) return reply(engine::make_error(ErrorKind::method_not_allowed));
    // Same sender, same receiver: the observation above is handled before this request.
    send(i->second.actor, action_atom::value, action, reply);
  });
}

void DriverActor::perform(ActionRequest request) {
  auto id = request.instance_id;
  auto action = request.action;
  auto reply = request.reply;
  auto cause = std::string{engine::action_name(action)};
  if (action == InstanceAction::destroy) {
    // Keep the last record: the reply carries it, and the instance actor announces `finish`.
    call<engine::Unit>(
        engine::change_call("destroy_instance"),
        [this, id](engine::Callback<engine::Unit> cb) {
          driver().destroy_instance(credentials(), id, cb);
        },
        [this, id, cause, reply](Result<engine::Unit> r) {
          if (!r) return finish(reply, Result<Instance>{r.error()});
          auto i = tracked_.find(id);
          auto next = i == tracked_.end() ? std::nullopt
                                          : driver().info().state_machine.target(
                                                i->second.state, InstanceAction::destroy);
          if (!next || *next == engine::InstanceState::finish)
            return finish(reply, Result<Instance>{gone(id, cause)});
          shutting_down(id, *next, cause, reply);
        });
    return;
  }
  call<Instance>(
      engine::change_call("instance_action"),
      [this, id, action](engine::Callback<Instance> cb) {
        driver().instance_action(credentials(), id, action, cb);
      },
      [this, cause, reply](Result<Instance> r) {
        if (r) {
          observe(r.value(), cause);
          schedule_.hurry();
          schedule_poll();
        }
        finish(reply, std::move(r));
      });
}

void DriverActor::shutting_down(const std::string& id, engine::InstanceState state,
                                const std::string& cause, ReplyOnce<Instance> reply) {
  // The provider deletes in the background (Nova): the instance shows `state` until the provider
  // no longer has it, which polling observes as `finish`.
  call<Instance>(
      engine::read_call("instance"),
      [this, id](engine::Callback<Instance> cb) { driver().instance(credentials(), id, cb); },
      [this, id, state, cause, reply](Result<Instance> r) {
        if (!r) {
          if (r.error().kind == ErrorKind::not_found)
            return finish(reply, Result<Instance>{gone(id, cause)});
          // The provider took the destroy but could not be read back just now: the instance is
          // on its way out, and polling goes on until it is seen gone.
          Instance last;
          last.id = id;
          last.state = state;
          if (tracked_.count(id)) transient_.insert(id);
          schedule_.hurry();
          schedule_poll();
          return finish(reply, Result<Instance>{std::move(last)});
        }
        auto record = std::move(r.value());
        if (record.state != engine::InstanceState::finish) record.state = state;
        observe(record, cause);
        schedule_.hurry();
        schedule_poll();
        finish(reply, Result<Instance>{std::move(record)});
      });
}

// -- bulk jobs -----------------------------------------------------------------------------------

template <class T>
void DriverActor::authenticated(ReplyOnce<T> reply, std::function<void()> then) {
  // The path notes the acceptance before answering: it resumes this account's journaled jobs
  // before anything is answered.
  call<engine::Unit>(
      engine::read_call("authenticate"),
      [this](engine::Callback<engine::Unit> cb) { driver().authenticate(credentials(), cb); },
      [reply, then](Result<engine::Unit> r) {
        if (!r) return reply(Result<T>{r.error()});
        then();
      });
}

void DriverActor::keep_tracked(ControlPlane::TrackRetry retrying, ReplyOnce<engine::Unit> done,
                               std::chrono::milliseconds delay, std::chrono::milliseconds longest) {
  // Not repeated by the path after a transient failure: this loop has delays of its own.
  call<engine::Unit>(
      engine::CallInfo{"authenticate", engine::describe_calls, false},
      [this](engine::Callback<engine::Unit> cb) { driver().authenticate(credentials(), cb); },
      [this, retrying, done, delay, longest](Result<engine::Unit> r) {
        if (r || engine::classify(r.error()) == engine::Retry::fatal || retired_)
          return finish(done, std::move(r));
        if (retrying) retrying(r.error(), delay);
        auto next = std::min(delay * 2, longest);
        send_later(setup_.timers, this, delay, run_atom::value,
                   DriverJob{[retrying, done, next, longest](DriverActor& self) {
                     self.keep_tracked(retrying, done, next, longest);
                   }});
      });
}

void DriverActor::submit_job(engine::Job job, ReplyOnce<engine::JobSummary> reply) {
  authenticated(reply, [this, job = std::move(job), reply]() mutable {
    if (!setup_.journal)
      return reply(
          engine::make_error(ErrorKind::backend, "Jobs need a data directory to be journaled in"));
    auto running = running_jobs();
    if (running >= setup_.max_running_jobs)
      return reply(engine::make_error(ErrorKind::throttled,
                                      std::to_string(running) +
                                          " jobs are running for this account (jobs.max_running); "
                                          "wait for one to finish, or cancel one"));
    try {
      reply(engine::summarize(provisioner_->submit(std::move(job))));
    } catch (const std::exception& e) {
      reply(engine::make_error(ErrorKind::backend,
                               std::string{"The job could not be journaled: "} + e.what()));
    }
  });
}

void DriverActor::list_jobs(ReplyOnce<std::vector<engine::JobSummary>> reply) {
  authenticated(reply, [this, reply] {
    std::vector<engine::JobSummary> out;
    for (auto* job : provisioner_->jobs()) out.push_back(engine::summarize(*job));
    reply(std::move(out));
  });
}

void DriverActor::show_job(const std::string& id, std::size_t offset, std::size_t limit,
                           ReplyOnce<engine::JobPage> reply) {
  authenticated(reply, [this, id, offset, limit, reply] {
    auto* job = provisioner_->job(id);
    if (!job) return reply(engine::make_error(ErrorKind::not_found));
    reply(engine::page_of(*job, offset, limit));  // a page, never a copy of the whole list
  });
}

void DriverActor::cancel_job(const std::string& id, ReplyOnce<engine::Unit> reply) {
  authenticated(reply, [this, id, reply] {
    if (!provisioner_->cancel(id)) return reply(engine::make_error(ErrorKind::not_found));
    reply(engine::Unit{});
  });
}

}  // namespace dc::actors
