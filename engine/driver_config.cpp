#include "engine/driver_config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace dc::engine {

const ProviderConfig* DriverConfig::provider(const std::string& id) const {
  for (auto& p : providers)
    if (p.id == id) return &p;
  return nullptr;
}

namespace {

/// Adds `node` under `name`: scalars as they are, maps as dotted names, lists one item per line.
void flatten_option(const std::string& name, const YAML::Node& node,
                    std::map<std::string, std::string>& into) {
  if (node.IsMap()) {
    for (auto entry : node)
      flatten_option(name + "." + entry.first.as<std::string>(), entry.second, into);
  } else if (node.IsSequence()) {
    std::string lines;
    for (auto item : node) {
      if (!item.IsScalar()) throw ConfigError("options." + name + ": list items must be scalars");
      lines += (lines.empty() ? "" : "\n") + item.as<std::string>();
    }
    into[name] = lines;
  } else if (node.IsNull()) {
    into[name] = "";
  } else {
    into[name] = node.as<std::string>();
  }
}

template <class T>
T positive(const YAML::Node& node, const std::string& what) {
  if (!node || !node.IsScalar()) throw ConfigError("limits." + what + " must be given, a number");
  T v{};
  try {
    v = node.as<T>();
  } catch (const YAML::Exception&) {
    throw ConfigError("limits." + what + " must be a number, not '" + node.Scalar() + "'");
  }
  if (!(v > 0)) throw ConfigError("limits." + what + " must be greater than 0");
  return v;
}

/// A duration in milliseconds, more than 0 and at most a day: time arithmetic on the clock's
/// nanoseconds must not overflow, and no call needs longer.
std::chrono::milliseconds duration_ms(const YAML::Node& node, const std::string& what) {
  auto ms = positive<long long>(node, what);
  if (ms > 86'400'000)
    throw ConfigError("limits." + what + " must be at most 86400000 (a day), not '" +
                      node.Scalar() + "'");
  return std::chrono::milliseconds{ms};
}

DriverLimits load_limits(const YAML::Node& node) {
  DriverLimits out;
  if (!node.IsMap()) throw ConfigError("limits must be a mapping");
  if (node["concurrency"])
    out.concurrency = positive<std::size_t>(node["concurrency"], "concurrency");
  if (node["page_size"]) out.page_size = positive<std::size_t>(node["page_size"], "page_size");
  if (auto rates = node["rates"]) {
    if (!rates.IsMap()) throw ConfigError("limits.rates must be a mapping");
    for (auto r : rates) {
      auto name = r.first.as<std::string>();
      RateLimit limit;
      limit.burst = positive<double>(r.second["burst"], "rates." + name + ".burst");
      limit.per_second = positive<double>(r.second["per_second"], "rates." + name + ".per_second");
      out.rates[name] = limit;
    }
  }
  if (auto retry = node["retry"]) {
    if (retry["attempts"]) out.retry.attempts = positive<int>(retry["attempts"], "retry.attempts");
    if (retry["initial_ms"])
      out.retry.initial = duration_ms(retry["initial_ms"], "retry.initial_ms");
    if (retry["max_ms"]) out.retry.max = duration_ms(retry["max_ms"], "retry.max_ms");
    if (retry["deadline_ms"])
      out.retry.deadline = duration_ms(retry["deadline_ms"], "retry.deadline_ms");
  }
  return out;
}

}  // namespace

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
      for (auto o : opts) flatten_option(o.first.as<std::string>(), o.second, out.options);
    }
    if (auto limits = root["limits"]) out.limits = load_limits(limits);
    for (const char* label : {"username", "password"})
      if (root[label]) out.labels[label] = root[label].as<std::string>();
  } catch (const YAML::Exception& e) {
    throw ConfigError(file.string() + ": " + e.what());
  } catch (const ConfigError& e) {
    std::string what = e.what();
    if (what.rfind(file.string(), 0) == 0) throw;  // names the file already
    throw ConfigError(file.string() + ": " + what);
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
