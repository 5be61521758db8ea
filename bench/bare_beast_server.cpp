// The HTTP path's ceiling on this machine: a bare Boost.Beast server (one I/O thread, keep-alive)
// that answers every request with the same bytes, read once from a file. Benchmarked with
// bench_http_load beside deltacloudd serving the same body, it says how much of the time goes to
// deltacloudd's own work (routing, authentication, the actor round trip, rendering) rather than
// to HTTP itself. Listens on 127.0.0.1 only; stops on SIGINT or SIGTERM.
//
//   bench_bare_beast PORT BODY_FILE [CONTENT_TYPE]

// Boost 1.74's asio uses std::exchange without including <utility> itself.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Answer {
  std::string body;
  std::string content_type;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const Answer> answer)
      : stream_(std::move(socket)), answer_(std::move(answer)) {}

  void read() {
    request_ = {};
    http::async_read(stream_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->respond();
                     });
  }

 private:
  void respond() {
    auto response =
        std::make_shared<http::response<http::string_body>>(http::status::ok, request_.version());
    response->set(http::field::server, "bare-beast");
    response->set(http::field::content_type, answer_->content_type);
    response->keep_alive(request_.keep_alive());
    response->body() = answer_->body;
    response->prepare_payload();
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (!ec && response->keep_alive()) self->read();
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::shared_ptr<const Answer> answer_;
};

void accept(tcp::acceptor& acceptor, std::shared_ptr<const Answer> answer) {
  acceptor.async_accept([&acceptor, answer](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    socket.set_option(tcp::no_delay(true));
    std::make_shared<Session>(std::move(socket), answer)->read();
    accept(acceptor, answer);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PORT BODY_FILE [CONTENT_TYPE]\n", argv[0]);
    return 2;
  }
  auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  std::ifstream file{argv[2], std::ios::binary};
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", argv[2]);
    return 1;
  }
  auto answer = std::make_shared<Answer>();
  answer->body.assign(std::istreambuf_iterator<char>{file}, std::istreambuf_iterator<char>{});
  answer->content_type = argc > 3 ? argv[3] : "application/xml";

  asio::io_context io{1};
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), port}};
  accept(acceptor, answer);
  asio::signal_set stop{io, SIGINT, SIGTERM};
  stop.async_wait([&io](beast::error_code, int) { io.stop(); });
  std::printf("bare Beast server on 127.0.0.1:%u, %zu bytes per answer\n", port,
              answer->body.size());
  std::fflush(stdout);
  io.run();
  return 0;
}
