#include "engine/driver_limits.hpp"

#include <algorithm>
#include <cmath>

namespace dc::engine {

std::chrono::milliseconds RetryPolicy::delay(int attempt, double unit_random) const {
  double base = static_cast<double>(initial.count()) * std::pow(2.0, std::max(0, attempt - 1));
  base = std::min(base, static_cast<double>(max.count()));
  auto ms = base / 2 + base / 2 * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds{static_cast<long long>(ms)};
}

}  // namespace dc::engine
