// The listening side of the HTTP server: the acceptor, the caps on connections, start and a
// graceful stop. Each connection is a Session (http_session.hpp).
#include "api/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <sstream>
#include <thread>

#include "api/http_server_impl.hpp"
#include "api/http_session.hpp"

namespace dc::api {

namespace {

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

}  // namespace

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
