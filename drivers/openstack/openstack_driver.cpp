#include "drivers/openstack/openstack_driver.hpp"
#include "drivers/http/percent_encode.hpp"

#include <simdjson.h>

#include "drivers/openstack/glance_images.hpp"
#include "drivers/openstack/json_fields.hpp"
#include "drivers/openstack/nova_flavors.hpp"
#include "drivers/openstack/nova_servers.hpp"
#include "drivers/openstack/nova_states.hpp"
#include "drivers/openstack/nova_zones.hpp"
#include "drivers/openstack/openstack_errors.hpp"
#include "engine/driver_registry.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

namespace {

using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Result;
using engine::Unit;

const engine::DriverInfo& openstack_info() {
  static const engine::DriverInfo info = [] {
    engine::DriverInfo d;
    d.id = "openstack";
    d.collections = {engine::Collection::addresses,      engine::Collection::buckets,
                     engine::Collection::firewalls,      engine::Collection::hardware_profiles,
                     engine::Collection::images,         engine::Collection::instance_states,
                     engine::Collection::instances,      engine::Collection::keys,
                     engine::Collection::realms,         engine::Collection::storage_snapshots,
                     engine::Collection::storage_volumes};
    d.features = {"user_name",  "authentication_key", "user_data",          "realm_filter",
                  "import_key", "volume_name",        "volume_description", "firewalls"};
    d.state_machine = nova_state_machine();
    d.authentication_type = "key";
    d.destroys_images = true;
    return d;
  }();
  return info;
}

constexpr long long day_ms = 86'400'000;

std::chrono::milliseconds request_timeout(const engine::DriverOptions& options) {
  return options.milliseconds("request_timeout_ms", 30'000, 1, day_ms);
}
std::chrono::milliseconds transfer_timeout(const engine::DriverOptions& options) {
  return options.milliseconds("transfer_timeout_ms", 3'600'000, 1, 7 * day_ms);
}
std::chrono::seconds token_refresh_margin(const engine::DriverOptions& options) {
  return std::chrono::seconds{options.integer("token_refresh_seconds", 300, 0, 86'400)};
}
std::chrono::seconds change_margin(const engine::DriverOptions& options) {
  return std::chrono::seconds{options.integer("change_margin_seconds", 5, 0, 3'600)};
}

std::size_t owner_of(const Credentials& who) {
  return std::hash<std::string>{}(who.user) ^ (std::hash<std::string>{}(who.password) << 1);
}

}  // namespace

OpenStackDriver::OpenStackDriver(const engine::DriverSetup& setup)
    : OpenStackDriver(setup, engine::DriverOptions{"openstack", setup.options}) {}

OpenStackDriver::OpenStackDriver(const engine::DriverSetup& setup,
                                 const engine::DriverOptions& options)
    : executor_(setup.executor),
      client_(http::HttpClient::shared()),
      domain_(options.text("domain", "Default")),
      default_flavor_(options.text("default_flavor", "1")),
      floating_network_(options.text("floating_network")),
      timeout_(request_timeout(options)),
      transfer_timeout_(transfer_timeout(options)),
      download_dir_(setup.data_dir.empty() ? std::filesystem::temp_directory_path()
                                           : std::filesystem::path{setup.data_dir} / "downloads"),
      refresh_margin_(token_refresh_margin(options)),
      change_margin_(change_margin(options)) {
  // A provider listed in the yaml is an id standing for its entrypoint (the Keystone URL); any
  // other is the URL itself (the server's default, or any when the operator allows it).
  auto provider = setup.entrypoints.empty() ? setup.provider : setup.entrypoints.front().second;
  if (provider.empty()) provider = options.text("auth_url");
  address_ = parse_keystone_address(provider);
}

void OpenStackDriver::check_options(const engine::DriverOptions& options) {
  request_timeout(options);
  transfer_timeout(options);
  token_refresh_margin(options);
  change_margin(options);
  auto auth_url = options.text("auth_url");
  if (!auth_url.empty() && !parse_keystone_address(auth_url))
    options.refuse("auth_url", "a Keystone URL, optionally followed by ';region'");
}

const engine::DriverInfo& OpenStackDriver::info() const {
  return openstack_info();
}

void OpenStackDriver::send(http::Request request, std::function<void(http::Response)> done) {
  if (request.body_file.empty() && request.download_dir.empty()) request.timeout = timeout_;
  std::weak_ptr<bool> alive = alive_;
  auto executor = executor_;
  client_->send(std::move(request), [alive, executor, done](http::Response response) {
    auto deliver = [alive, done, response = std::move(response)]() mutable {
      if (alive.lock()) done(std::move(response));
    };
    if (executor)
      executor->post(std::move(deliver));
    else
      deliver();
  });
}

void OpenStackDriver::with_token(const Credentials& who, bool renew, TokenReady then) {
  auto owner = owner_of(who);
  if (token_ && token_owner_ == owner && !renew &&
      token_->expires_at - std::chrono::system_clock::now() > refresh_margin_)
    return then(&*token_);
  if (!address_)
    return then(engine::make_error(ErrorKind::validation,
                                   "The provider must be a Keystone URL, optionally followed by "
                                   "';region' (http://keystone:5000/v3;RegionOne)"));
  auto project_user = parse_project_user(who.user);
  if (!project_user)
    return then(
        engine::make_error(ErrorKind::authentication, "The user name must be 'user+project'"));
  waiting_for_token_.push_back(std::move(then));
  if (logging_in_) return;
  logging_in_ = true;
  http::Request request;
  request.method = "POST";
  request.url = address_->auth_url + "/auth/tokens";
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = token_request_body(*project_user, who.password, domain_);
  send(std::move(request), [this, owner](http::Response response) {
    logging_in_ = false;
    auto token = read_token(response);
    auto waiting = std::move(waiting_for_token_);
    waiting_for_token_.clear();
    if (!token) {
      token_.reset();
      for (auto& w : waiting) w(token.error());
      return;
    }
    token_ = std::move(token.value());
    token_owner_ = owner;
    for (auto& w : waiting) w(&*token_);
  });
}

void OpenStackDriver::call(const Credentials& who, std::string service, std::string method,
                           std::string path, std::string body, Answer done) {
  http::Request request;
  request.method = std::move(method);
  request.url = std::move(path);
  request.headers = {{"Accept", "application/json"}};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  call(who, std::move(service), std::move(request), std::move(done));
}

void OpenStackDriver::call(const Credentials& who, std::string service, http::Request request,
                           Answer done, bool renewed) {
  with_token(who, renewed, [=, this](Result<const Token*> token) {
    if (!token) return done(token.error());
    auto base = token.value()->url_for(service, address_->region);
    if (!base)
      return done(engine::make_error(ErrorKind::not_supported,
                                     "This OpenStack cloud has no '" + service +
                                         "' service in region '" + address_->region + "'"));
    auto sent = request;
    // Listings of services that show every project's resources to an admin name the project.
    if (auto at = sent.url.find(project_placeholder); at != std::string::npos)
      sent.url.replace(at, project_placeholder.size(),
                       http::percent_encode(token.value()->project_id));
    sent.url = *base + sent.url;
    sent.headers.emplace_back("X-Auth-Token", token.value()->id);
    send(std::move(sent), [=, this](http::Response response) {
      if (response.status == 401 && !renewed) return call(who, service, request, done, true);
      if (!succeeded(response)) return done(openstack_error(response));
      done(std::move(response));
    });
  });
}

void OpenStackDriver::authenticate(const Credentials& who, Callback<Unit> done) {
  with_token(who, false, [done](Result<const Token*> token) {
    if (!token) return done(token.error());
    done(Unit{});
  });
}

// -- hardware profiles --------------------------------------------------------------------------

void OpenStackDriver::hardware_profiles(const Credentials& who,
                                        Callback<std::vector<engine::HardwareProfile>> done) {
  call(who, "compute", "GET", "/flavors/detail", "",
       read_with<std::vector<engine::HardwareProfile>>(read_flavors, done));
}

// -- realms -----------------------------------------------------------------------------------

void OpenStackDriver::realms(const Credentials& who, Callback<std::vector<engine::Realm>> done) {
  call(who, "compute", "GET", "/os-availability-zone", "", [this, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    auto zones = read_availability_zones(r.value().body);
    // Where a server created without a zone goes is certain only when there is one.
    if (zones) {
      std::vector<std::string> available;
      for (auto& zone : zones.value())
        if (zone.state == "AVAILABLE") available.push_back(zone.id);
      default_zone_ = available.size() == 1 ? available.front() : std::string{};
      default_zone_known_ = true;
    }
    done(std::move(zones));
  });
}

void OpenStackDriver::with_default_zone(const Credentials& who, std::function<void()> then) {
  if (default_zone_known_) return then();
  // Not knowing it only leaves a pending server without a realm: go on either way.
  realms(who, [then](Result<std::vector<engine::Realm>>) { then(); });
}

void OpenStackDriver::place(engine::Instance& instance) {
  auto requested = requested_zones_.find(instance.id);
  if (instance.state != engine::InstanceState::pending) {
    // Placed, or never to be (an error, deleted): Nova's word from now on.
    if (requested != requested_zones_.end()) requested_zones_.erase(requested);
    return;
  }
  if (!instance.realm_id.empty()) return;
  instance.realm_id = requested != requested_zones_.end() ? requested->second : default_zone_;
}

void OpenStackDriver::realm(const Credentials& who, const std::string& id,
                            Callback<engine::Realm> done) {
  realms(who, [id, done](Result<std::vector<engine::Realm>> r) {
    if (!r) return done(r.error());
    for (auto& realm : r.value())
      if (realm.id == id) return done(realm);
    done(engine::make_error(ErrorKind::not_found));
  });
}

// -- images -----------------------------------------------------------------------------------

void OpenStackDriver::images(const Credentials& who, Callback<std::vector<engine::Image>> done) {
  image_pages(who, "/v2/images?limit=1000", {},
              [this, who, done](Result<std::vector<GlanceImage>> r) {
                if (!r) return done(r.error());
                with_profiles(who, std::move(r.value()), done);
              });
}

void OpenStackDriver::image_pages(const Credentials& who, std::string path,
                                  std::vector<GlanceImage> so_far,
                                  Callback<std::vector<GlanceImage>> done) {
  call(who, "image", "GET", path, "",
       [this, who, path, so_far = std::move(so_far), done](Result<http::Response> r) mutable {
         if (!r) return done(r.error());
         auto page = read_images(r.value().body);
         if (!page) return done(page.error());
         // An empty page, or a next page that is this one again, ends the list.
         if (page.value().images.empty() || page.value().next == path)
           return done(std::move(so_far));
         for (auto& i : page.value().images) so_far.push_back(std::move(i));
         if (page.value().next.empty()) return done(std::move(so_far));
         image_pages(who, page.value().next, std::move(so_far), done);
       });
}

void OpenStackDriver::with_profiles(const Credentials& who, std::vector<GlanceImage> images,
                                    Callback<std::vector<engine::Image>> done) {
  // Which flavors each image boots on, from what Glance says it needs (min_ram, min_disk and
  // its size) against Nova's flavors: one flavor list for all the images.
  hardware_profiles(who, [images = std::move(images),
                          done](Result<std::vector<engine::HardwareProfile>> flavors) mutable {
    // Images need only Glance: without the flavors (Nova down, a policy) they are still
    // listed, with no profiles.
    std::vector<engine::Image> out;
    out.reserve(images.size());
    for (auto& glance : images) {
      if (flavors) glance.image.hardware_profiles = fitting_flavors(glance.needs, flavors.value());
      out.push_back(std::move(glance.image));
    }
    done(std::move(out));
  });
}

void OpenStackDriver::image(const Credentials& who, const std::string& id,
                            Callback<engine::Image> done) {
  // Ids from clients go into URL paths: only letters, digits, `.`, `_` and `-`.
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  call(who, "image", "GET", "/v2/images/" + id, "", [this, who, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    auto image = read_image(r.value().body);
    if (!image) return done(image.error());
    with_profiles(who, {std::move(image.value())}, [done](Result<std::vector<engine::Image>> one) {
      if (!one) return done(one.error());
      done(std::move(one.value().front()));
    });
  });
}

void OpenStackDriver::create_image(const Credentials& who, const engine::ImageCreate& what,
                                   Callback<engine::Image> done) {
  if (!engine::is_plain_name(what.instance_id))
    return done(
        engine::make_error(ErrorKind::not_found, "Instance '" + what.instance_id + "' not found"));
  // Nova snapshots the server into Glance; the image is QUEUED, then SAVING, until its bytes
  // are uploaded, and AVAILABLE after.
  call(who, "compute", "POST", "/servers/" + what.instance_id + "/action", create_image_body(what),
       [this, who, done](Result<http::Response> r) {
         if (!r) return done(r.error());
         auto id = created_image_id(r.value());
         if (!id) return done(id.error());
         image(who, id.value(), done);
       });
}

void OpenStackDriver::destroy_image(const Credentials& who, const std::string& id,
                                    Callback<Unit> done) {
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  call(who, "image", "DELETE", "/v2/images/" + id, "", accepted(done));
}

// -- instances --------------------------------------------------------------------------------

void OpenStackDriver::all_servers(const Credentials& who,
                                  std::function<std::string(const std::string& marker)> path,
                                  std::string marker, engine::InstanceChanges so_far,
                                  Callback<engine::InstanceChanges> done) {
  call(who, "compute", "GET", path(marker), "",
       [this, who, path, so_far = std::move(so_far), done](Result<http::Response> r) mutable {
         if (!r) return done(r.error());
         auto page = read_servers(r.value().body);
         if (!page) return done(page.error());
         // The mark is taken when the first page is answered: later changes come next time.
         if (so_far.next_mark.empty()) so_far.next_mark = change_mark(r.value(), change_margin_);
         for (auto& i : page.value().instances) {
           place(i);
           so_far.instances.push_back(std::move(i));
         }
         if (page.value().next_marker.empty()) return done(std::move(so_far));
         all_servers(who, path, page.value().next_marker, std::move(so_far), done);
       });
}

void OpenStackDriver::instances(const Credentials& who,
                                Callback<std::vector<engine::Instance>> done) {
  auto path = [](const std::string& marker) {
    return marker.empty() ? std::string{"/servers/detail"}
                          : "/servers/detail?marker=" + http::percent_encode(marker);
  };
  all_servers(who, path, "", {}, [done](Result<engine::InstanceChanges> r) {
    if (!r) return done(r.error());
    done(std::move(r.value().instances));
  });
}

void OpenStackDriver::instance_changes(const Credentials& who, const std::string& mark,
                                       Callback<engine::InstanceChanges> done) {
  // Nova answers deleted servers too (DELETED, which reads as finish) for a while.
  auto path = [mark](const std::string& marker) { return changes_since_path(mark, marker); };
  all_servers(who, path, "", {}, done);
}

void OpenStackDriver::instance_page(const Credentials& who, const std::string& marker,
                                    std::size_t limit, Callback<engine::InstancePage> done) {
  auto path = "/servers/detail?limit=" + std::to_string(limit);
  if (!marker.empty()) path += "&marker=" + http::percent_encode(marker);
  call(who, "compute", "GET", path, "", [this, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    auto page = read_servers(r.value().body);
    if (page) {
      page.value().change_mark = change_mark(r.value(), change_margin_);
      for (auto& i : page.value().instances) place(i);
    }
    done(std::move(page));
  });
}

void OpenStackDriver::instance(const Credentials& who, const std::string& id,
                               Callback<engine::Instance> done) {
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  call(who, "compute", "GET", "/servers/" + id, "", [this, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    auto server = read_server(r.value().body);
    if (server) place(server.value());
    // Nova may still show a deleted server for a moment: to us it is gone.
    if (server && server.value().state == engine::InstanceState::finish)
      return done(engine::make_error(ErrorKind::not_found));
    done(std::move(server));
  });
}

void OpenStackDriver::find_by_token(const Credentials& who, const std::string& name,
                                    const std::string& token,
                                    std::function<void(Result<std::optional<std::string>>)> done) {
  // Nova filters by name (a regular expression) but not by metadata: ask for the name, then
  // look at the metadata of what came back.
  std::string pattern = "^";
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) pattern += '\\';
    pattern += c;
  }
  pattern += "$";
  call(who, "compute", "GET", "/servers/detail?name=" + http::percent_encode(pattern), "",
       [token, done](Result<http::Response> r) {
         if (!r) return done(r.error());
         simdjson::dom::parser parser;
         simdjson::dom::array servers;
         if (parser.parse(r.value().body)["servers"].get(servers) != simdjson::SUCCESS)
           return done(engine::make_error(ErrorKind::provider, "Nova's server list is unreadable"));
         for (auto server : servers) {
           std::string_view mark;
           if (server["metadata"][client_token_key].get(mark) == simdjson::SUCCESS && mark == token)
             return done(std::optional<std::string>{text_field(server, "id")});
         }
         done(std::optional<std::string>{});
       });
}

void OpenStackDriver::create_instance(const Credentials& who, const engine::InstanceCreate& what,
                                      Callback<engine::Instance> done) {
  if (!what.client_token) return create_server(who, what, done);
  // A create with a token may be a retry after a lost answer: the server made the first time
  // is the answer, not a second server.
  auto named = what;
  if (!named.name) named.name = "deltacloud-" + *what.client_token;
  find_by_token(who, *named.name, *what.client_token,
                [this, who, named, done](Result<std::optional<std::string>> found) {
                  if (!found) return done(found.error());
                  if (found.value()) return instance(who, *found.value(), done);
                  create_server(who, named, done);
                });
}

void OpenStackDriver::create_server(const Credentials& who, const engine::InstanceCreate& what,
                                    Callback<engine::Instance> done) {
  if (what.image_id.empty())
    return done(engine::make_error(ErrorKind::validation, "image_id is required"));
  auto flavor = what.profile_id.empty() ? default_flavor_ : what.profile_id;
  call(who, "compute", "POST", "/servers", create_server_body(what, flavor),
       [this, who, zone = what.realm_id, done](Result<http::Response> r) {
         if (!r) return done(r.error());
         simdjson::dom::parser parser;
         std::string_view id_text;
         if (parser.parse(r.value().body)["server"]["id"].get(id_text) != simdjson::SUCCESS)
           return done(engine::make_error(ErrorKind::provider, "Nova's create answer has no id"));
         std::string id{id_text};
         // Forgotten once Nova shows the zone; bounded in case servers vanish unseen.
         if (requested_zones_.size() >= 10000) requested_zones_.clear();
         if (!zone.empty()) requested_zones_[id] = zone;
         with_default_zone(who, [this, who, id, done] { instance(who, id, done); });
       });
}

void OpenStackDriver::instance_action(const Credentials& who, const std::string& id,
                                      engine::InstanceAction action,
                                      Callback<engine::Instance> done) {
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  auto body = server_action_body(action);
  if (body.empty()) return done(engine::make_error(ErrorKind::method_not_allowed));
  call(who, "compute", "POST", "/servers/" + id + "/action", body,
       [this, who, id, done](Result<http::Response> r) {
         if (!r) {
           // Nova's 409 here means the server's state does not allow the action.
           if (r.error().kind == ErrorKind::conflict) {
             auto e = r.error();
             e.kind = ErrorKind::method_not_allowed;
             return done(e);
           }
           return done(r.error());
         }
         instance(who, id, done);
       });
}

void OpenStackDriver::destroy_instance(const Credentials& who, const std::string& id,
                                       Callback<Unit> done) {
  if (!engine::is_plain_name(id)) return done(engine::make_error(ErrorKind::not_found));
  call(who, "compute", "DELETE", "/servers/" + id, "", accepted(done));
}

namespace {

const engine::DriverRegistrar registrar{{"openstack", openstack_info,
                                         [](const engine::DriverSetup& setup) {
                                           return std::unique_ptr<engine::Driver>(
                                               new OpenStackDriver(setup));
                                         },
                                         OpenStackDriver::check_options}};

}  // namespace

}  // namespace dc::drivers::openstack
