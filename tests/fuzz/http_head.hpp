#pragma once
// Raw bytes to an HttpRequest the way the server gets one: Beast's request parser with the
// server's default head limit, then the same copy of method, target and fields that
// api/http_session_requests.cpp makes (that file is all sockets, so the harnesses repeat its
// few lines).

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string_view>

#include "api/http_message.hpp"

namespace dc::fuzz {

inline std::optional<api::HttpRequest> parse_http(std::string_view bytes) {
  namespace http = boost::beast::http;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);  // HttpServerOptions::max_header_bytes
  parser.body_limit(1024 * 1024);  // the in-memory body cap
  parser.eager(true);
  boost::beast::error_code ec;
  auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  (void)used;
  if (ec && ec != http::error::need_more) return std::nullopt;
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return std::nullopt;
  }
  auto& msg = parser.get();
  api::HttpRequest req;
  req.method = std::string{msg.method_string()};
  req.target = std::string{msg.target()};
  for (auto& field : msg) req.headers.emplace_back(field.name_string(), field.value());
  req.body = msg.body();
  return req;
}

}  // namespace dc::fuzz
