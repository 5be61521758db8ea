#include "engine/driver_options.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "engine/driver_config.hpp"

namespace dc::engine {

namespace {

std::string number_text(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%g", v);
  return out;
}

}  // namespace

std::string DriverOptions::text(const std::string& name, const std::string& fallback) const {
  auto i = options_.find(name);
  return i == options_.end() || i->second.empty() ? fallback : i->second;
}

double DriverOptions::number(const std::string& name, double fallback, double min,
                             double max) const {
  auto i = options_.find(name);
  if (i == options_.end()) return fallback;
  const auto& value = i->second;
  double v = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size() ||
      !std::isfinite(v) || v < min || v > max)
    refuse(name, "a number from " + number_text(min) + " to " + number_text(max));
  return v;
}

long long DriverOptions::integer(const std::string& name, long long fallback, long long min,
                                 long long max) const {
  auto i = options_.find(name);
  if (i == options_.end()) return fallback;
  const auto& value = i->second;
  long long v = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size() || v < min ||
      v > max)
    refuse(name, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return v;
}

std::chrono::milliseconds DriverOptions::seconds(const std::string& name, double fallback,
                                                 double min, double max) const {
  auto i = options_.find(name);
  double v = fallback;
  if (i != options_.end()) {
    try {
      v = number(name, fallback, min, max);
    } catch (const ConfigError&) {
      refuse(name, "a number of seconds from " + number_text(min) + " to " + number_text(max));
    }
  }
  return std::chrono::milliseconds{std::llround(v * 1000)};
}

std::chrono::milliseconds DriverOptions::milliseconds(const std::string& name, long long fallback,
                                                      long long min, long long max) const {
  if (!has(name)) return std::chrono::milliseconds{fallback};
  try {
    return std::chrono::milliseconds{integer(name, fallback, min, max)};
  } catch (const ConfigError&) {
    refuse(name, "a whole number of milliseconds from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
}

bool DriverOptions::flag(const std::string& name, bool fallback) const {
  auto i = options_.find(name);
  if (i == options_.end()) return fallback;
  if (i->second == "true") return true;
  if (i->second == "false") return false;
  refuse(name, "true or false");
}

void DriverOptions::refuse(const std::string& name, const std::string& expected) const {
  auto i = options_.find(name);
  std::string given = i == options_.end() ? std::string{} : i->second;
  throw ConfigError("drivers/" + driver_ + ".yaml: options." + name + " must be " + expected +
                    ", not '" + given + "'");
}

}  // namespace dc::engine
