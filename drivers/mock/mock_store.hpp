#pragma once
// The mock cloud's persistent state: one YAML file per object under
// `<root>/<collection>/<id>.yml`, each written atomically (temporary file, fsync, rename), so a
// restarted server sees exactly what it had. Every driver object on the same root shares one
// store; all access is serialised by its mutex.
//
// Records: MockInstance, engine::Image, engine::Key, MockVolume, engine::StorageSnapshot,
// engine::AllocatedAddress, engine::Network, engine::Subnet, engine::NetworkInterface,
// engine::Firewall, engine::LoadBalancer, engine::Bucket, MockBlob. Each is read and written
// through all<T>(), get<T>(), add(), put(), erase<T>(). Blob bytes live beside them
// (MockBlobFiles).
//
// Every record belongs to one account (its `owner` line); owned<T>() and visible_to<T>() answer
// only what an account may see. A public record (the seed images) is visible to every account
// but still belongs to its owner. Ids stay global, since they are file names: an id taken by
// one account cannot name another account's record. The seed data is `mockuser`'s, as in the
// original Deltacloud mock, and so is every record written before records had owners (an
// instance's file names its owner already: `owner_id`).

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "drivers/mock/mock_blob_files.hpp"
#include "drivers/mock/mock_records.hpp"
#include "engine/model.hpp"

namespace dc::drivers::mock {

class MockStore {
 public:
  /// The store of `root`, shared by every caller naming the same directory. Creates the
  /// directory and seeds each collection that has no folder yet.
  static std::shared_ptr<MockStore> open(const std::filesystem::path& root);

  explicit MockStore(std::filesystem::path root);

  /// Every record of a kind, by id, whoever owns it.
  template <class T>
  std::vector<T> all() const;
  /// The records `account` owns, and the public ones, by id.
  template <class T>
  std::vector<T> visible_to(const std::string& account) const;
  /// The record `id`, whoever owns it.
  template <class T>
  std::optional<T> get(const std::string& id) const;
  /// The record `id` when `account` owns it.
  template <class T>
  std::optional<T> owned(const std::string& account, const std::string& id) const;
  /// Who owns record `id`, and whether every account may see it.
  template <class T>
  std::optional<Ownership> ownership(const std::string& id) const;
  /// Stores a record of `owner`'s, private to it (a new one, or one replacing its own);
  /// writes the file, then updates memory; throws when the file cannot be written.
  template <class T>
  void add(const std::string& owner, const T& record);
  /// Stores a changed record, keeping its owner and visibility; throws std::logic_error when
  /// there is no such record (a new one needs add()).
  template <class T>
  void put(const T& record);
  /// Removes the record and its file; an absent record is ignored.
  template <class T>
  void erase(const std::string& id);

  // -- instances: what a cloud of a million instances needs beyond the generic table ---------
  /// The id of `owner`'s instance created with `token`, if there is one.
  std::optional<std::string> instance_by_token(const std::string& owner,
                                               const std::string& token) const;
  /// `inst<N>` with the smallest unused N (as the original mock), without scanning from 0.
  std::string fresh_instance_id() const;
  /// Up to `limit` of `owner`'s instances with ids after `marker`, in id order.
  std::vector<MockInstance> instances_after(const std::string& owner, const std::string& marker,
                                            std::size_t limit) const;

  /// With false, records are written atomically but not fsynced: they survive the process
  /// being killed, not the machine losing power (benchmarks of a hundred thousand creates).
  void set_durable(bool durable) { durable_ = durable; }

  /// Serialises a read-modify-write sequence (id allocation, create-if-absent, settle).
  std::unique_lock<std::recursive_mutex> lock() const { return std::unique_lock{mutex_}; }

  MockBlobFiles& blob_files() { return blob_files_; }

 private:
  /// A record as kept in memory: the object and who may see it.
  template <class T>
  struct Entry {
    T record;
    Ownership ownership;
  };
  template <class T>
  using Table = std::map<std::string, Entry<T>>;
  template <class T>
  Table<T>& table() {
    return std::get<Table<T>>(tables_);
  }
  template <class T>
  const Table<T>& table() const {
    return std::get<Table<T>>(tables_);
  }
  /// Loads a collection's records; answers how many files could not be read.
  template <class T>
  std::size_t load();
  /// Writes a collection's seed objects as `seed_owner`'s, the first time it is seen.
  template <class T>
  void seed(const std::vector<T>& objects, bool is_public = false);
  /// Writes the record's file, with its ownership.
  template <class T>
  void write_record(const T& record, const Ownership& ownership);
  /// Seeds the buckets and their blobs (records and bytes) on first run.
  void seed_blobs();
  void write_file(const std::string& collection, const std::string& id, const std::string& text);
  /// Keeps the instance indexes (client tokens, lowest free number) in step with the table.
  void indexed(const MockInstance& record);
  void unindexed(const MockInstance& record);
  void remove_file(const std::string& collection, const std::string& id);

  std::filesystem::path root_;
  MockBlobFiles blob_files_;
  mutable std::recursive_mutex mutex_;
  bool durable_ = true;
  std::unordered_map<std::string, std::string> instance_tokens_;  // owner \n token → id
  mutable long long lowest_free_instance_ = 0;  // no inst<N> with N below it is free
  std::tuple<Table<MockInstance>, Table<engine::Image>, Table<engine::Key>, Table<MockVolume>,
             Table<engine::StorageSnapshot>, Table<engine::AllocatedAddress>,
             Table<engine::Network>, Table<engine::Subnet>, Table<engine::NetworkInterface>,
             Table<engine::Firewall>, Table<engine::LoadBalancer>, Table<engine::Bucket>,
             Table<MockBlob>>
      tables_;
};

}  // namespace dc::drivers::mock
