#pragma once
// MD5 (RFC 1321) from OpenSSL, only for ETags: the original server's ETag is the MD5 hex digest
// of the body.

#include <string>
#include <string_view>

namespace dc::api {

/// Lower-case hex MD5 digest of `data`.
std::string md5_hex(std::string_view data);

}  // namespace dc::api
