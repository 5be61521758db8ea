#include "api/exchange.hpp"

#include <ctime>

#include "api/md5.hpp"

namespace dc::api {

namespace {

std::string http_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace

void add_api_headers(HttpResponse& response, const RequestContext& ctx,
                     const ApiSettings& settings) {
  response.set("Server", "Apache-Deltacloud/" + settings.version);
  response.set("X-Deltacloud-Driver", ctx.driver);
  if (!ctx.provider.empty()) response.set("X-Deltacloud-Provider", ctx.provider);
  response.set("Date", http_date());
  // HEAD answers carry no body, hence no ETag (as the original's Rack::ETag).
  if ((response.status == 200 || response.status == 201) && !response.body.empty() && !ctx.head) {
    response.set("ETag", md5_hex(response.body));
    response.set("Cache-Control", "max-age=0, private, must-revalidate");
  }
}

Exchange::Exchange(RequestContext ctx, Format format, const engine::DriverInfo& driver,
                   const ApiSettings& settings, actors::ControlPlane& plane, Responder respond)
    : ctx_(std::move(ctx)),
      format_(format),
      driver_(driver),
      settings_(settings),
      plane_(plane),
      respond_(std::move(respond)) {}

actors::Account Exchange::account() const {
  return actors::Account{ctx_.driver, ctx_.provider,
                         ctx_.credentials.value_or(engine::Credentials{}),
                         ctx_.request.client_address};
}

void Exchange::send(HttpResponse response) {
  add_api_headers(response, ctx_, settings_);
  respond_(std::move(response));
}

void Exchange::document(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.set("Content-Type", content_type(format_));
  r.body = std::move(body);
  send(std::move(r));
}

void Exchange::fail(const engine::Error& error) {
  HttpResponse r;
  r.status = engine::http_status(error.kind);
  auto fmt = format_ == Format::json ? Format::json : Format::xml;
  r.set("Content-Type", content_type(fmt));
  r.body = fmt == Format::json ? error_json(error) : error_xml(ctx_, error);
  send(std::move(r));
}

void Exchange::challenge() {
  HttpResponse r;
  r.status = 401;
  auto fmt = format_ == Format::json ? Format::json : Format::xml;
  r.set("Content-Type", content_type(fmt));
  auto error = engine::make_error(engine::ErrorKind::authentication);
  r.body = fmt == Format::json ? error_json(error) : error_xml(ctx_, error);
  r.set("WWW-Authenticate",
        "Basic realm=\"" + ctx_.driver + "-deltacloud@" + settings_.hostname + "\"");
  send(std::move(r));
}

void Exchange::no_content() {
  HttpResponse r;
  r.status = 204;
  send(std::move(r));
}

}  // namespace dc::api
