#pragma once
// The servers a test makes, deleted straight in Nova when the test ends, however it ends: a test
// that fails halfway must not leave servers running in the cloud (each holds quota, and the
// tests after it would see them).

#include <string>
#include <vector>

#include "tests/openstack/loopback_cloud.hpp"

namespace dc::test {

class ServersMade {
 public:
  /// For servers of `owner`'s project.
  ServersMade(const LoopbackCloud& cloud, const CloudUser& owner);
  ~ServersMade();
  ServersMade(const ServersMade&) = delete;
  ServersMade& operator=(const ServersMade&) = delete;

  /// The id of the instance in a create's XML answer (201), kept to be deleted at the end; the
  /// test fails here when the create did not succeed.
  std::string keep(const Response& created);

 private:
  std::string token_;
  std::string nova_url_;
  std::vector<std::string> ids_;
};

}  // namespace dc::test
