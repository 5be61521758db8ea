#include "api/websocket_channel.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>

namespace dc::api {

namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

class Channel;

/// The StreamWriter a source writes through; holds the channel weakly.
class MessageWriter final : public StreamWriter {
 public:
  MessageWriter(const std::shared_ptr<Channel>& channel, std::size_t cap)
      : channel_(channel), cap_(cap) {}
  bool write(std::vector<std::shared_ptr<const std::string>> messages) override;
  void close(std::shared_ptr<const std::string> farewell) override;

 private:
  std::weak_ptr<Channel> channel_;
  std::size_t cap_;
  std::atomic<bool> closed_{false};
};

class Channel final : public WebSocketChannel, public std::enable_shared_from_this<Channel> {
 public:
  Channel(beast::tcp_stream stream, std::shared_ptr<StreamSource> source, WebSocketLimits limits,
          std::function<void()> on_end)
      : ws_(std::move(stream)),
        source_(std::move(source)),
        limits_(limits),
        on_end_(std::move(on_end)) {}

  void accept(UpgradeRequest upgrade, HeaderList headers) {
    // From here on the WebSocket keeps its own deadlines: the handshake's, and pings that drop
    // a client gone silent.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout deadlines;
    deadlines.handshake_timeout = std::chrono::seconds{30};
    deadlines.idle_timeout = limits_.idle_timeout;
    deadlines.keep_alive_pings = true;
    ws_.set_option(deadlines);
    ws_.set_option(websocket::stream_base::decorator(
        [headers = std::move(headers)](websocket::response_type& res) {
          for (auto& [name, value] : headers) res.set(name, value);
        }));
    ws_.read_message_max(limits_.max_incoming_bytes);
    ws_.text(true);
    auto request = std::make_shared<UpgradeRequest>(std::move(upgrade));
    ws_.async_accept(*request, [self = shared_from_this(), request](beast::error_code ec) {
      if (ec) return self->end();
      self->open_ = true;
      self->read();
      if (self->ending_) return self->flush();  // the server stopped during the handshake
      if (self->source_)
        self->source_->start(std::make_shared<MessageWriter>(self, self->limits_.queue_messages));
    });
  }

  void shutdown() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      self->stop_source();
      self->end_after(nullptr, websocket::close_code::going_away);
    });
  }

  // -- called through MessageWriter, from any thread ---------------------------------------------
  void enqueue(std::vector<std::shared_ptr<const std::string>> messages) {
    net::post(ws_.get_executor(), [self = shared_from_this(), messages = std::move(messages)] {
      if (self->ending_ || self->ended_) {
        self->queued -= messages.size();
        return;
      }
      for (auto& m : messages) self->outbox_.push_back(Out{m, true});
      self->flush();
    });
  }

  void close_after(std::shared_ptr<const std::string> farewell) {
    // The source ends the stream only when its client fell behind: reconnect later.
    net::post(ws_.get_executor(), [self = shared_from_this(), farewell = std::move(farewell)] {
      self->end_after(farewell, websocket::close_code::try_again_later);
    });
  }

  std::atomic<std::size_t> queued{0};
  std::atomic<bool> gone{false};

 private:
  struct Out {
    std::shared_ptr<const std::string> message;
    bool counted;  // counts against the queue cap
  };

  void end_after(const std::shared_ptr<const std::string>& farewell, websocket::close_code code) {
    if (ending_ || ended_) return;
    if (farewell) outbox_.push_back(Out{farewell, false});
    ending_ = true;
    close_code_ = code;
    flush();
  }

  /// Writes the queued messages one by one, then the close frame once the stream is ending.
  void flush() {
    if (writing_ || !open_ || ended_ || closing_) return;
    if (outbox_.empty()) {
      if (ending_) close();
      return;
    }
    writing_ = true;
    ws_.async_write(net::buffer(*outbox_.front().message),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      if (self->outbox_.front().counted) self->queued--;
                      self->outbox_.pop_front();
                      if (ec) return self->end();
                      self->flush();
                    });
  }

  void close() {
    closing_ = true;
    ws_.async_close(websocket::close_reason{close_code_},
                    [self = shared_from_this()](beast::error_code) { self->end(); });
  }

  /// Reads (and drops) what the client sends: this is what answers its pings and its close.
  void read() {
    ws_.async_read(incoming_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->incoming_.consume(self->incoming_.size());
      if (ec) return self->end();
      self->read();
    });
  }

  void stop_source() {
    if (auto source = std::move(source_)) source->stop();
  }

  void end() {
    if (ended_) return;
    ended_ = true;
    gone = true;
    stop_source();
    if (!closing_) {
      // Not a closing handshake: nothing more can be said on this connection.
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    }
    if (auto done = std::move(on_end_)) done();
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<StreamSource> source_;
  WebSocketLimits limits_;
  std::function<void()> on_end_;
  beast::flat_buffer incoming_;
  std::deque<Out> outbox_;
  websocket::close_code close_code_ = websocket::close_code::normal;
  bool open_ = false;     // the handshake is done
  bool writing_ = false;  // a message is being written
  bool ending_ = false;   // close after what is queued
  bool closing_ = false;  // the close frame is on its way
  bool ended_ = false;
};

bool MessageWriter::write(std::vector<std::shared_ptr<const std::string>> messages) {
  auto channel = channel_.lock();
  if (!channel || closed_ || channel->gone) return false;
  auto n = messages.size();
  if (channel->queued.fetch_add(n) + n > cap_) {
    channel->queued -= n;
    return false;
  }
  channel->enqueue(std::move(messages));
  return true;
}

void MessageWriter::close(std::shared_ptr<const std::string> farewell) {
  if (closed_.exchange(true)) return;
  if (auto channel = channel_.lock()) channel->close_after(std::move(farewell));
}

}  // namespace

std::shared_ptr<WebSocketChannel> WebSocketChannel::open(boost::beast::tcp_stream stream,
                                                         UpgradeRequest upgrade, HeaderList headers,
                                                         std::shared_ptr<StreamSource> source,
                                                         WebSocketLimits limits,
                                                         std::function<void()> on_end) {
  auto channel =
      std::make_shared<Channel>(std::move(stream), std::move(source), limits, std::move(on_end));
  channel->accept(std::move(upgrade), std::move(headers));
  return channel;
}

}  // namespace dc::api
