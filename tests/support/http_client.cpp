#include "tests/support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "engine/base64.hpp"
#include "tests/support/socket_io.hpp"

namespace dc::test {

namespace {

/// Removes complete chunks from `raw` into `out`; true when the last chunk was seen.
bool dechunk(std::string& raw, std::string& out) {
  while (true) {
    auto eol = raw.find("\r\n");
    if (eol == std::string::npos) return false;
    auto size = std::stoul(raw.substr(0, eol), nullptr, 16);
    if (size == 0) return true;
    if (raw.size() < eol + 2 + size + 2) return false;
    out += raw.substr(eol + 2, size);
    raw.erase(0, eol + 2 + size + 2);
  }
}

/// Reads a response's head into `res`; answers the body bytes read along with it.
std::string read_head(int fd, Response& res, std::chrono::steady_clock::time_point deadline) {
  std::string raw;
  std::size_t body_start = std::string::npos;
  while ((body_start = parse_head(raw, res.status, res.headers)) == std::string::npos) {
    res.headers.clear();
    if (!read_some(fd, raw, deadline))
      throw std::runtime_error("connection closed before the head");
  }
  return raw.substr(body_start);
}

}  // namespace

std::string Response::header(const std::string& name) const {
  for (auto& [k, v] : headers)
    if (iequal(k, name)) return v;
  return {};
}

bool Response::has_header(const std::string& name) const {
  for (auto& [k, v] : headers)
    if (iequal(k, name)) return true;
  return false;
}

std::pair<std::string, std::string> basic_auth(const std::string& user,
                                               const std::string& password) {
  return {"Authorization", "Basic " + engine::base64_encode(user + ":" + password)};
}

std::pair<std::string, std::string> mock_auth() {
  return basic_auth("mockuser", "mockpassword");
}

Response http(std::uint16_t port, const std::string& method, const std::string& target,
              Headers headers, const std::string& body, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int fd = connect_to(port);
  Response res;
  try {
    send_all(fd, build_request(method, target, headers, body, true));
    std::string rest = read_head(fd, res, deadline);
    auto length = res.header("Content-Length");
    if (method == "HEAD" || res.status == 204 || res.status == 304) {
      // no body
    } else if (iequal(res.header("Transfer-Encoding"), "chunked")) {
      while (!dechunk(rest, res.body))
        if (!read_some(fd, rest, deadline)) break;
    } else if (!length.empty()) {
      auto n = std::stoul(length);
      while (rest.size() < n)
        if (!read_some(fd, rest, deadline)) break;
      res.body = rest.substr(0, n);
    } else {
      while (read_some(fd, rest, deadline)) {
      }
      res.body = rest;
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return res;
}

Response http_streamed(std::uint16_t port, const std::string& method, const std::string& target,
                       Headers headers, std::uint64_t body_size, const BodyFill& fill,
                       const BodyConsumer& consume, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int fd = connect_to(port);
  Response res;
  try {
    send_all(fd, build_request(method, target, headers, {}, true, body_size));
    std::vector<char> piece(256 * 1024);
    try {
      for (std::uint64_t offset = 0; offset < body_size;) {
        auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), body_size - offset));
        fill(offset, piece.data(), n);
        send_all(fd, std::string_view{piece.data(), n});
        offset += n;
      }
    } catch (const std::runtime_error&) {
      // The server stopped reading (an early answer such as 413): read what it said.
    }
    std::string rest = read_head(fd, res, deadline);
    if (method != "HEAD" && res.status != 204 && res.status != 304) {
      auto length = res.header("Content-Length");
      std::uint64_t left = length.empty() ? UINT64_MAX : std::stoull(length);
      while (left > 0) {
        auto n = std::min<std::uint64_t>(left, rest.size());
        if (n) consume(rest.data(), static_cast<std::size_t>(n));
        left -= n;
        rest.clear();
        if (left > 0 && !read_some(fd, rest, deadline)) break;
      }
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return res;
}

void send_and_hang_up(std::uint16_t port, const std::string& bytes,
                      const std::function<void()>& before_hang_up) {
  int fd = connect_to(port);
  try {
    send_all(fd, bytes);
    if (before_hang_up) before_hang_up();
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int fd = connect_to(port);
  std::string out;
  try {
    send_all(fd, bytes);
    while (read_some(fd, out, deadline)) {
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return out;
}

EventStreamClient::EventStreamClient(std::uint16_t port, const std::string& target,
                                     Headers headers) {
  fd_ = connect_to(port);
  headers.emplace_back("Accept", "text/event-stream");
  send_all(fd_, build_request("GET", target, headers, {}, false));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  std::size_t body_start;
  while ((body_start = parse_head(raw_, status_, headers_)) == std::string::npos) {
    headers_.clear();
    if (!read_some(fd_, raw_, deadline)) throw std::runtime_error("stream closed before the head");
  }
  raw_.erase(0, body_start);
  if (status_ == 200) {
    // `: connected` means the subscription is registered: events caused after it are delivered.
    dechunk(raw_, decoded_);
    while (decoded_.find(": connected\n") == std::string::npos) {
      if (!fill(deadline)) throw std::runtime_error("stream not confirmed by ': connected'");
    }
    decoded_.erase(0, decoded_.find(": connected\n") + 13);
  } else {
    // Error answers are ordinary documents: keep the body readable through decoded_.
    decoded_ = raw_;
    raw_.clear();
  }
}

EventStreamClient::~EventStreamClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool EventStreamClient::fill(std::chrono::steady_clock::time_point deadline) {
  try {
    if (!read_some(fd_, raw_, deadline)) return false;
  } catch (const std::runtime_error&) {
    return false;
  }
  dechunk(raw_, decoded_);
  return true;
}

std::optional<StreamEvent> EventStreamClient::next(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  dechunk(raw_, decoded_);
  while (true) {
    auto end = decoded_.find("\n\n");
    while (end != std::string::npos) {
      auto block = decoded_.substr(0, end);
      decoded_.erase(0, end + 2);
      StreamEvent e;
      bool any = false;
      std::size_t pos = 0;
      while (pos <= block.size()) {
        auto eol = block.find('\n', pos);
        auto line = block.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        pos = eol == std::string::npos ? block.size() + 1 : eol + 1;
        if (line.empty() || line[0] == ':') continue;
        auto colon = line.find(':');
        auto field = line.substr(0, colon);
        auto value = colon == std::string::npos ? std::string{} : line.substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.erase(0, 1);
        if (field == "id")
          e.id = value, any = true;
        else if (field == "event")
          e.event = value, any = true;
        else if (field == "data")
          e.data += value, any = true;
      }
      if (any && !(e.id.empty() && e.event.empty() && e.data.empty())) return e;
      end = decoded_.find("\n\n");
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    if (!fill(deadline)) return std::nullopt;
  }
}

}  // namespace dc::test
