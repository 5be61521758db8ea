#pragma once
// Text as one piece of a URL: drivers put names and ids from clients into provider paths and
// query values through this, so that no `/`, `?`, `&` or `#` of theirs changes what is asked.

#include <string>
#include <string_view>

namespace dc::http {

/// Every byte but the unreserved ones (letters, digits, `-`, `_`, `.`, `~`) as `%XX`.
std::string percent_encode(std::string_view text);

}  // namespace dc::http
