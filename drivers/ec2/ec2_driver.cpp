#include "drivers/ec2/ec2_driver.hpp"

#include <algorithm>
#include <sstream>

#include "drivers/ec2/ec2_images.hpp"
#include "drivers/ec2/ec2_instance_types.hpp"
#include "drivers/ec2/ec2_instances.hpp"
#include "drivers/ec2/ec2_keys.hpp"
#include "drivers/ec2/ec2_states.hpp"
#include "drivers/ec2/ec2_zones.hpp"
#include "engine/base64.hpp"
#include "engine/driver_registry.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::ec2 {

namespace {

using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Result;
using engine::Unit;

const engine::DriverInfo& ec2_info() {
  static const engine::DriverInfo info = [] {
    engine::DriverInfo d;
    d.id = "ec2";
    d.collections = {engine::Collection::firewalls, engine::Collection::hardware_profiles,
                     engine::Collection::images,    engine::Collection::instance_states,
                     engine::Collection::instances, engine::Collection::keys,
                     engine::Collection::realms};
    // No `user_name`: the original's ec2 did not declare it (clients check), though a name
    // given on create still becomes the Name tag.
    d.features = {"user_data",  "firewalls",         "authentication_key", "owner_id",
                  "image_name", "image_description", "import_key"};
    d.hardware_profiles = ec2_instance_types();
    d.default_profile = default_instance_type;
    d.state_machine = ec2_state_machine();
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
std::size_t describe_page_size(const engine::DriverOptions& options) {
  return static_cast<std::size_t>(options.integer("describe_page_size", 1000, 5, 1000));
}

/// AWS access key ids are upper-case letters and digits; anything else (a line break, a `/`
/// that would break the signature's scope) is refused here, as EC2 would refuse it.
bool plausible_access_key(const std::string& key) {
  if (key.size() < 16 || key.size() > 128) return false;
  for (char c : key)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::vector<std::string> words(const std::string& text) {
  std::string spaced = text;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::istringstream in{spaced};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::optional<Ec2Endpoints> endpoints_of(const engine::DriverSetup& setup,
                                         const engine::DriverOptions& options) {
  return resolve_endpoints(setup.provider, setup.entrypoints, options.text("region", "us-east-1"),
                           options.text("endpoint"));
}

/// Ids from clients go into EC2 parameters and our URLs: only plain names are ids at all.
bool plausible_id(const std::string& id) {
  return engine::is_plain_name(id);
}

/// EC2 calls an id of the wrong shape malformed (400, `malformed` being e.g.
/// `InvalidInstanceID.Malformed`); to a client asking for that id, it is not there.
engine::Error as_not_found(engine::Error e, std::string_view malformed) {
  if (e.code == malformed) e.kind = ErrorKind::not_found;
  return e;
}
constexpr std::string_view bad_instance_id = "InvalidInstanceID.Malformed";
constexpr std::string_view bad_image_id = "InvalidAMIID.Malformed";

const engine::SystemClock system_clock;

}  // namespace

Ec2Driver::Ec2Driver(const engine::DriverSetup& setup)
    : Ec2Driver(setup, engine::DriverOptions{"ec2", setup.options}) {}

Ec2Driver::Ec2Driver(const engine::DriverSetup& setup, const engine::DriverOptions& options)
    : executor_(setup.executor),
      endpoints_(endpoints_of(setup, options)),
      clock_(setup.clock ? *setup.clock : system_clock),
      image_owners_(words(options.text("image_owners", "self amazon"))),
      page_(describe_page_size(options)) {
  if (endpoints_)
    query_.emplace(Ec2Query::Options{endpoints_->ec2, endpoints_->region, "2016-11-15",
                                     request_timeout(options)},
                   clock_);
}

void Ec2Driver::check_options(const engine::DriverOptions& options) {
  request_timeout(options);
  describe_page_size(options);
  if (!is_region_name(options.text("region", "us-east-1")))
    options.refuse("region", "an AWS region name (us-east-1)");
  auto endpoint = options.text("endpoint");
  if (!endpoint.empty() && endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0)
    options.refuse("endpoint", "an http:// or https:// URL, or nothing for AWS's own endpoints");
}

const engine::DriverInfo& Ec2Driver::info() const {
  return ec2_info();
}

void Ec2Driver::ec2(const Credentials& who, std::string_view action, Ec2Query::Params params,
                    Answer done) {
  if (!query_)
    return done(engine::make_error(ErrorKind::validation,
                                   "The provider must be a region (us-east-1) or an EC2 endpoint "
                                   "URL, optionally followed by ';region'"));
  if (!plausible_access_key(who.user) || who.password.empty())
    return done(engine::make_error(ErrorKind::authentication,
                                   "Log in with the access key id as user name and the secret "
                                   "access key as password"));
  std::weak_ptr<bool> alive = alive_;
  auto executor = executor_;
  query_->call({who.user, who.password}, action, params,
               [alive, executor, done](Result<Document> answer) {
                 auto deliver = [alive, done, answer = std::move(answer)]() mutable {
                   if (alive.lock()) done(std::move(answer));
                 };
                 if (executor)
                   executor->post(std::move(deliver));
                 else
                   deliver();
               });
}

void Ec2Driver::authenticate(const Credentials& who, Callback<Unit> done) {
  ec2(who, "DescribeAvailabilityZones", {}, [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(Unit{});
  });
}

// -- realms -----------------------------------------------------------------------------------

void Ec2Driver::realms(const Credentials& who, Callback<std::vector<engine::Realm>> done) {
  ec2(who, "DescribeAvailabilityZones", {}, [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(read_zones(*r.value()));
  });
}

void Ec2Driver::realm(const Credentials& who, const std::string& id, Callback<engine::Realm> done) {
  realms(who, [id, done](Result<std::vector<engine::Realm>> r) {
    if (!r) return done(r.error());
    for (auto& realm : r.value())
      if (realm.id == id) return done(realm);
    done(engine::make_error(ErrorKind::not_found));
  });
}

// -- images -----------------------------------------------------------------------------------

void Ec2Driver::images(const Credentials& who, Callback<std::vector<engine::Image>> done) {
  Ec2Query::Params params{{"Filter.1.Name", "image-type"}, {"Filter.1.Value.1", "machine"}};
  for (std::size_t i = 0; i < image_owners_.size(); ++i)
    params.emplace_back("Owner." + std::to_string(i + 1), image_owners_[i]);
  ec2(who, "DescribeImages", std::move(params), [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(read_images(*r.value()));
  });
}

void Ec2Driver::image(const Credentials& who, const std::string& id, Callback<engine::Image> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  ec2(who, "DescribeImages", {{"ImageId.1", id}}, [done](Result<Document> r) {
    if (!r) return done(as_not_found(r.error(), bad_image_id));
    auto found = read_images(*r.value());
    if (found.empty()) return done(engine::make_error(ErrorKind::not_found));
    done(std::move(found.front()));
  });
}

void Ec2Driver::create_image(const Credentials& who, const engine::ImageCreate& what,
                             Callback<engine::Image> done) {
  if (!plausible_id(what.instance_id))
    return done(
        engine::make_error(ErrorKind::not_found, "Instance '" + what.instance_id + "' not found"));
  // EC2 requires a name, unique in the account: the instance's id and the time make one.
  auto name = what.name && !what.name->empty()
                  ? *what.name
                  : what.instance_id + "-" +
                        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                           clock_.now().time_since_epoch())
                                           .count());
  Ec2Query::Params params{{"InstanceId", what.instance_id}, {"Name", name}};
  if (what.description) params.emplace_back("Description", *what.description);
  ec2(who, "CreateImage", std::move(params), [this, who, name, done](Result<Document> r) {
    if (!r) return done(as_not_found(r.error(), bad_instance_id));
    std::string id = r.value()->document_element().child_value("imageId");
    if (id.empty())
      return done(engine::make_error(ErrorKind::provider, "EC2's CreateImage answer has no id"));
    // The image is made: a failed read-back must not fail the create, or it would be retried
    // and made twice. Then the answer is what is known.
    image(who, id, [id, name, done](Result<engine::Image> read) {
      if (read) return done(std::move(read));
      engine::Image made;
      made.id = id;
      made.name = name;
      made.state = "PENDING";
      done(std::move(made));
    });
  });
}

void Ec2Driver::destroy_image(const Credentials& who, const std::string& id, Callback<Unit> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  ec2(who, "DeregisterImage", {{"ImageId", id}}, [done](Result<Document> r) {
    if (!r) return done(as_not_found(r.error(), bad_image_id));
    done(Unit{});
  });
}

// -- instances --------------------------------------------------------------------------------

void Ec2Driver::all_instances(const Credentials& who, std::string token,
                              std::vector<engine::Instance> so_far,
                              Callback<std::vector<engine::Instance>> done) {
  Ec2Query::Params asked{{"MaxResults", std::to_string(page_)}};
  if (!token.empty()) asked.emplace_back("NextToken", token);
  ec2(who, "DescribeInstances", std::move(asked),
      [this, who, so_far = std::move(so_far), done](Result<Document> r) mutable {
        if (!r) return done(r.error());
        auto page = read_instances(*r.value());
        for (auto& i : page.instances)
          if (i.state != engine::InstanceState::finish) so_far.push_back(std::move(i));
        if (page.next_token.empty()) return done(std::move(so_far));
        all_instances(who, page.next_token, std::move(so_far), done);
      });
}

void Ec2Driver::instances(const Credentials& who, Callback<std::vector<engine::Instance>> done) {
  all_instances(who, "", {}, done);
}

void Ec2Driver::instance_page(const Credentials& who, const std::string& marker, std::size_t limit,
                              Callback<engine::InstancePage> done) {
  // EC2 pages hold 5 to 1000 instances: a smaller limit still gets 5.
  Ec2Query::Params params{{"MaxResults", std::to_string(std::clamp<std::size_t>(limit, 5, 1000))}};
  if (!marker.empty()) params.emplace_back("NextToken", marker);
  ec2(who, "DescribeInstances", std::move(params), [done](Result<Document> r) {
    if (!r) return done(r.error());
    auto read = read_instances(*r.value());
    engine::InstancePage page;
    // Terminated instances stay listed for a while: to the engine they are gone already.
    for (auto& i : read.instances)
      if (i.state != engine::InstanceState::finish) page.instances.push_back(std::move(i));
    page.next_marker = std::move(read.next_token);
    done(std::move(page));
  });
}

void Ec2Driver::instances_by_id(const Credentials& who, const std::vector<std::string>& ids,
                                Callback<std::vector<engine::Instance>> done) {
  std::vector<std::string> asked;
  for (auto& id : ids)
    if (plausible_id(id)) asked.push_back(id);
  if (asked.empty()) return done(std::vector<engine::Instance>{});
  // One call names them all (terminated ones answer as finish). Should one be unknown (just made,
  // and EC2 not consistent yet), EC2 refuses the whole list: then a filter, which leaves it out.
  Ec2Query::Params params;
  for (std::size_t i = 0; i < asked.size(); ++i)
    params.emplace_back("InstanceId." + std::to_string(i + 1), asked[i]);
  ec2(who, "DescribeInstances", std::move(params),
      [this, who, asked, done](Result<Document> r) mutable {
        if (!r && r.error().kind == ErrorKind::not_found)
          return instances_by_filter(who, std::move(asked), 0, {}, done);
        if (!r) return done(r.error());
        done(std::move(read_instances(*r.value()).instances));
      });
}

void Ec2Driver::instances_by_filter(const Credentials& who, std::vector<std::string> ids,
                                    std::size_t from, std::vector<engine::Instance> so_far,
                                    Callback<std::vector<engine::Instance>> done) {
  if (from >= ids.size()) return done(std::move(so_far));
  Ec2Query::Params params{{"Filter.1.Name", "instance-id"}};
  auto to = std::min(ids.size(), from + filter_values);
  for (auto i = from; i < to; ++i)
    params.emplace_back("Filter.1.Value." + std::to_string(i - from + 1), ids[i]);
  ec2(who, "DescribeInstances", std::move(params),
      [this, who, ids = std::move(ids), to, so_far = std::move(so_far),
       done](Result<Document> r) mutable {
        if (!r) return done(r.error());
        for (auto& i : read_instances(*r.value()).instances) so_far.push_back(std::move(i));
        instances_by_filter(who, std::move(ids), to, std::move(so_far), done);
      });
}

void Ec2Driver::instance(const Credentials& who, const std::string& id,
                         Callback<engine::Instance> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  ec2(who, "DescribeInstances", {{"InstanceId.1", id}}, [this, id, done](Result<Document> r) {
    if (!r && r.error().kind == ErrorKind::not_found && just_launched(id)) {
      // Not gone: EC2 is eventually consistent and may not show a new instance for a moment.
      // A transient error keeps it tracked, and the engine asks again.
      auto e =
          engine::make_error(ErrorKind::unavailable, "EC2 does not show instance '" + id + "' yet");
      e.code = r.error().code;
      return done(e);
    }
    if (!r) return done(as_not_found(r.error(), bad_instance_id));
    auto found = read_instances(*r.value()).instances;
    // A terminated instance stays visible in EC2 for a while: to us it is gone.
    if (found.empty() || found.front().state == engine::InstanceState::finish)
      return done(engine::make_error(ErrorKind::not_found));
    done(std::move(found.front()));
  });
}

void Ec2Driver::create_instance(const Credentials& who, const engine::InstanceCreate& what,
                                Callback<engine::Instance> done) {
  if (what.image_id.empty())
    return done(engine::make_error(ErrorKind::validation, "image_id is required"));
  if (!what.client_token) return run_instance(who, what, done);
  // A create with a token may be a retry after a lost answer: the instance made the first time
  // is the answer, not a second one. EC2 would know by ClientToken; not every EC2-compatible
  // cloud does, so the tag decides.
  ec2(who, "DescribeInstances", find_by_token_params(*what.client_token),
      [this, who, what, done](Result<Document> r) {
        if (!r) return done(r.error());
        if (auto found = made_with_token(*r.value(), *what.client_token))
          return done(std::move(*found));
        run_instance(who, what, done);
      });
}

void Ec2Driver::run_instance(const Credentials& who, const engine::InstanceCreate& what,
                             Callback<engine::Instance> done) {
  auto type = what.profile_id.empty() ? std::string{default_instance_type} : what.profile_id;
  ec2(who, "RunInstances", run_instances_params(what, type), [this, done](Result<Document> r) {
    if (!r) return done(r.error());
    auto made = read_instances(*r.value()).instances;
    if (made.empty())
      return done(
          engine::make_error(ErrorKind::provider, "EC2's RunInstances answer has no instance"));
    launched(made.front().id);
    done(std::move(made.front()));
  });
}

void Ec2Driver::launched(const std::string& id) {
  auto now = clock_.now();
  std::erase_if(launched_, [&](auto& entry) { return now - entry.second > consistency_window; });
  launched_[id] = now;
}

bool Ec2Driver::just_launched(const std::string& id) const {
  auto i = launched_.find(id);
  return i != launched_.end() && clock_.now() - i->second <= consistency_window;
}

void Ec2Driver::instance_action(const Credentials& who, const std::string& id,
                                engine::InstanceAction action, Callback<engine::Instance> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  const char* name = action == engine::InstanceAction::start    ? "StartInstances"
                     : action == engine::InstanceAction::stop   ? "StopInstances"
                     : action == engine::InstanceAction::reboot ? "RebootInstances"
                                                                : nullptr;
  if (!name) return done(engine::make_error(ErrorKind::method_not_allowed));
  ec2(who, name, {{"InstanceId.1", id}}, [this, who, id, done](Result<Document> r) {
    if (!r) {
      auto e = as_not_found(r.error(), bad_instance_id);
      // IncorrectInstanceState: the instance's state does not allow the action.
      if (e.kind == ErrorKind::conflict) e.kind = ErrorKind::method_not_allowed;
      return done(e);
    }
    // The action is taken: a failed read-back must not fail it, or it would be sent again.
    auto after = state_after_action(*r.value());
    instance(who, id, [id, after, done](Result<engine::Instance> read) {
      if (read || !after) return done(std::move(read));
      engine::Instance known;
      known.id = id;
      known.state = *after;
      done(std::move(known));
    });
  });
}

void Ec2Driver::destroy_instance(const Credentials& who, const std::string& id,
                                 Callback<Unit> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  ec2(who, "TerminateInstances", {{"InstanceId.1", id}}, [done](Result<Document> r) {
    if (!r) return done(as_not_found(r.error(), bad_instance_id));
    done(Unit{});
  });
}

// -- keys -------------------------------------------------------------------------------------

void Ec2Driver::keys(const Credentials& who, Callback<std::vector<engine::Key>> done) {
  ec2(who, "DescribeKeyPairs", {}, [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(read_key_pairs(*r.value()));
  });
}

void Ec2Driver::key(const Credentials& who, const std::string& id, Callback<engine::Key> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  ec2(who, "DescribeKeyPairs", {{"KeyName.1", id}}, [done](Result<Document> r) {
    if (!r) return done(r.error());
    auto found = read_key_pairs(*r.value());
    if (found.empty()) return done(engine::make_error(ErrorKind::not_found));
    done(std::move(found.front()));
  });
}

void Ec2Driver::create_key(const Credentials& who, const engine::KeyCreate& what,
                           Callback<engine::Key> done) {
  if (!plausible_id(what.name))
    return done(engine::make_error(ErrorKind::validation,
                                   "A key's name is its id: letters, digits, '.', '_' and '-'"));
  Answer read = [done](Result<Document> r) {
    if (!r) return done(r.error());
    done(read_created_key(*r.value()));
  };
  if (what.public_key)
    return ec2(
        who, "ImportKeyPair",
        {{"KeyName", what.name}, {"PublicKeyMaterial", engine::base64_encode(*what.public_key)}},
        read);
  ec2(who, "CreateKeyPair", {{"KeyName", what.name}}, read);
}

void Ec2Driver::destroy_key(const Credentials& who, const std::string& id, Callback<Unit> done) {
  if (!plausible_id(id)) return done(engine::make_error(ErrorKind::not_found));
  // EC2 answers success for a key that is not there: look first, so that a client hears 404.
  key(who, id, [this, who, id, done](Result<engine::Key> found) {
    if (!found) return done(found.error());
    ec2(who, "DeleteKeyPair", {{"KeyName", id}}, [done](Result<Document> r) {
      if (!r) return done(r.error());
      done(Unit{});
    });
  });
}

namespace {

const engine::DriverRegistrar registrar{{"ec2", ec2_info,
                                         [](const engine::DriverSetup& setup) {
                                           return std::unique_ptr<engine::Driver>(
                                               new Ec2Driver(setup));
                                         },
                                         Ec2Driver::check_options}};

}  // namespace

}  // namespace dc::drivers::ec2
