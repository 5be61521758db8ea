#include "drivers/openstack/keystone.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "drivers/openstack/openstack_errors.hpp"
#include "engine/json_writer.hpp"

namespace dc::drivers::openstack {

using engine::ErrorKind;

namespace {

/// Regions compare without case: deltacloud lower-cases the provider a client names, so
/// `;RegionOne` arrives as `;regionone`.
bool same_region(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> Token::url_for(const std::string& service_type,
                                          const std::string& region) const {
  if (auto bar = service_type.find('|'); bar != std::string::npos) {
    if (auto url = url_for(service_type.substr(0, bar), region)) return url;
    return url_for(service_type.substr(bar + 1), region);
  }
  for (auto& e : catalog) {
    if (e.service_type != service_type || e.interface != "public") continue;
    if (!region.empty() && !same_region(e.region, region)) continue;
    auto url = e.url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  return std::nullopt;
}

std::string token_request_body(const ProjectUser& who, const std::string& password,
                               const std::string& domain) {
  engine::JsonWriter json;
  json.begin_object().key("auth").begin_object();
  json.key("identity").begin_object();
  json.key("methods").begin_array().value("password").end_array();
  json.key("password").begin_object().key("user").begin_object();
  json.field("name", who.user);
  json.key("domain").begin_object().field("name", domain).end_object();
  json.field("password", password);
  json.end_object().end_object();  // user, password
  json.end_object();               // identity
  json.key("scope").begin_object().key("project").begin_object();
  json.field("name", who.project);
  json.key("domain").begin_object().field("name", domain).end_object();
  json.end_object().end_object();  // project, scope
  json.end_object().end_object();  // auth, root
  return json.finish();
}

std::optional<std::chrono::system_clock::time_point> parse_keystone_time(const std::string& text) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                  &second) != 6)
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  auto seconds = ::timegm(&tm);
  if (seconds < 0) return std::nullopt;
  // The clock counts nanoseconds, so it ends in 2262: a later expiry is as good as never, and
  // from_time_t would overflow into the past (the token would look expired at once).
  using std::chrono::system_clock;
  constexpr auto last = std::chrono::duration_cast<std::chrono::seconds>(
                            system_clock::time_point::max().time_since_epoch())
                            .count();
  if (seconds >= last) return system_clock::time_point::max();
  return system_clock::from_time_t(seconds);
}

engine::Result<Token> read_token(const http::Response& response) {
  if (!succeeded(response)) return openstack_error(response);
  auto broken = [](const std::string& what) {
    return engine::make_error(ErrorKind::provider, "Keystone's token answer " + what);
  };
  Token token;
  token.id = response.header("x-subject-token");
  if (token.id.empty()) return broken("has no X-Subject-Token");
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(response.body).get(root) != simdjson::SUCCESS) return broken("is not JSON");
  simdjson::dom::object body;
  if (root["token"].get(body) != simdjson::SUCCESS) return broken("has no token");
  std::string_view expires;
  if (body["expires_at"].get(expires) != simdjson::SUCCESS) return broken("has no expires_at");
  auto at = parse_keystone_time(std::string{expires});
  if (!at) return broken("has an unreadable expires_at");
  token.expires_at = *at;
  std::string_view project_id;
  if (body["project"]["id"].get(project_id) == simdjson::SUCCESS)
    token.project_id = std::string{project_id};
  simdjson::dom::array catalog;
  if (body["catalog"].get(catalog) != simdjson::SUCCESS) return broken("has no service catalog");
  for (auto service : catalog) {
    std::string_view type;
    simdjson::dom::array endpoints;
    if (service["type"].get(type) != simdjson::SUCCESS ||
        service["endpoints"].get(endpoints) != simdjson::SUCCESS)
      continue;
    for (auto e : endpoints) {
      std::string_view interface, url, region;
      if (e["interface"].get(interface) != simdjson::SUCCESS ||
          e["url"].get(url) != simdjson::SUCCESS)
        continue;
      if (e["region_id"].get(region) != simdjson::SUCCESS &&
          e["region"].get(region) != simdjson::SUCCESS)
        region = {};
      token.catalog.push_back(
          {std::string{type}, std::string{interface}, std::string{region}, std::string{url}});
    }
  }
  return token;
}

}  // namespace dc::drivers::openstack
