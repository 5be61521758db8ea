#pragma once
// What the OpenStack integration tests share: finding the seeded image, reading instances from
// deltacloudd's XML, and waiting for events with a deadline.

#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "tests/openstack/loopback_cloud.hpp"
#include "tests/support/stream_events.hpp"
#include "tests/support/xml.hpp"

namespace dc::test {

/// A server name no other test, or other run, uses.
inline std::string unique_name(const std::string& what) {
  static int counter = 0;
  return "dc-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

/// The id of the image the loopback cloud seeds (cirros-fake).
inline std::string seeded_image(OpenStackServer& server, const CloudUser& as) {
  auto r = server.get("/api/images", as);
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  for (auto image : doc.child("images").children("image"))
    if (std::string{image.child_value("name")} == "cirros-fake")
      return image.attribute("id").value();
  FAIL("the loopback cloud has no image named cirros-fake");
  return {};
}

/// Asks `check` until it says yes or `deadline` passes (then false): for changes the cloud makes
/// in the background.
template <class Check>
bool eventually(Check check, std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (check()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{250});
  }
}

/// The instance's state as deltacloudd shows it, or "HTTP <status>".
inline std::string instance_state(OpenStackServer& server, const CloudUser& as,
                                  const std::string& id) {
  auto r = server.get("/api/instances/" + id, as);
  if (r.status != 200) return "HTTP " + std::to_string(r.status);
  return parse_xml(r.body).child("instance").child_value("state");
}

}  // namespace dc::test
