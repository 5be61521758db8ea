#include "drivers/mock/mock_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>

#include "drivers/mock/mock_seed.hpp"
#include "engine/durable_file.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

namespace fs = std::filesystem;
using engine::Address;
using engine::Image;
using engine::Instance;
using engine::Key;
using engine::StorageSnapshot;

// -- the store ----------------------------------------------------------------------------------

std::shared_ptr<MockStore> MockStore::open(const fs::path& root) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<MockStore>> open_stores;
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec)
    throw std::runtime_error("cannot create mock data directory " + root.string() + ": " +
                             ec.message());
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, ec);
  auto key = fs::canonical(root).string();
  std::lock_guard guard{registry_mutex};
  if (auto existing = open_stores[key].lock()) return existing;
  auto store = std::make_shared<MockStore>(key);
  open_stores[key] = store;
  return store;
}

MockStore::MockStore(fs::path root) : root_(std::move(root)), blob_files_(root_ / "blob_content") {
  seed(seed_images(), true);  // every account may launch the seed images
  seed(seed_instances());
  seed(seed_keys());
  seed(seed_volumes());
  seed(seed_snapshots());
  seed(seed_addresses());
  seed(seed_networks());
  seed(seed_subnets());
  seed(seed_network_interfaces());
  seed(seed_firewalls());
  seed(seed_load_balancers());
  seed_blobs();
  load<MockInstance>();
  for (auto& [id, e] : table<MockInstance>()) indexed(e.record);
  load<Image>();
  load<Key>();
  load<MockVolume>();
  load<StorageSnapshot>();
  load<engine::AllocatedAddress>();
  load<engine::Network>();
  load<engine::Subnet>();
  load<engine::NetworkInterface>();
  load<engine::Firewall>();
  load<engine::LoadBalancer>();
  load<engine::Bucket>();
  // Content no record names is left over from a crash between storing bytes and record; but
  // when a record could not be read, its content may be what looks unreferenced: keep it all.
  if (load<MockBlob>() == 0) {
    std::set<std::string> referenced;
    for (auto& [key, e] : table<MockBlob>()) referenced.insert(e.record.content_file);
    blob_files_.sweep(referenced);
  }
}

void MockStore::seed_blobs() {
  std::error_code ec;
  if (fs::is_directory(root_ / RecordKind<MockBlob>::collection, ec)) return;
  seed(seed_buckets());
  for (auto& [blob, content] : seed_blobs_with_content()) {
    MockBlob record{blob_key(blob.bucket, blob.id), blob, {}};
    auto name = blob_files_.write(content, record.key);
    if (!name) throw std::runtime_error(name.error().text());
    record.content_file = name.value();
    write_record(record, {seed_owner, false});
  }
  fs::create_directories(root_ / RecordKind<MockBlob>::collection, ec);
}

template <class T>
void MockStore::seed(const std::vector<T>& objects, bool is_public) {
  // A collection without a folder has never been seeded (new data directory, or a collection
  // added by a later version): write its seed objects, then the folder marks it done.
  std::error_code ec;
  auto dir = root_ / RecordKind<T>::collection;
  if (fs::is_directory(dir, ec)) return;
  for (auto& o : objects) write_record(o, {seed_owner, is_public});
  fs::create_directories(dir, ec);
}

template <class T>
void MockStore::write_record(const T& record, const Ownership& ownership) {
  write_file(RecordKind<T>::collection, RecordKind<T>::id(record),
             record_file_text(record, ownership));
}

template <class T>
std::size_t MockStore::load() {
  std::size_t unreadable = 0;
  std::error_code ec;
  auto dir = root_ / RecordKind<T>::collection;
  if (!fs::is_directory(dir, ec)) return unreadable;
  engine::remove_stale_temporaries(dir);  // a write a crash cut short
  for (auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yml") continue;
    try {
      std::ifstream file{entry.path(), std::ios::binary};
      if (!file) throw std::runtime_error("cannot open it");
      auto [object, ownership] = read_record_file<T>(
          std::string{std::istreambuf_iterator<char>{file}, std::istreambuf_iterator<char>{}});
      auto id = RecordKind<T>::id(object);
      if (!engine::is_safe_object_id(id)) throw std::runtime_error("unsafe id");
      table<T>()[id] = Entry<T>{std::move(object), std::move(ownership)};
    } catch (const std::exception& e) {
      // A damaged file must not take the whole cloud down: report it and serve the rest.
      std::cerr << "deltacloudd: mock: ignoring unreadable " << entry.path() << ": " << e.what()
                << "\n";
      ++unreadable;
    }
  }
  return unreadable;
}

template <class T>
std::vector<T> MockStore::all() const {
  std::lock_guard guard{mutex_};
  std::vector<T> out;
  for (auto& [id, e] : table<T>()) out.push_back(e.record);
  return out;
}

template <class T>
std::vector<T> MockStore::visible_to(const std::string& account) const {
  std::lock_guard guard{mutex_};
  std::vector<T> out;
  for (auto& [id, e] : table<T>())
    if (e.ownership.owner == account || e.ownership.is_public) out.push_back(e.record);
  return out;
}

template <class T>
std::optional<T> MockStore::get(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end()) return std::nullopt;
  return i->second.record;
}

template <class T>
std::optional<T> MockStore::owned(const std::string& account, const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end() || i->second.ownership.owner != account) return std::nullopt;
  return i->second.record;
}

template <class T>
std::optional<Ownership> MockStore::ownership(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end()) return std::nullopt;
  return i->second.ownership;
}

template <class T>
void MockStore::add(const std::string& owner, const T& record) {
  std::lock_guard guard{mutex_};
  Ownership ownership{owner, false};
  write_record(record, ownership);
  auto& slot = table<T>()[RecordKind<T>::id(record)];
  if constexpr (std::is_same_v<T, MockInstance>) unindexed(slot.record);
  slot = Entry<T>{record, std::move(ownership)};
  if constexpr (std::is_same_v<T, MockInstance>) indexed(slot.record);
}

template <class T>
void MockStore::put(const T& record) {
  std::lock_guard guard{mutex_};
  auto& t = table<T>();
  auto slot = t.find(RecordKind<T>::id(record));
  if (slot == t.end())
    throw std::logic_error(std::string{"mock: no "} + RecordKind<T>::collection + " record '" +
                           RecordKind<T>::id(record) + "' to replace");
  write_record(record, slot->second.ownership);
  if constexpr (std::is_same_v<T, MockInstance>) unindexed(slot->second.record);
  slot->second.record = record;
  if constexpr (std::is_same_v<T, MockInstance>) indexed(slot->second.record);
}

template <class T>
void MockStore::erase(const std::string& id) {
  std::lock_guard guard{mutex_};
  remove_file(RecordKind<T>::collection, id);
  auto& t = table<T>();
  auto i = t.find(id);
  if (i == t.end()) return;
  if constexpr (std::is_same_v<T, MockInstance>) unindexed(i->second.record);
  t.erase(i);
}

namespace {

std::string token_key(const std::string& owner, const std::string& token) {
  return owner + "\n" + token;
}

/// N of `inst<N>`, or -1 for any other id.
long long instance_number(const std::string& id) {
  if (id.size() < 5 || id.size() > 22 || id.compare(0, 4, "inst") != 0) return -1;
  if (id[4] == '0' && id.size() > 5) return -1;  // inst01 is not inst1
  long long n = 0;
  for (std::size_t i = 4; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return -1;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

}  // namespace

void MockStore::indexed(const MockInstance& record) {
  if (!record.client_token.empty())
    instance_tokens_[token_key(record.instance.owner_id, record.client_token)] = record.instance.id;
}

void MockStore::unindexed(const MockInstance& record) {
  if (record.instance.id.empty()) return;  // a fresh slot
  if (!record.client_token.empty())
    instance_tokens_.erase(token_key(record.instance.owner_id, record.client_token));
  auto n = instance_number(record.instance.id);
  if (n >= 0 && n < lowest_free_instance_) lowest_free_instance_ = n;
}

std::optional<std::string> MockStore::instance_by_token(const std::string& owner,
                                                        const std::string& token) const {
  std::lock_guard guard{mutex_};
  auto i = instance_tokens_.find(token_key(owner, token));
  if (i == instance_tokens_.end()) return std::nullopt;
  return i->second;
}

std::string MockStore::fresh_instance_id() const {
  std::lock_guard guard{mutex_};
  auto& t = table<MockInstance>();
  for (;; ++lowest_free_instance_) {
    auto id = "inst" + std::to_string(lowest_free_instance_);
    if (!t.count(id)) return id;
  }
}

std::vector<MockInstance> MockStore::instances_after(const std::string& owner,
                                                     const std::string& marker,
                                                     std::size_t limit) const {
  std::lock_guard guard{mutex_};
  auto& t = table<MockInstance>();
  std::vector<MockInstance> out;
  for (auto i = marker.empty() ? t.begin() : t.upper_bound(marker);
       i != t.end() && out.size() < limit; ++i)
    if (i->second.ownership.owner == owner) out.push_back(i->second.record);
  return out;
}

#define DC_MOCK_RECORD(T)                                                                      \
  template std::vector<T> MockStore::all<T>() const;                                           \
  template std::vector<T> MockStore::visible_to<T>(const std::string&) const;                  \
  template std::optional<T> MockStore::get<T>(const std::string&) const;                       \
  template std::optional<T> MockStore::owned<T>(const std::string&, const std::string&) const; \
  template std::optional<Ownership> MockStore::ownership<T>(const std::string&) const;         \
  template void MockStore::add<T>(const std::string&, const T&);                               \
  template void MockStore::put<T>(const T&);                                                   \
  template void MockStore::erase<T>(const std::string&);
DC_MOCK_RECORD_KINDS(DC_MOCK_RECORD)
#undef DC_MOCK_RECORD

void MockStore::write_file(const std::string& collection, const std::string& id,
                           const std::string& content) {
  if (!engine::is_safe_object_id(id)) throw std::invalid_argument("unsafe object id");
  auto dir = root_ / collection;
  fs::create_directories(dir);
  if (durable_)
    engine::write_file_durably(dir / (id + ".yml"), content);
  else
    engine::write_file_atomically(dir / (id + ".yml"), content);
}

void MockStore::remove_file(const std::string& collection, const std::string& id) {
  if (!engine::is_safe_object_id(id)) return;
  std::error_code ec;
  auto dir = root_ / collection;
  fs::remove(dir / (id + ".yml"), ec);
  // Durable before anything the record named goes (a blob's bytes): a crash must not bring back
  // a record whose content is gone.
  if (durable_) engine::sync_directory(dir);
}

}  // namespace dc::drivers::mock
