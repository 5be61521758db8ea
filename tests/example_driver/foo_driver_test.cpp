// The Foo driver with a fake client: tests/drivers/foo_driver_test.cpp of
// docs/writing-a-driver.md, compiled.
#include <catch2/catch.hpp>

#include "drivers/foo/foo_driver.hpp"

using namespace dc::engine;
using namespace dc::drivers::foo;

namespace {

/// Answers at once from what the test put in it, and remembers what it was asked.
class FakeFooClient final : public FooClient {
 public:
  FooServerCreate created;

  void create_server(const Credentials&, const FooServerCreate& what,
                     Callback<FooServer> done) override {
    created = what;
    done(FooServer{"srv-1", what.name, "BUILD", what.image, what.size, "fra1", ""});
  }
  // ... zones, servers, server, server_action, delete_server answer the same way.
  void zones(const Credentials&, Callback<std::vector<FooZone>> done) override {
    done(std::vector<FooZone>{{"fra1", "Frankfurt 1", true}, {"fra2", "Frankfurt 2", false}});
  }
  void servers(const Credentials&, Callback<std::vector<FooServer>> done) override {
    done(std::vector<FooServer>{{"srv-0", "web", "MIGRATING", "debian-12", "f1-small", "", ""}});
  }
  void server(const Credentials&, const std::string& id, Callback<FooServer> done) override {
    done(make_error(ErrorKind::not_found, "no server " + id));
  }
  void server_action(const Credentials&, const std::string& id, const std::string& verb,
                     Callback<FooServer> done) override {
    done(FooServer{id, "web", verb == "stop" ? "POWERING_OFF" : "ACTIVE", "", "", "", ""});
  }
  void delete_server(const Credentials&, const std::string&, Callback<Unit> done) override {
    done(Unit{});
  }
};

struct Fixture {
  ManualClock clock;  // starts at 1'700'000'000 s
  std::shared_ptr<InlineExecutor> executor = std::make_shared<InlineExecutor>();
  FakeFooClient* fake = nullptr;

  std::unique_ptr<FooDriver> driver() {
    auto client = std::make_unique<FakeFooClient>();
    fake = client.get();
    DriverSetup setup;
    setup.provider = "fra";
    setup.clock = &clock;
    setup.executor = executor;
    return std::make_unique<FooDriver>(setup, std::move(client));
  }

  Result<Instance> create(FooDriver& d, InstanceCreate what) {
    std::optional<Result<Instance>> out;
    d.create_instance({"alice", "secret"}, what,
                      [&](Result<Instance> r) { out.emplace(std::move(r)); });
    REQUIRE(out.has_value());  // called exactly once, already
    return std::move(*out);
  }
};

}  // namespace

TEST_CASE("every Foo status maps to one state, and unknown ones to error") {
  CHECK(foo_state("POWERING_OFF") == InstanceState::stopping);
  CHECK(foo_state("MIGRATING") == InstanceState::error);
}

TEST_CASE("a running Foo server can be rebooted, stopped or destroyed") {
  auto& machine = FooDriver::describe().state_machine;
  using A = InstanceAction;
  CHECK(machine.actions_in(InstanceState::running) ==
        std::vector<A>{A::reboot, A::stop, A::destroy});
  CHECK(machine.is_transient(InstanceState::stopping));
}

TEST_CASE_METHOD(Fixture, "a created server is pending, named after the clock, default size") {
  auto d = driver();
  InstanceCreate what;
  what.image_id = "debian-12";
  auto r = create(*d, what);
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::pending);
  CHECK(fake->created.name == "foo-1700000000");
  CHECK(fake->created.size == "f1-small");
}

TEST_CASE_METHOD(Fixture, "zones are realms, and a status Foo does not document is kept") {
  auto d = driver();
  std::optional<Result<std::vector<Realm>>> realms;
  d->realms({"alice", "secret"}, [&](auto r) { realms.emplace(std::move(r)); });
  REQUIRE(realms);
  REQUIRE(realms->value().size() == 2);
  CHECK(realms->value()[1].state == "UNAVAILABLE");
  std::optional<Result<Realm>> missing;
  d->realm({"alice", "secret"}, "nyc1", [&](auto r) { missing.emplace(std::move(r)); });
  CHECK(missing->error().kind == ErrorKind::not_found);
  std::optional<Result<std::vector<Instance>>> listed;
  d->instances({"alice", "secret"}, [&](auto r) { listed.emplace(std::move(r)); });
  REQUIRE(listed->value().size() == 1);
  CHECK(listed->value()[0].state == InstanceState::error);
  CHECK(listed->value()[0].provider_state == "MIGRATING");
  CHECK(listed->value()[0].owner_id == "alice");
}
