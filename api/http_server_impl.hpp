#pragma once
// What an HttpServer shares with its sessions: options, handler, the I/O context, the acceptor
// and the registry of live connections. Private to the HTTP server's files.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/http_server.hpp"

namespace dc::api {

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
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::unordered_map<std::string, std::size_t> per_client;  // connections by client address
};

}  // namespace dc::api
