#pragma once
// One request, parsed once: effective method, path segments, merged parameters, the selected
// driver and provider, the client's credentials and the base URL for absolute hrefs.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "api/http_message.hpp"
#include "api/params.hpp"
#include "engine/driver.hpp"

namespace dc::api {

class Upload;

struct RequestDefaults {
  std::string driver = "mock";
  std::string provider;
};

struct RequestContext {
  HttpRequest request;
  std::string method;                 // effective (after X-HTTP-Method-Override / _method)
  bool head = false;                  // a HEAD request, answered as GET without body
  std::string path;                   // without matrix parameters and query
  std::vector<std::string> segments;  // decoded path segments
  bool trailing_slash = false;        // the path ended in `/` (`/api/instances/`)
  std::map<std::string, std::string> path_params;  // :id and friends, set by the router
  Params params;
  /// A body received to disk (blob uploads); its form fields are in `params` as well.
  std::shared_ptr<Upload> upload;
  std::string driver;
  std::string provider;  // empty when none is in effect
  std::string base_url;  // scheme://host[:port] as the client addressed us
  std::optional<engine::Credentials> credentials;
  bool malformed_authorization = false;

  /// Absolute URL of an API path: url("/instances/inst1").
  std::string url(std::string_view api_path) const {
    return base_url + "/api" + std::string{api_path};
  }
  const std::string& path_param(const std::string& name) const { return path_params.at(name); }
};

/// A driver id as a request may name it: `[a-z0-9_-]{1,64}` (after lower-casing).
bool is_driver_name(std::string_view name);
/// A provider as a request may name it (an id or an endpoint URL): printable ASCII without
/// spaces, at most 255 bytes; empty means none.
bool is_provider_name(std::string_view name);

/// What is wrong with the request's text, for a 400: a path segment, parameter name or value
/// that is not valid UTF-8 or holds a control character (other than TAB, LF, CR); none when
/// all are clean. Stored text must be able to appear in every document. Binary parameters
/// (`blob_data`, a blob's bytes) are not text and are not checked.
std::optional<std::string> text_problem(const RequestContext& ctx);

/// Parses a request; a response instead when it cannot be served at all (no Host, bad body).
std::variant<RequestContext, HttpResponse> parse_request(HttpRequest request,
                                                         const RequestDefaults& defaults);

}  // namespace dc::api
