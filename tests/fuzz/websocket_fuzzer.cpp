// What a WebSocket client of /api/events sends after the upgrade: frames of any shape, masked
// or not, fragmented, oversized, control frames, close frames with any payload. Our channel
// (api/websocket_channel.cpp) owns no frame parsing of its own: it hands the socket to Beast's
// websocket::stream and keeps reading and dropping messages, which is what answers pings and
// the client's close. That code is bound to a TCP socket, so the harness runs the same stream
// over Beast's in-memory test stream, configured as the channel configures it (message cap,
// text mode, no compression), through the same asynchronous accept-then-read loop. Input: the
// bytes the client sends after a valid upgrade request. Properties: no crash, no leak, and
// the read loop ends (the input ends with the connection).

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

constexpr char upgrade[] =
    "GET /api/events HTTP/1.1\r\n"
    "Host: localhost\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::asio::io_context ioc;
  beast::test::stream client{ioc};
  websocket::stream<beast::test::stream> ws{ioc};
  ws.next_layer().connect(client);
  ws.read_message_max(64 * 1024);  // WebSocketLimits::max_incoming_bytes
  ws.text(true);
  ws.next_layer().append(upgrade);
  ws.next_layer().append(beast::string_view{reinterpret_cast<const char*>(data), size});
  ws.next_layer().close_remote();  // the client's bytes end with its connection

  beast::flat_buffer incoming;
  std::size_t reads = 0;
  std::function<void()> read = [&] {
    ws.async_read(incoming, [&](beast::error_code ec, std::size_t) {
      incoming.consume(incoming.size());
      // Every message costs at least two bytes of input: more reads than that is a loop.
      if (++reads > size + 2) std::abort();
      if (!ec) read();
    });
  };
  ws.async_accept([&](beast::error_code ec) {
    if (!ec) read();
  });
  ioc.run();
  return 0;
}
