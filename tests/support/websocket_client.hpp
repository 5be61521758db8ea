#pragma once
// A small blocking WebSocket client (RFC 6455) for tests, written from the RFC rather than with
// the server's library, so that the two check each other. Every read is bounded by a deadline.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "tests/support/http_client.hpp"

namespace dc::test {

struct WebSocketMessage {
  enum Opcode : int { text = 1, binary = 2, close = 8, ping = 9, pong = 10 };
  int opcode = 0;
  std::string payload;
  /// A close message's status code (0 when it carries none).
  int close_code() const;
};

class WebSocketClient {
 public:
  /// The key of RFC 6455's own example, and the accept value the RFC gives for it.
  static constexpr const char* sample_key = "dGhlIHNhbXBsZSBub25jZQ==";
  static constexpr const char* sample_accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

  /// Asks for the upgrade. On 101 also waits for the server's `connected` message, so that
  /// whatever happens afterwards reaches this client.
  WebSocketClient(std::uint16_t port, const std::string& target, Headers headers);
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  int status() const { return status_; }
  const Headers& headers() const { return headers_; }
  /// The body of a refused upgrade (whatever arrived with the head).
  const std::string& refusal() const { return refusal_; }

  /// The next text, binary or close message (pings are answered on the way), or nothing when
  /// the timeout passes or the connection ends first.
  std::optional<WebSocketMessage> next(std::chrono::milliseconds timeout);
  /// Sends a masked frame, as a client must.
  void send(int opcode, const std::string& payload);
  /// Sends a close frame with `code`.
  void close(int code = 1000);
  /// Waits for the server to end the TCP connection; false when the timeout passes first.
  bool wait_for_hang_up(std::chrono::milliseconds timeout);

 private:
  std::optional<WebSocketMessage> parse_frame();
  int fd_ = -1;
  int status_ = 0;
  Headers headers_;
  std::string refusal_;
  std::string raw_;  // bytes read, not yet parsed into frames
  std::string fragments_;
  int fragmented_opcode_ = 0;
};

}  // namespace dc::test
