#include "engine/object_id.hpp"

#include <cctype>

namespace dc::engine {

bool is_safe_object_id(std::string_view id) {
  if (id.empty() || id.size() > max_object_id_bytes) return false;
  if (id.find("..") != std::string_view::npos) return false;
  if (id == ".") return false;
  for (unsigned char c : id) {
    if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool is_plain_name(std::string_view name) {
  if (!is_safe_object_id(name)) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

}  // namespace dc::engine
