#pragma once
// One reader for the `options:` of a driver's yaml (config/drivers/<id>.yaml), used by every
// driver: a value that is not what the option needs is refused with a ConfigError naming the
// file, the option and the accepted range, never read as 0 or silently replaced by a default.
// Drivers read their options through it when built, and the server checks every configured
// driver's options once at start-up (DriverEntry::check_options), so a typo stops the server
// instead of the first login.

#include <chrono>
#include <map>
#include <string>
#include <utility>

namespace dc::engine {

class DriverOptions {
 public:
  DriverOptions(std::string driver, std::map<std::string, std::string> options)
      : driver_(std::move(driver)), options_(std::move(options)) {}

  bool has(const std::string& name) const { return options_.count(name) != 0; }
  /// The text of `name`; `fallback` when it is missing or empty.
  std::string text(const std::string& name, const std::string& fallback = {}) const;
  /// A decimal number within [min, max].
  double number(const std::string& name, double fallback, double min, double max) const;
  /// A whole number within [min, max].
  long long integer(const std::string& name, long long fallback, long long min,
                    long long max) const;
  /// A duration written in (possibly fractional) seconds within [min, max] seconds.
  std::chrono::milliseconds seconds(const std::string& name, double fallback, double min,
                                    double max) const;
  /// A duration written in whole milliseconds within [min, max].
  std::chrono::milliseconds milliseconds(const std::string& name, long long fallback, long long min,
                                         long long max) const;
  /// `true` or `false`.
  bool flag(const std::string& name, bool fallback) const;
  /// Every option, for drivers that read families of names (`throttle.<class>.burst`).
  const std::map<std::string, std::string>& all() const { return options_; }

  /// Throws the ConfigError of an option whose value is not `expected` ("a number from 0 to 1").
  [[noreturn]] void refuse(const std::string& name, const std::string& expected) const;

 private:
  std::string driver_;
  std::map<std::string, std::string> options_;
};

}  // namespace dc::engine
