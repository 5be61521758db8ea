// deltacloudd on a real Nova: an instance's whole life, observed through the API and the event
// stream, and the errors a client sees for bad credentials and bad input.
#include <catch2/catch.hpp>

#include <set>

#include "tests/openstack/cloud_test_helpers.hpp"
#include "tests/openstack/servers_made.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

constexpr auto transition_deadline = 90s;

std::string id_in(const std::string& event_needle) {
  return "\"instance_id\":\"" + event_needle + "\"";
}

}  // namespace

TEST_CASE("a Nova server is created started stopped rebooted and destroyed with events") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto image = seeded_image(server, cloud.demo);
  EventStreamClient stream(server.port(), "/api/events", {OpenStackServer::auth(cloud.demo)});
  REQUIRE(stream.status() == 200);

  ServersMade servers(cloud, cloud.demo);
  auto name = unique_name("life");
  auto made =
      server.post("/api/instances?image_id=" + image + "&hwp_id=1&name=" + name, cloud.demo);
  auto id = servers.keep(made);
  auto created = parse_xml(made.body);
  CHECK(made.header("Location").find("/api/instances/" + id) != std::string::npos);
  CHECK(std::string{created.child("instance").child_value("name")} == name);
  CHECK(std::string{created.child("instance").child("image").attribute("id").value()} == image);
  CHECK(std::string{created.child("instance").child_value("state")} == "PENDING");

  // Nova's BUILD then ACTIVE, seen by polling, reach the subscriber as PENDING then RUNNING.
  auto pending = next_event_with(stream, {id_in(id), "\"to\":\"PENDING\""}, transition_deadline);
  REQUIRE(pending);
  CHECK(pending->data.find("\"cause\":\"create\"") != std::string::npos);
  REQUIRE(next_event_with(stream, {id_in(id), "\"from\":\"PENDING\"", "\"to\":\"RUNNING\""},
                          transition_deadline));
  CHECK(instance_state(server, cloud.demo, id) == "RUNNING");

  // Stop: Nova's SHUTOFF.
  REQUIRE(server.post("/api/instances/" + id + "/stop", cloud.demo).status == 202);
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"STOPPED\""}, transition_deadline));
  CHECK(instance_state(server, cloud.demo, id) == "STOPPED");
  // A stopped server cannot be stopped again: the state machine refuses before Nova is asked.
  CHECK(server.post("/api/instances/" + id + "/stop", cloud.demo).status == 405);

  // Start: back to RUNNING (through PENDING when Nova is seen powering on).
  REQUIRE(server.post("/api/instances/" + id + "/start", cloud.demo).status == 202);
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"RUNNING\""}, transition_deadline));
  REQUIRE(server.post("/api/instances/" + id + "/reboot", cloud.demo).status == 202);
  // A fake server may reboot before anyone looks: PENDING is seen only when Nova shows REBOOT.
  REQUIRE(eventually([&] { return instance_state(server, cloud.demo, id) == "RUNNING"; },
                     transition_deadline));

  // Destroy: Nova deletes in the background, so the instance shows as SHUTTING_DOWN until the
  // server has left Nova (unless Nova is done before the destroy's answer); then it finishes,
  // once.
  REQUIRE(server.del("/api/instances/" + id, cloud.demo).status == 204);
  auto finished = next_event_with(stream, {id_in(id), "\"to\":\"FINISH\""}, transition_deadline);
  REQUIRE(finished);
  CHECK(instance_state(server, cloud.demo, id) == "HTTP 404");
  CHECK_FALSE(next_event_with(stream, {id_in(id)}, 2s));
}

TEST_CASE("instances are listed from Nova and filtered by state") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto image = seeded_image(server, cloud.demo);
  ServersMade servers(cloud, cloud.demo);
  auto id = servers.keep(
      server.post("/api/instances?image_id=" + image + "&name=" + unique_name("list"), cloud.demo));

  auto listed = server.get("/api/instances", cloud.demo);
  REQUIRE(listed.status == 200);
  auto doc = parse_xml(listed.body);
  CHECK(doc.child("instances").find_child_by_attribute("instance", "id", id.c_str()));
  auto json = server.get("/api/instances/" + id + "?format=json", cloud.demo);
  CHECK(json.status == 200);
  CHECK(json.body.find("\"id\":\"" + id + "\"") != std::string::npos);
  auto finished = server.get("/api/instances?state=FINISH", cloud.demo);
  CHECK(!parse_xml(finished.body)
             .child("instances")
             .find_child_by_attribute("instance", "id", id.c_str()));
  CHECK(server.del("/api/instances/" + id, cloud.demo).status == 204);
}

TEST_CASE("a wrong password or project is refused with 401") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto wrong = cloud.demo;
  wrong.password = "not-the-password";
  auto r = server.get("/api/instances", wrong);
  CHECK(r.status == 401);
  // As the original: the challenge is for missing credentials only; wrong ones get the document.
  CHECK_FALSE(r.has_header("WWW-Authenticate"));
  CHECK(parse_xml(r.body).child("error").attribute("status").as_int() == 401);
  auto no_project = cloud.demo;
  no_project.project = "no-such-project";
  CHECK(server.get("/api/realms", no_project).status == 401);
}

TEST_CASE("an unknown image is refused with a client error and no server is made") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto name = unique_name("noimage");
  auto r = server.post("/api/instances?image_id=00000000-0000-0000-0000-000000000000&name=" + name,
                       cloud.demo);
  INFO(r.body);
  CHECK(r.status >= 400);
  CHECK(r.status < 500);
  CHECK(r.body.find("<message>") != std::string::npos);
  auto listed = server.get("/api/instances", cloud.demo);
  CHECK(listed.body.find(name) == std::string::npos);
}

TEST_CASE("realms are Nova's availability zones") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto r = server.get("/api/realms", cloud.demo);
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  auto nova = doc.child("realms").find_child_by_attribute("realm", "id", "nova");
  REQUIRE(nova);
  CHECK(std::string{nova.child_value("state")} == "AVAILABLE");
  CHECK(server.get("/api/realms/nova", cloud.demo).status == 200);
  CHECK(server.get("/api/realms/atlantis", cloud.demo).status == 404);
}

TEST_CASE("images come from Glance") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto id = seeded_image(server, cloud.demo);
  auto r = server.get("/api/images/" + id, cloud.demo);
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  CHECK(std::string{doc.child("image").child_value("name")} == "cirros-fake");
  // Glance's `active`, as the original driver showed it.
  CHECK(std::string{doc.child("image").child_value("state")} == "AVAILABLE");
  CHECK(server.get("/api/images/00000000-0000-0000-0000-000000000000", cloud.demo).status == 404);
}

TEST_CASE("servers in transit are polled with one Nova call a cycle however many there are") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto image = seeded_image(server, cloud.demo);
  EventStreamClient stream(server.port(), "/api/events", {OpenStackServer::auth(cloud.demo)});
  REQUIRE(stream.status() == 200);
  ServersMade servers(cloud, cloud.demo);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(servers.keep(server.post(
        "/api/instances?image_id=" + image + "&name=" + unique_name("poll"), cloud.demo)));
  std::set<std::string> running;
  auto until = std::chrono::steady_clock::now() + transition_deadline;
  while (running.size() < ids.size() && std::chrono::steady_clock::now() < until) {
    auto e = stream.next(5s);
    if (!e || e->data.find("\"to\":\"RUNNING\"") == std::string::npos) continue;
    for (auto& id : ids)
      if (e->data.find(id_in(id)) != std::string::npos) running.insert(id);
  }
  REQUIRE(running.size() == ids.size());
  auto stats = server.stats(cloud.demo);
  INFO("poll cycles " << stats.poll_cycles << ", describe calls " << stats.describe_calls
                      << ", change reports " << stats.change_reports);
  CHECK(stats.poll_cycles >= 1);
  // The cycles after the first listing ask Nova for its changes since the last cycle.
  CHECK(stats.change_reports >= 1);
  // One call per cycle (Nova's changes-since, or the first listing), plus the image lookup and
  // its account check, which take the same path as every provider call. Asking per server
  // would be up to four a cycle.
  CHECK(stats.describe_calls <= stats.poll_cycles + 2);
  for (auto& id : ids) CHECK(server.del("/api/instances/" + id, cloud.demo).status == 204);
}
