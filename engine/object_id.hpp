#pragma once
// Ids arrive from users; they may name files in a driver's data directory. This is the one check
// an id passes before it comes near a path.

#include <string_view>

namespace dc::engine {

/// Longest id accepted, in bytes. File names hold 255 bytes; an id must leave room for what is
/// added to it (a blob's file is `<bucket>~<id>.yml`, its bytes `<bucket>~<id>.<16 hex>`).
inline constexpr std::size_t max_object_id_bytes = 128;

/// True when `id` is safe as one path component: non-empty, at most 128 bytes, no `/`, `\`, NUL
/// or control characters, and not `.`/`..` nor containing `..`.
bool is_safe_object_id(std::string_view id);

/// True when a user-chosen name can serve as an id everywhere, in paths and in URLs without
/// escaping: letters, digits, `.`, `_`, `-`; at most 128 bytes; not `.`/`..`.
bool is_plain_name(std::string_view name);

}  // namespace dc::engine
