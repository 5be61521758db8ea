#include "drivers/mock/mock_store.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "drivers/mock/mock_seed.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

namespace fs = std::filesystem;
using engine::Address;
using engine::Image;
using engine::Instance;
using engine::Key;

namespace {

const std::string& object_id(const MockInstance& r) {
  return r.instance.id;
}
const std::string& object_id(const Image& i) {
  return i.id;
}
const std::string& object_id(const Key& k) {
  return k.id;
}

// -- YAML mapping of the model ------------------------------------------------------------------

std::string text(const YAML::Node& n, const char* key) {
  return n[key] && !n[key].IsNull() ? n[key].as<std::string>() : std::string{};
}

std::optional<std::string> optional_text(const YAML::Node& n, const char* key) {
  if (!n[key] || n[key].IsNull()) return std::nullopt;
  return n[key].as<std::string>();
}

void emit_addresses(YAML::Emitter& out, const char* key, const std::vector<Address>& list) {
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (auto& a : list) {
    out << YAML::BeginMap << YAML::Key << "address" << YAML::Value << a.address << YAML::Key
        << "type" << YAML::Value << a.type;
    if (a.port) out << YAML::Key << "port" << YAML::Value << *a.port;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

std::vector<Address> read_addresses(const YAML::Node& n) {
  std::vector<Address> out;
  if (!n || !n.IsSequence()) return out;
  for (auto a : n) {
    Address addr{text(a, "address"), text(a, "type"), std::nullopt};
    if (a["port"]) addr.port = a["port"].as<int>();
    out.push_back(std::move(addr));
  }
  return out;
}

void emit_optional(YAML::Emitter& out, const char* key, const std::optional<std::string>& v) {
  if (v) out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << *v;
}

std::string to_yaml(const MockInstance& record) {
  auto& i = record.instance;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << i.id;
  emit_optional(out, "name", i.name);
  out << YAML::Key << "owner_id" << YAML::Value << i.owner_id;
  out << YAML::Key << "image_id" << YAML::Value << i.image_id;
  out << YAML::Key << "realm_id" << YAML::Value << i.realm_id;
  out << YAML::Key << "state" << YAML::Value << engine::api_name(i.state);
  out << YAML::Key << "hardware_profile_id" << YAML::Value << i.hardware_profile_id;
  out << YAML::Key << "profile_overrides" << YAML::Value << YAML::BeginSeq;
  for (auto& [name, value] : i.profile_overrides)
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name << YAML::Key << "value"
        << YAML::Value << YAML::DoubleQuoted << value << YAML::EndMap;
  out << YAML::EndSeq;
  emit_addresses(out, "public_addresses", i.public_addresses);
  emit_addresses(out, "private_addresses", i.private_addresses);
  out << YAML::Key << "create_image" << YAML::Value << i.create_image;
  out << YAML::Key << "storage_volumes" << YAML::Value << YAML::BeginSeq;
  for (auto& v : i.storage_volumes)
    out << YAML::BeginMap << YAML::Key << "volume_id" << YAML::Value << v.volume_id << YAML::Key
        << "device" << YAML::Value << v.device << YAML::EndMap;
  out << YAML::EndSeq;
  if (i.network_interfaces) {
    out << YAML::Key << "network_interfaces" << YAML::Value << YAML::BeginSeq;
    for (auto& nic : *i.network_interfaces) out << nic;
    out << YAML::EndSeq;
  }
  emit_optional(out, "keyname", i.keyname);
  emit_optional(out, "launch_time", i.launch_time);
  if (record.transition_at_ms)
    out << YAML::Key << "transition_at_ms" << YAML::Value << record.transition_at_ms;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

MockInstance instance_from_yaml(const YAML::Node& n) {
  MockInstance r;
  auto& i = r.instance;
  i.id = text(n, "id");
  i.name = optional_text(n, "name");
  i.owner_id = text(n, "owner_id");
  i.image_id = text(n, "image_id");
  i.realm_id = text(n, "realm_id");
  auto state = engine::parse_instance_state(text(n, "state"));
  if (!state) throw std::runtime_error("unknown state '" + text(n, "state") + "'");
  i.state = *state;
  i.hardware_profile_id = text(n, "hardware_profile_id");
  if (auto o = n["profile_overrides"])
    for (auto p : o) i.profile_overrides.emplace_back(text(p, "name"), text(p, "value"));
  i.public_addresses = read_addresses(n["public_addresses"]);
  i.private_addresses = read_addresses(n["private_addresses"]);
  i.create_image = n["create_image"] && n["create_image"].as<bool>();
  if (auto v = n["storage_volumes"])
    for (auto a : v) i.storage_volumes.push_back({text(a, "volume_id"), text(a, "device")});
  if (auto nics = n["network_interfaces"]) {
    i.network_interfaces = std::vector<std::string>{};
    for (auto nic : nics) i.network_interfaces->push_back(nic.as<std::string>());
  }
  i.keyname = optional_text(n, "keyname");
  i.launch_time = optional_text(n, "launch_time");
  if (n["transition_at_ms"]) r.transition_at_ms = n["transition_at_ms"].as<long long>();
  return r;
}

std::string to_yaml(const Image& i) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << i.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << i.name;
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << i.description;
  out << YAML::Key << "owner_id" << YAML::Value << i.owner_id;
  out << YAML::Key << "architecture" << YAML::Value << i.architecture;
  out << YAML::Key << "state" << YAML::Value << i.state;
  out << YAML::Key << "creation_time" << YAML::Value << YAML::DoubleQuoted << i.creation_time;
  out << YAML::Key << "root_type" << YAML::Value << i.root_type;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

Image image_from_yaml(const YAML::Node& n) {
  Image i;
  i.id = text(n, "id");
  i.name = text(n, "name");
  i.description = text(n, "description");
  i.owner_id = text(n, "owner_id");
  i.architecture = text(n, "architecture");
  i.state = text(n, "state");
  i.creation_time = text(n, "creation_time");
  i.root_type = text(n, "root_type");
  return i;
}

std::string to_yaml(const Key& k) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << k.id;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << k.name;
  out << YAML::Key << "credential_type" << YAML::Value << k.credential_type;
  out << YAML::Key << "fingerprint" << YAML::Value << k.fingerprint;
  out << YAML::Key << "pem" << YAML::Value << YAML::Literal << k.pem;
  out << YAML::Key << "state" << YAML::Value << YAML::DoubleQuoted << k.state;
  out << YAML::EndMap;
  return std::string{out.c_str()} + "\n";
}

Key key_from_yaml(const YAML::Node& n) {
  Key k;
  k.id = text(n, "id");
  k.name = text(n, "name");
  k.credential_type = text(n, "credential_type");
  if (k.credential_type.empty()) k.credential_type = "key";
  k.fingerprint = text(n, "fingerprint");
  k.pem = text(n, "pem");
  k.state = text(n, "state");
  return k;
}

template <class T, class Parse>
void load_collection(const fs::path& dir, std::map<std::string, T>& into, Parse parse) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yml") continue;
    try {
      T object = parse(YAML::LoadFile(entry.path().string()));
      auto id = object_id(object);
      if (!engine::is_safe_object_id(id)) throw std::runtime_error("unsafe id");
      into[id] = std::move(object);
    } catch (const std::exception& e) {
      // A damaged file must not take the whole cloud down: report it and serve the rest.
      std::cerr << "deltacloudd: mock: ignoring unreadable " << entry.path() << ": " << e.what()
                << "\n";
    }
  }
}

}  // namespace

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

MockStore::MockStore(fs::path root) : root_(std::move(root)) {
  seed_missing_collections();
  load();
}

void MockStore::seed_missing_collections() {
  std::error_code ec;
  auto seed = [&](const char* collection, auto objects) {
    if (fs::is_directory(root_ / collection, ec)) return;
    for (auto& o : objects) write_file(collection, object_id(o), to_yaml(o));
    fs::create_directories(root_ / collection, ec);
  };
  seed("images", seed_images());
  seed("instances", seed_instances());
  seed("keys", seed_keys());
}

void MockStore::load() {
  load_collection(root_ / "instances", instances_, instance_from_yaml);
  load_collection(root_ / "images", images_, image_from_yaml);
  load_collection(root_ / "keys", keys_, key_from_yaml);
}

void MockStore::write_file(const std::string& collection, const std::string& id,
                           const std::string& content) {
  if (!engine::is_safe_object_id(id)) throw std::invalid_argument("unsafe object id");
  auto dir = root_ / collection;
  fs::create_directories(dir);
  auto final_path = dir / (id + ".yml");
  auto temp_path = dir / ("." + id + ".yml.tmp");
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0)
    throw std::runtime_error("cannot write " + temp_path.string() + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < content.size()) {
    auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto err = errno;
      ::close(fd);
      ::unlink(temp_path.c_str());
      throw std::runtime_error("cannot write " + temp_path.string() + ": " + std::strerror(err));
    }
    written += static_cast<std::size_t>(n);
  }
  // The data reaches the disk before the name does: a crash leaves the old file or the new one.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp_path.c_str());
    throw std::runtime_error("cannot flush " + temp_path.string());
  }
  fs::rename(temp_path, final_path);
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

void MockStore::remove_file(const std::string& collection, const std::string& id) {
  if (!engine::is_safe_object_id(id)) return;
  std::error_code ec;
  fs::remove(root_ / collection / (id + ".yml"), ec);
}

std::vector<MockInstance> MockStore::instances() const {
  std::lock_guard guard{mutex_};
  std::vector<MockInstance> out;
  for (auto& [id, r] : instances_) out.push_back(r);
  return out;
}

std::optional<MockInstance> MockStore::instance(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto i = instances_.find(id);
  if (i == instances_.end()) return std::nullopt;
  return i->second;
}

void MockStore::put_instance(const MockInstance& record) {
  std::lock_guard guard{mutex_};
  write_file("instances", record.instance.id, to_yaml(record));
  instances_[record.instance.id] = record;
}

void MockStore::erase_instance(const std::string& id) {
  std::lock_guard guard{mutex_};
  remove_file("instances", id);
  instances_.erase(id);
}

std::vector<Image> MockStore::images() const {
  std::lock_guard guard{mutex_};
  std::vector<Image> out;
  for (auto& [id, i] : images_) out.push_back(i);
  return out;
}

std::optional<Image> MockStore::image(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto i = images_.find(id);
  if (i == images_.end()) return std::nullopt;
  return i->second;
}

void MockStore::put_image(const Image& image) {
  std::lock_guard guard{mutex_};
  write_file("images", image.id, to_yaml(image));
  images_[image.id] = image;
}

void MockStore::erase_image(const std::string& id) {
  std::lock_guard guard{mutex_};
  remove_file("images", id);
  images_.erase(id);
}

std::vector<Key> MockStore::keys() const {
  std::lock_guard guard{mutex_};
  std::vector<Key> out;
  for (auto& [id, k] : keys_) out.push_back(k);
  return out;
}

std::optional<Key> MockStore::key(const std::string& id) const {
  std::lock_guard guard{mutex_};
  auto i = keys_.find(id);
  if (i == keys_.end()) return std::nullopt;
  return i->second;
}

void MockStore::put_key(const Key& key) {
  std::lock_guard guard{mutex_};
  write_file("keys", key.id, to_yaml(key));
  keys_[key.id] = key;
}

void MockStore::erase_key(const std::string& id) {
  std::lock_guard guard{mutex_};
  remove_file("keys", id);
  keys_.erase(id);
}

}  // namespace dc::drivers::mock
