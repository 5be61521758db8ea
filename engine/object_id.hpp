#pragma once
// Ids arrive from users; they may name files in a driver's data directory. This is the one check
// an id passes before it comes near a path.

#include <string_view>

namespace dc::engine {

/// Longest id accepted, in bytes.
inline constexpr std::size_t max_object_id_bytes = 255;

/// True when `id` is safe as one path component: non-empty, at most 255 bytes, no `/`, `\`, NUL
/// or control characters, and not `.`/`..` nor containing `..`.
bool is_safe_object_id(std::string_view id);

/// True when a user-chosen name can serve as an id everywhere, in paths and in URLs without
/// escaping: letters, digits, `.`, `_`, `-`; at most 255 bytes; not `.`/`..`.
bool is_plain_name(std::string_view name);

}  // namespace dc::engine
