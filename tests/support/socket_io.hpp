#pragma once
// Blocking loopback socket helpers shared by the test clients (HTTP, event streams, WebSocket).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tests/support/http_client.hpp"

namespace dc::test {

/// Case-insensitive ASCII comparison.
bool iequal(const std::string& a, const std::string& b);
/// A connected socket to 127.0.0.1:port (throws when refused).
int connect_to(std::uint16_t port);
/// The same from another loopback address (`127.0.0.2`): a second client machine.
int connect_from(const char* source, std::uint16_t port);
/// Sends every byte (throws when the connection is gone).
void send_all(int fd, std::string_view bytes);
/// Reads more bytes into `into`; false on EOF, throws on timeout.
bool read_some(int fd, std::string& into, std::chrono::steady_clock::time_point deadline);
/// The request's bytes; `body_length` announces a body sent separately instead of `body`.
std::string build_request(const std::string& method, const std::string& target,
                          const Headers& headers, const std::string& body, bool close,
                          std::optional<std::uint64_t> body_length = std::nullopt);
/// Parses a status line + headers from `raw` ending at the blank line; answers where the body
/// starts, or npos while the head is incomplete.
std::size_t parse_head(const std::string& raw, int& status, Headers& headers);

}  // namespace dc::test
