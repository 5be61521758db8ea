// Writing a connection's answers: plain ones, files read as the socket takes them, chunked event
// streams, the hand-over to a WebSocket, and the connection's end.
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "api/http_server_impl.hpp"
#include "api/http_session.hpp"

namespace dc::api {

Session::~Session() {
  server_.release(client_);
  server_.connections--;
}

void Session::run() {
  net::dispatch(executor_, [self = shared_from_this()] { self->read(); });
}

void Session::shutdown() {
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

void Session::enqueue_chunks(std::vector<std::shared_ptr<const std::string>> chunks) {
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

void Session::end_stream(std::shared_ptr<const std::string> farewell) {
  net::post(executor_, [self = shared_from_this(), farewell = std::move(farewell)] {
    self->take_pending();  // what was written before the farewell goes before it
    if (self->stream_ending_ || !self->streaming_) return;
    if (farewell) self->push_chunk(farewell, false);
    self->outbox_.push_back(Out{nullptr, true});
    self->stream_ending_ = true;
    self->flush();
  });
}

void Session::respond(std::uint64_t seq, HttpResponse res) {
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

std::shared_ptr<http::response<http::empty_body>> Session::head_of(const HttpResponse& res) {
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

void Session::start_file(HttpResponse res) {
  auto file = std::move(res.file);
  auto head = head_of(res);
  if (!head) return;
  bool keep = keep_alive_ && !closing_ && !server_.stopping;
  head->content_length(file->size());
  head->keep_alive(keep);
  auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*head);
  writing_response_ = true;
  stream_.expires_after(server_.options.read_timeout);
  http::async_write_header(
      stream_, *serializer,
      [self = shared_from_this(), head, serializer, file, keep](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        if (self->head_) return self->end_response(keep);
        self->send_file(file, 0, keep);
      });
}

void Session::send_file(std::shared_ptr<engine::FileHandle> file, std::uint64_t offset, bool keep) {
  if (offset >= file->size()) return end_response(keep);
  if (file_buffer_.empty()) file_buffer_.resize(256 * 1024);
  auto want =
      static_cast<std::size_t>(std::min<std::uint64_t>(file_buffer_.size(), file->size() - offset));
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

void Session::end_response(bool keep) {
  writing_response_ = false;
  if (!keep || closing_) return close();
  next_request();
}

void Session::write_plain(int status, std::string body) {
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

void Session::start_stream(HttpResponse res) {
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
  source_->start(std::make_shared<Writer>(shared_from_this(), server_.options.stream_queue_chunks));
}

void Session::start_websocket(HttpResponse res) {
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

void Session::take_pending() {
  std::vector<std::shared_ptr<const std::string>> batch;
  {
    std::lock_guard guard{pending_mutex_};
    batch.swap(pending_);
  }
  for (auto& data : batch) push_chunk(data, true);
  flush();
}

void Session::push_chunk(const std::shared_ptr<const std::string>& data, bool counted) {
  if (!streaming_ || stream_ending_ || !data || data->empty()) {
    if (counted) queued_chunks--;
    return;
  }
  outbox_.push_back(Out{data, false, counted});
}

void Session::flush() {
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

void Session::watch_disconnect() {
  stream_.socket().async_read_some(net::buffer(discard_),
                                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (ec) return self->close();
                                     self->watch_disconnect();
                                   });
}

void Session::close() {
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

}  // namespace dc::api
