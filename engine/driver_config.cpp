#include "engine/driver_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace dc::engine {

const ProviderConfig* DriverConfig::provider(const std::string& id) const {
  for (auto& p : providers)
    if (p.id == id) return &p;
  return nullptr;
}

DriverConfig load_driver_config(const std::filesystem::path& file) {
  DriverConfig out;
  out.id = file.stem().string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw ConfigError(file.string() + ": " + e.what());
  }
  if (!root || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) throw ConfigError(file.string() + ": the top level must be a mapping");
  try {
    out.name = root["name"] ? root["name"].as<std::string>() : out.id;
    if (auto eps = root["entrypoints"]) {
      if (!eps.IsMap()) throw ConfigError(file.string() + ": entrypoints must be a mapping");
      std::map<std::string, ProviderConfig> by_provider;
      for (auto kind : eps) {
        auto kind_name = kind.first.as<std::string>();
        if (!kind.second.IsMap())
          throw ConfigError(file.string() + ": entrypoints." + kind_name + " must be a mapping");
        for (auto p : kind.second) {
          auto& provider = by_provider[p.first.as<std::string>()];
          provider.id = p.first.as<std::string>();
          provider.entrypoints.emplace_back(kind_name, p.second.as<std::string>());
        }
      }
      for (auto& [id, p] : by_provider) {
        std::sort(p.entrypoints.begin(), p.entrypoints.end());
        out.providers.push_back(std::move(p));
      }
    }
    if (auto opts = root["options"]) {
      if (!opts.IsMap()) throw ConfigError(file.string() + ": options must be a mapping");
      for (auto o : opts) out.options[o.first.as<std::string>()] = o.second.as<std::string>();
    }
    for (const char* label : {"username", "password"})
      if (root[label]) out.labels[label] = root[label].as<std::string>();
  } catch (const YAML::Exception& e) {
    throw ConfigError(file.string() + ": " + e.what());
  }
  return out;
}

std::map<std::string, DriverConfig> load_driver_configs(const std::filesystem::path& dir) {
  std::map<std::string, DriverConfig> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw ConfigError(dir.string() + ": driver configuration directory not found");
  for (auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    auto config = load_driver_config(entry.path());
    out.emplace(config.id, std::move(config));
  }
  return out;
}

}  // namespace dc::engine
