#pragma once
// A Beast body type that streams a request body into a BodySink as it is parsed, so that an
// upload of any size never sits in memory. Private to the HTTP server's files.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <exception>
#include <memory>

#include "api/http_message.hpp"

namespace dc::api {

struct SinkBody {
  using value_type = std::shared_ptr<BodySink>;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& sink) : sink_(sink) {}
    void init(const boost::optional<std::uint64_t>&, boost::beast::error_code& ec) { ec = {}; }
    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t n = 0;
      try {
        for (auto b : boost::beast::buffers_range_ref(buffers)) {
          sink_->write(static_cast<const char*>(b.data()), b.size());
          n += b.size();
        }
      } catch (const std::exception&) {
        // A sink must not take the I/O thread down: the connection fails instead.
        ec = boost::beast::http::error::bad_chunk;
        return n;
      }
      ec = {};
      return n;
    }
    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& sink_;
  };
};

}  // namespace dc::api
