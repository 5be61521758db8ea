// deltacloudd -i ec2 on moto, over HTTP: an instance's whole life through the API and the event
// stream, creates that never double, and the errors a client sees.
#include <catch2/catch.hpp>

#include "tests/ec2/moto_cloud.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

constexpr auto transition_deadline = 60s;

std::string id_in(const std::string& id) {
  return "\"instance_id\":\"" + id + "\"";
}

}  // namespace

TEST_CASE("an EC2 instance is created stopped started rebooted and destroyed with events") {
  Ec2Server server;
  auto image = linux_image(server);
  EventStreamClient stream(server.port(), "/api/events", {Ec2Server::auth()});
  REQUIRE(stream.status() == 200);

  InstancesMade made(server);
  auto name = unique_name("life");
  auto created = server.post("/api/instances?image_id=" + image + "&hwp_id=t3.micro&name=" + name +
                             "&realm_id=us-east-1b");
  auto id = made.keep(created);
  CHECK(id.rfind("i-", 0) == 0);
  CHECK(created.header("Location").find("/api/instances/" + id) != std::string::npos);
  auto doc = parse_xml(created.body);
  auto instance = doc.child("instance");
  CHECK(std::string{instance.child_value("name")} == name);
  CHECK(std::string{instance.child("image").attribute("id").value()} == image);
  CHECK(std::string{instance.child("hardware_profile").attribute("id").value()} == "t3.micro");
  CHECK(std::string{instance.child("realm").attribute("id").value()} == "us-east-1b");
  CHECK(std::string{instance.child_value("state")} == "PENDING");

  // pending then running, seen by polling, reach the subscriber.
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"PENDING\""}, transition_deadline));
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"RUNNING\""}, transition_deadline));
  auto running = server.get("/api/instances/" + id);
  REQUIRE(running.status == 200);
  auto shown = parse_xml(running.body);
  CHECK(std::string{shown.child("instance").child_value("state")} == "RUNNING");
  // EC2 gives a running instance addresses; an EBS-backed one can be imaged.
  CHECK(shown.child("instance").child("public_addresses").child("address"));
  CHECK(shown.child("instance").child("private_addresses").child("address"));
  CHECK(shown.select_node("//actions/link[@rel='stop']"));
  CHECK(shown.select_node("//actions/link[@rel='reboot']"));

  // The same instance in the list, by EC2's own paging.
  auto listed = server.get("/api/instances?state=RUNNING");
  REQUIRE(listed.status == 200);
  CHECK(listed.body.find("id='" + id + "'") != std::string::npos);

  REQUIRE(server.post("/api/instances/" + id + "/stop").status == 202);
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"STOPPED\""}, transition_deadline));
  CHECK(instance_state(server, id) == "STOPPED");
  // A stopped instance cannot be stopped again: the state machine refuses before EC2 is asked.
  CHECK(server.post("/api/instances/" + id + "/stop").status == 405);

  REQUIRE(server.post("/api/instances/" + id + "/start").status == 202);
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"RUNNING\""}, transition_deadline));
  REQUIRE(server.post("/api/instances/" + id + "/reboot").status == 202);
  CHECK(instance_state(server, id) == "RUNNING");

  // A server-side wait answers once the state is reached.
  auto waited = server.get("/api/instances/" + id + "?wait_for=RUNNING&timeout=30");
  CHECK(waited.status == 200);

  REQUIRE(server.del("/api/instances/" + id).status == 204);
  REQUIRE(next_event_with(stream, {id_in(id), "\"to\":\"FINISH\""}, transition_deadline));
  CHECK(instance_state(server, id) == "HTTP 404");
  CHECK(moto_instances_tagged("Name", name).empty());
}

TEST_CASE("a create repeated with its client token after a restart makes no second instance") {
  Ec2Server server;
  auto image = linux_image(server);
  InstancesMade made(server);
  auto token = unique_name("token");
  auto first =
      made.keep(server.post("/api/instances?image_id=" + image + "&client_token=" + token));
  // A new server knows nothing of the first create: only the tag EC2 keeps can tell.
  server.server().restart();
  auto again = server.post("/api/instances?image_id=" + image + "&client_token=" + token);
  INFO(again.body);
  REQUIRE((again.status == 201 || again.status == 200));
  CHECK(parse_xml(again.body).child("instance").attribute("id").value() == first);
  CHECK(moto_instances_tagged("deltacloud:client-token", token) == std::vector<std::string>{first});
}

TEST_CASE("wrong credentials are 401, and EC2's refusals reach the client with their status") {
  Ec2Server server;
  auto wrong = moto_user();
  wrong.secret = "not-the-secret";
  auto refused = server.send("GET", "/api/instances", {}, {}, wrong);
  CHECK(refused.status == 401);
  // A user name that is no access key id is refused before EC2 is asked.
  CHECK(server.send("GET", "/api/instances", {}, {}, {"not/a key", "x"}).status == 401);

  CHECK(server.get("/api/instances/i-00000000000000000").status == 404);
  CHECK(server.get("/api/images/ami-00000000").status == 404);
  CHECK(server.get("/api/images/not..an..id").status == 404);
  // (An image EC2 does not have is refused by EC2 with InvalidAMIID.NotFound; moto launches it
  // anyway, so that refusal is tested with the error mapping, tests/drivers/ec2_errors_test.)
  CHECK(server.post("/api/instances?image_id=" + linux_image(server) + "&hwp_id=x9.huge").status ==
        400);
  // EC2's own refusal, with its code and message: a public key that is none.
  auto bad_key = server.post("/api/keys?name=" + unique_name("bad-key") + "&public_key=not-a-key");
  INFO(bad_key.body);
  CHECK(bad_key.status == 400);
  CHECK(bad_key.body.find("<provider_code><![CDATA[InvalidKeyPair") != std::string::npos);
}

TEST_CASE("a listing follows EC2's pages to the end") {
  Ec2Server server{{{"describe_page_size", "5"}}};
  auto image = linux_image(server);
  InstancesMade made(server);
  auto name = unique_name("paged");
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i)
    ids.push_back(made.keep(server.post("/api/instances?image_id=" + image + "&name=" + name)));
  // moto holds the other tests' instances too: at least two pages of 5 however many there are.
  auto listed = server.get("/api/instances");
  REQUIRE(listed.status == 200);
  for (auto& id : ids) CHECK(listed.body.find("id='" + id + "'") != std::string::npos);
}
