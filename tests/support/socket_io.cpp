#include "tests/support/socket_io.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace dc::test {

bool iequal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int connect_to(std::uint16_t port) {
  return connect_from(nullptr, port);
}

int connect_from(const char* source, std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  if (source) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, source, &local.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      ::close(fd);
      throw std::runtime_error(std::string{"cannot bind to "} + source);
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

void send_all(int fd, std::string_view bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

/// Reads more bytes into `into`; false on EOF, throws on timeout.
bool read_some(int fd, std::string& into, std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) throw std::runtime_error("timed out waiting for the server");
  pollfd p{fd, POLLIN, 0};
  int r = ::poll(&p, 1, static_cast<int>(left.count()));
  if (r == 0) throw std::runtime_error("timed out waiting for the server");
  if (r < 0) throw std::runtime_error("poll failed");
  char buf[16384];
  auto n = ::recv(fd, buf, sizeof buf, 0);
  if (n <= 0) return false;
  into.append(buf, static_cast<std::size_t>(n));
  return true;
}

/// The request's bytes; `body_length` announces a body sent separately instead of `body`.
std::string build_request(const std::string& method, const std::string& target,
                          const Headers& headers, const std::string& body, bool close,
                          std::optional<std::uint64_t> body_length) {
  std::string req = method + " " + target + " HTTP/1.1\r\n";
  bool has_host = false;
  for (auto& [k, v] : headers) {
    has_host |= iequal(k, "Host");
    req += k + ": " + v + "\r\n";
  }
  if (!has_host) req += "Host: localhost\r\n";
  if (body_length || !body.empty() || method == "POST" || method == "PUT")
    req += "Content-Length: " + std::to_string(body_length.value_or(body.size())) + "\r\n";
  if (close) req += "Connection: close\r\n";
  return req + "\r\n" + body;
}

/// Parses a status line + headers from `raw` ending at the blank line.
std::size_t parse_head(const std::string& raw, int& status, Headers& headers) {
  auto end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return std::string::npos;
  auto first_eol = raw.find("\r\n");
  auto status_line = raw.substr(0, first_eol);
  auto sp = status_line.find(' ');
  status = std::stoi(status_line.substr(sp + 1, 3));
  std::size_t pos = first_eol + 2;
  while (pos < end) {
    auto eol = raw.find("\r\n", pos);
    auto line = raw.substr(pos, eol - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      headers.emplace_back(line.substr(0, colon), value);
    }
    pos = eol + 2;
  }
  return end + 4;
}

}  // namespace dc::test
