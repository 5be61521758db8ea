#pragma once
// The outbound HTTP client that drivers of real clouds share: one thread owns a libcurl multi
// handle and runs every transfer of the process on it (STACK.md §6: curl_multi_poll woken by
// curl_multi_wakeup). Callers never block: send() queues a request and returns; the completion
// runs on the client's thread, so a driver hands it to its own executor at once.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace dc::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
};

struct Response {
  /// The HTTP status; 0 when no answer came (see `error`).
  long status = 0;
  /// Header names in lower case, in the order received (the last response's, after redirects).
  HeaderList headers;
  std::string body;
  /// Why no answer came (connection refused, DNS, TLS, timeout); empty when one did.
  std::string error;
  bool timed_out = false;

  /// The first value of a header (name in any case), or empty.
  std::string header(const std::string& name) const;
};

using Completion = std::function<void(Response)>;

class HttpClient {
 public:
  struct Options {
    std::size_t max_connections = 256;  // across all hosts; kept alive for reuse
  };

  HttpClient();
  explicit HttpClient(Options options);
  /// Stops the thread; transfers still running complete with an error.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Starts the request; `done` runs once, on the client's thread.
  void send(Request request, Completion done);

  /// The process's client, made on first use.
  static std::shared_ptr<HttpClient> shared();

 private:
  struct Transfer;
  void run();

  Options options_;
  void* multi_ = nullptr;  // CURLM*, kept out of this header
  std::mutex mutex_;
  std::vector<std::unique_ptr<Transfer>> queued_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dc::http
