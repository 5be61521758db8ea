// The mock cloud's storage volumes and their snapshots. A new volume is CREATING for
// `volume_delay`; attachments belong to the volumes, instances show them.

#include <algorithm>

#include "drivers/mock/mock_auth.hpp"
#include "drivers/mock/mock_driver.hpp"
#include "drivers/mock/mock_seed.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

using namespace dc::engine;

// -- storage volumes and snapshots ----------------------------------------------------------

MockVolume MockDriver::settle(MockVolume record) {
  if (record.available_at_ms && record.available_at_ms <= to_unix_ms(clock_.now())) {
    record.available_at_ms = 0;
    record.volume.state = "AVAILABLE";
    store_->put(record);
  }
  return record;
}

void MockDriver::volumes(const Credentials& who, Callback<std::vector<StorageVolume>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  auto guard = store_->lock();
  std::vector<StorageVolume> out;
  for (auto& v : store_->visible_to<MockVolume>(who.user))
    out.push_back(settle(std::move(v)).volume);
  done(std::move(out));
}

void MockDriver::volume(const Credentials& who, const std::string& id,
                        Callback<StorageVolume> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto v = owned<MockVolume>(who, id);
  if (!v) return done(make_error(ErrorKind::not_found));
  done(settle(std::move(*v)).volume);
}

void MockDriver::create_volume(const Credentials& who, const VolumeCreate& what,
                               Callback<StorageVolume> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
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
      !owned<StorageSnapshot>(who, *what.snapshot_id))
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
  store_->add(who.user, r);
  done(settle(std::move(r)).volume);
}

void MockDriver::destroy_volume(const Credentials& who, const std::string& id,
                                Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto v = owned<MockVolume>(who, id);
  if (!v) return done(make_error(ErrorKind::not_found));
  if (!v->volume.instance_id.empty())
    return done(make_error(ErrorKind::conflict, "Volume '" + id + "' is attached to instance '" +
                                                    v->volume.instance_id + "': detach it first"));
  store_->erase<MockVolume>(id);
  done(Unit{});
}

void MockDriver::attach_volume(const Credentials& who, const std::string& id,
                               const VolumeAttach& to, Callback<StorageVolume> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto v = owned<MockVolume>(who, id);
  if (!v) return done(make_error(ErrorKind::not_found));
  auto record = settle(std::move(*v));
  if (!owned<MockInstance>(who, to.instance_id))
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
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto v = owned<MockVolume>(who, id);
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
  list_records<StorageSnapshot>(who, std::move(done));
}

void MockDriver::snapshot(const Credentials& who, const std::string& id,
                          Callback<StorageSnapshot> done) {
  show_record<StorageSnapshot>(who, id, std::move(done));
}

void MockDriver::create_snapshot(const Credentials& who, const SnapshotCreate& what,
                                 Callback<StorageSnapshot> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<MockVolume>(who, what.volume_id))
    return done(make_error(ErrorKind::validation, "Volume '" + what.volume_id + "' not found"));
  StorageSnapshot s;
  s.id = fresh_id<StorageSnapshot>("store_snapshot_");
  s.name = what.name.value_or("");
  s.description = what.description.value_or("");
  s.state = "COMPLETED";
  s.created = timestamp();
  s.volume_id = what.volume_id;
  store_->add(who.user, s);
  done(std::move(s));
}

void MockDriver::destroy_snapshot(const Credentials& who, const std::string& id,
                                  Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<StorageSnapshot>(who, id)) return done(make_error(ErrorKind::not_found));
  store_->erase<StorageSnapshot>(id);
  done(Unit{});
}

}  // namespace dc::drivers::mock
