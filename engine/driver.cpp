#include "engine/driver.hpp"

namespace dc::engine {

namespace {

Error unsupported(const char* what) {
  return make_error(ErrorKind::not_supported, std::string{"This driver does not support "} + what);
}

}  // namespace

void Driver::authenticate(const Credentials& who, Callback<Unit> done) {
  realms(who, [done = std::move(done)](Result<std::vector<Realm>> r) {
    if (r)
      done(Unit{});
    else
      done(r.error());
  });
}

void Driver::realms(const Credentials&, Callback<std::vector<Realm>> done) {
  done(unsupported("realms"));
}
void Driver::realm(const Credentials&, const std::string&, Callback<Realm> done) {
  done(unsupported("realms"));
}
void Driver::images(const Credentials&, Callback<std::vector<Image>> done) {
  done(unsupported("images"));
}
void Driver::image(const Credentials&, const std::string&, Callback<Image> done) {
  done(unsupported("images"));
}
void Driver::create_image(const Credentials&, const ImageCreate&, Callback<Image> done) {
  done(unsupported("creating images"));
}
void Driver::destroy_image(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying images"));
}
void Driver::instances(const Credentials&, Callback<std::vector<Instance>> done) {
  done(unsupported("instances"));
}
void Driver::instance(const Credentials&, const std::string&, Callback<Instance> done) {
  done(unsupported("instances"));
}
void Driver::create_instance(const Credentials&, const InstanceCreate&, Callback<Instance> done) {
  done(unsupported("creating instances"));
}
void Driver::instance_action(const Credentials&, const std::string&, InstanceAction,
                             Callback<Instance> done) {
  done(unsupported("instance actions"));
}
void Driver::destroy_instance(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying instances"));
}
void Driver::run_on_instance(const Credentials&, const std::string&, const RunCommand&,
                             Callback<RunOutput> done) {
  done(unsupported("running commands on instances"));
}
void Driver::keys(const Credentials&, Callback<std::vector<Key>> done) {
  done(unsupported("keys"));
}
void Driver::key(const Credentials&, const std::string&, Callback<Key> done) {
  done(unsupported("keys"));
}
void Driver::create_key(const Credentials&, const KeyCreate&, Callback<Key> done) {
  done(unsupported("creating keys"));
}
void Driver::destroy_key(const Credentials&, const std::string&, Callback<Unit> done) {
  done(unsupported("destroying keys"));
}

}  // namespace dc::engine
