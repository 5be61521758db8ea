#include "drivers/mock/mock_conditions.hpp"

#include <cstdio>
#include <stdexcept>

#include "engine/driver_limits.hpp"

namespace dc::drivers::mock {

double number_option(const std::map<std::string, std::string>& options, const std::string& name,
                     double fallback, double min, double max) {
  auto i = options.find(name);
  if (i == options.end()) return fallback;
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(i->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != i->second.size() || v < min || v > max) {
    char range[64];
    std::snprintf(range, sizeof range, "from %g to %g", min, max);
    throw std::invalid_argument("mock option '" + name + "' must be a number " + range + ", not '" +
                                i->second + "'");
  }
  return v;
}

MockConditions::MockConditions(const std::map<std::string, std::string>& options,
                               engine::WallTime now) {
  std::string accounts = "mockuser:mockpassword";
  if (auto i = options.find("accounts"); i != options.end()) accounts = i->second;
  std::size_t start = 0;
  while (start <= accounts.size()) {
    auto end = accounts.find('\n', start);
    if (end == std::string::npos) end = accounts.size();
    auto line = accounts.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0)
      throw std::invalid_argument("mock option 'accounts': each item must be user:password");
    accounts_.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  for (auto& [name, value] : options) {
    if (name.rfind("throttle.", 0) != 0 || name.size() < 16 ||
        name.compare(name.size() - 6, 6, ".burst") != 0)
      continue;
    auto api_class = name.substr(9, name.size() - 9 - 6);
    auto burst = number_option(options, name, 0, 1, 1e9);
    auto rate = number_option(options, "throttle." + api_class + ".per_second", 0, 0, 1e9);
    throttles_.emplace(api_class, engine::TokenBucket{burst, rate, now});
  }
  fault_rate_ = number_option(options, "fault_rate", 0, 0, 1);
  boot_jitter_ = std::chrono::milliseconds{
      static_cast<long long>(number_option(options, "boot_jitter", 0, 0, 86400) * 1000)};
  random_.seed(static_cast<std::uint64_t>(number_option(options, "random_seed", 1, 0, 1e15)));
}

bool MockConditions::authentic(const engine::Credentials& who) const {
  for (auto& [user, password] : accounts_)
    if (who.user == user && who.password == password) return true;
  return false;
}

std::optional<engine::Error> MockConditions::refuse_read(engine::WallTime now) {
  if (auto throttled = admit(engine::describe_calls, now)) return throttled;
  if (fault() != Fault::none) return fault_error();
  return std::nullopt;
}

std::optional<engine::Error> MockConditions::admit(const std::string& api_class,
                                                   engine::WallTime now) {
  auto i = throttles_.find(api_class);
  if (i == throttles_.end() || i->second.try_take(now)) return std::nullopt;
  auto error = engine::make_error(engine::ErrorKind::throttled, "Request limit exceeded.");
  error.code = "RequestLimitExceeded";
  error.retry_after = i->second.wait(now);
  return error;
}

MockConditions::Fault MockConditions::fault() {
  if (fault_rate_ <= 0) return Fault::none;
  auto draw = std::uniform_real_distribution<double>{0, 1}(random_);
  if (draw >= fault_rate_) return Fault::none;
  // Half of the faults strike after the work is done: the caller cannot tell them apart.
  return draw < fault_rate_ / 2 ? Fault::before : Fault::after;
}

engine::Error MockConditions::fault_error() {
  auto error = engine::make_error(engine::ErrorKind::unavailable,
                                  "The mock cloud is unavailable (injected fault)");
  error.code = "ServiceUnavailable";
  return error;
}

std::chrono::milliseconds MockConditions::boot_jitter() {
  if (boot_jitter_.count() <= 0) return std::chrono::milliseconds{0};
  return std::chrono::milliseconds{
      std::uniform_int_distribution<long long>{0, boot_jitter_.count()}(random_)};
}

}  // namespace dc::drivers::mock
