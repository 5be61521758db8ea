#pragma once
// The outbound HTTP client that drivers of real clouds share: one thread owns a libcurl multi
// handle and runs every transfer of the process on it (STACK.md §6: curl_multi_poll woken by
// curl_multi_wakeup). Callers never block: send() queues a request and returns; the completion
// runs on the client's thread, so a driver hands it to its own executor at once.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/file_handle.hpp"

namespace dc::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;
  /// A header with an empty value is left out, including one curl would add itself (the
  /// form Content-Type of a POST body). A name or value with a line break or NUL fails the
  /// request (`local_failure`) instead of being sent.
  HeaderList headers;
  std::string body;
  /// When set, the body is read from this file while it is sent instead of from `body`, so an
  /// upload of any size never sits in memory. Such a request asks `Expect: 100-continue` (an
  /// early refusal costs no upload), and it is cut off after a minute below 1 KiB/s.
  std::filesystem::path body_file;
  /// When set, the body of a successful (2xx) answer goes to a new unnamed file in this
  /// directory (`Response::body_file`) instead of into memory; error answers still fill `body`.
  std::filesystem::path download_dir;
  std::chrono::milliseconds timeout{30000};
};

struct Response {
  /// The HTTP status; 0 when no answer came (see `error`).
  long status = 0;
  /// Header names in lower case, in the order received (the last response's, after redirects).
  HeaderList headers;
  std::string body;
  /// The downloaded body when the request named a `download_dir` and the answer was 2xx: an
  /// open file without a name (it vanishes with its last owner), read with pread.
  std::shared_ptr<engine::FileHandle> body_file;
  /// Why no answer came (connection refused, DNS, TLS, timeout); empty when one did.
  std::string error;
  bool timed_out = false;
  /// The failure was on this side, not the peer's: a file to send that cannot be read, a
  /// download the disk refused, a header that would split the request.
  bool local_failure = false;

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
