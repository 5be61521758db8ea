#include "engine/hardware_profile.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace dc::engine {

namespace {

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(out))
    return std::nullopt;
  return out;
}

bool same_value(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto x = parse_number(a), y = parse_number(b);
  return x && y && *x == *y;
}

}  // namespace

const char* kind_name(PropertyKind kind) {
  switch (kind) {
    case PropertyKind::fixed:
      return "fixed";
    case PropertyKind::range:
      return "range";
    case PropertyKind::enumeration:
      return "enum";
  }
  return "fixed";
}

std::string HardwareProperty::unit() const {
  if (name == "cpu") return "count";
  if (name == "memory") return "MB";
  if (name == "storage") return "GB";
  if (name == "architecture") return "label";
  return "";
}

bool HardwareProperty::admits(const std::string& requested) const {
  switch (kind) {
    case PropertyKind::fixed:
      return same_value(requested, value);
    case PropertyKind::enumeration:
      return std::any_of(values.begin(), values.end(),
                         [&](const std::string& v) { return same_value(requested, v); });
    case PropertyKind::range: {
      auto v = parse_number(requested), lo = parse_number(first), hi = parse_number(last);
      return v && lo && hi && *v >= *lo && *v <= *hi;
    }
  }
  return false;
}

HardwareProperty fixed_property(std::string name, std::string value) {
  HardwareProperty p;
  p.name = std::move(name);
  p.kind = PropertyKind::fixed;
  p.value = std::move(value);
  return p;
}

HardwareProperty range_property(std::string name, std::string first, std::string last,
                                std::optional<std::string> default_value) {
  HardwareProperty p;
  p.name = std::move(name);
  p.kind = PropertyKind::range;
  p.value = default_value.value_or(first);
  p.first = std::move(first);
  p.last = std::move(last);
  return p;
}

HardwareProperty enum_property(std::string name, std::vector<std::string> values,
                               std::optional<std::string> default_value) {
  HardwareProperty p;
  p.name = std::move(name);
  p.kind = PropertyKind::enumeration;
  p.value = default_value.value_or(values.empty() ? std::string{} : values.front());
  p.values = std::move(values);
  return p;
}

const HardwareProperty* HardwareProfile::property(const std::string& prop) const {
  for (auto& p : properties)
    if (p.name == prop) return &p;
  return nullptr;
}

std::optional<Error> HardwareProfile::validate(const std::string& prop,
                                               const std::string& value) const {
  if (is_opaque()) return std::nullopt;  // the provider decides what it accepts
  auto p = property(prop);
  if (!p)
    return make_error(ErrorKind::validation,
                      "Hardware profile '" + id + "' has no property '" + prop + "'");
  if (!p->admits(value)) {
    std::string allowed;
    switch (p->kind) {
      case PropertyKind::fixed:
        allowed = p->value;
        break;
      case PropertyKind::range:
        allowed = p->first + ".." + p->last;
        break;
      case PropertyKind::enumeration:
        for (auto& v : p->values) allowed += (allowed.empty() ? "" : ", ") + v;
        break;
    }
    return make_error(ErrorKind::validation, "Value '" + value + "' of hwp_" + prop +
                                                 " is not allowed by hardware profile '" + id +
                                                 "' (allowed: " + allowed + ")");
  }
  return std::nullopt;
}

std::vector<HardwareProfile> api_order(std::vector<HardwareProfile> profiles) {
  auto key = [](const HardwareProfile& p, const char* name) {
    auto prop = p.property(name);
    auto v = prop ? parse_number(prop->value) : std::nullopt;
    return v.value_or(0);
  };
  auto sized = [](const HardwareProfile& p) { return p.property("cpu") && p.property("memory"); };
  std::stable_partition(profiles.begin(), profiles.end(), sized);
  auto mid = std::find_if_not(profiles.begin(), profiles.end(), sized);
  std::stable_sort(profiles.begin(), mid, [&](const HardwareProfile& a, const HardwareProfile& b) {
    auto ka = std::make_pair(key(a, "cpu"), key(a, "memory"));
    auto kb = std::make_pair(key(b, "cpu"), key(b, "memory"));
    return ka < kb;
  });
  return profiles;
}

std::string format_number(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

}  // namespace dc::engine
