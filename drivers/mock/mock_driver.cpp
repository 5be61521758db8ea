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

std::chrono::milliseconds delay_option(const DriverSetup& setup, const char* name) {
  auto seconds = number_option(setup.options, name, 1, 0, 86400);
  return std::chrono::milliseconds{static_cast<long long>(seconds * 1000)};
}

std::string random_hex_pairs(std::size_t pairs) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < pairs; ++i) {
    if (i) out += ':';
    auto v = rng();
    out += hex[v & 0xf];
    out += hex[(v >> 4) & 0xf];
  }
  return out;
}

std::string random_pem() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int line = 0; line < 12; ++line) {
    for (int c = 0; c < 64; ++c) out += alphabet[rng() % 64];
    out += '\n';
  }
  return out + "-----END RSA PRIVATE KEY-----";
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
    : store_(MockStore::open(setup.data_dir)),
      clock_(setup.clock ? *setup.clock : system_clock),
      boot_delay_(delay_option(setup, "boot_delay")),
      stop_delay_(delay_option(setup, "stop_delay")),
      volume_delay_(delay_option(setup, "volume_delay")),
      conditions_(setup.options, clock_.now()) {
  if (auto d = setup.options.find("durable_writes"); d != setup.options.end()) {
    if (d->second != "true" && d->second != "false")
      throw std::invalid_argument("mock option 'durable_writes' must be true or false, not '" +
                                  d->second + "'");
    store_->set_durable(d->second == "true");
  }
}

std::optional<MockInstance> MockDriver::owned(const Credentials& who, const std::string& id) const {
  auto r = store_->get<MockInstance>(id);
  if (!r || r->instance.owner_id != who.user) return std::nullopt;
  return r;
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

MockDriver::Relations MockDriver::relations() const {
  // One pass over each table, however many instances are shown.
  Relations r;
  for (auto& v : store_->all<MockVolume>())
    if (!v.volume.instance_id.empty())
      r.volumes[v.volume.instance_id].push_back({v.volume.id, v.volume.device});
  for (auto& n : store_->all<NetworkInterface>()) r.interfaces[n.instance_id].push_back(n.id);
  for (auto& a : store_->all<AllocatedAddress>())
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

// -- authentication and realms
// ---------------------------------------------------------------------

void MockDriver::authenticate(const Credentials& who, Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  done(Unit{});
}

void MockDriver::realms(const Credentials& who, Callback<std::vector<Realm>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(mock_realms());
}

void MockDriver::realm(const Credentials& who, const std::string& id, Callback<Realm> done) {
  if (!authentic(who)) return done(auth_failure());
  // Error-injection realms of the original mock, for testing clients' error handling.
  if (id == "500") return done(make_error(ErrorKind::backend, "DeltacloudErrorMessage"));
  if (id == "501") return done(make_error(ErrorKind::not_supported, "NotImplementedMessage"));
  if (id == "502") return done(make_error(ErrorKind::provider, "ProviderErrorMessage"));
  if (id == "504") return done(make_error(ErrorKind::provider_timeout, "ProviderTimeoutMessage"));
  for (auto& r : mock_realms())
    if (r.id == id) return done(r);
  done(make_error(ErrorKind::not_found));
}

// -- images
// ----------------------------------------------------------------------------------------

Image MockDriver::with_profiles(Image image) const {
  image.hardware_profiles.clear();
  for (auto& p : describe().hardware_profiles) image.hardware_profiles.push_back(p.id);
  return image;
}

void MockDriver::images(const Credentials& who, Callback<std::vector<Image>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  auto images = store_->all<Image>();
  std::stable_sort(images.begin(), images.end(), [](const Image& a, const Image& b) {
    return std::tie(a.owner_id, a.description) < std::tie(b.owner_id, b.description);
  });
  for (auto& i : images) i = with_profiles(std::move(i));
  done(std::move(images));
}

void MockDriver::image(const Credentials& who, const std::string& id, Callback<Image> done) {
  if (!authentic(who)) return done(auth_failure());
  auto image = store_->get<Image>(id);
  if (!image) return done(make_error(ErrorKind::not_found));
  done(with_profiles(*image));
}

void MockDriver::create_image(const Credentials& who, const ImageCreate& what,
                              Callback<Image> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto source = owned(who, what.instance_id);
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
  if (store_->get<Image>(image.id))
    return done(make_error(ErrorKind::conflict, "Image '" + image.id + "' already exists"));
  image.name = image.id;
  image.description = what.description.value_or("");
  image.owner_id = "root";
  image.architecture = "i386";
  image.state = "AVAILABLE";
  store_->put(image);
  done(std::move(image));
}

void MockDriver::destroy_image(const Credentials& who, const std::string& id, Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  store_->erase<Image>(id);  // absent images are silently ignored, as the original
  done(Unit{});
}

// -- instances
// -------------------------------------------------------------------------------------

void MockDriver::instances(const Credentials& who, Callback<std::vector<Instance>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  if (auto refused = conditions_.refuse_read(clock_.now())) return done(*refused);
  auto guard = store_->lock();  // settle() writes back: no other writer in between
  auto related = relations();
  std::vector<Instance> out;
  for (auto& r : store_->all<MockInstance>()) {
    if (r.instance.owner_id != who.user) continue;
    out.push_back(view(settle(std::move(r)), related));
  }
  done(std::move(out));
}

void MockDriver::instance_page(const Credentials& who, const std::string& marker, std::size_t limit,
                               Callback<InstancePage> done) {
  if (!authentic(who)) return done(list_auth_failure());
  if (auto refused = conditions_.refuse_read(clock_.now())) return done(*refused);
  auto guard = store_->lock();
  auto related = relations();
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
  auto related = relations();
  std::vector<Instance> out;
  for (auto& id : ids)
    if (auto r = owned(who, id)) out.push_back(view(settle(std::move(*r)), related));
  done(std::move(out));
}

void MockDriver::instance(const Credentials& who, const std::string& id, Callback<Instance> done) {
  if (!authentic(who)) return done(auth_failure());
  if (auto throttled = conditions_.admit(describe_calls, clock_.now())) return done(*throttled);
  auto guard = store_->lock();
  auto r = owned(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  done(view(settle(std::move(*r)), relations()));
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
      return done(view(settle(*store_->get<MockInstance>(*id)), relations()));
    }
  }
  if (!store_->get<Image>(what.image_id))
    return done(invalid("Image '" + what.image_id + "' not found", "InvalidAMIID.NotFound"));
  auto realms = mock_realms();
  std::string realm = what.realm_id.empty() ? realms.front().id : what.realm_id;
  if (std::none_of(realms.begin(), realms.end(), [&](auto& r) { return r.id == realm; }))
    return done(invalid("Realm '" + realm + "' not found", "InvalidZone.NotFound"));
  std::string profile = what.profile_id.empty() ? info.default_profile : what.profile_id;
  if (!info.profile(profile))
    return done(
        invalid("Hardware profile '" + profile + "' does not exists.", "InvalidInstanceType"));
  for (auto& f : what.firewalls)
    if (!store_->get<Firewall>(f))
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
  store_->put(r);
  // The instance exists now; a fault here loses only the answer, as a timeout would.
  if (fault == MockConditions::Fault::after) return done(conditions_.fault_error());
  done(view(settle(std::move(r)), relations()));
}

void MockDriver::instance_action(const Credentials& who, const std::string& id,
                                 InstanceAction action, Callback<Instance> done) {
  if (!authentic(who)) return done(auth_failure());
  if (auto throttled = conditions_.admit(mutate_calls, clock_.now())) return done(*throttled);
  auto guard = store_->lock();
  auto r = owned(who, id);
  if (!r) return done(make_error(ErrorKind::not_found));
  auto record = settle(std::move(*r));
  auto target = describe().state_machine.target(record.instance.state, action);
  if (!target || *target == S::finish) return done(make_error(ErrorKind::method_not_allowed));
  enter(record, *target);
  store_->put(record);
  done(view(settle(std::move(record)), relations()));
}

void MockDriver::destroy_instance(const Credentials& who, const std::string& id,
                                  Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  if (auto throttled = conditions_.admit(mutate_calls, clock_.now())) return done(*throttled);
  auto guard = store_->lock();
  auto r = owned(who, id);
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
  if (!authentic(who)) return done(auth_failure());
  auto r = owned(who, id);
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

// -- storage volumes and snapshots
// -----------------------------------------------------------------

std::string MockDriver::timestamp() const {
  std::time_t secs = static_cast<std::time_t>(to_unix_ms(clock_.now()) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000", &tm);
  return buf;
}

template <class T>
std::string MockDriver::fresh_id(const std::string& prefix) const {
  auto base = prefix + std::to_string(to_unix_ms(clock_.now()) / 1000);
  auto id = base;
  // The original allocated one id per second and collided; a suffix keeps ids unique.
  for (int n = 2; store_->get<T>(id); ++n) id = base + "_" + std::to_string(n);
  return id;
}

MockVolume MockDriver::settle(MockVolume record) {
  if (record.available_at_ms && record.available_at_ms <= to_unix_ms(clock_.now())) {
    record.available_at_ms = 0;
    record.volume.state = "AVAILABLE";
    store_->put(record);
  }
  return record;
}

void MockDriver::volumes(const Credentials& who, Callback<std::vector<StorageVolume>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  auto guard = store_->lock();
  std::vector<StorageVolume> out;
  for (auto& v : store_->all<MockVolume>()) out.push_back(settle(std::move(v)).volume);
  done(std::move(out));
}

void MockDriver::volume(const Credentials& who, const std::string& id,
                        Callback<StorageVolume> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto v = store_->get<MockVolume>(id);
  if (!v) return done(make_error(ErrorKind::not_found));
  done(settle(std::move(*v)).volume);
}

void MockDriver::create_volume(const Credentials& who, const VolumeCreate& what,
                               Callback<StorageVolume> done) {
  if (!authentic(who)) return done(auth_failure());
  auto capacity = what.capacity.value_or("1");
  if (capacity.empty() || capacity.size() > 6 ||
      capacity.find_first_not_of("0123456789") != std::string::npos || std::stoi(capacity) < 1)
    return done(make_error(ErrorKind::validation,
                           "Capacity '" + capacity + "' must be a whole number of GB, at least 1"));
  if (what.realm_id && !what.realm_id->empty()) {
    auto realms = mock_realms();
    if (std::none_of(realms.begin(), realms.end(), [&](auto& r) { return r.id == *what.realm_id; }))
      return done(make_error(ErrorKind::validation, "Realm '" + *what.realm_id + "' not found"));
  }
  auto guard = store_->lock();
  if (what.snapshot_id && !what.snapshot_id->empty() &&
      !store_->get<StorageSnapshot>(*what.snapshot_id))
    return done(
        make_error(ErrorKind::validation, "Snapshot '" + *what.snapshot_id + "' not found"));
  MockVolume r;
  auto& v = r.volume;
  v.id = fresh_id<MockVolume>("volume_");
  v.name = what.name && !what.name->empty() ? *what.name : "Volume" + v.id;
  v.description = what.description.value_or("");
  v.created = timestamp();
  v.capacity = std::to_string(std::stoi(capacity));
  v.realm_id = what.realm_id.value_or("");
  v.state = "CREATING";
  r.available_at_ms = to_unix_ms(clock_.now() + volume_delay_);
  store_->put(r);
  done(settle(std::move(r)).volume);
}

void MockDriver::destroy_volume(const Credentials& who, const std::string& id,
                                Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto v = store_->get<MockVolume>(id);
  if (!v) return done(make_error(ErrorKind::not_found));
  if (!v->volume.instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Volume '" + id + "' is attached to instance '" +
                                                    v->volume.instance_id + "': detach it first"));
  store_->erase<MockVolume>(id);
  done(Unit{});
}

void MockDriver::attach_volume(const Credentials& who, const std::string& id,
                               const VolumeAttach& to, Callback<StorageVolume> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto v = store_->get<MockVolume>(id);
  if (!v) return done(make_error(ErrorKind::not_found));
  auto record = settle(std::move(*v));
  if (!owned(who, to.instance_id))
    return done(make_error(ErrorKind::not_found, "Instance '" + to.instance_id + "' not found"));
  if (record.volume.state != "AVAILABLE")
    return done(make_error(ErrorKind::conflict, "Volume '" + id + "' is " + record.volume.state +
                                                    ", not AVAILABLE: it cannot be attached"));
  record.volume.instance_id = to.instance_id;
  record.volume.device = to.device;
  record.volume.state = "IN-USE";
  store_->put(record);
  done(std::move(record.volume));
}

void MockDriver::detach_volume(const Credentials& who, const std::string& id,
                               Callback<StorageVolume> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto v = store_->get<MockVolume>(id);
  if (!v) return done(make_error(ErrorKind::not_found));
  if (v->volume.instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Volume '" + id + "' is not attached"));
  v->volume.instance_id.clear();
  v->volume.device.clear();
  v->volume.state = "AVAILABLE";
  store_->put(*v);
  done(std::move(v->volume));
}

void MockDriver::snapshots(const Credentials& who, Callback<std::vector<StorageSnapshot>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<StorageSnapshot>());
}

void MockDriver::snapshot(const Credentials& who, const std::string& id,
                          Callback<StorageSnapshot> done) {
  if (!authentic(who)) return done(auth_failure());
  auto s = store_->get<StorageSnapshot>(id);
  if (!s) return done(make_error(ErrorKind::not_found));
  done(std::move(*s));
}

void MockDriver::create_snapshot(const Credentials& who, const SnapshotCreate& what,
                                 Callback<StorageSnapshot> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<MockVolume>(what.volume_id))
    return done(make_error(ErrorKind::validation, "Volume '" + what.volume_id + "' not found"));
  StorageSnapshot s;
  s.id = fresh_id<StorageSnapshot>("store_snapshot_");
  s.name = what.name.value_or("");
  s.description = what.description.value_or("");
  s.state = "COMPLETED";
  s.created = timestamp();
  s.volume_id = what.volume_id;
  store_->put(s);
  done(std::move(s));
}

void MockDriver::destroy_snapshot(const Credentials& who, const std::string& id,
                                  Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<StorageSnapshot>(id)) return done(make_error(ErrorKind::not_found));
  store_->erase<StorageSnapshot>(id);
  done(Unit{});
}

// -- addresses
// -------------------------------------------------------------------------------------

void MockDriver::addresses(const Credentials& who, Callback<std::vector<AllocatedAddress>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<AllocatedAddress>());
}

void MockDriver::address(const Credentials& who, const std::string& id,
                         Callback<AllocatedAddress> done) {
  if (!authentic(who)) return done(auth_failure());
  auto a = store_->get<AllocatedAddress>(id);
  if (!a) return done(make_error(ErrorKind::not_found));
  done(std::move(*a));
}

void MockDriver::create_address(const Credentials& who, Callback<AllocatedAddress> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  // The next address after the highest one allocated, as the original mock hands them out.
  std::uint32_t highest = (192u << 24) | (168u << 16);
  for (auto& a : store_->all<AllocatedAddress>()) {
    unsigned b[4];
    if (std::sscanf(a.ip.c_str(), "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) != 4) continue;
    highest = std::max(highest, (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
  }
  auto next = highest + 1;
  auto ip = std::to_string(next >> 24) + "." + std::to_string((next >> 16) & 255) + "." +
            std::to_string((next >> 8) & 255) + "." + std::to_string(next & 255);
  AllocatedAddress a{ip, ip, ""};
  store_->put(a);
  done(std::move(a));
}

void MockDriver::destroy_address(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto a = store_->get<AllocatedAddress>(id);
  if (!a) return done(make_error(ErrorKind::not_found));
  if (!a->instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Address '" + id +
                                                    "' is associated with instance '" +
                                                    a->instance_id + "': disassociate it first"));
  store_->erase<AllocatedAddress>(id);
  done(Unit{});
}

void MockDriver::associate_address(const Credentials& who, const std::string& id,
                                   const std::string& instance_id, Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto a = store_->get<AllocatedAddress>(id);
  if (!a) return done(make_error(ErrorKind::not_found));
  if (!owned(who, instance_id))
    return done(make_error(ErrorKind::not_found, "Instance '" + instance_id + "' not found"));
  if (!a->instance_id.empty())
    return done(make_error(ErrorKind::conflict,
                           "Address '" + id + "' is in use by instance '" + a->instance_id + "'"));
  for (auto& other : store_->all<AllocatedAddress>())
    if (other.instance_id == instance_id)
      return done(make_error(ErrorKind::conflict, "Instance '" + instance_id +
                                                      "' already has address '" + other.id + "'"));
  a->instance_id = instance_id;
  store_->put(*a);
  done(Unit{});
}

void MockDriver::disassociate_address(const Credentials& who, const std::string& id,
                                      Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto a = store_->get<AllocatedAddress>(id);
  if (!a) return done(make_error(ErrorKind::not_found));
  if (a->instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Address '" + id + "' is not associated"));
  a->instance_id.clear();
  store_->put(*a);
  done(Unit{});
}

// -- metrics
// ---------------------------------------------------------------------------------------

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
  if (!authentic(who)) return done(list_auth_failure());
  std::vector<Metric> out;
  for (auto& r : store_->all<MockInstance>())
    if (r.instance.owner_id == who.user) out.push_back(metric_of(r.instance));
  done(std::move(out));
}

void MockDriver::metric(const Credentials& who, const std::string& id, Callback<Metric> done) {
  if (!authentic(who)) return done(auth_failure());
  auto r = owned(who, id);
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

// -- networks, subnets, network interfaces ------------------------------------------------------

namespace {

/// `a.b.c.d/n` as (first address, prefix length); nothing when malformed.
std::optional<std::pair<std::uint32_t, int>> parse_cidr(const std::string& text) {
  unsigned b[4];
  int prefix = -1;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%u.%u.%u.%u/%d%c", &b[0], &b[1], &b[2], &b[3], &prefix, &tail) !=
      5)
    return std::nullopt;
  if (b[0] > 255 || b[1] > 255 || b[2] > 255 || b[3] > 255 || prefix < 0 || prefix > 32)
    return std::nullopt;
  std::uint32_t address = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return std::make_pair(address & mask, prefix);
}

std::string dotted(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

}  // namespace

Network MockDriver::with_subnets(Network network) const {
  network.subnets.clear();
  for (auto& s : store_->all<Subnet>())
    if (s.network_id == network.id) network.subnets.push_back(s.id);
  return network;
}

void MockDriver::networks(const Credentials& who, Callback<std::vector<Network>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  std::vector<Network> out;
  for (auto& n : store_->all<Network>()) out.push_back(with_subnets(std::move(n)));
  done(std::move(out));
}

void MockDriver::network(const Credentials& who, const std::string& id, Callback<Network> done) {
  if (!authentic(who)) return done(auth_failure());
  auto n = store_->get<Network>(id);
  if (!n) return done(make_error(ErrorKind::not_found));
  done(with_subnets(std::move(*n)));
}

void MockDriver::create_network(const Credentials& who, const NetworkCreate& what,
                                Callback<Network> done) {
  if (!authentic(who)) return done(auth_failure());
  Network n;
  if (what.address_block && !what.address_block->empty()) {
    if (!parse_cidr(*what.address_block))
      return done(make_error(ErrorKind::validation,
                             "Address block '" + *what.address_block + "' is not a CIDR block"));
    n.address_blocks.push_back(*what.address_block);
  }
  auto guard = store_->lock();
  if (what.name && !what.name->empty()) {
    if (!is_plain_name(*what.name))
      return done(make_error(ErrorKind::validation,
                             "Network name '" + *what.name +
                                 "' is not a valid name (letters, digits, '.', '_', '-')"));
    // Networks and subnets share one namespace: interfaces name either by id.
    if (store_->get<Network>(*what.name) || store_->get<Subnet>(*what.name))
      return done(make_error(ErrorKind::conflict, "Network '" + *what.name + "' already exists"));
    n.id = *what.name;
  } else {
    n.id = fresh_id<Network>("net_");
  }
  n.name = n.id;
  n.state = "UP";
  store_->put(n);
  done(std::move(n));
}

void MockDriver::destroy_network(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<Network>(id)) return done(make_error(ErrorKind::not_found));
  auto subnets = store_->all<Subnet>();
  for (auto& nic : store_->all<NetworkInterface>()) {
    bool on_it = nic.network_id == id;
    for (auto& s : subnets)
      on_it |= s.network_id == id && (nic.network_id == s.id || nic.subnet_id == s.id);
    if (on_it)
      return done(make_error(ErrorKind::conflict,
                             "Network '" + id + "' still has network interface '" + nic.id + "'"));
  }
  // Its subnets go with it, as the original did.
  for (auto& s : subnets)
    if (s.network_id == id) store_->erase<Subnet>(s.id);
  store_->erase<Network>(id);
  done(Unit{});
}

void MockDriver::subnets(const Credentials& who, Callback<std::vector<Subnet>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<Subnet>());
}

void MockDriver::subnet(const Credentials& who, const std::string& id, Callback<Subnet> done) {
  if (!authentic(who)) return done(auth_failure());
  auto s = store_->get<Subnet>(id);
  if (!s) return done(make_error(ErrorKind::not_found));
  done(std::move(*s));
}

void MockDriver::create_subnet(const Credentials& who, const SubnetCreate& what,
                               Callback<Subnet> done) {
  if (!authentic(who)) return done(auth_failure());
  if (!parse_cidr(what.address_block))
    return done(make_error(ErrorKind::validation,
                           "Address block '" + what.address_block + "' is not a CIDR block"));
  auto guard = store_->lock();
  if (!store_->get<Network>(what.network_id))
    return done(make_error(ErrorKind::validation, "Network '" + what.network_id + "' not found"));
  Subnet s;
  if (what.name && !what.name->empty()) {
    if (!is_plain_name(*what.name))
      return done(make_error(
          ErrorKind::validation,
          "Subnet name '" + *what.name + "' is not a valid name (letters, digits, '.', '_', '-')"));
    if (store_->get<Subnet>(*what.name) || store_->get<Network>(*what.name))
      return done(make_error(ErrorKind::conflict, "Subnet '" + *what.name + "' already exists"));
    s.id = *what.name;
  } else {
    s.id = fresh_id<Subnet>("subnet_");
  }
  s.name = s.id;
  s.state = "UP";
  s.type = "PRIVATE";
  s.address_block = what.address_block;
  s.network_id = what.network_id;
  store_->put(s);
  done(std::move(s));
}

void MockDriver::destroy_subnet(const Credentials& who, const std::string& id,
                                Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<Subnet>(id)) return done(make_error(ErrorKind::not_found));
  for (auto& nic : store_->all<NetworkInterface>())
    if (nic.network_id == id || nic.subnet_id == id)
      return done(make_error(ErrorKind::conflict,
                             "Subnet '" + id + "' still has network interface '" + nic.id + "'"));
  store_->erase<Subnet>(id);
  done(Unit{});
}

void MockDriver::network_interfaces(const Credentials& who,
                                    Callback<std::vector<NetworkInterface>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<NetworkInterface>());
}

void MockDriver::network_interface(const Credentials& who, const std::string& id,
                                   Callback<NetworkInterface> done) {
  if (!authentic(who)) return done(auth_failure());
  auto n = store_->get<NetworkInterface>(id);
  if (!n) return done(make_error(ErrorKind::not_found));
  done(std::move(*n));
}

void MockDriver::create_network_interface(const Credentials& who,
                                          const NetworkInterfaceCreate& what,
                                          Callback<NetworkInterface> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!owned(who, what.instance_id))
    return done(make_error(ErrorKind::validation, "Instance '" + what.instance_id + "' not found"));
  // `network` names a network when `subnet` is given, else the subnet itself.
  std::optional<Subnet> subnet;
  if (what.subnet_id && !what.subnet_id->empty()) {
    if (!store_->get<Network>(what.network_id))
      return done(make_error(ErrorKind::validation, "Network '" + what.network_id + "' not found"));
    subnet = store_->get<Subnet>(*what.subnet_id);
    if (!subnet || subnet->network_id != what.network_id)
      return done(make_error(
          ErrorKind::validation,
          "Subnet '" + *what.subnet_id + "' is not in network '" + what.network_id + "'"));
  } else {
    subnet = store_->get<Subnet>(what.network_id);
    if (!subnet) {
      if (store_->get<Network>(what.network_id))
        return done(make_error(ErrorKind::validation,
                               "Parameter 'subnet' is required when 'network' names a network"));
      return done(make_error(ErrorKind::validation, "Network '" + what.network_id + "' not found"));
    }
  }
  auto cidr = parse_cidr(subnet->address_block);
  if (!cidr)
    return done(make_error(ErrorKind::backend, "Subnet '" + subnet->id + "' has no valid block"));
  // The first free host address of the subnet (network and broadcast addresses excluded).
  std::vector<std::string> used;
  for (auto& n : store_->all<NetworkInterface>()) used.push_back(n.ip_address);
  std::uint64_t size = std::uint64_t{1} << (32 - cidr->second);
  std::string ip;
  for (std::uint64_t host = 2; host + 1 < size && ip.empty(); ++host) {
    auto candidate = dotted(cidr->first + static_cast<std::uint32_t>(host));
    if (std::find(used.begin(), used.end(), candidate) == used.end()) ip = candidate;
  }
  if (ip.empty())
    return done(make_error(ErrorKind::conflict, "Subnet '" + subnet->id + "' has no free address"));
  NetworkInterface n;
  if (what.name && !what.name->empty()) {
    if (!is_plain_name(*what.name))
      return done(make_error(ErrorKind::validation,
                             "Interface name '" + *what.name +
                                 "' is not a valid name (letters, digits, '.', '_', '-')"));
    if (store_->get<NetworkInterface>(*what.name))
      return done(
          make_error(ErrorKind::conflict, "Network interface '" + *what.name + "' already exists"));
    n.id = *what.name;
  } else {
    n.id = fresh_id<NetworkInterface>("nic_");
  }
  n.name = n.id;
  n.instance_id = what.instance_id;
  n.network_id = what.network_id;
  n.subnet_id = subnet->id == what.network_id ? "" : subnet->id;
  n.ip_address = ip;
  store_->put(n);
  done(std::move(n));
}

void MockDriver::destroy_network_interface(const Credentials& who, const std::string& id,
                                           Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<NetworkInterface>(id)) return done(make_error(ErrorKind::not_found));
  store_->erase<NetworkInterface>(id);
  done(Unit{});
}

// -- firewalls
// -------------------------------------------------------------------------------------

void MockDriver::firewalls(const Credentials& who, Callback<std::vector<Firewall>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<Firewall>());
}

void MockDriver::firewall(const Credentials& who, const std::string& id, Callback<Firewall> done) {
  if (!authentic(who)) return done(auth_failure());
  auto f = store_->get<Firewall>(id);
  if (!f) return done(make_error(ErrorKind::not_found));
  done(std::move(*f));
}

void MockDriver::create_firewall(const Credentials& who, const FirewallCreate& what,
                                 Callback<Firewall> done) {
  if (!authentic(who)) return done(auth_failure());
  if (!is_plain_name(what.name))
    return done(make_error(
        ErrorKind::validation,
        "Firewall name '" + what.name + "' is not a valid name (letters, digits, '.', '_', '-')"));
  auto guard = store_->lock();
  if (store_->get<Firewall>(what.name))
    return done(make_error(ErrorKind::conflict, "Firewall '" + what.name + "' already exists"));
  Firewall f{what.name, what.name, what.description, who.user, {}};
  store_->put(f);
  done(std::move(f));
}

void MockDriver::destroy_firewall(const Credentials& who, const std::string& id,
                                  Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<Firewall>(id)) return done(make_error(ErrorKind::not_found));
  for (auto& r : store_->all<MockInstance>()) {
    auto& fws = r.instance.firewalls;
    if (fws && std::find(fws->begin(), fws->end(), id) != fws->end())
      return done(make_error(ErrorKind::conflict, "Firewall '" + id + "' is in use by instance '" +
                                                      r.instance.id + "'"));
  }
  store_->erase<Firewall>(id);
  done(Unit{});
}

void MockDriver::add_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                   const FirewallRuleCreate& rule, Callback<Firewall> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto f = store_->get<Firewall>(firewall_id);
  if (!f) return done(make_error(ErrorKind::not_found));
  // Rule ids are rule<N>, one above the highest the firewall has.
  int highest = 0;
  for (auto& r : f->rules)
    if (r.id.rfind("rule", 0) == 0) highest = std::max(highest, std::atoi(r.id.c_str() + 4));
  FirewallRule added{"rule" + std::to_string(highest + 1),
                     rule.protocol,
                     rule.port_from,
                     rule.port_to,
                     "ingress",
                     "accept",
                     rule.sources};
  f->rules.push_back(std::move(added));
  store_->put(*f);
  done(std::move(*f));
}

void MockDriver::remove_firewall_rule(const Credentials& who, const std::string& firewall_id,
                                      const std::string& rule_id, Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto f = store_->get<Firewall>(firewall_id);
  if (!f) return done(make_error(ErrorKind::not_found));
  auto i = std::find_if(f->rules.begin(), f->rules.end(), [&](auto& r) { return r.id == rule_id; });
  if (i == f->rules.end())
    return done(make_error(ErrorKind::not_found, "Rule '" + rule_id + "' not found"));
  f->rules.erase(i);
  store_->put(*f);
  done(Unit{});
}

// -- load balancers
// --------------------------------------------------------------------------------

void MockDriver::load_balancers(const Credentials& who, Callback<std::vector<LoadBalancer>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<LoadBalancer>());
}

void MockDriver::load_balancer(const Credentials& who, const std::string& id,
                               Callback<LoadBalancer> done) {
  if (!authentic(who)) return done(auth_failure());
  auto lb = store_->get<LoadBalancer>(id);
  if (!lb) return done(make_error(ErrorKind::not_found));
  done(std::move(*lb));
}

void MockDriver::create_load_balancer(const Credentials& who, const LoadBalancerCreate& what,
                                      Callback<LoadBalancer> done) {
  if (!authentic(who)) return done(auth_failure());
  if (!is_plain_name(what.name))
    return done(make_error(ErrorKind::validation,
                           "Load balancer name '" + what.name +
                               "' is not a valid name (letters, digits, '.', '_', '-')"));
  auto realms = mock_realms();
  if (std::none_of(realms.begin(), realms.end(), [&](auto& r) { return r.id == what.realm_id; }))
    return done(make_error(ErrorKind::validation, "Realm '" + what.realm_id + "' not found"));
  auto guard = store_->lock();
  if (store_->get<LoadBalancer>(what.name))
    return done(
        make_error(ErrorKind::conflict, "Load balancer '" + what.name + "' already exists"));
  LoadBalancer lb{what.name,       what.realm_id,
                  timestamp(),     {what.name + "." + what.realm_id + ".loadbalancer.mock"},
                  {what.listener}, {}};
  store_->put(lb);
  done(std::move(lb));
}

void MockDriver::destroy_load_balancer(const Credentials& who, const std::string& id,
                                       Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<LoadBalancer>(id)) return done(make_error(ErrorKind::not_found));
  store_->erase<LoadBalancer>(id);
  done(Unit{});
}

void MockDriver::register_instance(const Credentials& who, const std::string& id,
                                   const std::string& instance_id, bool add,
                                   Callback<LoadBalancer> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  auto lb = store_->get<LoadBalancer>(id);
  if (!lb) return done(make_error(ErrorKind::not_found));
  auto& list = lb->instances;
  auto at = std::find(list.begin(), list.end(), instance_id);
  if (add) {
    if (!owned(who, instance_id))
      return done(make_error(ErrorKind::not_found, "Instance '" + instance_id + "' not found"));
    if (at != list.end())
      return done(make_error(ErrorKind::conflict, "Instance '" + instance_id +
                                                      "' is already registered with '" + id + "'"));
    list.push_back(instance_id);
  } else {
    if (at == list.end())
      return done(make_error(ErrorKind::conflict,
                             "Instance '" + instance_id + "' is not registered with '" + id + "'"));
    list.erase(at);
  }
  store_->put(*lb);
  done(std::move(*lb));
}

// -- keys
// ------------------------------------------------------------------------------------------

void MockDriver::keys(const Credentials& who, Callback<std::vector<Key>> done) {
  if (!authentic(who)) return done(list_auth_failure());
  done(store_->all<Key>());
}

void MockDriver::key(const Credentials& who, const std::string& id, Callback<Key> done) {
  if (!authentic(who)) return done(auth_failure());
  auto k = store_->get<Key>(id);
  if (!k) return done(make_error(ErrorKind::not_found));
  done(std::move(*k));
}

void MockDriver::create_key(const Credentials& who, const KeyCreate& what, Callback<Key> done) {
  if (!authentic(who)) return done(auth_failure());
  if (!is_plain_name(what.name))
    return done(make_error(
        ErrorKind::validation,
        "Key name '" + what.name + "' is not a valid name (letters, digits, '.', '_', '-')"));
  auto guard = store_->lock();
  if (store_->get<Key>(what.name))
    return done(make_error(ErrorKind::forbidden, "Key with same name already exists"));
  Key k;
  k.id = what.name;
  k.name = what.name;
  k.credential_type = "key";
  k.fingerprint = random_hex_pairs(20);
  k.pem = random_pem();
  store_->put(k);
  done(std::move(k));
}

void MockDriver::destroy_key(const Credentials& who, const std::string& id, Callback<Unit> done) {
  if (!authentic(who)) return done(auth_failure());
  auto guard = store_->lock();
  if (!store_->get<Key>(id)) return done(make_error(ErrorKind::not_found));
  store_->erase<Key>(id);
  done(Unit{});
}

namespace {

const DriverRegistrar registrar{
    DriverEntry{"mock", []() -> const DriverInfo& { return MockDriver::describe(); },
                [](const DriverSetup& setup) -> std::unique_ptr<Driver> {
                  return std::make_unique<MockDriver>(setup);
                }}};

}  // namespace

}  // namespace dc::drivers::mock
