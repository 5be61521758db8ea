#pragma once
// Base64 (RFC 4648) for Basic credentials and `user_data`.

#include <optional>
#include <string>
#include <string_view>

namespace dc::engine {

/// Decodes standard base64; surrounding whitespace and embedded newlines are ignored. Empty
/// when the text is not base64.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace dc::engine
