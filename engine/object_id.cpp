#include "engine/object_id.hpp"

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

}  // namespace dc::engine
