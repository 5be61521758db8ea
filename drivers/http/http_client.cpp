#include "drivers/http/http_client.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

namespace dc::http {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

void initialise_curl_once() {
  // curl_global_init is not thread-safe: the first client does it, before its thread starts.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// A new file in `dir` that has no name, so that nothing is left behind whatever happens to the
/// process; -1 with `error` set when it cannot be made.
int open_unnamed_file(const std::filesystem::path& dir, std::string& error) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // File systems without O_TMPFILE: a named file, unlinked at once.
  auto pattern = (dir / "download-XXXXXX").string();
  fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    error = std::string{"cannot create a download file: "} + std::strerror(errno);
    return -1;
  }
  ::unlink(pattern.c_str());
  return fd;
}

/// The name of the first header whose name or value holds CR, LF or NUL; empty when none does.
std::string split_header(const HeaderList& headers) {
  auto splits = [](const std::string& text) {
    return text.find_first_of(std::string{"\r\n\0", 3}) != std::string::npos;
  };
  for (auto& [name, value] : headers)
    if (splits(name) || splits(value)) return splits(name) ? std::string{"(name)"} : name;
  return {};
}

}  // namespace

std::string Response::header(const std::string& name) const {
  auto wanted = lower(name);
  for (auto& [n, v] : headers)
    if (n == wanted) return v;
  return {};
}

struct HttpClient::Transfer {
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  Request request;
  Response response;
  Completion done;
  char error[CURL_ERROR_SIZE] = {};
  int upload_fd = -1;    // the open `request.body_file`
  int download_fd = -1;  // where a 2xx body goes when `request.download_dir` is set
  std::uint64_t downloaded = 0;
  std::string local_error;  // a failure on our side (disk), which curl only sees as an abort

  ~Transfer() {
    if (upload_fd >= 0) ::close(upload_fd);
    if (download_fd >= 0) ::close(download_fd);
    if (header_list) curl_slist_free_all(header_list);
    if (easy) curl_easy_cleanup(easy);
  }

  /// True when the body of this answer goes to a file: one was asked for and the answer is 2xx.
  bool downloading() const {
    if (request.download_dir.empty()) return false;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    return status >= 200 && status < 300;
  }

  bool write_download(const char* data, std::size_t size) {
    if (download_fd < 0 && (download_fd = open_unnamed_file(request.download_dir, local_error)) < 0)
      return false;
    while (size > 0) {
      auto wrote = ::write(download_fd, data, size);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) {
        local_error = std::string{"cannot write the download: "} + std::strerror(errno);
        return false;
      }
      data += wrote;
      size -= static_cast<std::size_t>(wrote);
      downloaded += static_cast<std::uint64_t>(wrote);
    }
    return true;
  }

  /// Hands the downloaded file to the response (an empty one when the answer had no body).
  bool finish_download() {
    if (!downloading()) return true;
    if (download_fd < 0 && (download_fd = open_unnamed_file(request.download_dir, local_error)) < 0)
      return false;
    response.body_file =
        std::make_shared<engine::FileHandle>(std::exchange(download_fd, -1), downloaded);
    return true;
  }

  /// Completes the transfer with an error of our own, before or instead of sending it.
  void fail(std::string why) {
    response.error = std::move(why);
    response.local_failure = true;
    done(std::move(response));
  }
};

HttpClient::HttpClient() : HttpClient(Options{}) {}

HttpClient::HttpClient(Options options) : options_(options) {
  initialise_curl_once();
  auto* multi = curl_multi_init();
  if (!multi) throw std::runtime_error("libcurl: cannot create a multi handle");
  // The default connection cache is small: without this, keep-alive is lost under load.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_connections));
  multi_ = multi;
  thread_ = std::thread([this] { run(); });
}

HttpClient::~HttpClient() {
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
  }
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  thread_.join();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

std::shared_ptr<HttpClient> HttpClient::shared() {
  static auto client = std::make_shared<HttpClient>();
  return client;
}

void HttpClient::send(Request request, Completion done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  {
    std::lock_guard guard{mutex_};
    if (!stopping_) {
      queued_.push_back(std::move(t));
    }
  }
  if (t) {  // refused: the client is stopping
    t->response.error = "the HTTP client is stopping";
    t->done(std::move(t->response));
    return;
  }
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void HttpClient::run() {
  auto* multi = static_cast<CURLM*>(multi_);
  std::map<CURL*, std::unique_ptr<Transfer>> running;
  for (;;) {
    std::vector<std::unique_ptr<Transfer>> fresh;
    {
      std::lock_guard guard{mutex_};
      if (stopping_) break;
      fresh.swap(queued_);
    }
    for (auto& t : fresh) {
      auto* easy = curl_easy_init();
      if (!easy) {
        t->fail("libcurl: cannot create a transfer");
        continue;
      }
      t->easy = easy;
      if (!t->request.body_file.empty()) {
        t->upload_fd = ::open(t->request.body_file.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (t->upload_fd < 0 || ::fstat(t->upload_fd, &st) != 0) {
          // Not the path: the message may reach a client.
          t->fail(std::string{"cannot read the file to upload: "} + std::strerror(errno));
          continue;
        }
        curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(st.st_size));
        curl_easy_setopt(easy, CURLOPT_READDATA, t.get());
        curl_easy_setopt(
            easy, CURLOPT_READFUNCTION,
            +[](char* buffer, std::size_t size, std::size_t n, void* user) -> std::size_t {
              auto* transfer = static_cast<Transfer*>(user);
              for (;;) {
                auto got = ::read(transfer->upload_fd, buffer, size * n);
                if (got >= 0) return static_cast<std::size_t>(got);
                if (errno == EINTR) continue;
                transfer->local_error =
                    std::string{"cannot read the upload: "} + std::strerror(errno);
                return CURL_READFUNC_ABORT;
              }
            });
        // A reused connection found dead, or a redirect, sends the body again from the start.
        curl_easy_setopt(easy, CURLOPT_SEEKDATA, t.get());
        curl_easy_setopt(
            easy, CURLOPT_SEEKFUNCTION, +[](void* user, curl_off_t offset, int origin) -> int {
              auto* transfer = static_cast<Transfer*>(user);
              return ::lseek(transfer->upload_fd, static_cast<off_t>(offset), origin) < 0
                         ? CURL_SEEKFUNC_FAIL
                         : CURL_SEEKFUNC_OK;
            });
      }
      if (!t->request.body_file.empty() || !t->request.download_dir.empty()) {
        // Large transfers may take long in total; one that stalls is given up after a minute.
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, 60L);
      }
      if (auto bad = split_header(t->request.headers); !bad.empty()) {
        t->fail("header '" + bad + "' holds a line break or NUL: not sent");
        continue;
      }
      auto& r = t->request;
      curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
      curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // threaded program: no SIGALRM timeouts
      curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
      curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                       static_cast<long>(std::min<long long>(r.timeout.count(), 10000)));
      curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
      curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
      curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
      curl_easy_setopt(
          easy, CURLOPT_WRITEFUNCTION,
          +[](char* data, std::size_t size, std::size_t n, void* user) -> std::size_t {
            auto* transfer = static_cast<Transfer*>(user);
            if (!transfer->downloading()) {
              transfer->response.body.append(data, size * n);
              return size * n;
            }
            // Zero tells curl to abort: the disk refused the bytes (local_error says why).
            return transfer->write_download(data, size * n) ? size * n : 0;
          });
      curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
      curl_easy_setopt(
          easy, CURLOPT_HEADERFUNCTION,
          +[](char* data, std::size_t size, std::size_t n, void* user) -> std::size_t {
            auto& response = static_cast<Transfer*>(user)->response;
            std::string line(data, size * n);
            // A status line starts a new response (after a 100 Continue): keep only the last.
            if (line.rfind("HTTP/", 0) == 0) {
              response.headers.clear();
            } else if (auto colon = line.find(':'); colon != std::string::npos) {
              response.headers.emplace_back(lower(trim(line.substr(0, colon))),
                                            trim(line.substr(colon + 1)));
            }
            return size * n;
          });
      if (!r.body_file.empty()) {
        if (r.method != "PUT") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      } else if (r.method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
      } else if (r.method != "GET") {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        if (!r.body.empty() || r.method == "POST" || r.method == "PUT") {
          curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
          curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(r.body.size()));
        }
      }
      // No "Expect: 100-continue" round trip before bodies in memory (they are small); a file's
      // body waits for it, so that a refusal (401, 404) comes before the bytes are sent.
      if (r.body_file.empty()) t->header_list = curl_slist_append(t->header_list, "Expect:");
      for (auto& [name, value] : r.headers) {
        // "Name:" with nothing after it makes curl leave out a header it would add itself.
        auto line = value.empty() ? name + ":" : name + ": " + value;
        t->header_list = curl_slist_append(t->header_list, line.c_str());
      }
      curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->header_list);
      curl_multi_add_handle(multi, easy);
      running.emplace(easy, std::move(t));
    }

    int still_running = 0;
    curl_multi_perform(multi, &still_running);
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      auto i = running.find(message->easy_handle);
      if (i == running.end()) continue;
      auto t = std::move(i->second);
      running.erase(i);
      curl_multi_remove_handle(multi, t->easy);
      auto code = message->data.result;
      if (code == CURLE_OK && t->finish_download()) {
        long status = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        t->response.status = status;
      } else if (!t->local_error.empty()) {
        t->response.error = t->local_error;
        t->response.local_failure = true;
      } else {
        t->response.error = t->error[0] ? std::string{t->error} : curl_easy_strerror(code);
        t->response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
      }
      t->done(std::move(t->response));
    }
    // Sleeps until a socket is ready, a timeout of curl's is due, or send() wakes it.
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }

  for (auto& [easy, t] : running) {
    curl_multi_remove_handle(multi, easy);
    t->response.error = "the HTTP client stopped";
    t->done(std::move(t->response));
  }
  std::vector<std::unique_ptr<Transfer>> queued;
  {
    std::lock_guard guard{mutex_};
    queued.swap(queued_);
  }
  for (auto& t : queued) {
    t->response.error = "the HTTP client stopped";
    t->done(std::move(t->response));
  }
}

}  // namespace dc::http
