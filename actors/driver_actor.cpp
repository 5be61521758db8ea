#include "actors/driver_actor.hpp"

#include <caf/all.hpp>

#include <functional>
#include <iostream>

#include "actors/instance_actor.hpp"

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
  // A continuation for an actor that is gone has nobody left to run for: it is dropped (and
  // any reply it carried fires its fallback error).
  if (auto target = caf::actor_cast<caf::actor>(target_))
    caf::anon_send(target, run_atom::value, DriverContinuation{std::move(work)});
}

DriverActor::DriverActor(caf::actor_config& cfg, DriverActorSetup setup)
    : caf::event_based_actor(cfg),
      setup_(std::move(setup)),
      transient_delay_(setup_.transient_poll) {}

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
          schedule_poll();  // a failed cycle must not end the polling
        }
      },
      [this](retire_atom) {
        for (auto& [id, t] : tracked_) send_exit(t.actor, caf::exit_reason::user_shutdown);
        tracked_.clear();
        quit();
      },
  };
}

void DriverActor::report(const std::exception& e) {
  // Never the credentials: only the driver, the account's user and what failed.
  std::cerr << "deltacloudd: driver " << setup_.account.driver << " (user "
            << setup_.account.credentials.user << "): operation failed: " << e.what() << std::endl;
}

void DriverActor::note(const engine::Error* error) {
  if (!error) {
    authenticated_ = true;
    return;
  }
  if (error->kind != ErrorKind::authentication || authenticated_ || retired_ || !tracked_.empty())
    return;
  // Refused credentials and nothing to watch: make room. The directory forgets this actor at
  // once; requests that found it just before still arrive for a moment and are answered
  // normally (401, they carry the same credentials) until it retires.
  retired_ = true;
  if (setup_.on_rejected) setup_.on_rejected();
  delayed_send(this, std::chrono::seconds{1}, retire_atom::value);
}

// -- tracking
// ---------------------------------------------------------------------------------------

void DriverActor::observe(const Instance& record, const std::string& cause) {
  auto d = digest(record);
  auto i = tracked_.find(record.id);
  if (i == tracked_.end()) {
    InstanceActorSetup s;
    s.driver_actor = caf::actor_cast<caf::actor>(this);
    s.hub = setup_.hub;
    s.machine = &driver().info().state_machine;
    s.clock = setup_.clock;
    s.driver = setup_.account.driver;
    s.provider = setup_.account.provider;
    s.user = setup_.account.credentials.user;
    // Linked: should this actor ever die abnormally, its instance actors go with it.
    auto actor = spawn<caf::linked>(instance_actor, std::move(s));
    i = tracked_.emplace(record.id, Tracked{actor, 0, record.state}).first;
    send(actor, observe_atom::value, Observation{record, cause});
    i->second.digest = d;
    changed_since_poll_ = true;
  } else if (i->second.digest != d) {
    send(i->second.actor, observe_atom::value, Observation{record, cause});
    i->second.digest = d;
    changed_since_poll_ |= i->second.state != record.state;
    i->second.state = record.state;
  }
  if (record.state == engine::InstanceState::finish) tracked_.erase(record.id);
}

void DriverActor::forget(const std::string& id, const std::string& cause) {
  auto i = tracked_.find(id);
  if (i == tracked_.end()) return;
  send(i->second.actor, gone_atom::value, cause);
  tracked_.erase(i);
  changed_since_poll_ = true;
}

void DriverActor::reconcile(const std::vector<Instance>& listed, const std::string& cause) {
  std::unordered_map<std::string, bool> seen;
  for (auto& record : listed) {
    seen[record.id] = true;
    observe(record, cause);
  }
  std::vector<std::string> missing;
  for (auto& [id, t] : tracked_)
    if (!seen.count(id)) missing.push_back(id);
  // Absent from the list is not proof of deletion (lists may be owner-filtered or paged): ask.
  for (auto& id : missing) {
    driver().instance(credentials(), id, [this, id, cause](Result<Instance> r) {
      if (r)
        observe(r.value(), cause);
      else if (r.error().kind == ErrorKind::not_found)
        forget(id, cause);
    });
  }
}

bool DriverActor::any_transient() const {
  auto& machine = setup_.driver->info().state_machine;
  for (auto& [id, t] : tracked_)
    if (machine.is_transient(t.state)) return true;
  return false;
}

void DriverActor::schedule_poll() {
  if (tracked_.empty() || retired_) return;
  bool transient = any_transient();
  auto delay = transient ? transient_delay_ : setup_.resync_interval;
  auto due = std::chrono::steady_clock::now() + delay;
  if (poll_due_ && *poll_due_ <= due) return;  // an earlier poll is already set
  poll_due_ = due;
  delayed_send(this, delay, poll_atom::value, ++poll_generation_);
}

void DriverActor::poll(std::uint64_t generation) {
  if (generation != poll_generation_) return;  // superseded by an earlier re-arm
  poll_due_.reset();
  changed_since_poll_ = false;
  driver().instances(credentials(), [this](Result<std::vector<Instance>> r) {
    if (r) reconcile(r.value(), "poll");
    // Back off while transient instances show no progress; start close again on any change.
    if (changed_since_poll_) {
      transient_delay_ = setup_.transient_poll;
    } else {
      transient_delay_ = std::min(setup_.transient_poll_max, transient_delay_ * 3 / 2);
    }
    schedule_poll();
  });
}

// -- client operations
// ------------------------------------------------------------------------------

void DriverActor::list_instances(ReplyOnce<std::vector<Instance>> reply) {
  driver().instances(credentials(), [this, reply](Result<std::vector<Instance>> r) {
    if (r) {
      reconcile(r.value(), "poll");
      schedule_poll();
    }
    finish(reply, std::move(r));
  });
}

void DriverActor::show_instance(const std::string& id, ReplyOnce<Instance> reply) {
  driver().instance(credentials(), id, [this, id, reply](Result<Instance> r) {
    if (r) {
      observe(r.value(), "poll");
      schedule_poll();
    } else if (r.error().kind == ErrorKind::not_found) {
      forget(id, "poll");
    }
    finish(reply, std::move(r));
  });
}

void DriverActor::create_instance(const engine::InstanceCreate& what, ReplyOnce<Instance> reply) {
  driver().create_instance(credentials(), what, [this, reply](Result<Instance> r) {
    if (r) {
      observe(r.value(), "create");
      transient_delay_ = setup_.transient_poll;
      schedule_poll();
    }
    finish(reply, std::move(r));
  });
}

void DriverActor::wait_instance(const std::string& id, engine::InstanceState target,
                                std::chrono::milliseconds timeout, ReplyOnce<Instance> reply) {
  // Start from the provider's current state, so a wait never misses a change made before it.
  driver().instance(credentials(), id, [this, id, target, timeout, reply](Result<Instance> r) {
    if (!r) {
      if (r.error().kind == ErrorKind::not_found) forget(id, "poll");
      return finish(reply, std::move(r));
    }
    note(nullptr);
    observe(r.value(), "poll");
    schedule_poll();
    auto i = tracked_.find(id);
    if (r.value().state == target || ends_waits(r.value().state) || timeout.count() <= 0 ||
        i == tracked_.end())
      return reply(std::move(r));
    // Same sender, same receiver: the observation above is handled before the wait.
    send(i->second.actor, wait_atom::value, Waiter{target, timeout, reply});
  });
}

void DriverActor::request_action(const std::string& id, InstanceAction action,
                                 ReplyOnce<Instance> reply) {
  // The state check must see the provider's current state, not the last poll's.
  driver().instance(credentials(), id, [this, id, action, reply](Result<Instance> r) {
    if (!r) {
      if (r.error().kind == ErrorKind::not_found) forget(id, "poll");
      return finish(reply, std::move(r));
    }
    note(nullptr);
    observe(r.value(), "poll");
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
    driver().destroy_instance(credentials(), id, [this, id, cause, reply](Result<engine::Unit> r) {
      if (!r) return finish(reply, Result<Instance>{r.error()});
      Instance last;
      last.id = id;
      last.state = engine::InstanceState::finish;
      forget(id, cause);
      finish(reply, Result<Instance>{std::move(last)});
    });
    return;
  }
  driver().instance_action(credentials(), id, action, [this, cause, reply](Result<Instance> r) {
    if (r) {
      observe(r.value(), cause);
      transient_delay_ = setup_.transient_poll;
      schedule_poll();
    }
    finish(reply, std::move(r));
  });
}

}  // namespace dc::actors
