// Reading a connection's requests: heads, bodies into memory or into a sink, the limits on both,
// malformed input answered, and the watch for a client that hangs up while its answer is made.
#include <algorithm>
#include <cctype>
#include <limits>

#include "api/http_server_impl.hpp"
#include "api/http_session.hpp"

namespace dc::api {

namespace {

// Read buffer size while an upload streams (a few KiB otherwise).
constexpr std::size_t upload_read_bytes = 256 * 1024;

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

}  // namespace

void Session::read() {
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

void Session::on_header(beast::error_code ec) {
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

bool Session::expects_continue(const http::request_header<>& msg) {
  auto expect = msg[http::field::expect];
  return beast::iequals(expect, "100-continue");
}

template <class Parser>
void Session::read_body(Parser& parser) {
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

std::chrono::steady_clock::time_point Session::body_deadline() const {
  auto rate = std::max<std::uint64_t>(1, server_.options.min_body_rate);
  auto earned = std::chrono::seconds{body_bytes_ / rate};
  return body_started_ +
         std::max<std::chrono::steady_clock::duration>(server_.options.body_timeout, earned);
}

void Session::on_body(http::request_parser<http::string_body>& parser) {
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

void Session::on_body(http::request_parser<SinkBody>& parser) {
  reading_body_ = false;
  auto& msg = parser.get();
  buffer_.shrink_to_fit();
  HttpRequest req = to_request(msg);
  req.body_sink = msg.body();
  req.body_sink->finish();
  dispatch(std::move(req));
}

void Session::finish_connection() {
  if (!unread_input_) return close();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds{2});
  drain();
}

void Session::drain() {
  stream_.async_read_some(net::buffer(discard_),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return self->close();
                            self->drain();
                          });
}

void Session::too_large(HttpRequest head) {
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
HttpRequest Session::to_request(const http::request_header<Fields>& msg) {
  HttpRequest req;
  req.method = std::string{msg.method_string()};
  req.target = std::string{msg.target()};
  for (auto& field : msg) req.headers.emplace_back(field.name_string(), field.value());
  return req;
}

void Session::dispatch(HttpRequest req) {
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

void Session::watch_while_busy(std::uint64_t seq) {
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

void Session::stop_watching() {
  if (!watching_) return;
  beast::error_code ignored;
  stream_.socket().cancel(ignored);
}

void Session::next_request() {
  if (watching_) {
    resume_after_watch_ = true;
    return;
  }
  read();
}

void Session::client_gone() {
  if (cancellation_) cancellation_->cancel();
  close();
}

}  // namespace dc::api
