#include "drivers/http/retry_after.hpp"

#include <algorithm>
#include <cstdlib>

namespace dc::http {

std::chrono::milliseconds retry_after(const Response& response) {
  auto text = response.header("retry-after");
  if (text.empty()) return std::chrono::milliseconds{0};
  char* end = nullptr;
  auto seconds = std::strtod(text.c_str(), &end);
  // NaN fails the comparison too.
  if (end == text.c_str() || !(seconds >= 0)) return std::chrono::milliseconds{0};
  return std::chrono::milliseconds{static_cast<long long>(std::min(seconds, 86400.0) * 1000)};
}

}  // namespace dc::http
