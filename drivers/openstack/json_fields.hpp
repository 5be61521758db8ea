#pragma once
// Reading the OpenStack services' JSON answers (simdjson DOM), field by field.

#include <simdjson.h>

#include <string>
#include <string_view>

namespace dc::drivers::openstack {

/// The text of `key` in `e`; empty when it is missing, null or not text.
inline std::string text_field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) == simdjson::SUCCESS ? std::string{v} : std::string{};
}

}  // namespace dc::drivers::openstack
