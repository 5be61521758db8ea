#pragma once
// Plain HTTP request/response values passed between the Beast server and the API handlers, so
// that only the HTTP server's files (http_server, http_session*) pay for Beast.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/cancellation.hpp"
#include "engine/file_handle.hpp"

namespace dc::api {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// Case-insensitive ASCII comparison of header names.
bool iequals(std::string_view a, std::string_view b);
/// Header text without surrounding whitespace.
std::string_view trim(std::string_view text);
/// ASCII lower case.
std::string to_lower(std::string_view text);

/// Receives a request body as it arrives, so that uploads are never held in memory. Called from
/// one I/O thread, in order.
class BodySink {
 public:
  virtual ~BodySink() = default;
  /// The next bytes of the body. A sink that cannot use them (full disk, malformed multipart)
  /// keeps accepting and discarding them, and reports why when the request is handled.
  virtual void write(const char* data, std::size_t size) = 0;
  /// The whole body has arrived.
  virtual void finish() = 0;
};

struct HttpRequest {
  std::string method;  // as sent: GET, POST, ...
  std::string target;  // raw request target: path, matrix parameters, query
  HeaderList headers;
  std::string body;
  /// When set, the body went to this sink instead of `body`.
  std::shared_ptr<BodySink> body_sink;
  /// The body exceeded the configured cap and was not read; answer 413.
  bool body_too_large = false;
  /// Fires when nobody wants the answer any more: the client hung up, or the request timed
  /// out. Long work (a wait) listens to it to end early. Set by the HTTP server; may be null.
  engine::CancellationPtr cancellation;
  /// The client's IP address, as the server counts its connections (empty: unknown).
  std::string client_address;

  /// First value of a header, by case-insensitive name.
  const std::string* header(std::string_view name) const;
  /// A GET asking to switch the connection to a WebSocket (`Upgrade: websocket`).
  bool wants_websocket() const;
};

/// Whether a comma-separated header value lists `token` (case-insensitive).
bool lists_token(std::string_view value, std::string_view token);

/// Receives the chunks of a streamed response body; thread-safe.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  /// Queues chunks, in order, all or none (several at a time go out in one write); false when
  /// the stream is closed or its queue has no room for them all.
  virtual bool write(std::vector<std::shared_ptr<const std::string>> chunks) = 0;
  /// Ends the stream after everything queued, then `farewell` (if any).
  virtual void close(std::shared_ptr<const std::string> farewell = nullptr) = 0;
};

/// A streamed response body (the event stream): started once the head is written, stopped when
/// the connection ends.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  virtual void start(std::shared_ptr<StreamWriter> writer) = 0;
  virtual void stop() = 0;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  /// When set, `body` is ignored and the source streams the body (chunked).
  std::shared_ptr<StreamSource> stream;
  /// With `stream`, answering a request that wants_websocket(): the connection becomes a
  /// WebSocket (RFC 6455) and each chunk is sent as one text message. The status is the
  /// handshake's 101; the headers are added to it.
  bool websocket = false;
  /// When set, `body` is ignored and the body is this file's content, read as it is sent.
  std::shared_ptr<engine::FileHandle> file;

  /// Replaces (or adds) a header.
  void set(std::string name, std::string value);
  const std::string* header(std::string_view name) const;
  void erase(std::string_view name);
};

/// Delivers the response of one request; callable from any thread, exactly once.
using Responder = std::function<void(HttpResponse)>;
using RequestHandler = std::function<void(HttpRequest, Responder)>;
/// Chooses, from a request's head, a sink for its body; null keeps the body in memory.
using BodySinkFactory = std::function<std::shared_ptr<BodySink>(const HttpRequest& head)>;

}  // namespace dc::api
