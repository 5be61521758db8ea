// The openstack driver's storage volumes and snapshots: Cinder, with attachments made through
// Nova.

#include "drivers/openstack/cinder_volumes.hpp"
#include "drivers/openstack/openstack_driver.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Result;
using engine::StorageSnapshot;
using engine::StorageVolume;

namespace {

/// Cinder's catalog type: `volumev3` in Zed, `block-storage` in the newer service-types list.
const std::string cinder = "volumev3|block-storage";

engine::Error no_such() {
  return engine::make_error(ErrorKind::not_found);
}

}  // namespace

void OpenStackDriver::volumes(const Credentials& who, Callback<std::vector<StorageVolume>> done) {
  call(who, cinder, "GET", "/volumes/detail", "",
       read_with<std::vector<StorageVolume>>(read_volumes, done));
}

void OpenStackDriver::volume(const Credentials& who, const std::string& id,
                             Callback<StorageVolume> done) {
  // Ids from clients go into URL paths: only letters, digits, `.`, `_` and `-`.
  if (!engine::is_plain_name(id)) return done(no_such());
  call(who, cinder, "GET", "/volumes/" + id, "", read_with<StorageVolume>(read_volume, done));
}

void OpenStackDriver::create_volume(const Credentials& who, const engine::VolumeCreate& what,
                                    Callback<StorageVolume> done) {
  auto body = volume_create_body(what);
  if (!body) return done(body.error());
  call(who, cinder, "POST", "/volumes", body.value(), read_with<StorageVolume>(read_volume, done));
}

void OpenStackDriver::destroy_volume(const Credentials& who, const std::string& id,
                                     Callback<engine::Unit> done) {
  if (!engine::is_plain_name(id)) return done(no_such());
  call(who, cinder, "DELETE", "/volumes/" + id, "", accepted(done));
}

void OpenStackDriver::attach_volume(const Credentials& who, const std::string& id,
                                    const engine::VolumeAttach& to, Callback<StorageVolume> done) {
  if (!engine::is_plain_name(id)) return done(no_such());
  if (!engine::is_plain_name(to.instance_id))
    return done(engine::make_error(ErrorKind::validation,
                                   "Instance '" + to.instance_id + "' does not exist"));
  call(who, "compute", "POST", "/servers/" + to.instance_id + "/os-volume_attachments",
       volume_attach_body(id, to.device), [this, who, id, done](Result<http::Response> r) {
         if (!r) return done(r.error());
         volume(who, id, done);
       });
}

void OpenStackDriver::detach_volume(const Credentials& who, const std::string& id,
                                    Callback<StorageVolume> done) {
  // Nova detaches by server: the volume says which one it is attached to.
  volume(who, id, [this, who, id, done](Result<StorageVolume> attached) {
    if (!attached) return done(attached.error());
    auto server = attached.value().instance_id;
    if (server.empty() || !engine::is_plain_name(server))
      return done(engine::make_error(ErrorKind::conflict,
                                     "Volume '" + id + "' is not attached to an instance"));
    call(who, "compute", "DELETE", "/servers/" + server + "/os-volume_attachments/" + id, "",
         [this, who, id, done](Result<http::Response> r) {
           if (!r) return done(r.error());
           volume(who, id, done);
         });
  });
}

void OpenStackDriver::snapshots(const Credentials& who,
                                Callback<std::vector<StorageSnapshot>> done) {
  call(who, cinder, "GET", "/snapshots/detail", "",
       read_with<std::vector<StorageSnapshot>>(read_snapshots, done));
}

void OpenStackDriver::snapshot(const Credentials& who, const std::string& id,
                               Callback<StorageSnapshot> done) {
  if (!engine::is_plain_name(id)) return done(no_such());
  call(who, cinder, "GET", "/snapshots/" + id, "", read_with<StorageSnapshot>(read_snapshot, done));
}

void OpenStackDriver::create_snapshot(const Credentials& who, const engine::SnapshotCreate& what,
                                      Callback<StorageSnapshot> done) {
  if (!engine::is_plain_name(what.volume_id))
    return done(engine::make_error(ErrorKind::validation,
                                   "Volume '" + what.volume_id + "' does not exist"));
  call(who, cinder, "POST", "/snapshots", snapshot_create_body(what),
       read_with<StorageSnapshot>(read_snapshot, done));
}

void OpenStackDriver::destroy_snapshot(const Credentials& who, const std::string& id,
                                       Callback<engine::Unit> done) {
  if (!engine::is_plain_name(id)) return done(no_such());
  call(who, cinder, "DELETE", "/snapshots/" + id, "", accepted(done));
}

}  // namespace dc::drivers::openstack
