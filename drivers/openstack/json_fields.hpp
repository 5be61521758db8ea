#pragma once
// Reading the OpenStack services' JSON answers (simdjson DOM), field by field.

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace dc::drivers::openstack {

/// The text of `key` in `e`; empty when it is missing, null or not text.
inline std::string text_field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) == simdjson::SUCCESS ? std::string{v} : std::string{};
}

/// The whole number `key` in `e`; `fallback` when it is missing or not a whole number.
inline std::int64_t number_field(simdjson::dom::element e, const char* key,
                                 std::int64_t fallback = 0) {
  std::int64_t v;
  if (e[key].get(v) == simdjson::SUCCESS) return v;
  std::uint64_t u;
  return e[key].get(u) == simdjson::SUCCESS ? static_cast<std::int64_t>(u) : fallback;
}

}  // namespace dc::drivers::openstack
