#pragma once
// The HTTP/1.1 server (Boost.Beast). It parses requests under size limits, hands each to the
// request handler, and writes the answer whenever the handler's Responder is called, from any
// thread: no handler blocks an I/O thread. Streamed responses (event streams) are written
// chunked with a bounded per-connection queue. Request bodies the API wants streamed (uploads)
// go to a BodySink as they arrive, and file responses (downloads) are read as they are sent, so
// neither is ever held in memory. Long transfers are bounded by idleness and by rate: every
// chunk re-arms read_timeout, and a body slower than min_body_rate after body_timeout is cut
// off with 408. While a handler works, the connection is watched: a client that hangs up has
// its request's cancellation fired and its connection closed at once. Malformed requests get
// 400 (505 for an HTTP version other than 1.0 and 1.1) before the connection closes.
//
// | limit                | meaning                                            | default  |
// |----------------------|----------------------------------------------------|----------|
// | max_body_bytes       | larger request bodies get 413                      | 10 MiB   |
// | max_upload_bytes     | the same for bodies that go to a BodySink          | 5 GiB    |
// | max_header_bytes     | larger request heads get 431                       | 16 KiB   |
// | read_timeout         | idle keep-alive connections close after this       | 60 s     |
// | request_timeout      | a handler that has not answered by then gets 504   | 60 s     |
// | max_connections      | further connections get 503 and are closed         | 10000    |
// | max_connections_per_client | the same, counted per client address         | 512      |
// | body_timeout         | a request body may take this long, or longer at    | 60 s     |
// | min_body_rate        | at least this many bytes/s on average; else 408    | 16 KiB/s |
// | stream_queue_chunks  | a stream's writes queued beyond this cut it off    | 1024     |
// | io_threads           | threads running the I/O context                    | 1        |

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http_message.hpp"

namespace dc::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3001;  // 0: any free port
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  std::uint64_t max_upload_bytes = 5ull * 1024 * 1024 * 1024;
  /// Picks the requests whose bodies are streamed; unset: every body is read into memory.
  BodySinkFactory body_sink_for;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds read_timeout{60};
  std::chrono::seconds request_timeout{60};
  /// Time a request may take on top of request_timeout (a client asking to wait); unset: none.
  std::function<std::chrono::seconds(const HttpRequest&)> extra_time_for;
  std::size_t max_connections = 10000;
  /// Connections one client address may hold: no single client starves the others.
  std::size_t max_connections_per_client = 512;
  std::chrono::seconds body_timeout{60};
  std::uint64_t min_body_rate = 16 * 1024;  // bytes per second, averaged from the body's start
  std::size_t stream_queue_chunks = 1024;
  std::size_t io_threads = 1;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, RequestHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and starts serving on background threads; throws std::runtime_error when it cannot.
  void start();
  /// The bound port (useful with port 0).
  std::uint16_t port() const;
  /// Open client connections.
  std::size_t connections() const;
  /// Stops accepting, lets in-flight requests finish (up to `grace`), closes streams, joins.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds{5000});

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dc::api
