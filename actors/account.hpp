#pragma once
// Who a request acts for: a driver, a provider of it, and the client's credentials. One driver
// actor serves each distinct account.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "engine/driver.hpp"

namespace dc::actors {

struct Account {
  std::string driver;
  std::string provider;  // empty = the driver's default
  engine::Credentials credentials;
  /// The address of the client asking, for limits per client; empty for the operator's own
  /// (tracked accounts). Not part of who the account is.
  std::string client = {};
};

/// Identifies a driver actor. The password enters only as a hash, so that different passwords
/// for one user never share an actor, and the key itself holds no secret.
struct AccountKey {
  std::string driver;
  std::string provider;
  std::string user;
  std::size_t password_hash = 0;

  static AccountKey of(const Account& account) {
    return AccountKey{account.driver, account.provider, account.credentials.user,
                      std::hash<std::string>{}(account.credentials.password)};
  }
  bool operator==(const AccountKey&) const = default;
};

struct AccountKeyHash {
  std::size_t operator()(const AccountKey& k) const {
    auto h = std::hash<std::string>{};
    return h(k.driver) ^ (h(k.provider) << 1) ^ (h(k.user) << 2) ^ (k.password_hash << 3);
  }
};

/// Counters of one account, for status and benchmarks.
struct AccountStats {
  std::size_t tracked = 0;
  std::size_t transient = 0;
  std::uint64_t provider_calls = 0;
  std::uint64_t describe_calls = 0;
  std::uint64_t retries = 0;
  std::uint64_t poll_cycles = 0;
  /// Cycles answered by the provider's report of changes (one call for all instances in transit).
  std::uint64_t change_reports = 0;
  std::size_t queued_calls = 0;
};

}  // namespace dc::actors
