#include <catch2/catch.hpp>

#include <thread>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

std::string state_of(TestServer& server, const std::string& id) {
  auto r = server.get_auth("/api/instances/" + id);
  if (r.status != 200) return "HTTP " + std::to_string(r.status);
  return parse_xml(r.body).child("instance").child_value("state");
}

/// Polls until the instance is in `state`, or the deadline passes.
bool wait_for_state(TestServer& server, const std::string& id, const std::string& state,
                    std::chrono::milliseconds deadline = 10s) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (state_of(server, id) == state) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

std::vector<std::string> action_rels(const pugi::xml_node& instance) {
  std::vector<std::string> out;
  for (auto l : instance.child("actions").children("link"))
    out.push_back(l.attribute("rel").value());
  return out;
}

}  // namespace

TEST_CASE("instances list only the account's instances, in XML and JSON") {
  TestServer server;
  auto r = server.get_auth("/api/instances");
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  int count = 0;
  for (auto i : doc.child("instances").children()) {
    CHECK(std::string{i.name()} == "instance");
    CHECK(std::string{i.child_value("owner_id")} == "mockuser");
    ++count;
  }
  CHECK(count == 4);
  auto inst0 = doc.child("instances").find_child_by_attribute("instance", "id", "inst0");
  CHECK(action_rels(inst0) == std::vector<std::string>{"reboot", "stop", "run", "create_image"});
  auto override_prop = inst0.child("hardware_profile").child("property");
  CHECK(std::string{override_prop.attribute("name").value()} == "memory");
  CHECK(std::string{override_prop.attribute("value").value()} == "12288");
  CHECK(inst0.child("storage_volumes"));
  auto inst3 = doc.child("instances").find_child_by_attribute("instance", "id", "inst3");
  CHECK(inst3.child("name"));
  CHECK(std::string{inst3.child("authentication").child("login").child_value("keyname")}.empty());
  CHECK(action_rels(inst3) == std::vector<std::string>{"reboot", "stop", "run"});
  auto json = server.get_auth("/api/instances?format=json").body;
  for (const char* key : {"\"id\"", "\"owner\"", "\"image\"", "\"name\"", "\"realm\"", "\"state\"",
                          "\"actions\"", "\"public_addresses\"", "\"private_addresses\"",
                          "\"create_image\"", "\"storage_volumes\"", "\"hardware_profile\""})
    CHECK(json.find(key) != std::string::npos);
}

TEST_CASE("instances filter by id, state and realm") {
  TestServer server;
  auto only = parse_xml(server.get_auth("/api/instances?id=inst1").body);
  CHECK(std::string{only.child("instances").child("instance").attribute("id").value()} == "inst1");
  CHECK(only.child("instances").child("instance").next_sibling().empty());
  CHECK(parse_xml(server.get_auth("/api/instances?id=unknown").body)
            .child("instances")
            .first_child()
            .empty());
  auto eu = parse_xml(server.get_auth("/api/instances?realm_id=eu").body);
  CHECK(std::string{eu.child("instances").child("instance").attribute("id").value()} == "inst3");
  CHECK(parse_xml(server.get_auth("/api/instances?state=STOPPED").body)
            .child("instances")
            .first_child()
            .empty());
}

TEST_CASE("instances need credentials: 401 with a challenge, or 401 for wrong ones") {
  TestServer server;
  auto none = server.get("/api/instances");
  CHECK(none.status == 401);
  CHECK(none.header("WWW-Authenticate").rfind("Basic realm=\"mock-deltacloud@", 0) == 0);
  CHECK(std::string{parse_xml(none.body).child("error").child_value("message")} == "Unauthorized");
  auto wrong = server.get("/api/instances", {basic_auth("mockuser", "nope")});
  CHECK(wrong.status == 401);
  CHECK_FALSE(wrong.has_header("WWW-Authenticate"));
  auto malformed = server.get("/api/instances", {{"Authorization", "Basic !!!not-base64!!!"}});
  CHECK(malformed.status == 401);
  CHECK(server.get("/api/instances", {{"Authorization", "Bearer abc"}}).status == 401);
  CHECK(server.get("/api/instances", {{"Authorization", "Basic bW9ja3VzZXI="}}).status ==
        401);  // no colon
  // Whitespace around the token (some clients' encoders add it) is ignored.
  CHECK(server.get("/api/instances", {{"Authorization", "Basic  bW9ja3VzZXI6bW9ja3Bhc3N3b3Jk "}})
            .status == 200);
}

TEST_CASE("a created instance is pending, then running by itself; stop goes through stopping") {
  TestServer server;
  auto created = server.post_auth(
      "/api/"
      "instances?image_id=img1&name=web1&realm_id=eu&hwp_id=m1-large&hwp_memory=8192&keyname=test-"
      "key");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/instances/inst4");
  CHECK(created.header("ETag").size() == 32);
  auto inst_doc = parse_xml(created.body);
  auto inst = inst_doc.child("instance");
  CHECK(std::string{inst.child_value("name")} == "web1");
  CHECK(std::string{inst.child_value("state")} == "PENDING");
  CHECK(action_rels(inst) == std::vector<std::string>{"run", "create_image"});
  CHECK(std::string{inst.child("realm").attribute("id").value()} == "eu");
  CHECK(std::string{inst.child("hardware_profile").attribute("id").value()} == "m1-large");
  CHECK(std::string{inst.child("hardware_profile").child("property").attribute("value").value()} ==
        "8192");
  CHECK(std::string{inst.child("authentication").child("login").child_value("keyname")} ==
        "test-key");
  CHECK(std::string{inst.child("public_addresses").child_value("address")} ==
        "img1.inst4.public.com");

  REQUIRE(wait_for_state(server, "inst4", "RUNNING"));
  auto stopped = server.post_auth("/api/instances/inst4/stop");
  REQUIRE(stopped.status == 202);
  CHECK_FALSE(stopped.has_header("ETag"));
  CHECK(std::string{parse_xml(stopped.body).child("instance").child_value("state")} == "STOPPING");
  REQUIRE(wait_for_state(server, "inst4", "STOPPED"));
  auto started = server.post_auth("/api/instances/inst4/start?format=json");
  REQUIRE(started.status == 202);
  CHECK(started.body.rfind("{\"id\":\"inst4\"", 0) == 0);  // bare instance, as the original
  CHECK(started.body.find("\"state\":\"RUNNING\"") != std::string::npos);
  CHECK(server.post_auth("/api/instances/inst4/reboot").status == 202);
}

TEST_CASE("destroy is allowed only from stopped; then the instance is gone") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  auto refused = server.delete_auth("/api/instances/inst4");
  CHECK(refused.status == 405);
  CHECK(std::string{parse_xml(refused.body).child("error").child_value("message")} ==
        "Method Not Allowed");
  auto stopped = server.post_auth("/api/instances/inst4/stop");
  CHECK(std::string{parse_xml(stopped.body).child("instance").child_value("state")} == "STOPPED");
  CHECK(server.delete_auth("/api/instances/inst4").status == 204);
  CHECK(server.get_auth("/api/instances/inst4").status == 404);
}

TEST_CASE("with zero delays the mock answers as the original: RUNNING at once") {
  TestServer server(instant_transitions());
  auto created = server.post_auth("/api/instances?image_id=img1");
  CHECK(std::string{parse_xml(created.body).child("instance").child_value("state")} == "RUNNING");
}

TEST_CASE("stopping a pending instance is refused with 405") {
  TestServer server(slow_transitions());
  REQUIRE(server.post_auth("/api/instances?image_id=img1").status == 201);
  CHECK(server.post_auth("/api/instances/inst4/stop").status == 405);
  CHECK(server.post_auth("/api/instances/inst4/start").status == 405);
}

TEST_CASE("an action on a missing instance is 403, a show is 404") {
  TestServer server;
  auto r = server.post_auth("/api/instances/inst99/stop");
  CHECK(r.status == 403);
  CHECK(std::string{parse_xml(r.body).child("error").child_value("message")} == "Forbidden");
  CHECK(server.delete_auth("/api/instances/inst99").status == 403);
  auto show = server.get_auth("/api/instances/foo");
  CHECK(show.status == 404);
  auto err_doc = parse_xml(show.body);
  auto err = err_doc.child("error");
  CHECK(std::string{err.attribute("status").value()} == "404");
  CHECK(std::string{err.attribute("url").value()} == "/api/instances/foo");
  CHECK(std::string{err.child("backend").attribute("driver").value()} == "mock");
  CHECK(std::string{err.child("backend").attribute("provider").value()} == "default");
  CHECK(std::string{err.child_value("code")} == "404");
  CHECK(std::string{
            err.child("request").find_child_by_attribute("param", "name", "id").child_value()} ==
        "\"foo\"");
  auto json = server.get_auth("/api/instances/foo?format=json");
  CHECK(json.body ==
        "{\"code\":404,\"message\":\"Not "
        "Found\",\"error\":\"Deltacloud::Exceptions::ObjectNotFound\"}");
}

TEST_CASE("create validates its parameters with 400") {
  TestServer server;
  auto missing = server.post_auth("/api/instances?name=x");
  CHECK(missing.status == 400);
  CHECK(missing.body == "Required parameter 'image_id' not found in [name]");
  auto profile = server.post_auth("/api/instances?image_id=img1&hwp_id=m9-huge");
  CHECK(profile.status == 400);
  CHECK(std::string{parse_xml(profile.body).child("error").child_value("message")} ==
        "Hardware profile 'm9-huge' does not exists.");
  CHECK(server.post_auth("/api/instances?image_id=img1&hwp_id=m1-large&hwp_memory=99999").status ==
        400);
  CHECK(server.post_auth("/api/instances?image_id=img1&hwp_id=m1-large&hwp_storage=900").status ==
        400);
  CHECK(server.post_auth("/api/instances?image_id=img1&hwp_id=m1-small&hwp_architecture=x86_64")
            .status == 400);
  CHECK(server.post_auth("/api/instances?image_id=img1&hwp_cpu=two").status == 400);
  CHECK(server.post_auth("/api/instances?image_id=img1&user_data=%25%25%25").status == 400);
  CHECK(server.post_auth("/api/instances?image_id=nope").status == 400);
  // Nothing half-written: every refused create left the instance list as it was.
  CHECK(parse_xml(server.get_auth("/api/instances?id=inst4").body)
            .child("instances")
            .first_child()
            .empty());
}

TEST_CASE("parameters come from the query, urlencoded and multipart bodies alike") {
  TestServer server(instant_transitions());
  auto form =
      server.post_auth("/api/instances", {{"Content-Type", "application/x-www-form-urlencoded"}},
                       "image_id=img2&name=from+form&user_data=aGVsbG8%3D");
  REQUIRE(form.status == 201);
  CHECK(std::string{parse_xml(form.body).child("instance").child_value("name")} == "from form");
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"image_id\"\r\n\r\nimg3\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmulti\r\n--XyZ--\r\n";
  auto multi = server.post_auth("/api/instances",
                                {{"Content-Type", "multipart/form-data; boundary=XyZ"}}, body);
  REQUIRE(multi.status == 201);
  auto inst_doc = parse_xml(multi.body);
  auto inst = inst_doc.child("instance");
  CHECK(std::string{inst.child_value("name")} == "multi");
  CHECK(std::string{inst.child("image").attribute("id").value()} == "img3");
  auto broken = server.post_auth(
      "/api/instances", {{"Content-Type", "multipart/form-data; boundary=XyZ"}}, "garbage");
  CHECK(broken.status == 400);
}

TEST_CASE("a restarted server sees exactly what it had") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/instances?image_id=img1&name=keeper").status == 201);
  REQUIRE(server.post_auth("/api/instances/inst1/stop").status == 202);
  REQUIRE(server.post_auth("/api/keys?name=kept").status == 201);
  server.restart();
  CHECK(std::string{parse_xml(server.get_auth("/api/instances/inst4").body)
                        .child("instance")
                        .child_value("name")} == "keeper");
  CHECK(state_of(server, "inst1") == "STOPPED");
  CHECK(server.get_auth("/api/keys/kept").status == 200);
}

TEST_CASE("the method override turns a POST into a DELETE") {
  TestServer server(instant_transitions());
  REQUIRE(server.post_auth("/api/keys?name=gone").status == 201);
  CHECK(server.post_auth("/api/keys/gone", {{"X-HTTP-Method-Override", "DELETE"}}).status == 204);
  REQUIRE(server.post_auth("/api/keys?name=gone2").status == 201);
  CHECK(server.post_auth("/api/keys/gone2?_method=delete").status == 204);
}

TEST_CASE("a collection path with a trailing slash is a show of nothing: 404") {
  TestServer server;
  CHECK(server.get_auth("/api/instances/").status == 404);
  CHECK(server.get("/api/hardware_profiles/").status == 404);
  CHECK(server.get("/api/").status == 200);  // the entry point takes both spellings
}

TEST_CASE("run executes a command on the mock and says what would have happened") {
  TestServer server;
  auto r = server.post_auth("/api/instances/inst1/run?cmd=uptime");
  REQUIRE(r.status == 200);
  auto inst_doc = parse_xml(r.body);
  auto inst = inst_doc.child("instance");
  CHECK(std::string{inst.child_value("command")} == "uptime");
  CHECK(std::string{inst.child_value("public_address")} == "img1.inst1.public.com");
  CHECK(std::string{inst.child_value("output")}.find("'uptime'") != std::string::npos);
  CHECK(server.post_auth("/api/instances/inst1/run").status == 400);
  CHECK(server.post_auth("/api/instances/inst77/run?cmd=ls").status == 403);
}

TEST_CASE("an instance in a state the driver did not know shows the provider's word for it") {
  TestServer server;
  const Headers odd{{"X-Deltacloud-Driver", "oddstate"}};
  auto xml = server.get_auth("/api/instances/odd1", odd);
  INFO(xml.body);
  REQUIRE(xml.status == 200);
  auto doc = parse_xml(xml.body);
  auto instance = doc.child("instance");
  CHECK(std::string{instance.child_value("state")} == "ERROR");
  CHECK(std::string{instance.child_value("provider_state")} == "HIBERNATING");
  auto json = server.get_auth("/api/instances/odd1?format=json", odd);
  CHECK(json.body.find(R"("provider_state":"HIBERNATING")") != std::string::npos);
  // Instances whose state says it all have no such element (as the original's).
  auto mock = server.get_auth("/api/instances/inst0");
  CHECK(mock.body.find("provider_state") == std::string::npos);
}
