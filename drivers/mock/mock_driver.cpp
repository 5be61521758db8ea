#include "drivers/mock/mock_driver.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <stdexcept>

#include "drivers/mock/mock_auth.hpp"
#include "drivers/mock/mock_seed.hpp"
#include "engine/driver_limits.hpp"
#include "engine/driver_registry.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

using namespace dc::engine;
using S = InstanceState;
using A = InstanceAction;

namespace {

const engine::SystemClock system_clock;

std::chrono::milliseconds delay_option(const engine::DriverOptions& options, const char* name) {
  return options.seconds(name, 1, 0, 86400);
}

}  // namespace

const DriverInfo& MockDriver::describe() {
  static const DriverInfo info = [] {
    DriverInfo d;
    d.id = "mock";
    d.collections = {Collection::hardware_profiles,
                     Collection::images,
                     Collection::instance_states,
                     Collection::instances,
                     Collection::keys,
                     Collection::realms,
                     Collection::storage_snapshots,
                     Collection::storage_volumes,
                     Collection::addresses,
                     Collection::metrics,
                     Collection::networks,
                     Collection::subnets,
                     Collection::network_interfaces,
                     Collection::firewalls,
                     Collection::load_balancers,
                     Collection::buckets};
    d.features = {"metrics", "realm_filter", "user_name", "firewalls", "authentication_key"};
    d.hardware_profiles = {
        HardwareProfile{"m1-small",
                        "m1-small",
                        {fixed_property("cpu", "1"), fixed_property("memory", "1740.8"),
                         fixed_property("storage", "160"), fixed_property("architecture", "i386")}},
        HardwareProfile{
            "m1-large",
            "m1-large",
            {range_property("cpu", "1", "6"), range_property("memory", "7680", "15360", "10240"),
             enum_property("storage", {"850", "1024"}), fixed_property("architecture", "x86_64")}},
        HardwareProfile{"m1-xlarge",
                        "m1-xlarge",
                        {fixed_property("cpu", "4"), range_property("memory", "12288", "32768"),
                         enum_property("storage", {"1024", "2048", "4096"}),
                         fixed_property("architecture", "x86_64")}},
        HardwareProfile{"opaque", "opaque", {}},
    };
    // clang-format off
    d.state_machine = StateMachine::Builder{}
                          .from(S::start).to(S::pending).on(A::create)
                          .from(S::pending).to(S::running).automatically()
                          .from(S::running).to(S::running).on(A::reboot)
                          .from(S::running).to(S::stopping).on(A::stop)
                          .from(S::stopping).to(S::stopped).automatically()
                          .from(S::stopped).to(S::running).on(A::start)
                          .from(S::stopped).to(S::finish).on(A::destroy)
                          .build();
    // clang-format on
    d.authentication_type = "key";
    d.supports_run = true;
    d.destroys_images = true;
    d.default_profile = "m1-small";
    d.contacts_provider = false;  // the cloud is in this process: providers are only names
    return d;
  }();
  return info;
}

MockDriver::MockDriver(const DriverSetup& setup)
    : MockDriver(setup, engine::DriverOptions{"mock", setup.options}) {}

MockDriver::MockDriver(const DriverSetup& setup, const engine::DriverOptions& options)
    : store_(MockStore::open(setup.data_dir)),
      clock_(setup.clock ? *setup.clock : system_clock),
      boot_delay_(delay_option(options, "boot_delay")),
      stop_delay_(delay_option(options, "stop_delay")),
      volume_delay_(delay_option(options, "volume_delay")),
      conditions_(options, clock_.now()) {
  if (options.has("durable_writes")) store_->set_durable(options.flag("durable_writes", true));
}

void MockDriver::check_options(const engine::DriverOptions& options) {
  for (auto name : {"boot_delay", "stop_delay", "volume_delay"}) delay_option(options, name);
  options.flag("durable_writes", true);
  MockConditions{options, engine::WallTime{}};
}

// -- time -----------------------------------------------------------------------------------------

void MockDriver::enter(MockInstance& record, InstanceState state) {
  record.instance.state = state;
  record.transition_at_ms = 0;
  auto delay = state == S::pending    ? boot_delay_ + conditions_.boot_jitter()
               : state == S::stopping ? stop_delay_
                                      : std::chrono::milliseconds{0};
  if (describe().state_machine.is_transient(state))
    record.transition_at_ms = to_unix_ms(clock_.now() + delay);
}

MockInstance MockDriver::settle(MockInstance record) {
  auto now = to_unix_ms(clock_.now());
  bool changed = false;
  while (record.transition_at_ms && record.transition_at_ms <= now) {
    auto next = describe().state_machine.automatic_target(record.instance.state);
    if (!next) {
      record.transition_at_ms = 0;
      break;
    }
    auto due = record.transition_at_ms;
    enter(record, *next);
    // A chain of automatic states counts from when the previous one ended, not from now.
    if (record.transition_at_ms) record.transition_at_ms += due - now;
    changed = true;
  }
  if (changed) store_->put(record);
  return record;
}

MockDriver::Relations MockDriver::relations(const Credentials& who) const {
  // One pass over each table, however many instances are shown.
  Relations r;
  for (auto& v : store_->visible_to<MockVolume>(who.user))
    if (!v.volume.instance_id.empty())
      r.volumes[v.volume.instance_id].push_back({v.volume.id, v.volume.device});
  for (auto& n : store_->visible_to<NetworkInterface>(who.user))
    r.interfaces[n.instance_id].push_back(n.id);
  for (auto& a : store_->visible_to<AllocatedAddress>(who.user))
    if (!a.instance_id.empty()) r.addresses[a.instance_id] = a.ip;
  return r;
}

Instance MockDriver::view(const MockInstance& stored, const Relations& related) const {
  // Derived for display only, never stored: the records that own these facts say them.
  Instance instance = stored.instance;
  // Attachments belong to the volumes: the instance shows what is attached to it now.
  instance.storage_volumes.clear();
  if (auto i = related.volumes.find(instance.id); i != related.volumes.end())
    instance.storage_volumes = i->second;
  // Its network interfaces are the interface records naming it.
  if (auto i = related.interfaces.find(instance.id); i != related.interfaces.end())
    instance.network_interfaces = i->second;
  else if (instance.network_interfaces)
    instance.network_interfaces->clear();
  // An associated address replaces the instance's public hostname while it lasts.
  if (auto i = related.addresses.find(instance.id); i != related.addresses.end())
    instance.public_addresses = {{i->second, "ipv4", {}}};
  return instance;
}

std::optional<Error> MockDriver::refused(const Credentials& who, const char* api_class,
                                         Error (*refusal)()) {
  if (!authentic(who)) return refusal();
  if (auto throttled = conditions_.admit(api_class, clock_.now())) return throttled;
  if (conditions_.fault() != MockConditions::Fault::none) return MockConditions::fault_error();
  return std::nullopt;
}

// -- authentication and realms --------------------------------------------------------------------

void MockDriver::authenticate(const Credentials& who, Callback<Unit> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  done(Unit{});
}

void MockDriver::realms(const Credentials& who, Callback<std::vector<Realm>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  done(mock_realms());
}

void MockDriver::realm(const Credentials& who, const std::string& id, Callback<Realm> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  // Error-injection realms of the original mock, for testing clients' error handling: answered
  // at once, never retried.
  auto injected = [](ErrorKind kind, const char* message) {
    auto error = make_error(kind, message);
    error.lasting = true;
    return error;
  };
  if (id == "500") return done(injected(ErrorKind::backend, "DeltacloudErrorMessage"));
  if (id == "501") return done(injected(ErrorKind::not_supported, "NotImplementedMessage"));
  if (id == "502") return done(injected(ErrorKind::provider, "ProviderErrorMessage"));
  if (id == "504") return done(injected(ErrorKind::provider_timeout, "ProviderTimeoutMessage"));
  for (auto& r : mock_realms())
    if (r.id == id) return done(r);
  done(make_error(ErrorKind::not_found));
}

// -- images ---------------------------------------------------------------------------------------

Image MockDriver::with_profiles(Image image) const {
  image.hardware_profiles.clear();
  for (auto& p : describe().hardware_profiles) image.hardware_profiles.push_back(p.id);
  return image;
}

std::optional<Image> MockDriver::visible_image(const Credentials& who,
                                               const std::string& id) const {
  auto ownership = store_->ownership<Image>(id);
  if (!ownership || (ownership->owner != who.user && !ownership->is_public)) return std::nullopt;
  return store_->get<Image>(id);
}

void MockDriver::images(const Credentials& who, Callback<std::vector<Image>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  auto images = store_->visible_to<Image>(who.user);
  std::stable_sort(images.begin(), images.end(), [](const Image& a, const Image& b) {
    return std::tie(a.owner_id, a.description) < std::tie(b.owner_id, b.description);
  });
  for (auto& i : images) i = with_profiles(std::move(i));
  done(std::move(images));
}

void MockDriver::image(const Credentials& who, const std::string& id, Callback<Image> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto image = visible_image(who, id);
  if (!image) return done(make_error(ErrorKind::not_found));
  done(with_profiles(*image));
}

void MockDriver::create_image(const Credentials& who, const ImageCreate& what,
                              Callback<Image> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto source = owned<MockInstance>(who, what.instance_id);
  if (!source)
    return done(make_error(ErrorKind::not_found, "Instance '" + what.instance_id + "' not found"));
  if (!source->instance.create_image)
    return done(make_error(ErrorKind::backend, "CreateImageNotSupported"));
  Image image;
  image.id = what.name && !what.name->empty()
                 ? *what.name
                 : what.instance_id + "-image-" + std::to_string(to_unix_ms(clock_.now()) / 1000);
  if (!is_plain_name(image.id))
    return done(make_error(
        ErrorKind::validation,
        "Image name '" + image.id + "' is not a valid name (letters, digits, '.', '_', '-')"));
  if (auto taken = name_taken<Image>(
          who, image.id,
          make_error(ErrorKind::conflict, "Image '" + image.id + "' already exists")))
    return done(*taken);
  image.name = image.id;
  image.description = what.description.value_or("");
  image.owner_id = "root";
  image.architecture = "i386";
  image.state = "AVAILABLE";
  store_->add(who.user, image);  // private to its maker
  done(std::move(image));
}

void MockDriver::destroy_image(const Credentials& who, const std::string& id, Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto ownership = store_->ownership<Image>(id);
  // Absent images are silently ignored, as the original; so are other accounts' private ones,
  // which must look absent. A public one is there for all to see, but not theirs to destroy.
  if (ownership && ownership->owner != who.user && ownership->is_public)
    return done(make_error(ErrorKind::forbidden, "Image '" + id + "' is not yours to destroy"));
  if (ownership && ownership->owner == who.user) store_->erase<Image>(id);
  done(Unit{});
}

// -- instances ------------------------------------------------------------------------------------

void MockDriver::instances(const Credentials& who, Callback<std::vector<Instance>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  if (auto refused = conditions_.refuse_read(clock_.now())) return done(*refused);
  auto guard = store_->lock();  // settle() writes back: no other writer in between
  auto related = relations(who);
  std::vector<Instance> out;
  for (auto& r : store_->visible_to<MockInstance>(who.user))
    out.push_back(view(settle(std::move(r)), related));
  done(std::move(out));
}

void MockDriver::instance_page(const Credentials& who, const std::string& marker, std::size_t limit,
                               Callback<InstancePage> done) {
  if (!authentic(who)) return done(list_auth_failure());
  if (auto refused = conditions_.refuse_read(clock_.now())) return done(*refused);
  auto guard = store_->lock();
  auto related = relations(who);
  InstancePage page;
  auto records = store_->instances_after(who.user, marker, std::max<std::size_t>(limit, 1));
  // A full page may have more after it; the next call finds out (as EC2's NextToken).
  if (records.size() == std::max<std::size_t>(limit, 1))
    page.next_marker = records.back().instance.id;
  for (auto& r : records) page.instances.push_back(view(settle(std::move(r)), related));
  done(std::move(page));
}

void MockDriver::instances_by_id(const Credentials& who, const std::vector<std::string>& ids,
                                 Callback<std::vector<Instance>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  if (auto refused = conditions_.refuse_read(clock_.now())) return done(*refused);
  auto guard = store_->lock();
  auto related = relations(who);
  std::vector<Instance> out;
  for (auto& id : ids)
    if (auto r = owned<MockInstance>(who, id)) out.push_back(view(settle(std::move(*r)), related));
  done(std::move(out));
}

void MockDriver::instance(const Credentials& who, const std::string& id, Callback<Instance> done) {
  if (!authentic(who)) return done(auth_failure());
  if (auto refused = conditions_.refuse_read(clock_.now())) return done(*refused);
  auto guard = store_->lock();
  auto r = owned<MockInstance>(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  done(view(settle(std::move(*r)), relations(who)));
}

void MockDriver::create_instance(const Credentials& who, const InstanceCreate& what,
                                 Callback<Instance> done) {
  if (!authentic(who)) return done(auth_failure());
  if (auto throttled = conditions_.admit(launch_calls, clock_.now())) return done(*throttled);
  auto fault = conditions_.fault();
  if (fault == MockConditions::Fault::before) return done(conditions_.fault_error());
  auto& info = describe();
  auto invalid = [](std::string message, const char* code) {
    auto e = make_error(ErrorKind::validation, std::move(message));
    e.code = code;
    return e;
  };
  auto guard = store_->lock();
  // A token already used by this account names the instance it made: answer that one again.
  if (what.client_token && !what.client_token->empty()) {
    if (what.client_token->size() > 64)
      return done(invalid("Client token must be at most 64 characters", "InvalidParameterValue"));
    if (auto id = store_->instance_by_token(who.user, *what.client_token)) {
      if (fault == MockConditions::Fault::after) return done(conditions_.fault_error());
      return done(view(settle(*store_->get<MockInstance>(*id)), relations(who)));
    }
  }
  if (!visible_image(who, what.image_id))
    return done(invalid("Image '" + what.image_id + "' not found", "InvalidAMIID.NotFound"));
  // Only the caller's own key and firewalls, as EC2 looks them up in the caller's account.
  if (what.keyname && !what.keyname->empty() && !owned<Key>(who, *what.keyname))
    return done(invalid("Key '" + *what.keyname + "' not found", "InvalidKeyPair.NotFound"));
  auto realms = mock_realms();
  std::string realm = what.realm_id.empty() ? realms.front().id : what.realm_id;
  if (std::none_of(realms.begin(), realms.end(), [&](auto& r) { return r.id == realm; }))
    return done(invalid("Realm '" + realm + "' not found", "InvalidZone.NotFound"));
  std::string profile = what.profile_id.empty() ? info.default_profile : what.profile_id;
  if (!info.profile(profile))
    return done(
        invalid("Hardware profile '" + profile + "' does not exists.", "InvalidInstanceType"));
  for (auto& f : what.firewalls)
    if (!owned<Firewall>(who, f))
      return done(invalid("Firewall '" + f + "' not found", "InvalidGroup.NotFound"));
  // Ids are inst<N> with the smallest unused N, as the original mock allocates them.
  auto id = store_->fresh_instance_id();
  MockInstance r;
  auto& i = r.instance;
  i.id = id;
  i.name = what.name && !what.name->empty()
               ? *what.name
               : "i-" + std::to_string(to_unix_ms(clock_.now()) / 1000);
  i.owner_id = who.user;
  i.image_id = what.image_id;
  i.realm_id = realm;
  i.hardware_profile_id = profile;
  i.profile_overrides = what.profile_overrides;
  i.public_addresses = {Address{what.image_id + "." + id + ".public.com", "hostname", {}}};
  i.private_addresses = {Address{what.image_id + "." + id + ".private.com", "hostname", {}}};
  i.create_image = true;
  i.keyname = what.keyname;
  if (!what.firewalls.empty()) i.firewalls = what.firewalls;
  if (what.client_token) r.client_token = *what.client_token;
  enter(r, S::pending);
  store_->add(who.user, r);
  // The instance exists now; a fault here loses only the answer, as a timeout would.
  if (fault == MockConditions::Fault::after) return done(conditions_.fault_error());
  done(view(settle(std::move(r)), relations(who)));
}

void MockDriver::instance_action(const Credentials& who, const std::string& id,
                                 InstanceAction action, Callback<Instance> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto r = owned<MockInstance>(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  auto record = settle(std::move(*r));
  auto target = describe().state_machine.target(record.instance.state, action);
  if (!target || *target == S::finish) return done(make_error(ErrorKind::method_not_allowed));
  enter(record, *target);
  store_->put(record);
  done(view(settle(std::move(record)), relations(who)));
}

void MockDriver::destroy_instance(const Credentials& who, const std::string& id,
                                  Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto r = owned<MockInstance>(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  auto record = settle(std::move(*r));
  if (!describe().state_machine.allows(record.instance.state, A::destroy))
    return done(make_error(ErrorKind::method_not_allowed));
  // Like a real cloud, terminating an instance detaches its volumes.
  for (auto v : store_->all<MockVolume>()) {
    if (v.volume.instance_id != id) continue;
    v.volume.instance_id.clear();
    v.volume.device.clear();
    v.volume.state = "AVAILABLE";
    store_->put(v);
  }
  for (auto a : store_->all<AllocatedAddress>()) {
    if (a.instance_id != id) continue;
    a.instance_id.clear();
    store_->put(a);
  }
  for (auto& nic : store_->all<NetworkInterface>())
    if (nic.instance_id == id) store_->erase<NetworkInterface>(nic.id);
  for (auto lb : store_->all<LoadBalancer>()) {
    auto at = std::find(lb.instances.begin(), lb.instances.end(), id);
    if (at == lb.instances.end()) continue;
    lb.instances.erase(at);
    store_->put(lb);
  }
  store_->erase<MockInstance>(id);
  done(Unit{});
}

void MockDriver::run_on_instance(const Credentials& who, const std::string& id,
                                 const RunCommand& what, Callback<RunOutput> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto r = owned<MockInstance>(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  // The mock has no machines to log into: it says what would have happened.
  RunOutput out;
  out.instance_id = id;
  out.public_address = what.ip.value_or(r->instance.public_addresses.empty()
                                            ? std::string{}
                                            : r->instance.public_addresses.front().address);
  out.command = what.command;
  out.output = "This is where the output from '" + what.command +
               "' would appear if this were not a mock provider";
  done(std::move(out));
}

// -- timestamps ---------------------------------------------------------------------------------

std::string MockDriver::timestamp() const {
  std::time_t secs = static_cast<std::time_t>(to_unix_ms(clock_.now()) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000", &tm);
  return buf;
}

// -- metrics --------------------------------------------------------------------------------------

namespace {

// The quantities the mock monitors, sorted by name as the original listed them.
const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names{
      "cpuUtilization",        "diskReadRequestCount", "diskReadSector",
      "diskWriteRequestCount", "diskWriteSector",      "nicInputByte",
      "nicInputPacket",        "nicOutputByte",        "nicOutputPacket"};
  return names;
}

std::string metric_unit(const std::string& name) {
  if (name.find("Utilization") != std::string::npos) return "Percent";
  if (name.find("Byte") != std::string::npos) return "Bytes";
  for (const char* counted : {"Sector", "Count", "Packet"})
    if (name.find(counted) != std::string::npos) return "Count";
  return "None";
}

Metric metric_of(const Instance& i) {
  Metric m;
  m.id = i.id;
  m.entity = i.name && !i.name->empty() ? *i.name : i.id;
  for (auto& name : metric_names()) m.properties.push_back(MetricProperty{name, {}});
  return m;
}

}  // namespace

void MockDriver::metrics(const Credentials& who, Callback<std::vector<Metric>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  std::vector<Metric> out;
  for (auto& r : store_->visible_to<MockInstance>(who.user)) out.push_back(metric_of(r.instance));
  done(std::move(out));
}

void MockDriver::metric(const Credentials& who, const std::string& id, Callback<Metric> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto r = owned<MockInstance>(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  auto m = metric_of(r->instance);
  // Six samples per quantity, one a second back from now. Plausible, not measured: seeded by
  // instance and second, so one second's answers agree with each other.
  auto now = to_unix_ms(clock_.now()) / 1000;
  std::mt19937 rng{
      static_cast<std::uint32_t>(std::hash<std::string>{}(id) ^ static_cast<std::size_t>(now))};
  for (auto& p : m.properties) {
    bool percent = p.name == "cpuUtilization";
    for (int back = 0; back < 6; ++back) {
      int low = 1 + static_cast<int>(rng() % 49), high = 50 + static_cast<int>(rng() % 50);
      int mid = (low + high) / 2;
      auto show = [percent](int v) {
        return percent ? format_number(v / 100.0) : std::to_string(v);
      };
      p.samples.push_back(MetricSample{show(low), show(high), show(mid), std::to_string(now - back),
                                       metric_unit(p.name)});
    }
  }
  done(std::move(m));
}

namespace {

const DriverRegistrar registrar{
    DriverEntry{"mock", []() -> const DriverInfo& { return MockDriver::describe(); },
                [](const DriverSetup& setup) -> std::unique_ptr<Driver> {
                  return std::make_unique<MockDriver>(setup);
                },
                MockDriver::check_options}};

}  // namespace

}  // namespace dc::drivers::mock
