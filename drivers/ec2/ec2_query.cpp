#include "drivers/ec2/ec2_query.hpp"

#include "drivers/ec2/ec2_errors.hpp"
#include "drivers/http/http_client.hpp"
#include "drivers/http/percent_encode.hpp"

namespace dc::drivers::ec2 {

Ec2Query::Ec2Query(Options options, const engine::Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/')
    options_.endpoint.pop_back();
}

namespace {

/// application/x-www-form-urlencoded: percent-encoded, a space as `+`. AWS takes `%20` as well,
/// but moto checks the signature against the body as it re-encodes it, with `+`, as the SDKs
/// send it.
std::string form_encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ')
      out += '+';
    else
      out += http::percent_encode(std::string_view{&c, 1});
  }
  return out;
}

}  // namespace

std::string Ec2Query::form(std::string_view action, const Params& params) const {
  std::string body = "Action=" + form_encode(action) + "&Version=" + form_encode(options_.version);
  for (auto& [name, value] : params) body += "&" + form_encode(name) + "=" + form_encode(value);
  return body;
}

void Ec2Query::call(const AwsCredentials& who, std::string_view action, const Params& params,
                    Answer done) const {
  http::Request request;
  request.method = "POST";
  request.url = options_.endpoint + "/";
  request.body = form(action, params);
  request.timeout = options_.timeout;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  sign(request, who, {options_.region, "ec2"}, clock_.now());
  http::HttpClient::shared()->send(std::move(request), [done](http::Response response) {
    if (response.status < 200 || response.status > 299) return done(ec2_error(response));
    auto document = std::make_shared<pugi::xml_document>();
    if (!document->load_buffer(response.body.data(), response.body.size()))
      return done(engine::make_error(engine::ErrorKind::provider,
                                     "EC2 answered something that is not XML"));
    done(Document{std::move(document)});
  });
}

}  // namespace dc::drivers::ec2
