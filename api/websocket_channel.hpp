#pragma once
// A connection the HTTP server has switched to a WebSocket (RFC 6455): it answers the upgrade
// request, then sends a StreamSource's chunks as text messages until either side closes. What
// the client sends is read (so that pings, pongs and its close are answered) and ignored.
// A client that stops reading is cut off once `queue_messages` are waiting, with the source's
// farewell as the last message; a client that stops answering pings is dropped after
// `idle_timeout`. Only the HTTP server's files include this header: Beast's WebSocket code
// stays in websocket_channel.cpp.

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <chrono>
#include <functional>
#include <memory>

#include "api/http_message.hpp"

namespace dc::api {

struct WebSocketLimits {
  std::size_t queue_messages = 1024;
  std::chrono::seconds idle_timeout{60};
  std::size_t max_incoming_bytes = 64 * 1024;
};

class WebSocketChannel {
 public:
  using UpgradeRequest = boost::beast::http::request<boost::beast::http::empty_body>;

  virtual ~WebSocketChannel() = default;

  /// Takes over `stream`, answers `upgrade` (with `headers` added to the 101), then runs
  /// `source`. `on_end` runs once, on the stream's executor, when the connection is over.
  static std::shared_ptr<WebSocketChannel> open(boost::beast::tcp_stream stream,
                                                UpgradeRequest upgrade, HeaderList headers,
                                                std::shared_ptr<StreamSource> source,
                                                WebSocketLimits limits,
                                                std::function<void()> on_end);

  /// Server shutdown: stops the source and closes with "going away" after what is queued.
  /// Any thread.
  virtual void shutdown() = 0;
};

}  // namespace dc::api
