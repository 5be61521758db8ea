#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "drivers/mock/mock_driver.hpp"
#include "drivers/mock/mock_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace dc::engine;
using dc::drivers::mock::MockDriver;
using namespace std::chrono_literals;

namespace {

const Credentials mock_user{"mockuser", "mockpassword"};

struct Fixture {
  dc::test::TempDir dir;
  ManualClock clock;
  std::shared_ptr<InlineExecutor> executor = std::make_shared<InlineExecutor>();

  std::unique_ptr<MockDriver> driver(std::string boot = "1", std::string stop = "1") {
    DriverSetup setup;
    setup.data_dir = (dir.path() / "mock").string();
    setup.clock = &clock;
    setup.executor = executor;
    setup.options = {{"boot_delay", boot}, {"stop_delay", stop}};
    return std::make_unique<MockDriver>(setup);
  }
};

/// Runs a synchronous mock operation and returns its result.
template <class T, class Op>
Result<T> call(Op op) {
  std::optional<Result<T>> out;
  op([&](Result<T> r) { out.emplace(std::move(r)); });
  REQUIRE(out.has_value());
  return std::move(*out);
}

Instance create(MockDriver& d, InstanceCreate what = {}) {
  if (what.image_id.empty()) what.image_id = "img1";
  auto r = call<Instance>([&](auto cb) { d.create_instance(mock_user, what, cb); });
  REQUIRE(r.ok());
  return r.value();
}

Instance show(MockDriver& d, const std::string& id) {
  auto r = call<Instance>([&](auto cb) { d.instance(mock_user, id, cb); });
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

TEST_CASE_METHOD(Fixture, "the mock serves the original seed data") {
  auto d = driver();
  auto instances = call<std::vector<Instance>>([&](auto cb) { d->instances(mock_user, cb); });
  REQUIRE(instances.ok());
  REQUIRE(instances.value().size() == 4);
  auto inst0 = show(*d, "inst0");
  CHECK(*inst0.name == "Mock Instance With Profile Change");
  CHECK(inst0.hardware_profile_id == "m1-large");
  CHECK(inst0.profile_overrides ==
        std::vector<std::pair<std::string, std::string>>{{"memory", "12288"}});
  auto inst3 = show(*d, "inst3");
  CHECK(*inst3.name == "");
  CHECK_FALSE(inst3.create_image);
  CHECK(inst3.realm_id == "eu");
  auto images = call<std::vector<Image>>([&](auto cb) { d->images(mock_user, cb); });
  REQUIRE(images.value().size() == 3);
  CHECK(images.value()[0].owner_id == "fedoraproject");  // sorted by (owner, description)
  CHECK(images.value()[2].id == "img3");
  CHECK(images.value()[0].hardware_profiles.size() == 4);
  auto key = call<Key>([&](auto cb) { d->key(mock_user, "test-key", cb); });
  CHECK(key.value().fingerprint == "5e:ce:b6:dc:59:3b:5c:93:f8:2e:9d:20:ce:60:ca:f5:0b:8a:66:93");
  CHECK(key.value().pem.rfind("-----BEGIN RSA PRIVATE KEY-----", 0) == 0);
}

TEST_CASE_METHOD(Fixture, "wrong credentials are refused with 401") {
  auto d = driver();
  auto r = call<std::vector<Realm>>([&](auto cb) {
    d->realms(Credentials{"mockuser", "nope"}, cb);
  });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::authentication);
}

TEST_CASE_METHOD(Fixture, "a created instance is pending until the boot delay has passed") {
  auto d = driver();
  auto i = create(*d);
  CHECK(i.id == "inst4");
  CHECK(i.state == InstanceState::pending);
  CHECK(i.owner_id == "mockuser");
  CHECK(i.public_addresses.front().address == "img1.inst4.public.com");
  clock.advance(999ms);
  CHECK(show(*d, "inst4").state == InstanceState::pending);
  clock.advance(1ms);
  CHECK(show(*d, "inst4").state == InstanceState::running);
}

TEST_CASE_METHOD(Fixture, "stop goes through stopping to stopped") {
  auto d = driver();
  create(*d);
  clock.advance(1s);
  auto r = call<Instance>(
      [&](auto cb) { d->instance_action(mock_user, "inst4", InstanceAction::stop, cb); });
  REQUIRE(r.ok());
  CHECK(r.value().state == InstanceState::stopping);
  clock.advance(1s);
  CHECK(show(*d, "inst4").state == InstanceState::stopped);
}

TEST_CASE_METHOD(Fixture, "with zero delays transitions are immediate, as the original mock") {
  auto d = driver("0", "0");
  auto i = create(*d);
  CHECK(i.state == InstanceState::running);
  auto r = call<Instance>(
      [&](auto cb) { d->instance_action(mock_user, i.id, InstanceAction::stop, cb); });
  CHECK(r.value().state == InstanceState::stopped);
}

TEST_CASE_METHOD(Fixture, "actions the state machine does not allow are refused with 405") {
  auto d = driver();
  create(*d);  // pending
  auto stop = call<Instance>(
      [&](auto cb) { d->instance_action(mock_user, "inst4", InstanceAction::stop, cb); });
  REQUIRE_FALSE(stop.ok());
  CHECK(stop.error().kind == ErrorKind::method_not_allowed);
  auto destroy = call<Unit>([&](auto cb) { d->destroy_instance(mock_user, "inst1", cb); });
  CHECK(destroy.error().kind == ErrorKind::method_not_allowed);
}

TEST_CASE_METHOD(Fixture, "instance ids are the smallest unused inst<N>, reused after destroy") {
  auto d = driver("0", "0");
  CHECK(create(*d).id == "inst4");
  CHECK(create(*d).id == "inst5");
  call<Instance>(
      [&](auto cb) { d->instance_action(mock_user, "inst4", InstanceAction::stop, cb); });
  REQUIRE(call<Unit>([&](auto cb) { d->destroy_instance(mock_user, "inst4", cb); }).ok());
  CHECK(create(*d).id == "inst4");
}

TEST_CASE_METHOD(Fixture, "creating with an unknown profile, image or realm is a 400") {
  auto d = driver();
  InstanceCreate what;
  what.image_id = "img1";
  what.profile_id = "m9-huge";
  auto r = call<Instance>([&](auto cb) { d->create_instance(mock_user, what, cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::validation);
  CHECK(r.error().message == "Hardware profile 'm9-huge' does not exists.");
  what.profile_id.clear();
  what.image_id = "img99";
  CHECK(call<Instance>([&](auto cb) { d->create_instance(mock_user, what, cb); }).error().kind ==
        ErrorKind::validation);
  what.image_id = "img1";
  what.realm_id = "mars";
  CHECK(call<Instance>([&](auto cb) { d->create_instance(mock_user, what, cb); }).error().kind ==
        ErrorKind::validation);
}

TEST_CASE_METHOD(Fixture, "a restarted mock sees exactly what it had") {
  {
    auto d = driver();
    InstanceCreate what;
    what.image_id = "img3";
    what.name = "durable";
    what.keyname = "test-key";
    what.profile_id = "m1-large";
    what.profile_overrides = {{"memory", "8192"}};
    create(*d, what);
    auto k = call<Key>([&](auto cb) {
      d->create_key(mock_user, KeyCreate{"mykey", std::nullopt}, cb);
    });
    REQUIRE(k.ok());
    REQUIRE(call<Unit>([&](auto cb) { d->destroy_key(mock_user, "test-key", cb); }).ok());
  }
  // A new store object reads the files (the first one is gone with its driver).
  auto d = driver();
  auto i = show(*d, "inst4");
  CHECK(*i.name == "durable");
  CHECK(i.state == InstanceState::pending);
  CHECK(*i.keyname == "test-key");
  CHECK(i.profile_overrides ==
        std::vector<std::pair<std::string, std::string>>{{"memory", "8192"}});
  clock.advance(1s);
  CHECK(show(*d, "inst4").state == InstanceState::running);  // the pending deadline survived too
  CHECK(call<Key>([&](auto cb) { d->key(mock_user, "mykey", cb); }).ok());
  CHECK(call<Key>([&](auto cb) { d->key(mock_user, "test-key", cb); }).error().kind ==
        ErrorKind::not_found);
  CHECK(std::filesystem::exists(dir.path() / "mock" / "instances" / "inst4.yml"));
}

TEST_CASE_METHOD(Fixture, "objects are written atomically: no temporary files are left") {
  auto d = driver();
  create(*d);
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir.path()))
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE_METHOD(Fixture, "a damaged object file is skipped, the rest is served") {
  { driver(); }
  std::ofstream{dir.path() / "mock" / "instances" / "inst2.yml"} << "id: [unclosed\n";
  auto d = driver();
  auto r = call<std::vector<Instance>>([&](auto cb) { d->instances(mock_user, cb); });
  CHECK(r.value().size() == 3);
}

TEST_CASE_METHOD(Fixture, "key names that could name a path are refused") {
  auto d = driver();
  for (const std::string& bad : std::vector<std::string>{"../escape", "a/b", std::string(300, 'k'),
                                                         std::string{"nul\0x", 5}}) {
    auto r = call<Key>([&](auto cb) {
      d->create_key(mock_user, KeyCreate{bad, std::nullopt}, cb);
    });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::validation);
  }
  CHECK_FALSE(std::filesystem::exists(dir.path() / "escape.yml"));
}

TEST_CASE_METHOD(Fixture, "a key name that exists already is a 403") {
  auto d = driver();
  auto r = call<Key>([&](auto cb) {
    d->create_key(mock_user, KeyCreate{"test-key", std::nullopt}, cb);
  });
  CHECK(r.error().kind == ErrorKind::forbidden);
  CHECK(r.error().message == "Key with same name already exists");
}

TEST_CASE_METHOD(Fixture, "an image is created from an instance that allows it") {
  auto d = driver();
  auto r = call<Image>([&](auto cb) {
    d->create_image(mock_user, ImageCreate{"inst1", "my-image", "desc"}, cb);
  });
  REQUIRE(r.ok());
  CHECK(r.value().id == "my-image");
  CHECK(r.value().owner_id == "root");
  auto refused = call<Image>([&](auto cb) {
    d->create_image(mock_user, ImageCreate{"inst3", "x", {}}, cb);
  });
  CHECK(refused.error().kind == ErrorKind::backend);
  auto missing = call<Image>([&](auto cb) {
    d->create_image(mock_user, ImageCreate{"inst77", "y", {}}, cb);
  });
  CHECK(missing.error().kind == ErrorKind::not_found);
}

TEST_CASE_METHOD(Fixture, "the error-injection realms answer with their statuses") {
  auto d = driver();
  for (auto [id, status] : std::vector<std::pair<std::string, int>>{
           {"500", 500}, {"501", 501}, {"502", 502}, {"504", 504}}) {
    auto r = call<Realm>([&](auto cb) { d->realm(mock_user, id, cb); });
    CHECK(http_status(r.error().kind) == status);
  }
}

TEST_CASE_METHOD(Fixture, "a bad delay option is a clear error") {
  CHECK_THROWS_WITH(driver("soon"), Catch::Contains("boot_delay"));
}

TEST_CASE_METHOD(Fixture, "a created volume is CREATING until the volume delay has passed") {
  auto d = driver();
  auto v = call<StorageVolume>([&](auto cb) { d->create_volume(mock_user, VolumeCreate{}, cb); });
  REQUIRE(v.ok());
  CHECK(v.value().state == "CREATING");
  CHECK(v.value().capacity == "1");
  auto attach = call<StorageVolume>([&](auto cb) {
    d->attach_volume(mock_user, v.value().id, VolumeAttach{"inst1", "/dev/sdb"}, cb);
  });
  CHECK(attach.error().kind == ErrorKind::conflict);  // not AVAILABLE yet
  clock.advance(1s);
  auto shown = call<StorageVolume>([&](auto cb) { d->volume(mock_user, v.value().id, cb); });
  CHECK(shown.value().state == "AVAILABLE");
}

TEST_CASE_METHOD(Fixture, "an instance's volumes are the ones attached to it") {
  auto d = driver();
  CHECK(show(*d, "inst1").storage_volumes ==
        std::vector<VolumeAttachment>{VolumeAttachment{"vol3", "/dev/sda1"}});
  CHECK(show(*d, "inst2").storage_volumes.empty());
}

// -- accounts, client tokens, a busy cloud ---------------------------------------------------

namespace {

const Credentials other_user{"other", "secret"};

std::unique_ptr<MockDriver> driver_with(Fixture& f, std::map<std::string, std::string> options) {
  DriverSetup setup;
  setup.data_dir = (f.dir.path() / "mock").string();
  setup.clock = &f.clock;
  setup.executor = f.executor;
  setup.options = {{"boot_delay", "1"}, {"stop_delay", "1"}};
  for (auto& [k, v] : options) setup.options[k] = v;
  return std::make_unique<MockDriver>(setup);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "each account of the mock sees only its own instances") {
  auto d = driver_with(*this, {{"accounts", "mockuser:mockpassword\nother:secret"}});
  auto mine = create(*d);
  InstanceCreate what;
  what.image_id = "img1";
  auto theirs = call<Instance>([&](auto cb) { d->create_instance(other_user, what, cb); });
  REQUIRE(theirs.ok());
  CHECK(theirs.value().owner_id == "other");
  auto listed = call<std::vector<Instance>>([&](auto cb) { d->instances(other_user, cb); });
  REQUIRE(listed.value().size() == 1);
  CHECK(listed.value()[0].id == theirs.value().id);
  CHECK(call<Instance>([&](auto cb) { d->instance(other_user, mine.id, cb); }).error().kind ==
        ErrorKind::not_found);
  CHECK(call<Instance>(
            [&](auto cb) { d->instance_action(other_user, mine.id, InstanceAction::stop, cb); })
            .error()
            .kind == ErrorKind::not_found);
  CHECK(call<Unit>([&](auto cb) { d->destroy_instance(other_user, "inst0", cb); }).error().kind ==
        ErrorKind::not_found);
  // Unknown accounts are refused; the default list has only mockuser.
  CHECK(call<std::vector<Instance>>([&](auto cb) {
          d->instances({"other", "wrong"}, cb);
        })
            .error()
            .kind == ErrorKind::authentication);
  auto plain = driver();
  CHECK(call<std::vector<Instance>>([&](auto cb) { plain->instances(other_user, cb); })
            .error()
            .kind == ErrorKind::authentication);
}

TEST_CASE_METHOD(Fixture, "a create with a client token is done once per account and token") {
  auto d = driver_with(*this, {{"accounts", "mockuser:mockpassword\nother:secret"}});
  InstanceCreate what;
  what.image_id = "img1";
  what.client_token = "job1-0";
  auto first = create(*d, what);
  auto again = create(*d, what);
  CHECK(again.id == first.id);
  auto theirs = call<Instance>([&](auto cb) { d->create_instance(other_user, what, cb); });
  CHECK(theirs.value().id != first.id);
  what.client_token = "job1-1";
  CHECK(create(*d, what).id != first.id);
  // The token outlives a restart of the cloud.
  d.reset();
  auto restarted = driver_with(*this, {{"accounts", "mockuser:mockpassword\nother:secret"}});
  what.client_token = "job1-0";
  CHECK(create(*restarted, what).id == first.id);
  CHECK(call<std::vector<Instance>>([&](auto cb) { restarted->instances(mock_user, cb); })
            .value()
            .size() == 4 + 2);
}

TEST_CASE_METHOD(Fixture, "the mock throttles like EC2 when its yaml says so") {
  auto d = driver_with(*this, {{"throttle.launch.burst", "2"},
                               {"throttle.launch.per_second", "1"},
                               {"throttle.describe.burst", "1"},
                               {"throttle.describe.per_second", "10"}});
  create(*d);
  create(*d);
  InstanceCreate what;
  what.image_id = "img1";
  auto refused = call<Instance>([&](auto cb) { d->create_instance(mock_user, what, cb); });
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::throttled);
  CHECK(refused.error().code == "RequestLimitExceeded");
  CHECK(refused.error().retry_after > 0ms);
  clock.advance(1s);
  create(*d);
  CHECK(call<std::vector<Instance>>([&](auto cb) { d->instances(mock_user, cb); }).ok());
  CHECK(call<std::vector<Instance>>([&](auto cb) { d->instances(mock_user, cb); }).error().kind ==
        ErrorKind::throttled);
  // A throttled create made nothing.
  clock.advance(1s);
  CHECK(call<std::vector<Instance>>([&](auto cb) { d->instances(mock_user, cb); }).value().size() ==
        4 + 3);
}

TEST_CASE_METHOD(Fixture, "injected faults strike before or after the work, replayably") {
  auto d = driver_with(*this, {{"fault_rate", "1"}, {"random_seed", "7"}});
  InstanceCreate what;
  what.image_id = "img1";
  std::size_t made_anyway = 0;
  for (int i = 0; i < 20; ++i) {
    what.client_token = "t" + std::to_string(i);
    auto r = call<Instance>([&](auto cb) { d->create_instance(mock_user, what, cb); });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::unavailable);
  }
  auto healthy = driver();
  for (int i = 0; i < 20; ++i) {
    what.client_token = "t" + std::to_string(i);
    auto before = call<std::vector<Instance>>([&](auto cb) { healthy->instances(mock_user, cb); })
                      .value()
                      .size();
    create(*healthy, what);  // a retry with the token: made now, or found made
    auto after = call<std::vector<Instance>>([&](auto cb) { healthy->instances(mock_user, cb); })
                     .value()
                     .size();
    if (after == before) ++made_anyway;
  }
  // Some faults struck after the instance was made; the token found those instead of a second.
  CHECK(made_anyway > 0);
  CHECK(made_anyway < 20);
  CHECK(call<std::vector<Instance>>([&](auto cb) { healthy->instances(mock_user, cb); })
            .value()
            .size() == 4 + 20);
}

TEST_CASE_METHOD(Fixture, "boot jitter spreads boots over the configured window") {
  auto d = driver_with(*this, {{"boot_jitter", "10"}, {"random_seed", "3"}});
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(create(*d).id);
  clock.advance(6s);  // 1 s boot delay plus up to 10 s of jitter: some are up, some not
  int running = 0;
  for (auto& id : ids) running += show(*d, id).state == InstanceState::running;
  CHECK(running > 0);
  CHECK(running < 20);
  clock.advance(6s);
  for (auto& id : ids) CHECK(show(*d, id).state == InstanceState::running);
}

TEST_CASE_METHOD(Fixture, "instances are listed page by page and fetched by id in batches") {
  auto d = driver();
  for (int i = 0; i < 5; ++i) create(*d);  // 9 in all
  std::vector<std::string> seen;
  std::string marker;
  int calls = 0;
  do {
    auto page = call<InstancePage>([&](auto cb) { d->instance_page(mock_user, marker, 4, cb); });
    REQUIRE(page.ok());
    ++calls;
    for (auto& i : page.value().instances) seen.push_back(i.id);
    marker = page.value().next_marker;
  } while (!marker.empty());
  CHECK(seen.size() == 9);
  CHECK(calls == 3);
  auto some = call<std::vector<Instance>>([&](auto cb) {
    d->instances_by_id(mock_user, {"inst1", "nosuch", "inst8"}, cb);
  });
  REQUIRE(some.ok());
  REQUIRE(some.value().size() == 2);
  CHECK(some.value()[0].id == "inst1");
  CHECK(some.value()[1].id == "inst8");
}

TEST_CASE_METHOD(Fixture, "a freed instance number is the next one given") {
  auto d = driver("0", "0");
  auto a = create(*d);  // inst4
  auto b = create(*d);  // inst5
  CHECK(b.id == "inst5");
  REQUIRE(call<Instance>([&](auto cb) {
            d->instance_action(mock_user, a.id, InstanceAction::stop, cb);
          }).ok());
  REQUIRE(call<Unit>([&](auto cb) { d->destroy_instance(mock_user, a.id, cb); }).ok());
  CHECK(create(*d).id == "inst4");
  CHECK(create(*d).id == "inst6");
}

// -- every collection belongs to an account ----------------------------------------------------

namespace {

/// The kind of error an operation answers; a test fails when it succeeds.
template <class T, class Op>
ErrorKind refusal(Op op) {
  auto r = call<T>(op);
  REQUIRE_FALSE(r.ok());
  return r.error().kind;
}

template <class T, class Op>
std::size_t count(Op op) {
  auto r = call<std::vector<T>>(op);
  REQUIRE(r.ok());
  return r.value().size();
}

std::unique_ptr<MockDriver> two_accounts(Fixture& f) {
  return driver_with(f, {{"accounts", "mockuser:mockpassword\nother:secret"},
                         {"volume_delay", "0"},
                         {"boot_delay", "0"}});
}

}  // namespace

TEST_CASE_METHOD(Fixture, "another account lists none of mockuser's records, only public images") {
  auto d = two_accounts(*this);
  auto& o = other_user;
  CHECK(count<Key>([&](auto cb) { d->keys(o, cb); }) == 0);
  CHECK(count<StorageVolume>([&](auto cb) { d->volumes(o, cb); }) == 0);
  CHECK(count<StorageSnapshot>([&](auto cb) { d->snapshots(o, cb); }) == 0);
  CHECK(count<AllocatedAddress>([&](auto cb) { d->addresses(o, cb); }) == 0);
  CHECK(count<Network>([&](auto cb) { d->networks(o, cb); }) == 0);
  CHECK(count<Subnet>([&](auto cb) { d->subnets(o, cb); }) == 0);
  CHECK(count<NetworkInterface>([&](auto cb) { d->network_interfaces(o, cb); }) == 0);
  CHECK(count<Firewall>([&](auto cb) { d->firewalls(o, cb); }) == 0);
  CHECK(count<LoadBalancer>([&](auto cb) { d->load_balancers(o, cb); }) == 0);
  CHECK(count<Bucket>([&](auto cb) { d->buckets(o, cb); }) == 0);
  CHECK(count<Metric>([&](auto cb) { d->metrics(o, cb); }) == 0);
  CHECK(count<Image>([&](auto cb) { d->images(o, cb); }) == 3);
  // mockuser still sees all of its own.
  CHECK(count<Key>([&](auto cb) { d->keys(mock_user, cb); }) == 1);
  CHECK(count<StorageVolume>([&](auto cb) { d->volumes(mock_user, cb); }) == 3);
  CHECK(count<Bucket>([&](auto cb) { d->buckets(mock_user, cb); }) == 2);
}

TEST_CASE_METHOD(Fixture, "another account's records answer as missing ones, and stay unchanged") {
  auto d = two_accounts(*this);
  auto& o = other_user;
  // Issue 14, item 2: actions on what mockuser's inst1 uses.
  CHECK(refusal<StorageVolume>([&](auto cb) { d->detach_volume(o, "vol3", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<LoadBalancer>([&](auto cb) {
          d->register_instance(o, "lb1", "inst1", false, cb);
        }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->disassociate_address(o, "192.168.0.1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_network_interface(o, "nic1", cb); }) ==
        ErrorKind::not_found);
  // Item 3: keys, blobs, images, firewalls.
  CHECK(refusal<Key>([&](auto cb) { d->key(o, "test-key", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_key(o, "test-key", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Blob>([&](auto cb) { d->blob(o, "bucket1", "blob1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<BlobContent>([&](auto cb) { d->blob_content(o, "bucket1", "blob1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_blob(o, "bucket1", "blob1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_firewall(o, "default", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_image(o, "img3", cb); }) == ErrorKind::forbidden);
  // The rest of every collection's shows and changes.
  CHECK(refusal<StorageVolume>([&](auto cb) { d->volume(o, "vol1", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_volume(o, "vol1", cb); }) == ErrorKind::not_found);
  CHECK(refusal<StorageSnapshot>([&](auto cb) { d->snapshot(o, "snap1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_snapshot(o, "snap1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_address(o, "192.168.0.2", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Network>([&](auto cb) { d->network(o, "net1", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_network(o, "net2", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Subnet>([&](auto cb) { d->subnet(o, "subnet3", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_subnet(o, "subnet3", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<NetworkInterface>([&](auto cb) { d->network_interface(o, "nic1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Firewall>([&](auto cb) { d->firewall(o, "default", cb); }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->remove_firewall_rule(o, "default", "rule1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<LoadBalancer>([&](auto cb) { d->load_balancer(o, "lb1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->destroy_load_balancer(o, "lb1", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Bucket>([&](auto cb) { d->bucket(o, "bucket2", cb); }) == ErrorKind::not_found);
  CHECK(refusal<BlobMetadata>([&](auto cb) {
          d->update_blob_metadata(o, "bucket1", "blob1", {{"k", "v"}}, cb);
        }) == ErrorKind::not_found);
  CHECK(refusal<Metric>([&](auto cb) { d->metric(o, "inst1", cb); }) == ErrorKind::not_found);
  // Nothing of mockuser's changed.
  auto vol3 = call<StorageVolume>([&](auto cb) { d->volume(mock_user, "vol3", cb); });
  CHECK(vol3.value().instance_id == "inst1");
  CHECK(call<LoadBalancer>([&](auto cb) { d->load_balancer(mock_user, "lb1", cb); })
            .value()
            .instances == std::vector<std::string>{"inst1"});
  CHECK(call<Key>([&](auto cb) { d->key(mock_user, "test-key", cb); }).ok());
  CHECK(call<Blob>([&](auto cb) { d->blob(mock_user, "bucket1", "blob1", cb); })
            .value()
            .user_metadata == BlobMetadata{{"SOMENEWKEY", "NEWVALUE"}});
  CHECK(call<Firewall>([&](auto cb) { d->firewall(mock_user, "default", cb); })
            .value()
            .rules.size() == 2);
  CHECK(call<Image>([&](auto cb) { d->image(mock_user, "img3", cb); }).ok());
  CHECK(show(*d, "inst1").network_interfaces == std::vector<std::string>{"nic1"});
}

TEST_CASE_METHOD(Fixture, "an account relates only its own objects, in either position") {
  auto d = two_accounts(*this);
  auto& o = other_user;
  InstanceCreate launch;
  launch.image_id = "img1";  // public: every account may launch it
  auto theirs = call<Instance>([&](auto cb) { d->create_instance(o, launch, cb); });
  REQUIRE(theirs.ok());
  auto volume = call<StorageVolume>([&](auto cb) { d->create_volume(o, {}, cb); });
  REQUIRE(volume.ok());
  auto address = call<AllocatedAddress>([&](auto cb) { d->create_address(o, cb); });
  REQUIRE(address.ok());
  // Own object, mockuser's instance.
  CHECK(refusal<StorageVolume>([&](auto cb) {
          d->attach_volume(o, volume.value().id, {"inst2", "/dev/sdb"}, cb);
        }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) { d->associate_address(o, address.value().id, "inst2", cb); }) ==
        ErrorKind::not_found);
  CHECK(refusal<Image>([&](auto cb) {
          d->create_image(o, {"inst1", "copy", {}}, cb);
        }) == ErrorKind::not_found);
  // mockuser's object, own instance.
  CHECK(refusal<StorageVolume>([&](auto cb) {
          d->attach_volume(o, "vol1", {theirs.value().id, "/dev/sdb"}, cb);
        }) == ErrorKind::not_found);
  CHECK(refusal<Unit>([&](auto cb) {
          d->associate_address(o, "192.168.0.2", theirs.value().id, cb);
        }) == ErrorKind::not_found);
  CHECK(refusal<LoadBalancer>([&](auto cb) {
          d->register_instance(o, "lb1", theirs.value().id, true, cb);
        }) == ErrorKind::not_found);
  CHECK(refusal<NetworkInterface>([&](auto cb) {
          d->create_network_interface(o, {theirs.value().id, "subnet1", {}, {}}, cb);
        }) == ErrorKind::validation);
  CHECK(refusal<StorageSnapshot>([&](auto cb) {
          d->create_snapshot(o, {"vol1", {}, {}}, cb);
        }) == ErrorKind::validation);
  VolumeCreate from_snapshot;
  from_snapshot.snapshot_id = "snap1";
  CHECK(refusal<StorageVolume>([&](auto cb) { d->create_volume(o, from_snapshot, cb); }) ==
        ErrorKind::validation);
  CHECK(refusal<Subnet>([&](auto cb) {
          d->create_subnet(o, {"net1", "192.168.9.0/24", {}}, cb);
        }) == ErrorKind::validation);
  BlobCreate blob;
  blob.bucket = "bucket1";
  blob.id = "planted";
  blob.content = "x";
  CHECK(refusal<Blob>([&](auto cb) { d->create_blob(o, blob, cb); }) == ErrorKind::not_found);
  InstanceCreate with_key = launch;
  with_key.keyname = "test-key";
  CHECK(refusal<Instance>([&](auto cb) { d->create_instance(o, with_key, cb); }) ==
        ErrorKind::validation);
  InstanceCreate with_firewall = launch;
  with_firewall.firewalls = {"default"};
  CHECK(refusal<Instance>([&](auto cb) { d->create_instance(o, with_firewall, cb); }) ==
        ErrorKind::validation);
  // A rule sourced from mockuser's group, on a firewall of other's own.
  REQUIRE(call<Firewall>([&](auto cb) { d->create_firewall(o, {"web", "mine"}, cb); }).ok());
  FirewallRuleCreate rule{"tcp", "80", "80", {RuleSource{"group", "", "", "", "default", "other"}}};
  CHECK(refusal<Firewall>([&](auto cb) { d->add_firewall_rule(o, "web", rule, cb); }) ==
        ErrorKind::validation);
  rule.sources = {RuleSource{"group", "", "", "", "web", "mockuser"}};
  CHECK(refusal<Firewall>([&](auto cb) { d->add_firewall_rule(o, "web", rule, cb); }) ==
        ErrorKind::validation);
  // Its own objects relate as before, and its instance shows only them.
  REQUIRE(call<StorageVolume>([&](auto cb) {
            d->attach_volume(o, volume.value().id, {theirs.value().id, "/dev/sdb"}, cb);
          }).ok());
  REQUIRE(call<Unit>([&](auto cb) {
            d->associate_address(o, address.value().id, theirs.value().id, cb);
          }).ok());
  rule.sources = {RuleSource{"group", "", "", "", "web", "other"}};
  CHECK(call<Firewall>([&](auto cb) { d->add_firewall_rule(o, "web", rule, cb); }).ok());
  auto shown = call<Instance>([&](auto cb) { d->instance(o, theirs.value().id, cb); }).value();
  CHECK(shown.storage_volumes ==
        std::vector<VolumeAttachment>{VolumeAttachment{volume.value().id, "/dev/sdb"}});
  CHECK(shown.public_addresses.front().address == address.value().ip);
  CHECK(count<StorageVolume>([&](auto cb) { d->volumes(o, cb); }) == 1);
  CHECK(count<StorageVolume>([&](auto cb) { d->volumes(mock_user, cb); }) == 3);
}

TEST_CASE_METHOD(Fixture, "a name another account has is refused with 409, naming no account") {
  auto d = two_accounts(*this);
  auto& o = other_user;
  auto conflict = [](auto r) {
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::conflict);
    CHECK(r.error().text().find("mockuser") == std::string::npos);
  };
  conflict(call<Key>([&](auto cb) { d->create_key(o, {"test-key", {}}, cb); }));
  conflict(call<Bucket>([&](auto cb) { d->create_bucket(o, {"bucket1", {}}, cb); }));
  conflict(call<Firewall>([&](auto cb) { d->create_firewall(o, {"default", ""}, cb); }));
  conflict(call<Network>([&](auto cb) { d->create_network(o, {"subnet1", {}}, cb); }));
  conflict(call<LoadBalancer>([&](auto cb) {
    d->create_load_balancer(o, {"lb1", "us", {"HTTP", "80", "8080"}}, cb);
  }));
  InstanceCreate launch;
  launch.image_id = "img1";
  auto theirs = call<Instance>([&](auto cb) { d->create_instance(o, launch, cb); }).value();
  conflict(call<Image>([&](auto cb) { d->create_image(o, {theirs.id, "img2", {}}, cb); }));
  // A name of its own is refused as before.
  auto again = call<Key>([&](auto cb) { d->create_key(mock_user, {"test-key", {}}, cb); });
  CHECK(again.error().kind == ErrorKind::forbidden);
}

TEST_CASE_METHOD(Fixture, "an image made from an instance is private to its maker") {
  auto d = two_accounts(*this);
  auto made = call<Image>([&](auto cb) {
    d->create_image(mock_user, {"inst1", "golden", {}}, cb);
  });
  REQUIRE(made.ok());
  CHECK(count<Image>([&](auto cb) { d->images(mock_user, cb); }) == 4);
  CHECK(count<Image>([&](auto cb) { d->images(other_user, cb); }) == 3);
  CHECK(refusal<Image>([&](auto cb) { d->image(other_user, "golden", cb); }) ==
        ErrorKind::not_found);
  InstanceCreate launch;
  launch.image_id = "golden";
  CHECK(refusal<Instance>([&](auto cb) { d->create_instance(other_user, launch, cb); }) ==
        ErrorKind::validation);
  // Destroying another account's private image does what destroying a missing one does: nothing.
  CHECK(call<Unit>([&](auto cb) { d->destroy_image(other_user, "golden", cb); }).ok());
  CHECK(call<Image>([&](auto cb) { d->image(mock_user, "golden", cb); }).ok());
  // The owner of a public image may destroy it.
  CHECK(call<Unit>([&](auto cb) { d->destroy_image(mock_user, "img2", cb); }).ok());
  CHECK(count<Image>([&](auto cb) { d->images(other_user, cb); }) == 2);
}

TEST_CASE_METHOD(Fixture,
                 "records written before owners are mockuser's; the seed images stay public") {
  { driver(); }  // seeds the data directory
  auto mock = dir.path() / "mock";
  // As an older version wrote them: no owner line.
  std::ofstream{mock / "keys" / "old-key.yml"} << "id: \"old-key\"\nname: \"old-key\"\n";
  std::ofstream{mock / "images" / "img1.yml"}
      << "id: \"img1\"\nname: \"img1\"\ndescription: \"Fedora 10\"\nowner_id: \"fedoraproject\"\n";
  std::ofstream{mock / "images" / "old-image.yml"}
      << "id: \"old-image\"\nname: \"old-image\"\nowner_id: \"root\"\n";
  auto d = two_accounts(*this);
  CHECK(call<Key>([&](auto cb) { d->key(mock_user, "old-key", cb); }).ok());
  CHECK(refusal<Key>([&](auto cb) { d->key(other_user, "old-key", cb); }) == ErrorKind::not_found);
  CHECK(call<Image>([&](auto cb) { d->image(other_user, "img1", cb); }).ok());
  CHECK(refusal<Image>([&](auto cb) { d->image(other_user, "old-image", cb); }) ==
        ErrorKind::not_found);
  CHECK(call<Image>([&](auto cb) { d->image(mock_user, "old-image", cb); }).ok());
  // Ownership survives a restart, and a change keeps it.
  REQUIRE(call<Key>([&](auto cb) { d->create_key(other_user, {"theirs", {}}, cb); }).ok());
  d.reset();  // the store is shared while a driver has it open
  auto restarted = two_accounts(*this);
  CHECK(call<Key>([&](auto cb) { restarted->key(other_user, "theirs", cb); }).ok());
  CHECK(refusal<Key>([&](auto cb) { restarted->key(mock_user, "theirs", cb); }) ==
        ErrorKind::not_found);
}

TEST_CASE("a key's private key reads back from its record exactly as it was") {
  // Found by fuzzing: the PEM went to disk as a literal block, which ends in exactly one line
  // end and cannot start with spaces, so a key changed on its first restart.
  using dc::drivers::mock::record_from_text;
  using dc::drivers::mock::record_to_text;
  for (std::string pem : {"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
                          "two line ends\n\n", "  leading spaces\n", "\n", ""}) {
    Key key;
    key.id = key.name = "k1";
    key.pem = pem;
    auto read = record_from_text<Key>(record_to_text(key));
    CHECK(read.pem == pem);
  }
}
