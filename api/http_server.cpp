#include "api/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <deque>
#include <iostream>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "api/websocket_channel.hpp"

namespace dc::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

struct HttpServer::Impl {
  Impl(HttpServerOptions o, RequestHandler h) : options(std::move(o)), handler(std::move(h)) {}

  void accept();
  void add(const std::shared_ptr<Session>& s);
  void remove(Session* s);
  /// Counts a connection against its client's cap; false when the client is at the cap.
  bool admit(const std::string& client);
  void release(const std::string& client);

  HttpServerOptions options;
  RequestHandler handler;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::unordered_map<std::string, std::size_t> per_client;  // connections by client address
};

namespace {

// Read buffer size while an upload streams (a few KiB otherwise).
constexpr std::size_t upload_read_bytes = 256 * 1024;

/// A whole 503 answer for a connection refused before it gets a session, serialised by Beast.
std::string busy_answer(const std::string& text) {
  http::response<http::string_body> answer{http::status::service_unavailable, 11};
  answer.set(http::field::content_type, "text/plain");
  answer.set(http::field::retry_after, "1");
  answer.keep_alive(false);
  answer.body() = text;
  answer.prepare_payload();
  std::ostringstream out;
  out << answer;
  return out.str();
}

/// Whether `ec` says the client sent something that is not HTTP/1.x (as opposed to the
/// connection ending or timing out, which leaves nobody to answer).
bool malformed_request(const beast::error_code& ec) {
  static const auto& http_errors = http::make_error_code(http::error::bad_method).category();
  return ec.category() == http_errors && ec != http::error::end_of_stream &&
         ec != http::error::partial_message && ec != http::error::need_more &&
         ec != http::error::need_buffer;
}

/// Whether the request line in `received` is well formed but names an HTTP version other than
/// 1.x (`GET / HTTP/2.0`, which Beast refuses as bad_version): that is 505, where any other
/// malformed line is 400.
bool names_other_version(std::string_view received) {
  auto end = received.find("\r\n");
  if (end == std::string_view::npos) return false;
  auto line = received.substr(0, end);
  if (line.size() < 8 || std::count(line.begin(), line.end(), ' ') != 2) return false;
  auto version = line.substr(line.size() - 8);
  return version.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(version[5])) &&
         version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7])) &&
         version[5] != '1';
}

/// RFC 6455 §4.2.1: the key is the base64 of 16 bytes (24 characters, ending in `==`).
bool valid_websocket_key(const std::string* key) {
  if (!key) return false;
  auto k = trim(*key);
  if (k.size() != 24 || k.substr(22) != "==") return false;
  for (std::size_t i = 0; i < 22; ++i) {
    unsigned char c = static_cast<unsigned char>(k[i]);
    if (!std::isalnum(c) && c != '+' && c != '/') return false;
  }
  // The last character before `==` carries 2 bits of the 16th byte: only A, Q, g or w.
  return k[21] == 'A' || k[21] == 'Q' || k[21] == 'g' || k[21] == 'w';
}

/// A Beast body type that hands each piece of a request body to a BodySink as it is parsed.
struct SinkBody {
  using value_type = std::shared_ptr<BodySink>;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(http::header<isRequest, Fields>&, value_type& sink) : sink_(sink) {}
    void init(const boost::optional<std::uint64_t>&, beast::error_code& ec) { ec = {}; }
    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      std::size_t n = 0;
      try {
        for (auto b : beast::buffers_range_ref(buffers)) {
          sink_->write(static_cast<const char*>(b.data()), b.size());
          n += b.size();
        }
      } catch (const std::exception&) {
        // A sink must not take the I/O thread down: the connection fails instead.
        ec = http::error::bad_chunk;
        return n;
      }
      ec = {};
      return n;
    }
    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& sink_;
  };
};

}  // namespace

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

  ~Session() {
    server_.release(client_);
    server_.connections--;
  }

  void run() {
    net::dispatch(executor_, [self = shared_from_this()] { self->read(); });
  }

  /// Graceful stop: idle connections close now, busy ones after their answer.
  void shutdown() {
    net::post(executor_, [self = shared_from_this()] {
      self->closing_ = true;
      if (auto websocket = self->websocket_.lock())
        websocket->shutdown();
      else if (self->streaming_)
        self->end_stream(nullptr);
      else if (!self->busy_ && !self->writing_response_ && !self->reading_body_)
        self->close();
    });
  }

  // -- streaming (called through StreamWriter from any thread) ------------------------------------
  void enqueue_chunks(std::vector<std::shared_ptr<const std::string>> chunks) {
    bool first;
    {
      std::lock_guard guard{pending_mutex_};
      first = pending_.empty();
      if (first)
        pending_ = std::move(chunks);
      else
        pending_.insert(pending_.end(), std::make_move_iterator(chunks.begin()),
                        std::make_move_iterator(chunks.end()));
    }
    // One wake-up per batch: at high rates chunks gather here while the socket is busy, and
    // go out together in one write.
    if (first) net::post(executor_, [self = shared_from_this()] { self->take_pending(); });
  }
  void end_stream(std::shared_ptr<const std::string> farewell) {
    net::post(executor_, [self = shared_from_this(), farewell = std::move(farewell)] {
      self->take_pending();  // what was written before the farewell goes before it
      if (self->stream_ending_ || !self->streaming_) return;
      if (farewell) self->push_chunk(farewell, false);
      self->outbox_.push_back(Out{nullptr, true});
      self->stream_ending_ = true;
      self->flush();
    });
  }
  std::atomic<std::size_t> queued_chunks{0};

 private:
  struct Out {
    std::shared_ptr<const std::string> data;  // a piece of the body; null: the last chunk
    bool last = false;                        // the last chunk (the stream ends)
    bool counted = false;                     // counts against the stream queue cap
  };

  void read() {
    if (closing_) return close();
    string_parser_.reset();
    sink_parser_.reset();
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    // The body's limit depends on where it goes, which the head decides: checked in on_header.
    // (Not boost::none: Beast 1.74 compares a length against an empty optional as larger.)
    header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(server_.options.read_timeout);
    http::async_read_header(
        stream_, buffer_, *header_parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      keep_alive_ = false;
      unread_input_ = true;
      return write_plain(431, "Request header fields too large\n");
    }
    if (malformed_request(ec)) {
      keep_alive_ = false;
      unread_input_ = true;
      if (ec == http::error::bad_version &&
          names_other_version(beast::buffers_to_string(buffer_.data())))
        return write_plain(505, "HTTP version not supported: use HTTP/1.1 or HTTP/1.0\n");
      return write_plain(400, "Malformed HTTP request: " + ec.message() + "\n");
    }
    if (ec) return close();
    auto& msg = header_parser_->get();
    if (msg.version() != 10 && msg.version() != 11) {
      keep_alive_ = false;
      unread_input_ = true;
      return write_plain(505, "HTTP version not supported: use HTTP/1.1 or HTTP/1.0\n");
    }
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == http::verb::head;
    bool has_body = header_parser_->chunked() || header_parser_->content_length().value_or(0) > 0;
    std::shared_ptr<BodySink> sink;
    try {
      if (has_body && server_.options.body_sink_for)
        sink = server_.options.body_sink_for(to_request(msg));
    } catch (const std::exception&) {
      sink = nullptr;  // the body is read into memory under the usual cap instead
    }
    std::uint64_t limit = sink ? server_.options.max_upload_bytes : server_.options.max_body_bytes;
    if (header_parser_->content_length().value_or(0) > limit) return too_large(to_request(msg));
    reading_body_ = true;
    body_started_ = std::chrono::steady_clock::now();
    body_bytes_ = 0;
    auto continue_reading = [self = shared_from_this(), sink, limit]() mutable {
      if (sink) {
        // Beast reads only as much as the buffer holds: room for large pieces while an upload
        // streams (returned in on_body), instead of the few KiB a request head needed.
        self->buffer_.reserve(upload_read_bytes);
        self->sink_parser_.emplace(std::move(*self->header_parser_));
        self->sink_parser_->get().body() = std::move(sink);
        self->sink_parser_->body_limit(limit);
        self->read_body(*self->sink_parser_);
      } else {
        self->string_parser_.emplace(std::move(*self->header_parser_));
        self->string_parser_->body_limit(limit);
        self->read_body(*self->string_parser_);
      }
    };
    if (has_body && msg.version() == 11 && expects_continue(msg)) {
      // The client waits for this before sending the body (curl does for large uploads).
      static const std::string go_on = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(go_on),
                              [self = shared_from_this(), next = std::move(continue_reading)](
                                  beast::error_code ec, std::size_t) mutable {
                                if (ec) return self->close();
                                next();
                              });
    }
    continue_reading();
  }

  static bool expects_continue(const http::request_header<>& msg) {
    auto expect = msg[http::field::expect];
    return beast::iequals(expect, "100-continue");
  }

  /// Reads the body piece by piece: each piece re-arms the idle deadline, so a long upload is
  /// bounded by how long the client goes quiet and by its rate, not by how long it takes.
  template <class Parser>
  void read_body(Parser& parser) {
    if (parser.is_done()) return on_body(parser);
    stream_.expires_after(server_.options.read_timeout);
    // The rate deadline has a timer of its own: the stream's expiry closes the socket, and the
    // client is owed its 408.
    body_timer_.expires_at(body_deadline());
    body_timer_.async_wait([self = shared_from_this(), read = ++body_reads_](beast::error_code ec) {
      // A wait whose read is over (its cancel raced its expiry) must not cut off the next one.
      if (ec || !self->reading_body_ || read != self->body_reads_) return;
      self->body_too_slow_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
    http::async_read_some(
        stream_, buffer_, parser,
        [self = shared_from_this(), &parser](beast::error_code ec, std::size_t n) {
          self->body_timer_.cancel();
          self->body_bytes_ += n;
          if (ec == http::error::body_limit) return self->too_large(to_request(parser.get()));
          if (self->body_too_slow_ || malformed_request(ec)) {
            self->reading_body_ = false;
            self->keep_alive_ = false;
            self->unread_input_ = true;
            self->sink_parser_.reset();
            if (self->body_too_slow_)
              return self->write_plain(408, "The request body arrived too slowly\n");
            return self->write_plain(400, "Malformed HTTP request body: " + ec.message() + "\n");
          }
          if (ec) {
            self->reading_body_ = false;
            // The read is over, so the parser may go, and with it a cut-off
            // upload's staged bytes. (Never while a read is pending.)
            self->close();
            self->sink_parser_.reset();
            return;
          }
          self->read_body(parser);
        });
  }

  /// When the body must have arrived: body_timeout from its start, or later for a client that
  /// keeps up min_body_rate on average (a large upload over a good link).
  std::chrono::steady_clock::time_point body_deadline() const {
    auto rate = std::max<std::uint64_t>(1, server_.options.min_body_rate);
    auto earned = std::chrono::seconds{body_bytes_ / rate};
    return body_started_ +
           std::max<std::chrono::steady_clock::duration>(server_.options.body_timeout, earned);
  }

  void on_body(http::request_parser<http::string_body>& parser) {
    reading_body_ = false;
    auto& msg = parser.get();
    HttpRequest req = to_request(msg);
    req.body = std::move(msg.body());
    if (req.wants_websocket()) {
      // Refused before any handler runs: no subscription is made for a broken handshake.
      if (!valid_websocket_key(req.header("Sec-WebSocket-Key")) ||
          !req.header("Sec-WebSocket-Version") ||
          trim(*req.header("Sec-WebSocket-Version")) != "13") {
        keep_alive_ = false;
        return write_plain(400,
                           "Invalid WebSocket handshake: Sec-WebSocket-Key must be the base64 of "
                           "16 bytes and Sec-WebSocket-Version 13\n");
      }
      // Kept for the handshake, should the handler answer with a WebSocket.
      upgrade_.emplace(msg.base());
    }
    dispatch(std::move(req));
  }

  void on_body(http::request_parser<SinkBody>& parser) {
    reading_body_ = false;
    auto& msg = parser.get();
    buffer_.shrink_to_fit();
    HttpRequest req = to_request(msg);
    req.body_sink = msg.body();
    req.body_sink->finish();
    dispatch(std::move(req));
  }

  /// Ends the connection after its last answer. When the client may still be sending what was
  /// not read (a refused body, an oversized head), the rest is read and dropped for a moment
  /// first: closing with unread data resets the connection, and the client would lose the
  /// answer it has not read yet.
  void finish_connection() {
    if (!unread_input_) return close();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds{2});
    drain();
  }

  void drain() {
    stream_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->drain();
                            });
  }

  /// A body over the limit: answered 413 without reading the rest, then the connection closes.
  void too_large(HttpRequest head) {
    reading_body_ = false;
    unread_input_ = true;
    head.body.clear();
    head.body_too_large = true;
    head_ = false;
    keep_alive_ = false;   // the unread body makes the connection unusable
    sink_parser_.reset();  // drops a partial upload at once
    dispatch(std::move(head));
  }

  template <class Fields>
  static HttpRequest to_request(const http::request_header<Fields>& msg) {
    HttpRequest req;
    req.method = std::string{msg.method_string()};
    req.target = std::string{msg.target()};
    for (auto& field : msg) req.headers.emplace_back(field.name_string(), field.value());
    return req;
  }

  void dispatch(HttpRequest req) {
    busy_ = true;
    auto seq = ++request_seq_;
    cancellation_ = std::make_shared<engine::Cancellation>();
    req.cancellation = cancellation_;
    req.client_address = client_;
    stream_.expires_never();
    auto limit = server_.options.request_timeout;
    if (server_.options.extra_time_for) limit += server_.options.extra_time_for(req);
    request_timer_.expires_after(limit);
    request_timer_.async_wait([self = shared_from_this(), seq](beast::error_code ec) {
      if (ec) return;
      if (self->cancellation_) self->cancellation_->cancel();  // nobody wants the late answer
      HttpResponse timeout;
      timeout.status = 504;
      timeout.set("Content-Type", "text/plain");
      timeout.body = "The request timed out\n";
      self->respond(seq, std::move(timeout));
    });
    Responder responder = [weak = weak_from_this(), seq](HttpResponse res) {
      if (auto self = weak.lock())
        net::post(self->executor_, [self, seq, res = std::move(res)]() mutable {
          self->respond(seq, std::move(res));
        });
    };
    try {
      server_.handler(std::move(req), std::move(responder));
    } catch (const std::exception& e) {
      HttpResponse error;
      error.status = 500;
      error.set("Content-Type", "text/plain");
      error.body = std::string{"Internal server error: "} + e.what() + "\n";
      respond(seq, std::move(error));
    }
    if (busy_ && !unread_input_) watch_while_busy(seq);
  }

  /// While a handler works, reads what the client sends: a hang-up ends the request at once
  /// (its cancellation fires, the connection closes); bytes of a pipelined next request are
  /// kept in the read buffer for it, up to a request head's worth.
  void watch_while_busy(std::uint64_t seq) {
    if (watching_ || closed_) return;
    auto room = server_.options.max_header_bytes;
    // Past a head's worth the client is not pipelining politely: what it sends is read and
    // dropped (so a hang-up is still seen), and the connection ends with this answer.
    bool full = buffer_.size() >= room;
    if (full) {
      keep_alive_ = false;
      unread_input_ = true;
    }
    auto into = full ? net::mutable_buffer(discard_, sizeof discard_)
                     : net::mutable_buffer(buffer_.prepare(room - buffer_.size()));
    watching_ = true;
    stream_.socket().async_read_some(
        into, [self = shared_from_this(), seq, full](beast::error_code ec, std::size_t n) {
          self->watching_ = false;
          if (!ec && !full) self->buffer_.commit(n);
          bool still_busy = seq == self->request_seq_ && self->busy_ && !self->closed_;
          if (still_busy && ec && ec != net::error::operation_aborted) return self->client_gone();
          if (still_busy && !ec) return self->watch_while_busy(seq);
          if (self->resume_after_watch_) {
            self->resume_after_watch_ = false;
            self->read();
          }
        });
  }

  /// Stops watching before the answer goes out (the next read must be the only one).
  void stop_watching() {
    if (!watching_) return;
    beast::error_code ignored;
    stream_.socket().cancel(ignored);
  }

  /// Reads the next request, once the watch of the last one has ended.
  void next_request() {
    if (watching_) {
      resume_after_watch_ = true;
      return;
    }
    read();
  }

  void client_gone() {
    if (cancellation_) cancellation_->cancel();
    close();
  }

  void respond(std::uint64_t seq, HttpResponse res) {
    if (seq != request_seq_ || !busy_ || closed_) return;  // late, or nobody to answer
    busy_ = false;
    cancellation_.reset();
    request_timer_.cancel();
    stop_watching();
    if (res.stream && (closing_ || server_.stopping)) {
      res.stream.reset();  // no new streams while the server drains
      res.websocket = false;
      res.status = 503;
      res.headers.clear();
      res.headers.emplace_back("Content-Type", "text/plain");
      res.body = "The server is shutting down\n";
    }
    if (res.stream && head_) {
      res.stream.reset();  // HEAD of a stream: its head, and no body
      keep_alive_ = false;
    }
    if (res.websocket && res.stream && upgrade_) return start_websocket(std::move(res));
    upgrade_.reset();
    if (res.websocket) {
      res.stream.reset();  // a WebSocket answer to a request that did not ask for one
      res.websocket = false;
      keep_alive_ = false;
      res.status = 400;
      res.headers = {{"Content-Type", "text/plain"}};
      res.body = "This request cannot be answered on a WebSocket\n";
    }
    if (res.stream) return start_stream(std::move(res));
    if (res.file) return start_file(std::move(res));
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    try {
      for (auto& [name, value] : res.headers) out->insert(name, value);
    } catch (const std::exception&) {
      // A header Beast refuses (too long) must not take the I/O thread down.
      out = std::make_shared<http::response<http::string_body>>();
      out->version(11);
      out->result(500);
      out->set(http::field::content_type, "text/plain");
      res.body = "Internal server error: response header refused\n";
      head_ = false;
    }
    bool keep = keep_alive_ && !closing_ && !server_.stopping;
    if (head_) {
      // HEAD: the head of the GET answer, Content-Length included, without the body.
      // (204 and 304 carry no Content-Length at all.)
      if (!out->count(http::field::content_length) && res.status != 204 && res.status != 304)
        out->set(http::field::content_length, std::to_string(res.body.size()));
    } else if (res.status == 204 || res.status == 304 || res.status < 200) {
      // No body and no Content-Length (RFC 9110 §8.6); prepare_payload would add one.
      out->body().clear();
    } else {
      out->body() = std::move(res.body);
      out->prepare_payload();
    }
    out->keep_alive(keep);
    writing_response_ = true;
    stream_.expires_after(server_.options.read_timeout);
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out, keep](beast::error_code ec, std::size_t) {
                        self->writing_response_ = false;
                        if (ec) return self->close();
                        if (!keep || self->closing_) return self->finish_connection();
                        self->next_request();
                      });
  }

  /// The head of a response whose body follows on its own (a file, a stream). Null when a
  /// header is refused; the connection is then answered 500 and closed.
  std::shared_ptr<http::response<http::empty_body>> head_of(const HttpResponse& res) {
    auto head = std::make_shared<http::response<http::empty_body>>();
    head->version(11);
    head->result(static_cast<unsigned>(res.status));
    try {
      for (auto& [name, value] : res.headers) head->insert(name, value);
    } catch (const std::exception&) {
      keep_alive_ = false;
      write_plain(500, "Internal server error: response header refused\n");
      return nullptr;
    }
    return head;
  }

  /// A response whose body is a file: the head, then the file read in pieces as the socket
  /// takes them (each piece re-arms the idle deadline).
  void start_file(HttpResponse res) {
    auto file = std::move(res.file);
    auto head = head_of(res);
    if (!head) return;
    bool keep = keep_alive_ && !closing_ && !server_.stopping;
    head->content_length(file->size());
    head->keep_alive(keep);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*head);
    writing_response_ = true;
    stream_.expires_after(server_.options.read_timeout);
    http::async_write_header(stream_, *serializer,
                             [self = shared_from_this(), head, serializer, file, keep](
                                 beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               if (self->head_) return self->end_response(keep);
                               self->send_file(file, 0, keep);
                             });
  }

  void send_file(std::shared_ptr<engine::FileHandle> file, std::uint64_t offset, bool keep) {
    if (offset >= file->size()) return end_response(keep);
    if (file_buffer_.empty()) file_buffer_.resize(256 * 1024);
    auto want = static_cast<std::size_t>(
        std::min<std::uint64_t>(file_buffer_.size(), file->size() - offset));
    ssize_t got;
    do {
      got = ::pread(file->fd(), file_buffer_.data(), want, static_cast<off_t>(offset));
    } while (got < 0 && errno == EINTR);
    // A file that ends early cannot honour the promised length: the client must see a cut.
    if (got <= 0) return close();
    stream_.expires_after(server_.options.read_timeout);
    net::async_write(
        stream_, net::buffer(file_buffer_.data(), static_cast<std::size_t>(got)),
        [self = shared_from_this(), file, offset, keep](beast::error_code ec, std::size_t n) {
          if (ec) return self->close();
          self->send_file(file, offset + n, keep);
        });
  }

  void end_response(bool keep) {
    writing_response_ = false;
    if (!keep || closing_) return close();
    next_request();
  }

  void write_plain(int status, std::string body) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(status));
    out->set(http::field::content_type, "text/plain");
    out->body() = std::move(body);
    out->prepare_payload();
    out->keep_alive(false);
    writing_response_ = true;
    stream_.expires_after(server_.options.read_timeout);
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
                        if (ec) return self->close();
                        self->finish_connection();
                      });
  }

  /// A response whose body is a stream: the head (chunked, Connection: close), written by
  /// Beast's serializer, then the chunks as the source writes them (flush). Chunks written
  /// before the head is out wait in the outbox.
  void start_stream(HttpResponse res) {
    auto head = head_of(res);
    if (!head) return;
    head->chunked(true);
    head->keep_alive(false);
    streaming_ = true;
    source_ = res.stream;
    watch_disconnect();
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*head);
    writing_ = true;
    stream_.expires_after(server_.options.read_timeout);
    http::async_write_header(
        stream_, *serializer,
        [self = shared_from_this(), head, serializer](beast::error_code ec, std::size_t) {
          self->writing_ = false;
          if (ec) return self->close();
          self->flush();
        });
    source_->start(
        std::make_shared<Writer>(shared_from_this(), server_.options.stream_queue_chunks));
  }

  /// Hands the connection over to a WebSocket channel for the rest of its life; the session
  /// stays registered (for shutdown) until the channel ends.
  void start_websocket(HttpResponse res) {
    upgraded_ = true;
    WebSocketLimits limits;
    limits.queue_messages = server_.options.stream_queue_chunks;
    limits.idle_timeout = server_.options.read_timeout;
    auto upgrade = std::move(*upgrade_);
    upgrade_.reset();
    websocket_ =
        WebSocketChannel::open(std::move(stream_), std::move(upgrade), std::move(res.headers),
                               std::move(res.stream), limits, [self = shared_from_this()] {
                                 self->closed_ = true;
                                 self->server_.remove(self.get());
                               });
  }

  void take_pending() {
    std::vector<std::shared_ptr<const std::string>> batch;
    {
      std::lock_guard guard{pending_mutex_};
      batch.swap(pending_);
    }
    for (auto& data : batch) push_chunk(data, true);
    flush();
  }

  /// Queues a piece of the body; `counted` ones were admitted by Writer::write.
  void push_chunk(const std::shared_ptr<const std::string>& data, bool counted) {
    if (!streaming_ || stream_ending_ || !data || data->empty()) {
      if (counted) queued_chunks--;
      return;
    }
    outbox_.push_back(Out{data, false, counted});
  }

  void flush() {
    if (writing_ || outbox_.empty() || closed_) return;
    writing_ = true;
    inflight_.assign(std::make_move_iterator(outbox_.begin()),
                     std::make_move_iterator(outbox_.end()));
    outbox_.clear();
    // Consecutive pieces go out as one HTTP chunk (Beast's chunk framing): one size line per
    // write, not per event.
    std::vector<net::const_buffer> buffers;
    chunks_.clear();
    auto append = [&buffers](const auto& sequence) {
      for (auto b = net::buffer_sequence_begin(sequence); b != net::buffer_sequence_end(sequence);
           ++b)
        buffers.push_back(*b);
    };
    for (std::size_t i = 0; i < inflight_.size();) {
      if (inflight_[i].last) {
        append(chunk_last_);
        ++i;
        continue;
      }
      std::vector<net::const_buffer> pieces;
      for (; i < inflight_.size() && inflight_[i].data; ++i)
        pieces.push_back(net::buffer(*inflight_[i].data));
      append(chunks_.emplace_back(http::make_chunk(std::move(pieces))));
    }
    // A client that stops reading must not hold its connection forever.
    stream_.expires_after(server_.options.read_timeout);
    net::async_write(stream_, buffers,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       std::size_t counted = 0;
                       for (auto& o : self->inflight_) counted += o.counted;
                       self->queued_chunks -= counted;
                       self->inflight_.clear();
                       self->writing_ = false;
                       if (ec) return self->close();
                       if (!self->outbox_.empty()) return self->flush();
                       if (self->stream_ending_) self->close();
                     });
  }

  void watch_disconnect() {
    stream_.socket().async_read_some(
        net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->close();
          self->watch_disconnect();
        });
  }

  void close() {
    if (closed_ || upgraded_) return;  // an upgraded connection is the channel's to close
    closed_ = true;
    if (busy_ && cancellation_) cancellation_->cancel();
    request_timer_.cancel();
    body_timer_.cancel();
    if (source_) {
      auto source = std::move(source_);
      source->stop();
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
    server_.remove(this);
  }

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

void HttpServer::Impl::add(const std::shared_ptr<Session>& s) {
  std::lock_guard guard{sessions_mutex};
  sessions.emplace(s.get(), s);
}

void HttpServer::Impl::remove(Session* s) {
  std::lock_guard guard{sessions_mutex};
  sessions.erase(s);
}

bool HttpServer::Impl::admit(const std::string& client) {
  std::lock_guard guard{sessions_mutex};
  auto& count = per_client[client];
  if (count >= options.max_connections_per_client) {
    if (count == 0) per_client.erase(client);
    return false;
  }
  ++count;
  return true;
}

void HttpServer::Impl::release(const std::string& client) {
  std::lock_guard guard{sessions_mutex};
  auto i = per_client.find(client);
  if (i == per_client.end()) return;
  if (--i->second == 0) per_client.erase(i);
}

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (stopping || !acceptor.is_open()) return;
      // Out of descriptors or similar: retry shortly instead of spinning.
      auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds{50});
      timer->async_wait([this, timer](beast::error_code) {
        if (!stopping && acceptor.is_open()) accept();
      });
      return;
    }
    beast::error_code peer_error;
    auto peer = socket.remote_endpoint(peer_error);
    std::string client = peer_error ? std::string{} : peer.address().to_string();
    const std::string* refusal = nullptr;
    static const std::string server_full = busy_answer("Too many connections, retry\n");
    static const std::string client_full =
        busy_answer("Too many connections from your address, retry\n");
    if (++connections > options.max_connections) {
      connections--;
      refusal = &server_full;
    } else if (!admit(client)) {
      connections--;
      refusal = &client_full;
    }
    if (refusal) {
      // Over a cap: say so and hang up, without a session.
      auto sock = std::make_shared<tcp::socket>(std::move(socket));
      net::async_write(*sock, net::buffer(*refusal), [sock](beast::error_code, std::size_t) {
        beast::error_code ignored;
        sock->shutdown(tcp::socket::shutdown_both, ignored);
      });
    } else {
      auto session = std::make_shared<Session>(std::move(socket), *this, std::move(client));
      add(session);
      session->run();
    }
    accept();
  });
}

HttpServer::HttpServer(HttpServerOptions options, RequestHandler handler)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
  stop(std::chrono::milliseconds{0});
}

void HttpServer::start() {
  auto& im = *impl_;
  beast::error_code ec;
  auto address =
      net::ip::make_address(im.options.host == "localhost" ? "127.0.0.1" : im.options.host, ec);
  if (ec)
    throw std::runtime_error("invalid listen address '" + im.options.host + "': " + ec.message());
  tcp::endpoint endpoint{address, im.options.port};
  im.acceptor.open(endpoint.protocol(), ec);
  if (!ec) im.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(endpoint, ec);
  if (!ec) im.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + im.options.host + ":" +
                             std::to_string(im.options.port) + ": " + ec.message());
  im.accept();
  for (std::size_t i = 0; i < std::max<std::size_t>(1, im.options.io_threads); ++i)
    im.threads.emplace_back([&im] { im.ioc.run(); });
}

std::size_t HttpServer::connections() const {
  return impl_->connections.load();
}

std::uint16_t HttpServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  auto& im = *impl_;
  if (im.stopping.exchange(true)) {
    for (auto& t : im.threads)
      if (t.joinable()) t.join();
    return;
  }
  net::post(im.ioc, [&im] {
    beast::error_code ignored;
    im.acceptor.close(ignored);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard guard{im.sessions_mutex};
    for (auto& [ptr, weak] : im.sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->shutdown();
  live.clear();
  // Let in-flight requests finish, up to the grace period.
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (im.connections.load() > 0 && std::chrono::steady_clock::now() < deadline &&
         !im.threads.empty())
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  im.ioc.stop();
  for (auto& t : im.threads)
    if (t.joinable()) t.join();
}

}  // namespace dc::api
