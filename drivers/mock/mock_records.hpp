#pragma once
// The mock cloud's records and their YAML form on disk: one file per record, the record's
// fields followed by its ownership lines (`owner`, `public`). The store (mock_store.hpp) decides
// where files go and when; this is only what they hold.

#include <string>
#include <utility>

#include "engine/model.hpp"

namespace dc::drivers::mock {

/// An instance as the mock keeps it: the model record plus when its transient state ends.
/// Its volume attachments are not stored here: the volumes own them.
struct MockInstance {
  engine::Instance instance;
  long long transition_at_ms = 0;  // 0: not in a timed transition
  std::string client_token;        // empty: created without one
};

/// A volume as the mock keeps it: the model record plus when CREATING ends.
struct MockVolume {
  engine::StorageVolume volume;
  long long available_at_ms = 0;  // 0: not being created
};

/// A blob as the mock keeps it: the model record (without content) plus the file holding its
/// bytes. Blobs are keyed by bucket and id together (`<bucket>~<id>`: `~` is in no valid name).
struct MockBlob {
  std::string key;
  engine::Blob blob;
  std::string content_file;
};

/// The account owning the seed data and every record stored before records had owners.
inline constexpr const char* seed_owner = "mockuser";

/// Who may see a record: the account that owns it, and every account when it is public.
struct Ownership {
  std::string owner;
  bool is_public = false;
};

/// The store key of a blob.
inline std::string blob_key(const std::string& bucket, const std::string& id) {
  return bucket + "~" + id;
}

/// A record as its text reads back (throws std::exception when the text is damaged), and the
/// text a record is written as, without ownership. Public for the fuzzer and tests.
template <class T>
T record_from_text(const std::string& text);
template <class T>
std::string record_to_text(const T& record);

/// A record file read back: the record and whose it is (a file written before records had
/// owners is the seed account's). Throws std::exception when the file is damaged.
template <class T>
std::pair<T, Ownership> read_record_file(const std::string& text);
/// A record file's text: the record, then its ownership lines.
template <class T>
std::string record_file_text(const T& record, const Ownership& ownership);

/// Every kind of record, for the explicit instantiations of the codec and the store:
/// `DC_MOCK_RECORD_KINDS(X)` calls `X(T)` for each.
// clang-format off
#define DC_MOCK_RECORD_KINDS(X)                                                            \
  X(MockInstance) X(engine::Image) X(engine::Key) X(MockVolume) X(engine::StorageSnapshot) \
  X(engine::AllocatedAddress) X(engine::Network) X(engine::Subnet)                         \
  X(engine::NetworkInterface) X(engine::Firewall) X(engine::LoadBalancer)                  \
  X(engine::Bucket) X(MockBlob)
// clang-format on

/// Where a kind of record lives (its folder under the store's root) and its id.
template <class T>
struct RecordKind;
template <>
struct RecordKind<MockInstance> {
  static constexpr const char* collection = "instances";
  static const std::string& id(const MockInstance& r) { return r.instance.id; }
};
template <>
struct RecordKind<engine::Image> {
  static constexpr const char* collection = "images";
  static const std::string& id(const engine::Image& i) { return i.id; }
};
template <>
struct RecordKind<engine::Key> {
  static constexpr const char* collection = "keys";
  static const std::string& id(const engine::Key& k) { return k.id; }
};
template <>
struct RecordKind<MockVolume> {
  static constexpr const char* collection = "storage_volumes";
  static const std::string& id(const MockVolume& v) { return v.volume.id; }
};
template <>
struct RecordKind<engine::StorageSnapshot> {
  static constexpr const char* collection = "storage_snapshots";
  static const std::string& id(const engine::StorageSnapshot& s) { return s.id; }
};
template <>
struct RecordKind<engine::AllocatedAddress> {
  static constexpr const char* collection = "addresses";
  static const std::string& id(const engine::AllocatedAddress& a) { return a.id; }
};
template <>
struct RecordKind<engine::Network> {
  static constexpr const char* collection = "networks";
  static const std::string& id(const engine::Network& n) { return n.id; }
};
template <>
struct RecordKind<engine::Subnet> {
  static constexpr const char* collection = "subnets";
  static const std::string& id(const engine::Subnet& s) { return s.id; }
};
template <>
struct RecordKind<engine::NetworkInterface> {
  static constexpr const char* collection = "network_interfaces";
  static const std::string& id(const engine::NetworkInterface& n) { return n.id; }
};
template <>
struct RecordKind<engine::Firewall> {
  static constexpr const char* collection = "firewalls";
  static const std::string& id(const engine::Firewall& f) { return f.id; }
};
template <>
struct RecordKind<engine::LoadBalancer> {
  static constexpr const char* collection = "load_balancers";
  static const std::string& id(const engine::LoadBalancer& lb) { return lb.id; }
};
template <>
struct RecordKind<engine::Bucket> {
  static constexpr const char* collection = "buckets";
  static const std::string& id(const engine::Bucket& b) { return b.id; }
};
template <>
struct RecordKind<MockBlob> {
  static constexpr const char* collection = "blobs";
  static const std::string& id(const MockBlob& b) { return b.key; }
};

}  // namespace dc::drivers::mock
