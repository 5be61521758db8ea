#pragma once
// Plain HTTP request/response values passed between the Beast server and the API handlers, so
// that only http_server.cpp pays for Beast.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc::api {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// Case-insensitive ASCII comparison of header names.
bool iequals(std::string_view a, std::string_view b);
/// Header text without surrounding whitespace.
std::string_view trim(std::string_view text);
/// ASCII lower case.
std::string to_lower(std::string_view text);

struct HttpRequest {
  std::string method;  // as sent: GET, POST, ...
  std::string target;  // raw request target: path, matrix parameters, query
  HeaderList headers;
  std::string body;
  /// The body exceeded the configured cap and was not read; answer 413.
  bool body_too_large = false;

  /// First value of a header, by case-insensitive name.
  const std::string* header(std::string_view name) const;
};

/// Receives the chunks of a streamed response body; thread-safe.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  /// Queues a chunk; false when the stream is closed or its queue is full (then it closes
  /// after what is queued, plus `farewell` if one was given through close()).
  virtual bool write(std::shared_ptr<const std::string> chunk) = 0;
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

  /// Replaces (or adds) a header.
  void set(std::string name, std::string value);
  const std::string* header(std::string_view name) const;
  void erase(std::string_view name);
};

/// Delivers the response of one request; callable from any thread, exactly once.
using Responder = std::function<void(HttpResponse)>;
using RequestHandler = std::function<void(HttpRequest, Responder)>;

}  // namespace dc::api
