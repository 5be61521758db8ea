#include "api/request_context.hpp"

#include <algorithm>
#include <cctype>

#include "api/upload.hpp"
#include "engine/base64.hpp"
#include "engine/utf8.hpp"

namespace dc::api {

namespace {

HttpResponse plain(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.set("Content-Type", "text/plain");
  r.body = std::move(body);
  return r;
}

/// Reads `Authorization: Basic <base64(user:password)>`; false when present but malformed.
bool read_credentials(const HttpRequest& req, std::optional<engine::Credentials>& out) {
  auto header = req.header("Authorization");
  if (!header) return true;
  auto value = trim(*header);
  auto space = value.find(' ');
  if (space == std::string_view::npos) return false;
  auto scheme = value.substr(0, space);
  if (to_lower(scheme) != "basic") return false;
  // Some clients' encoders append a newline to the token: trim around it.
  auto decoded = engine::base64_decode(trim(value.substr(space + 1)));
  if (!decoded) return false;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  out = engine::Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
  return true;
}

}  // namespace

bool is_driver_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  return true;
}

bool is_provider_name(std::string_view name) {
  if (name.size() > 255) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c >= 0x7f) return false;
  return true;
}

std::optional<std::string> text_problem(const RequestContext& ctx) {
  static const std::string rule = " must be UTF-8 text without control characters";
  for (auto& segment : ctx.segments)
    if (!engine::is_document_text(segment)) return "The request path" + rule;
  for (auto& [name, value] : ctx.params.items()) {
    if (!engine::is_document_text(name)) return "Parameter names" + rule;
    if (name != "blob_data" && !engine::is_document_text(value))
      return "Parameter '" + name + "'" + rule;
  }
  return std::nullopt;
}

std::variant<RequestContext, HttpResponse> parse_request(HttpRequest request,
                                                         const RequestDefaults& defaults) {
  RequestContext ctx;
  auto host = request.header("Host");
  if (!host || trim(*host).empty()) return plain(400, "Unable to find HTTP Host header");

  std::string_view target = request.target;
  auto qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  ctx.trailing_slash = raw_path.size() > 1 && raw_path.back() == '/';
  std::string_view query =
      qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);

  // Matrix parameters: `/api;driver=ec2;provider=x/realms` selects per request.
  Params matrix;
  std::string path;
  while (!raw_path.empty()) {
    if (raw_path.front() == '/') {
      raw_path.remove_prefix(1);
      continue;
    }
    auto slash = raw_path.find('/');
    auto segment = raw_path.substr(0, slash);
    raw_path = slash == std::string_view::npos ? std::string_view{} : raw_path.substr(slash);
    auto semi = segment.find(';');
    auto name = segment.substr(0, semi);
    if (semi != std::string_view::npos) {
      auto rest = segment.substr(semi + 1);
      while (!rest.empty()) {
        auto next = rest.find(';');
        auto kv = rest.substr(0, next);
        rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        auto eq = kv.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;  // `test;;;` is ignored
        matrix.add(std::string{name} + "[" + percent_decode(kv.substr(0, eq), false) + "]",
                   percent_decode(kv.substr(eq + 1), false));
      }
    }
    path += "/" + std::string{name};
    ctx.segments.push_back(percent_decode(name, false));
  }
  ctx.path = path.empty() ? "/" : path;

  parse_urlencoded(query, ctx.params);
  for (auto& [k, v] : matrix.items()) ctx.params.add(k, v);
  if (request.body_sink) {
    ctx.upload = std::dynamic_pointer_cast<Upload>(request.body_sink);
    if (ctx.upload && ctx.upload->malformed())
      return plain(400, "Malformed multipart/form-data body: " + ctx.upload->malformed_reason());
    if (ctx.upload) {
      for (auto& [name, value] : ctx.upload->fields()) ctx.params.add(name, value);
      // A staged file was sent as that parameter: it counts as present (its bytes stay staged).
      for (auto& part : ctx.upload->files()) ctx.params.add(part.head.name, "");
    }
  }
  if (!request.body.empty()) {
    auto type = request.header("Content-Type");
    std::string ctype = type ? to_lower(*type) : std::string{};
    if (ctype.rfind("application/x-www-form-urlencoded", 0) == 0) {
      parse_urlencoded(request.body, ctx.params);
    } else if (ctype.rfind("multipart/form-data", 0) == 0) {
      auto boundary = multipart_boundary(*type);
      if (!boundary || !parse_multipart(request.body, *boundary, ctx.params))
        return plain(400, "Malformed multipart/form-data body");
    }
  }

  ctx.method = request.method;
  for (auto& c : ctx.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (ctx.method == "HEAD") {
    ctx.head = true;
    ctx.method = "GET";
  }
  if (ctx.method == "POST") {
    std::optional<std::string> override_method = ctx.params.get("_method");
    if (auto h = request.header("X-HTTP-Method-Override")) override_method = *h;
    if (override_method) {
      auto m = to_lower(*override_method);
      if (m == "delete" || m == "put") ctx.method = m == "delete" ? "DELETE" : "PUT";
    }
  }

  auto forwarded_host = request.header("X-Forwarded-Host");
  auto forwarded_proto = request.header("X-Forwarded-Proto");
  std::string scheme = forwarded_proto ? to_lower(trim(*forwarded_proto)) : "http";
  std::string host_name{trim(forwarded_host ? *forwarded_host : *host)};
  if (auto comma = host_name.find(','); comma != std::string::npos)
    host_name = std::string{trim(host_name.substr(0, comma))};
  ctx.base_url = scheme + "://" + host_name;

  ctx.driver = defaults.driver;
  ctx.provider = defaults.provider;
  if (auto h = request.header("X-Deltacloud-Driver")) ctx.driver = std::string{trim(*h)};
  if (auto h = request.header("X-Deltacloud-Provider")) ctx.provider = std::string{trim(*h)};
  if (auto p = ctx.params.get("api[driver]")) ctx.driver = *p;
  if (auto p = ctx.params.get("api[provider]")) ctx.provider = *p;
  ctx.driver = to_lower(ctx.driver);
  ctx.provider = to_lower(ctx.provider);
  // Both are echoed in response headers: nothing that could end or split a header line.
  if (!is_driver_name(ctx.driver))
    return plain(400, "Invalid driver name: use letters, digits, '_' or '-' (at most 64)");
  if (!is_provider_name(ctx.provider))
    return plain(400, "Invalid provider: use printable characters without spaces (at most 255)");

  ctx.malformed_authorization = !read_credentials(request, ctx.credentials);
  ctx.request = std::move(request);
  return ctx;
}

}  // namespace dc::api
