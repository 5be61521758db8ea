#pragma once
// Foo's HTTP API as the Foo driver needs it: the example driver of docs/writing-a-driver.md.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/driver.hpp"

namespace dc::drivers::foo {

/// A server as `GET /v1/servers/{id}` describes it.
struct FooServer {
  std::string id, name, status, image, size, zone, public_ip;
};
struct FooZone {
  std::string id, name;
  bool open = true;
};
/// The body of `POST /v1/servers`.
struct FooServerCreate {
  std::string name, image, size, zone;
  std::vector<std::pair<std::string, std::string>> size_options;  // cpu, memory, storage
  std::optional<std::string> keypair;
};

/// Every call answers exactly once, on the client's own I/O thread.
class FooClient {
 public:
  using Credentials = engine::Credentials;
  template <class T>
  using Callback = engine::Callback<T>;
  virtual ~FooClient() = default;
  virtual void zones(const Credentials& who, Callback<std::vector<FooZone>> done) = 0;
  virtual void servers(const Credentials& who, Callback<std::vector<FooServer>> done) = 0;
  virtual void server(const Credentials& who, const std::string& id, Callback<FooServer> done) = 0;
  virtual void create_server(const Credentials& who, const FooServerCreate& what,
                             Callback<FooServer> done) = 0;
  /// `POST /v1/servers/{id}/{verb}`: verb is start, stop or reboot.
  virtual void server_action(const Credentials& who, const std::string& id, const std::string& verb,
                             Callback<FooServer> done) = 0;
  virtual void delete_server(const Credentials& who, const std::string& id,
                             Callback<engine::Unit> done) = 0;
};

/// The HTTP client for `setup.provider`, configured from `setup.options`.
std::unique_ptr<FooClient> make_foo_client(const engine::DriverSetup& setup);

}  // namespace dc::drivers::foo
