// The Foo driver (docs/writing-a-driver.md): what Foo is, then one method per operation.
#include "drivers/foo/foo_driver.hpp"

#include "engine/driver_registry.hpp"

namespace dc::drivers::foo {

using namespace dc::engine;
using S = InstanceState;
using A = InstanceAction;

const DriverInfo& FooDriver::describe() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "foo";
    d.collections = {Collection::hardware_profiles, Collection::instance_states,
                     Collection::instances, Collection::realms};
    d.features = {"user_name", "authentication_key", "realm_filter"};
    d.hardware_profiles = {
        HardwareProfile{
            "f1-small",
            "f1-small",
            {fixed_property("cpu", "1"), fixed_property("memory", "2048"),
             fixed_property("storage", "20"), fixed_property("architecture", "x86_64")}},
        HardwareProfile{"f1-flex",
                        "f1-flex",
                        {range_property("cpu", "1", "16", "2"),
                         range_property("memory", "1024", "65536", "4096"),
                         enum_property("storage", {"20", "50", "100"}),
                         fixed_property("architecture", "x86_64")}},
    };
    // "Server lifecycle", docs.foo.example/compute/v1/lifecycle
    // clang-format off
    d.state_machine = StateMachine::Builder{}
                          .from(S::start).to(S::pending).on(A::create)
                          .from(S::pending).to(S::running).automatically()
                          .from(S::running).to(S::running).on(A::reboot)
                          .from(S::running).to(S::stopping).on(A::stop)
                          .from(S::running).to(S::finish).on(A::destroy)
                          .from(S::stopping).to(S::stopped).automatically()
                          .from(S::stopped).to(S::running).on(A::start)
                          .from(S::stopped).to(S::finish).on(A::destroy)
                          .from(S::shutting_down).to(S::finish).automatically()
                          .from(S::error).to(S::finish).on(A::destroy)
                          .build();
    // clang-format on
    d.authentication_type = "key";
    d.default_profile = "f1-small";
    return d;
  }();
  return info;
}

namespace {

// Foo's documented server statuses, each mapped to exactly one model state.
constexpr std::pair<std::string_view, S> foo_statuses[] = {
    {"BUILD", S::pending},   {"ACTIVE", S::running}, {"POWERING_OFF", S::stopping},
    {"SHUTOFF", S::stopped}, {"ERROR", S::error},    {"DELETING", S::shutting_down},
    {"DELETED", S::finish},
};

Instance to_instance(const FooServer& s, const std::string& owner) {
  Instance i;
  i.id = s.id;
  i.name = s.name;
  i.owner_id = owner;
  i.image_id = s.image;
  i.realm_id = s.zone;
  i.state = foo_state(s.status);
  if (i.state == S::error) i.provider_state = s.status;  // what Foo said, kept for the reader
  i.hardware_profile_id = s.size;
  if (!s.public_ip.empty()) i.public_addresses = {Address{s.public_ip, "ipv4", {}}};
  return i;
}

}  // namespace

InstanceState foo_state(std::string_view status) {
  for (auto& [name, state] : foo_statuses)
    if (name == status) return state;
  return S::error;  // a status Foo does not document is an error, never a guess
}

FooDriver::FooDriver(const DriverSetup& setup, std::unique_ptr<FooClient> client)
    : client_(std::move(client)), executor_(setup.executor), clock_(*setup.clock) {}

template <class T>
Callback<T> FooDriver::in_actor(Callback<T> next) {
  return [executor = executor_, next = std::move(next)](Result<T> r) {
    executor->post([next, r = std::move(r)] { next(r); });
  };
}

void FooDriver::instances(const Credentials& who, Callback<std::vector<Instance>> done) {
  // GET /v1/servers: what GET /api/instances lists (polling uses the paged calls below).
  client_->servers(who, in_actor<std::vector<FooServer>>(
                            [done, owner = who.user](Result<std::vector<FooServer>> r) {
                              if (!r) return done(r.error());
                              std::vector<Instance> out;
                              for (auto& s : r.value()) out.push_back(to_instance(s, owner));
                              done(std::move(out));
                            }));
}

void FooDriver::create_instance(const Credentials& who, const InstanceCreate& what,
                                Callback<Instance> done) {
  // POST /v1/servers
  FooServerCreate body;
  body.name = what.name.value_or("foo-" + std::to_string(to_unix_ms(clock_.now()) / 1000));
  body.image = what.image_id;
  body.size = what.profile_id.empty() ? describe().default_profile : what.profile_id;
  body.size_options = what.profile_overrides;  // already validated against the profile
  body.zone = what.realm_id;                   // empty: Foo chooses
  body.keypair = what.keyname;
  client_->create_server(who, body,
                         in_actor<FooServer>([done, owner = who.user](Result<FooServer> r) {
                           if (!r) return done(r.error());
                           done(to_instance(r.value(), owner));
                         }));
}

void FooDriver::destroy_instance(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  // DELETE /v1/servers/{id}
  client_->delete_server(who, id, in_actor<Unit>(std::move(done)));
}

void FooDriver::instance(const Credentials& who, const std::string& id, Callback<Instance> done) {
  // GET /v1/servers/{id}
  client_->server(who, id, in_actor<FooServer>([done, owner = who.user](Result<FooServer> r) {
                    if (!r) return done(r.error());
                    done(to_instance(r.value(), owner));
                  }));
}

void FooDriver::instance_action(const Credentials& who, const std::string& id,
                                InstanceAction action, Callback<Instance> done) {
  // POST /v1/servers/{id}/{verb}: Foo's verbs are our action names.
  client_->server_action(who, id, std::string{action_name(action)},
                         in_actor<FooServer>([done, owner = who.user](Result<FooServer> r) {
                           if (!r) return done(r.error());
                           done(to_instance(r.value(), owner));
                         }));
}

void FooDriver::realms(const Credentials& who, Callback<std::vector<Realm>> done) {
  // GET /v1/zones
  client_->zones(who, in_actor<std::vector<FooZone>>([done](Result<std::vector<FooZone>> r) {
                   if (!r) return done(r.error());
                   std::vector<Realm> out;
                   for (auto& z : r.value())
                     out.push_back(Realm{z.id, z.name, z.open ? "AVAILABLE" : "UNAVAILABLE"});
                   done(std::move(out));
                 }));
}

void FooDriver::realm(const Credentials& who, const std::string& id, Callback<Realm> done) {
  realms(who, [done, id](Result<std::vector<Realm>> r) {
    if (!r) return done(r.error());
    for (auto& realm : r.value())
      if (realm.id == id) return done(realm);
    done(make_error(ErrorKind::not_found, "no zone " + id));
  });
}

void FooDriver::check_options(const engine::DriverOptions& options) {
  options.milliseconds("request_timeout_ms", 30'000, 1, 86'400'000);
}

namespace {

const DriverRegistrar registrar{
    DriverEntry{"foo", []() -> const DriverInfo& { return FooDriver::describe(); },
                [](const DriverSetup& setup) -> std::unique_ptr<Driver> {
                  return std::make_unique<FooDriver>(setup, make_foo_client(setup));
                },
                FooDriver::check_options}};

}  // namespace

}  // namespace dc::drivers::foo
