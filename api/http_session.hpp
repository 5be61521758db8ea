#pragma once
// One client connection of the HTTP server. Its requests are read in http_session_requests.cpp
// and its answers written in http_session_responses.cpp. Private to the HTTP server's files.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/http_message.hpp"
#include "api/http_server.hpp"
#include "api/sink_body.hpp"
#include "api/websocket_channel.hpp"
#include "engine/cancellation.hpp"
#include "engine/file_handle.hpp"

namespace dc::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

/// One client connection: reads requests one after another, answers each when its handler
/// responds, or turns into a chunked stream for the rest of its life.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server, std::string client)
      : stream_(std::move(socket)),
        executor_(stream_.get_executor()),
        server_(server),
        client_(std::move(client)),
        request_timer_(executor_),
        body_timer_(executor_) {}

  ~Session();

  void run();

  /// Graceful stop: idle connections close now, busy ones after their answer.
  void shutdown();

  // -- streaming (called through StreamWriter from any thread) ------------------------------------
  void enqueue_chunks(std::vector<std::shared_ptr<const std::string>> chunks);
  void end_stream(std::shared_ptr<const std::string> farewell);
  std::atomic<std::size_t> queued_chunks{0};

 private:
  struct Out {
    std::shared_ptr<const std::string> data;  // a piece of the body; null: the last chunk
    bool last = false;                        // the last chunk (the stream ends)
    bool counted = false;                     // counts against the stream queue cap
  };

  void read();

  void on_header(beast::error_code ec);

  static bool expects_continue(const http::request_header<>& msg);

  /// Reads the body piece by piece: each piece re-arms the idle deadline, so a long upload is
  /// bounded by how long the client goes quiet and by its rate, not by how long it takes.
  template <class Parser>
  void read_body(Parser& parser);

  /// When the body must have arrived: body_timeout from its start, or later for a client that
  /// keeps up min_body_rate on average (a large upload over a good link).
  std::chrono::steady_clock::time_point body_deadline() const;

  void on_body(http::request_parser<http::string_body>& parser);

  void on_body(http::request_parser<SinkBody>& parser);

  /// Ends the connection after its last answer. When the client may still be sending what was
  /// not read (a refused body, an oversized head), the rest is read and dropped for a moment
  /// first: closing with unread data resets the connection, and the client would lose the
  /// answer it has not read yet.
  void finish_connection();

  void drain();

  /// A body over the limit: answered 413 without reading the rest, then the connection closes.
  void too_large(HttpRequest head);

  template <class Fields>
  static HttpRequest to_request(const http::request_header<Fields>& msg);

  void dispatch(HttpRequest req);

  /// While a handler works, reads what the client sends: a hang-up ends the request at once
  /// (its cancellation fires, the connection closes); bytes of a pipelined next request are
  /// kept in the read buffer for it, up to a request head's worth.
  void watch_while_busy(std::uint64_t seq);

  /// Stops watching before the answer goes out (the next read must be the only one).
  void stop_watching();

  /// Reads the next request, once the watch of the last one has ended.
  void next_request();

  void client_gone();

  void respond(std::uint64_t seq, HttpResponse res);

  /// The head of a response whose body follows on its own (a file, a stream). Null when a
  /// header is refused; the connection is then answered 500 and closed.
  std::shared_ptr<http::response<http::empty_body>> head_of(const HttpResponse& res);

  /// A response whose body is a file: the head, then the file read in pieces as the socket
  /// takes them (each piece re-arms the idle deadline).
  void start_file(HttpResponse res);

  void send_file(std::shared_ptr<engine::FileHandle> file, std::uint64_t offset, bool keep);

  void end_response(bool keep);

  void write_plain(int status, std::string body);

  /// A response whose body is a stream: the head (chunked, Connection: close), written by
  /// Beast's serializer, then the chunks as the source writes them (flush). Chunks written
  /// before the head is out wait in the outbox.
  void start_stream(HttpResponse res);

  /// Hands the connection over to a WebSocket channel for the rest of its life; the session
  /// stays registered (for shutdown) until the channel ends.
  void start_websocket(HttpResponse res);

  void take_pending();

  /// Queues a piece of the body; `counted` ones were admitted by Writer::write.
  void push_chunk(const std::shared_ptr<const std::string>& data, bool counted);

  void flush();

  void watch_disconnect();

  void close();

  /// The StreamWriter a stream source writes through; holds the session weakly.
  class Writer final : public StreamWriter {
   public:
    Writer(std::shared_ptr<Session> s, std::size_t cap) : session_(s), cap_(cap) {}
    bool write(std::vector<std::shared_ptr<const std::string>> chunks) override {
      auto s = session_.lock();
      if (!s || closed_) return false;
      auto n = chunks.size();
      if (s->queued_chunks.fetch_add(n) + n > cap_) {
        s->queued_chunks -= n;
        return false;
      }
      s->enqueue_chunks(std::move(chunks));
      return true;
    }
    void close(std::shared_ptr<const std::string> farewell) override {
      if (closed_.exchange(true)) return;
      if (auto s = session_.lock()) s->end_stream(std::move(farewell));
    }

   private:
    std::weak_ptr<Session> session_;
    std::size_t cap_;
    std::atomic<bool> closed_{false};
  };

  beast::tcp_stream stream_;
  net::any_io_executor executor_;  // the connection's strand (outlives stream_ being handed over)
  HttpServer::Impl& server_;
  std::string client_;  // the client's address, as counted against its cap
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> string_parser_;
  std::optional<http::request_parser<SinkBody>> sink_parser_;
  std::vector<char> file_buffer_;
  net::steady_timer request_timer_;
  net::steady_timer body_timer_;  // the deadline of the body being read
  bool body_too_slow_ = false;
  std::uint64_t body_reads_ = 0;  // names the read each body timer wait belongs to
  std::uint64_t request_seq_ = 0;
  bool busy_ = false;                     // a handler is working on the request
  engine::CancellationPtr cancellation_;  // of the request being handled
  bool watching_ = false;                 // a read is watching for a hang-up while busy
  bool resume_after_watch_ = false;       // the next request is read once that watch ends
  std::chrono::steady_clock::time_point body_started_;
  std::uint64_t body_bytes_ = 0;
  bool writing_response_ = false;  // its answer is being written
  bool keep_alive_ = true;
  bool unread_input_ = false;  // the client may still be sending what was not read
  bool reading_body_ = false;  // a request body is arriving
  bool head_ = false;
  bool closing_ = false;
  bool closed_ = false;
  // streaming
  bool streaming_ = false;
  bool stream_ending_ = false;
  bool writing_ = false;
  std::shared_ptr<StreamSource> source_;
  std::deque<Out> outbox_;
  std::vector<Out> inflight_;
  /// The chunks of the write in flight (a deque: their addresses stay put), and the last one.
  std::deque<http::chunk_body<std::vector<net::const_buffer>>> chunks_;
  const http::chunk_last<http::chunk_crlf> chunk_last_ = http::make_chunk_last();
  std::mutex pending_mutex_;  // chunks written from other threads, not yet taken
  std::vector<std::shared_ptr<const std::string>> pending_;
  // WebSocket
  std::optional<WebSocketChannel::UpgradeRequest> upgrade_;
  bool upgraded_ = false;
  std::weak_ptr<WebSocketChannel> websocket_;
  char discard_[512];
};

}  // namespace dc::api
