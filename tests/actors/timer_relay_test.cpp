// The timer relay on CAF's test coordinator (time moves only when the test says): timers arrive
// when due, a forgotten one never does, and a target that quits is not kept alive by its timers.

#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include "actors/timer_relay.hpp"

using namespace dc::actors;
using namespace std::chrono_literals;

namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using arm_atom = caf::atom_constant<caf::atom("arm")>;

struct TargetState {
  std::vector<int> received;
};

/// Arms timers on request and records the pings they bring.
caf::behavior target(caf::stateful_actor<TargetState>* self, caf::actor relay) {
  return {
      [=](arm_atom, int n, std::uint64_t tag, std::chrono::milliseconds delay) {
        if (tag == 0)
          send_later(relay, self, delay, ping_atom::value, n);
        else
          send_later_tagged(relay, self, tag, delay, ping_atom::value, n);
      },
      [=](forget_atom, std::uint64_t tag) { forget_later(relay, self, tag); },
      [=](ping_atom, int n) { self->state.received.push_back(n); },
  };
}

struct TestSystem {
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  caf::scheduler::test_coordinator* sched = nullptr;

  TestSystem() {
    config.set("scheduler.policy", caf::atom("testing"));
    config.set("logger.console", caf::atom("none"));
    system = std::make_unique<caf::actor_system>(config);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(system->scheduler());
  }
};

const std::vector<int>& received(const caf::actor& a) {
  auto* ptr = caf::actor_cast<caf::abstract_actor*>(a);
  return dynamic_cast<caf::stateful_actor<TargetState>&>(*ptr).state.received;
}

}  // namespace

TEST_CASE("a relayed timer arrives when it is due, and a forgotten one never") {
  TestSystem t;
  auto relay = spawn_timer_relay(*t.system);
  auto a = t.system->spawn(target, relay);
  caf::anon_send(a, arm_atom::value, 1, std::uint64_t{0}, 100ms);
  caf::anon_send(a, arm_atom::value, 2, std::uint64_t{7}, 100ms);
  caf::anon_send(a, arm_atom::value, 3, std::uint64_t{8}, 300ms);
  t.sched->run();
  caf::anon_send(a, forget_atom::value, std::uint64_t{7});
  t.sched->run();
  t.sched->advance_time(99ms);
  t.sched->run();
  CHECK(received(a).empty());
  t.sched->advance_time(1ms);
  t.sched->run();
  CHECK(received(a) == std::vector<int>{1});
  t.sched->advance_time(200ms);
  t.sched->run();
  CHECK(received(a) == std::vector<int>{1, 3});
  caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(relay, caf::exit_reason::user_shutdown);
  t.sched->run();
}

TEST_CASE("a target that quits is freed at once, though its timers are an hour away") {
  // A plain delayed_send holds its receiver until due: the actor would stay whole for the hour.
  TestSystem t;
  auto relay = spawn_timer_relay(*t.system);
  caf::actor_addr gone;
  {
    auto a = t.system->spawn(target, relay);
    gone = a.address();
    caf::anon_send(a, arm_atom::value, 1, std::uint64_t{0}, std::chrono::milliseconds{3600000});
    caf::anon_send(a, arm_atom::value, 2, std::uint64_t{5}, std::chrono::milliseconds{3600000});
    t.sched->run();
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
  t.sched->run();
  CHECK_FALSE(caf::actor_cast<caf::actor>(gone));  // nobody holds it any more
  // Its timers fire into nothing.
  t.sched->advance_time(std::chrono::hours{1});
  t.sched->run();
  caf::anon_send_exit(relay, caf::exit_reason::user_shutdown);
  t.sched->run();
}
