#pragma once
// A small blocking HTTP/1.1 client over loopback for tests: one connection per request, every
// read bounded by a deadline. Also reads event streams event by event.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dc::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
  /// First value of a header (case-insensitive), or empty.
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
};

/// `Authorization: Basic ...` for user:password.
std::pair<std::string, std::string> basic_auth(const std::string& user,
                                               const std::string& password);
/// The mock cloud's valid credentials.
std::pair<std::string, std::string> mock_auth();

/// Sends one request to 127.0.0.1:port and reads the whole answer (throws on timeout).
Response http(std::uint16_t port, const std::string& method, const std::string& target,
              Headers headers = {}, const std::string& body = {},
              std::chrono::milliseconds timeout = std::chrono::seconds{10});

/// Fills `size` bytes of a request body that starts at `offset`.
using BodyFill = std::function<void(std::uint64_t offset, char* out, std::size_t size)>;
/// Receives the next bytes of a response body.
using BodyConsumer = std::function<void(const char* data, std::size_t size)>;

/// Like http(), but the request body (`body_size` bytes) is produced piece by piece and the
/// response body is handed to `consume` as it arrives (Response::body stays empty): neither is
/// ever held whole. A server that answers before taking the whole body is answered in full.
Response http_streamed(std::uint16_t port, const std::string& method, const std::string& target,
                       Headers headers, std::uint64_t body_size, const BodyFill& fill,
                       const BodyConsumer& consume,
                       std::chrono::milliseconds timeout = std::chrono::seconds{60});

/// Connects, sends `bytes`, calls `before_hang_up` (if any), and hangs up without reading: a
/// client that goes away mid-request.
void send_and_hang_up(std::uint16_t port, const std::string& bytes,
                      const std::function<void()>& before_hang_up = {});

/// Sends raw bytes and returns whatever the server answers until it closes (or timeout).
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds{10});

struct StreamEvent {
  std::string id;
  std::string event;  // empty for plain messages
  std::string data;
};

/// An open text/event-stream connection.
class EventStreamClient {
 public:
  EventStreamClient(std::uint16_t port, const std::string& target, Headers headers);
  ~EventStreamClient();
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;

  int status() const { return status_; }
  const Headers& headers() const { return headers_; }
  /// The next event (comments skipped), or nothing when `timeout` passes first.
  std::optional<StreamEvent> next(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  int status_ = 0;
  Headers headers_;
  std::string raw_;      // bytes read, still chunk-encoded
  std::string decoded_;  // de-chunked stream text not yet parsed into events
};

}  // namespace dc::test
