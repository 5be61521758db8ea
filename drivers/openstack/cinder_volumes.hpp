#pragma once
// Cinder volumes and snapshots as our storage volumes and snapshots, and the requests that make
// and attach them (attaching goes through Nova).

#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// Cinder's status as our state: upper case (`in-use` → `IN-USE`, `error_deleting` →
/// `ERROR_DELETING`).
std::string volume_state(std::string_view cinder_status);

/// `GET /volumes/detail`.
engine::Result<std::vector<engine::StorageVolume>> read_volumes(const std::string& body);
/// `GET /volumes/{id}` and `POST /volumes`.
engine::Result<engine::StorageVolume> read_volume(const std::string& body);
/// The body of `POST /volumes`: 1 GB when no capacity is asked.
engine::Result<std::string> volume_create_body(const engine::VolumeCreate& what);
/// The body of Nova's `POST /servers/{id}/os-volume_attachments`.
std::string volume_attach_body(const std::string& volume_id, const std::string& device);

/// `GET /snapshots/detail`.
engine::Result<std::vector<engine::StorageSnapshot>> read_snapshots(const std::string& body);
/// `GET /snapshots/{id}` and `POST /snapshots`.
engine::Result<engine::StorageSnapshot> read_snapshot(const std::string& body);
/// The body of `POST /snapshots`. Forced, so that a volume in use can be snapshotted too.
std::string snapshot_create_body(const engine::SnapshotCreate& what);

}  // namespace dc::drivers::openstack
