#pragma once
// The mock cloud's persistent state: one YAML file per object under
// `<root>/<collection>/<id>.yml`, each written atomically (temporary file, fsync, rename), so a
// restarted server sees exactly what it had. Every driver object on the same root shares one
// store; all access is serialised by its mutex.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/model.hpp"

namespace dc::drivers::mock {

/// An instance as the mock keeps it: the model record plus when its transient state ends.
struct MockInstance {
  engine::Instance instance;
  long long transition_at_ms = 0;  // 0: not in a timed transition
};

class MockStore {
 public:
  /// The store of `root`, shared by every caller naming the same directory. Creates the
  /// directory and seeds each collection that has no folder yet.
  static std::shared_ptr<MockStore> open(const std::filesystem::path& root);

  explicit MockStore(std::filesystem::path root);

  std::vector<MockInstance> instances() const;
  std::optional<MockInstance> instance(const std::string& id) const;
  void put_instance(const MockInstance& record);
  void erase_instance(const std::string& id);

  std::vector<engine::Image> images() const;
  std::optional<engine::Image> image(const std::string& id) const;
  void put_image(const engine::Image& image);
  void erase_image(const std::string& id);

  std::vector<engine::Key> keys() const;
  std::optional<engine::Key> key(const std::string& id) const;
  void put_key(const engine::Key& key);
  void erase_key(const std::string& id);

  /// Serialises a read-modify-write sequence (id allocation, create-if-absent).
  std::unique_lock<std::recursive_mutex> lock() const { return std::unique_lock{mutex_}; }

 private:
  void load();
  void seed_missing_collections();
  void write_file(const std::string& collection, const std::string& id, const std::string& text);
  void remove_file(const std::string& collection, const std::string& id);

  std::filesystem::path root_;
  mutable std::recursive_mutex mutex_;
  std::map<std::string, MockInstance> instances_;
  std::map<std::string, engine::Image> images_;
  std::map<std::string, engine::Key> keys_;
};

}  // namespace dc::drivers::mock
