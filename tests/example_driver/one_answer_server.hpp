#pragma once
// A Foo API for one request: listens on an ephemeral loopback port, answers the first request
// with a fixed status and JSON body, and keeps what it was sent. It reads a body by its
// `Content-Length` spelt as libcurl spells it, and no chunked bodies: enough for Foo's client.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <future>
#include <string>
#include <thread>

namespace dc::test {

class OneAnswerServer {
 public:
  /// `headers`: more header lines for the answer, each ending in CRLF.
  OneAnswerServer(std::string status, std::string body, std::string headers = {}) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(listener_, 1) == 0);
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    auto answer = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\nConnection: close\r\n" + headers + "\r\n" +
                  body;
    server_ = std::thread{[this, answer] { serve(answer); }};
  }
  ~OneAnswerServer() {
    ::shutdown(listener_, SHUT_RDWR);  // ends an accept still waiting
    server_.join();
    ::close(listener_);
  }
  OneAnswerServer(const OneAnswerServer&) = delete;
  OneAnswerServer& operator=(const OneAnswerServer&) = delete;

  std::uint16_t port() const { return port_; }
  /// The request as received (head and body); waits up to 30 s for it.
  std::string request() {
    auto got = received_.get_future();
    REQUIRE(got.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
    return got.get();
  }

 private:
  void serve(const std::string& answer) {
    int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) return received_.set_value({});
    std::string request;
    char buffer[4096];
    // The head, then as many body bytes as it announces.
    while (true) {
      auto end = request.find("\r\n\r\n");
      if (end != std::string::npos) {
        auto at = request.find("Content-Length: ");
        std::size_t length =
            at == std::string::npos || at > end ? 0 : std::stoul(request.substr(at + 16));
        if (request.size() >= end + 4 + length) break;
      }
      auto n = ::recv(connection, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      request.append(buffer, static_cast<std::size_t>(n));
    }
    std::size_t sent = 0;
    while (sent < answer.size()) {
      auto n = ::send(connection, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::close(connection);
    received_.set_value(std::move(request));
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::promise<std::string> received_;
  std::thread server_;
};

/// A loopback port bound but never listened on: connections to it are refused.
class BoundSocket {
 public:
  BoundSocket() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~BoundSocket() { ::close(fd_); }
  BoundSocket(const BoundSocket&) = delete;
  BoundSocket& operator=(const BoundSocket&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace dc::test
