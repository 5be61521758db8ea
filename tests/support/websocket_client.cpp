#include "tests/support/websocket_client.hpp"

#include <unistd.h>

#include <random>
#include <stdexcept>

#include "tests/support/socket_io.hpp"

namespace dc::test {

int WebSocketMessage::close_code() const {
  if (opcode != close || payload.size() < 2) return 0;
  return (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
}

WebSocketClient::WebSocketClient(std::uint16_t port, const std::string& target, Headers headers) {
  fd_ = connect_to(port);
  headers.emplace_back("Upgrade", "websocket");
  headers.emplace_back("Connection", "Upgrade");
  headers.emplace_back("Sec-WebSocket-Key", sample_key);
  headers.emplace_back("Sec-WebSocket-Version", "13");
  send_all(fd_, build_request("GET", target, headers, {}, false));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  std::size_t body_start;
  while ((body_start = parse_head(raw_, status_, headers_)) == std::string::npos) {
    headers_.clear();
    if (!read_some(fd_, raw_, deadline)) throw std::runtime_error("closed before the head");
  }
  raw_.erase(0, body_start);
  if (status_ != 101) {
    refusal_ = std::move(raw_);
    raw_.clear();
    return;
  }
  auto connected = next(std::chrono::seconds{10});
  if (!connected || connected->payload != "{\"type\":\"connected\"}")
    throw std::runtime_error("the stream was not confirmed by a `connected` message");
}

WebSocketClient::~WebSocketClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<WebSocketMessage> WebSocketClient::parse_frame() {
  if (raw_.size() < 2) return std::nullopt;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(raw_[i]); };
  bool fin = byte(0) & 0x80;
  int opcode = byte(0) & 0x0f;
  if (byte(1) & 0x80) throw std::runtime_error("a server frame must not be masked");
  std::uint64_t length = byte(1) & 0x7f;
  std::size_t header = 2;
  if (length == 126 || length == 127) {
    std::size_t bytes = length == 126 ? 2 : 8;
    if (raw_.size() < 2 + bytes) return std::nullopt;
    length = 0;
    for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | byte(2 + i);
    header += bytes;
  }
  if (raw_.size() < header + length) return std::nullopt;
  WebSocketMessage frame{opcode, raw_.substr(header, static_cast<std::size_t>(length))};
  raw_.erase(0, header + static_cast<std::size_t>(length));
  if (opcode == 0 || !fin) {
    // A fragment: collect until the final one.
    if (opcode != 0) fragmented_opcode_ = opcode;
    fragments_ += frame.payload;
    if (!fin) return WebSocketMessage{-1, {}};
    frame = WebSocketMessage{fragmented_opcode_, std::move(fragments_)};
    fragments_.clear();
  }
  return frame;
}

std::optional<WebSocketMessage> WebSocketClient::next(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    while (auto frame = parse_frame()) {
      if (frame->opcode == WebSocketMessage::ping) {
        send(WebSocketMessage::pong, frame->payload);
        continue;
      }
      if (frame->opcode == -1 || frame->opcode == WebSocketMessage::pong) continue;
      return frame;
    }
    try {
      if (!read_some(fd_, raw_, deadline)) return std::nullopt;
    } catch (const std::runtime_error&) {
      return std::nullopt;  // timed out
    }
  }
}

void WebSocketClient::send(int opcode, const std::string& payload) {
  std::string frame;
  frame += static_cast<char>(0x80 | opcode);
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((payload.size() >> 8) & 0xff);
    frame += static_cast<char>(payload.size() & 0xff);
  }
  static std::mt19937 random{std::random_device{}()};
  char mask[4];
  for (auto& m : mask) m = static_cast<char>(random() & 0xff);
  frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i)
    frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  send_all(fd_, frame);
}

void WebSocketClient::close(int code) {
  std::string payload{static_cast<char>((code >> 8) & 0xff), static_cast<char>(code & 0xff)};
  send(WebSocketMessage::close, payload);
}

bool WebSocketClient::wait_for_hang_up(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    while (read_some(fd_, raw_, deadline)) raw_.clear();
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace dc::test
