#pragma once
// Hardware profiles: named sets of properties (cpu, memory, storage, architecture), each fixed,
// a range or an enumeration, with a unit and a default. Requested `hwp_<property>` values are
// validated against them.

#include <optional>
#include <string>
#include <vector>

#include "engine/error.hpp"

namespace dc::engine {

enum class PropertyKind { fixed, range, enumeration };

/// `fixed`, `range`, `enum` (the API's spelling).
const char* kind_name(PropertyKind kind);

/// One property of a profile. Values are kept as the decimal text the API prints (`1740.8`).
struct HardwareProperty {
  std::string name;  // cpu, memory, storage, architecture
  PropertyKind kind = PropertyKind::fixed;
  std::string value;                // the fixed value, or the default of a range/enum
  std::string first, last;          // range bounds
  std::vector<std::string> values;  // enum entries

  /// count, MB, GB, label; empty for properties without a unit.
  std::string unit() const;
  /// True when `requested` is a value this property admits.
  bool admits(const std::string& requested) const;
};

HardwareProperty fixed_property(std::string name, std::string value);
HardwareProperty range_property(std::string name, std::string first, std::string last,
                                std::optional<std::string> default_value = std::nullopt);
HardwareProperty enum_property(std::string name, std::vector<std::string> values,
                               std::optional<std::string> default_value = std::nullopt);

/// A named hardware profile. One without properties is `opaque`: the provider decides.
struct HardwareProfile {
  std::string id;
  std::string name;
  std::vector<HardwareProperty> properties;

  bool is_opaque() const { return properties.empty(); }
  const HardwareProperty* property(const std::string& name) const;
  /// Validates a requested override of property `name` (400 when unknown or out of range).
  std::optional<Error> validate(const std::string& name, const std::string& value) const;
};

/// Orders profiles as the API lists them: by (default cpu, default memory) for profiles that
/// have both, then the others in their original order.
std::vector<HardwareProfile> api_order(std::vector<HardwareProfile> profiles);

/// Formats a number as the original server printed it: integers without decimals, `1740.8`.
std::string format_number(double value);

}  // namespace dc::engine
