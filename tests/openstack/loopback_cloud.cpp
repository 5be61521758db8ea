#include "tests/openstack/loopback_cloud.hpp"

#include <simdjson.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cctype>
#include <cstdlib>
#include <future>

namespace dc::test {

namespace {

std::string env(const char* name, const std::string& fallback = {}) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

/// Splits `user+project`.
CloudUser user_from(const std::string& login, const std::string& password) {
  auto plus = login.find('+');
  if (plus == std::string::npos) return {login, login, password};
  return {login.substr(0, plus), login.substr(plus + 1), password};
}

}  // namespace

const std::optional<LoopbackCloud>& loopback_cloud() {
  static const std::optional<LoopbackCloud> cloud = []() -> std::optional<LoopbackCloud> {
    auto url = env("DC_OPENSTACK_AUTH_URL");
    if (url.empty()) return std::nullopt;
    LoopbackCloud c;
    c.auth_url = url;
    c.region = env("DC_OPENSTACK_REGION", "RegionOne");
    c.memcached_port =
        static_cast<std::uint16_t>(std::stoi(env("DC_OPENSTACK_MEMCACHED_PORT", "11211")));
    c.demo = user_from(env("DC_OPENSTACK_USER", "demo+demo"), env("DC_OPENSTACK_PASSWORD"));
    c.admin = user_from(env("DC_OPENSTACK_ADMIN_USER", "admin+admin"),
                        env("DC_OPENSTACK_ADMIN_PASSWORD", c.demo.password));
    return c;
  }();
  return cloud;
}

std::string why_no_cloud() {
  return "DC_OPENSTACK_AUTH_URL is not set: no OpenStack cloud to test against. scripts/test.sh "
         "starts ../shared/openstack-loopback and sets it when run as root.";
}

std::string json_string(const std::string& body, std::initializer_list<const char*> path) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  INFO(body);
  REQUIRE(parser.parse(body).get(e) == simdjson::SUCCESS);
  for (auto key : path) REQUIRE(e[key].get(e) == simdjson::SUCCESS);
  std::string_view text;
  REQUIRE(e.get(text) == simdjson::SUCCESS);
  return std::string{text};
}

/// The id of the first element of the list `key` in `body`.
std::string first_id(const std::string& body, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  INFO(body);
  REQUIRE(parser.parse(body)[key].get(list) == simdjson::SUCCESS);
  REQUIRE(list.size() > 0);
  std::string_view id;
  REQUIRE(list.at(0)["id"].get(id) == simdjson::SUCCESS);
  return std::string{id};
}

/// The public URL of the catalog's `type` service, from Keystone's catalog for `token`.
std::string service_url(const LoopbackCloud& cloud, const std::string& token,
                        const std::string& type) {
  auto r = cloud_http("GET", cloud.auth_url + "/auth/catalog", {{"X-Auth-Token", token}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::array catalog;
  REQUIRE(parser.parse(r.body)["catalog"].get(catalog) == simdjson::SUCCESS);
  for (auto service : catalog) {
    std::string_view t;
    if (service["type"].get(t) != simdjson::SUCCESS || t != type) continue;
    simdjson::dom::array endpoints;
    REQUIRE(service["endpoints"].get(endpoints) == simdjson::SUCCESS);
    for (auto e : endpoints) {
      std::string_view interface, url;
      if (e["interface"].get(interface) == simdjson::SUCCESS && interface == "public" &&
          e["url"].get(url) == simdjson::SUCCESS)
        return std::string{url};
    }
  }
  FAIL("the cloud's catalog has no public " << type << " service");
  return {};
}

Response cloud_http(const std::string& method, const std::string& url, Headers headers,
                    const std::string& body) {
  const std::string prefix = "http://127.0.0.1:";
  REQUIRE(url.rfind(prefix, 0) == 0);
  auto slash = url.find('/', prefix.size());
  auto port = static_cast<std::uint16_t>(std::stoi(url.substr(prefix.size(), slash)));
  auto target = slash == std::string::npos ? "/" : url.substr(slash);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", "application/json");
  return http(port, method, target, std::move(headers), body, std::chrono::seconds{30});
}

std::string keystone_token(const LoopbackCloud& cloud, const CloudUser& user) {
  auto body = R"({"auth":{"identity":{"methods":["password"],"password":{"user":{"name":")" +
              user.name + R"(","domain":{"name":"Default"},"password":")" + user.password +
              R"("}}},"scope":{"project":{"name":")" + user.project +
              R"(","domain":{"name":"Default"}}}}})";
  auto r = cloud_http("POST", cloud.auth_url + "/auth/tokens", {}, body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  return r.header("X-Subject-Token");
}

TemporaryUser::TemporaryUser(const LoopbackCloud& cloud, const std::string& name)
    : cloud_(cloud), admin_token_(keystone_token(cloud, cloud.admin)) {
  Headers as_admin{{"X-Auth-Token", admin_token_}};
  // Unique per process and object, so parallel runs and leftovers of a crashed run never clash.
  user_.name = name + "-" + std::to_string(::getpid()) + "-" +
               std::to_string(reinterpret_cast<std::uintptr_t>(this) % 100000);
  user_.project = cloud.demo.project;
  user_.password = "pw-" + user_.name;
  auto project =
      first_id(cloud_http("GET", cloud.auth_url + "/projects?name=" + user_.project, as_admin).body,
               "projects");
  auto role =
      first_id(cloud_http("GET", cloud.auth_url + "/roles?name=member", as_admin).body, "roles");
  auto made = cloud_http("POST", cloud.auth_url + "/users", as_admin,
                         R"({"user":{"name":")" + user_.name + R"(","password":")" +
                             user_.password + R"(","domain_id":"default"}})");
  INFO(made.body);
  REQUIRE(made.status == 201);
  id_ = json_string(made.body, {"user", "id"});
  auto granted = cloud_http(
      "PUT", cloud.auth_url + "/projects/" + project + "/users/" + id_ + "/roles/" + role,
      as_admin);
  REQUIRE(granted.status == 204);
}

TemporaryUser::~TemporaryUser() {
  try {
    cloud_http("DELETE", cloud_.auth_url + "/users/" + id_, {{"X-Auth-Token", admin_token_}});
  } catch (...) {
    // A user left behind does no harm: its name is never used again.
  }
}

void TemporaryUser::set_enabled(bool enabled) {
  auto r = cloud_http("PATCH", cloud_.auth_url + "/users/" + id_, {{"X-Auth-Token", admin_token_}},
                      std::string{R"({"user":{"enabled":)"} + (enabled ? "true" : "false") + "}}");
  INFO(r.body);
  REQUIRE(r.status == 200);
}

void TemporaryUser::revoke_tokens() {
  set_enabled(false);
  set_enabled(true);
  auto answer = raw_exchange(cloud_.memcached_port, "flush_all\r\nquit\r\n");
  INFO(answer);
  REQUIRE(answer.rfind("OK", 0) == 0);
}

namespace {

TestServerOptions openstack_options(const LoopbackCloud& cloud,
                                    std::map<std::string, std::string> driver_options) {
  TestServerOptions o;
  o.driver_options = std::move(driver_options);
  o.driver = "openstack";
  o.provider = cloud.provider();
  // Fake Nova servers change state within seconds: poll often enough to see it promptly.
  o.transient_poll = std::chrono::milliseconds{250};
  o.transient_poll_max = std::chrono::milliseconds{1000};
  return o;
}

}  // namespace

OpenStackServer::OpenStackServer(const LoopbackCloud& cloud,
                                 std::map<std::string, std::string> driver_options)
    : cloud_(cloud), server_(openstack_options(cloud, std::move(driver_options))) {}

actors::AccountStats OpenStackServer::stats(const CloudUser& as) {
  // The account as a request names it: deltacloud lower-cases providers.
  std::string provider;
  for (char c : cloud_.provider())
    provider += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  actors::Account account{"openstack", provider, {as.client_login(), as.password}};
  std::promise<engine::Result<actors::AccountStats>> answer;
  server_.app().plane().account_stats(
      account, [&answer](engine::Result<actors::AccountStats> r) { answer.set_value(r); });
  auto future = answer.get_future();
  REQUIRE(future.wait_for(std::chrono::seconds{10}) == std::future_status::ready);
  auto r = future.get();
  REQUIRE(r.ok());
  return r.value();
}

std::pair<std::string, std::string> OpenStackServer::auth(const CloudUser& as) {
  return basic_auth(as.client_login(), as.password);
}

Response OpenStackServer::get(const std::string& target, const CloudUser& as, Headers headers) {
  return send("GET", target, as, std::move(headers));
}

Response OpenStackServer::post(const std::string& target, const CloudUser& as, Headers headers,
                               const std::string& body) {
  return send("POST", target, as, std::move(headers), body);
}

Response OpenStackServer::del(const std::string& target, const CloudUser& as, Headers headers) {
  return send("DELETE", target, as, std::move(headers));
}

Response OpenStackServer::send(const std::string& method, const std::string& target,
                               const CloudUser& as, Headers headers, const std::string& body) {
  headers.push_back(auth(as));
  return http(port(), method, target, std::move(headers), body, std::chrono::seconds{60});
}

}  // namespace dc::test
