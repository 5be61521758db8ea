// Foo's HTTP API over the shared libcurl client of drivers/http: requests built, JSON answers
// read with simdjson, failures mapped to the engine's error kinds.
#include "drivers/foo/foo_client.hpp"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

#include "drivers/http/http_client.hpp"
#include "drivers/http/percent_encode.hpp"
#include "engine/base64.hpp"
#include "engine/driver_options.hpp"

namespace dc::drivers::foo {

using engine::ErrorKind;
using engine::make_error;

namespace {

/// Foo's answers carry their own message as `{"error": {"message": "..."}}`.
engine::Error error_of(const http::Response& response) {
  if (response.local_failure)
    return make_error(ErrorKind::backend, "The request to Foo failed here: " + response.error);
  if (response.timed_out) return make_error(ErrorKind::provider_timeout, "Foo did not answer");
  if (response.status == 0)
    return make_error(ErrorKind::unavailable, "Foo could not be reached: " + response.error);
  std::string message = "Foo answered " + std::to_string(response.status);
  simdjson::dom::parser parser;
  std::string_view said;
  if (parser.parse(response.body)["error"]["message"].get(said) == simdjson::SUCCESS)
    message += ": " + std::string{said};
  switch (response.status) {
    case 400:
    case 422:
      return make_error(ErrorKind::validation, message);
    case 401:
      return make_error(ErrorKind::authentication, message);
    case 403:
      return make_error(ErrorKind::forbidden, message);
    case 404:
      return make_error(ErrorKind::not_found, message);
    case 409:
      return make_error(ErrorKind::conflict, message);
    case 429: {
      auto throttled = make_error(ErrorKind::throttled, message);
      auto seconds = std::strtol(response.header("Retry-After").c_str(), nullptr, 10);
      if (seconds > 0 && seconds <= 3600) throttled.retry_after = std::chrono::seconds{seconds};
      return throttled;
    }
    default:
      return make_error(ErrorKind::provider, message);
  }
}

std::string text(simdjson::dom::element e, const char* key) {
  std::string_view v;
  return e[key].get(v) == simdjson::SUCCESS ? std::string{v} : std::string{};
}

FooServer server_of(simdjson::dom::element e) {
  return FooServer{text(e, "id"),   text(e, "name"), text(e, "status"),   text(e, "image"),
                   text(e, "size"), text(e, "zone"), text(e, "public_ip")};
}

/// A JSON string literal of `value` (Foo's names and ids are plain text, escaped all the same).
std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

class HttpFooClient final : public FooClient {
 public:
  HttpFooClient(std::string base, std::chrono::milliseconds timeout)
      : base_(std::move(base)), timeout_(timeout) {}

  void zones(const Credentials& who, Callback<std::vector<FooZone>> done) override {
    send(
        who, "GET", "/zones", {},
        [done](simdjson::dom::element body) {
          std::vector<FooZone> out;
          for (auto z : body["zones"].get_array()) {
            bool open = true;  // Foo leaves the field out for open zones
            if (z["open"].get(open) != simdjson::SUCCESS) open = true;
            out.push_back(FooZone{text(z, "id"), text(z, "name"), open});
          }
          done(std::move(out));
        },
        done);
  }
  void servers(const Credentials& who, Callback<std::vector<FooServer>> done) override {
    send(
        who, "GET", "/servers", {},
        [done](simdjson::dom::element body) {
          std::vector<FooServer> out;
          for (auto s : body["servers"].get_array()) out.push_back(server_of(s));
          done(std::move(out));
        },
        done);
  }
  void server(const Credentials& who, const std::string& id, Callback<FooServer> done) override {
    send(who, "GET", "/servers/" + http::percent_encode(id), {}, one_server(done), done);
  }
  void create_server(const Credentials& who, const FooServerCreate& what,
                     Callback<FooServer> done) override {
    std::string body = "{\"name\":" + quoted(what.name) + ",\"image\":" + quoted(what.image) +
                       ",\"size\":" + quoted(what.size);
    if (!what.zone.empty()) body += ",\"zone\":" + quoted(what.zone);
    if (what.keypair) body += ",\"keypair\":" + quoted(*what.keypair);
    for (auto& [name, value] : what.size_options) body += "," + quoted(name) + ":" + quoted(value);
    send(who, "POST", "/servers", body + "}", one_server(done), done);
  }
  void server_action(const Credentials& who, const std::string& id, const std::string& verb,
                     Callback<FooServer> done) override {
    send(who, "POST", "/servers/" + http::percent_encode(id) + "/" + verb, "{}", one_server(done),
         done);
  }
  void delete_server(const Credentials& who, const std::string& id,
                     Callback<engine::Unit> done) override {
    send(
        who, "DELETE", "/servers/" + http::percent_encode(id), {},
        [done](simdjson::dom::element) { done(engine::Unit{}); }, done);
  }

 private:
  static std::function<void(simdjson::dom::element)> one_server(Callback<FooServer> done) {
    return [done](simdjson::dom::element body) { done(server_of(body["server"])); };
  }

  /// Sends one request; a 2xx answer's JSON goes to `read`, any failure to `failed`.
  template <class T>
  void send(const Credentials& who, std::string method, const std::string& path, std::string body,
            std::function<void(simdjson::dom::element)> read, Callback<T> failed) {
    http::Request request;
    request.method = std::move(method);
    request.url = base_ + path;
    request.body = std::move(body);
    request.timeout = timeout_;
    request.headers = {
        {"Authorization", "Basic " + engine::base64_encode(who.user + ":" + who.password)},
        {"Content-Type", request.body.empty() ? "" : "application/json"},
        {"Accept", "application/json"}};
    // The completion holds nothing of this client, which may be gone when the answer comes:
    // the driver's callbacks post to its shared executor, which drops work for a gone actor.
    http::HttpClient::shared()->send(std::move(request), [read, failed](http::Response response) {
      if (response.status < 200 || response.status > 299) return failed(error_of(response));
      simdjson::dom::parser parser;
      simdjson::dom::element json;
      auto text = response.body.empty() ? std::string{"{}"} : response.body;
      if (parser.parse(text).get(json) != simdjson::SUCCESS)
        return failed(make_error(ErrorKind::provider, "Foo answered something not JSON"));
      try {
        read(json);
      } catch (const simdjson::simdjson_error&) {
        failed(make_error(ErrorKind::provider, "Foo answered JSON of another shape"));
      }
    });
  }

  std::string base_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<FooClient> make_foo_client(const engine::DriverSetup& setup) {
  engine::DriverOptions options{"foo", setup.options};
  auto provider = setup.provider.empty() ? std::string{"fra"} : setup.provider;
  auto endpoint = options.text("endpoint", "https://{provider}.compute.foo.example/v1");
  if (auto at = endpoint.find("{provider}"); at != std::string::npos)
    endpoint.replace(at, 10, provider);
  return std::make_unique<HttpFooClient>(
      endpoint, options.milliseconds("request_timeout_ms", 30'000, 1, 86'400'000));
}

}  // namespace dc::drivers::foo
