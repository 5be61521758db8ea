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
