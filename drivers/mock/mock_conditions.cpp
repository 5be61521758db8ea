#include "drivers/mock/mock_conditions.hpp"

#include "engine/driver_limits.hpp"

namespace dc::drivers::mock {

MockConditions::MockConditions(const engine::DriverOptions& options, engine::WallTime now) {
  auto accounts = options.text("accounts", "mockuser:mockpassword");
  std::size_t start = 0;
  while (start <= accounts.size()) {
    auto end = accounts.find('\n', start);
    if (end == std::string::npos) end = accounts.size();
    auto line = accounts.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0)
      options.refuse("accounts", "a list of user:password items");
    accounts_.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  for (auto& [name, value] : options.all()) {
    if (name.rfind("throttle.", 0) != 0 || name.size() < 16 ||
        name.compare(name.size() - 6, 6, ".burst") != 0)
      continue;
    auto api_class = name.substr(9, name.size() - 9 - 6);
    auto burst = options.number(name, 0, 1, 1e9);
    auto rate = options.number("throttle." + api_class + ".per_second", 0, 0, 1e9);
    throttles_.emplace(api_class, engine::TokenBucket{burst, rate, now});
  }
  fault_rate_ = options.number("fault_rate", 0, 0, 1);
  boot_jitter_ = options.seconds("boot_jitter", 0, 0, 86400);
  random_.seed(
      static_cast<std::uint64_t>(options.integer("random_seed", 1, 0, 1'000'000'000'000'000)));
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
