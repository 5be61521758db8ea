// /api/jobs: bulk provisioning over HTTP, on a quiet mock and on a busy one.

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <thread>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

/// The job's document once it is no longer RUNNING (a test failure after `deadline`).
pugi::xml_document finished_job(TestServer& server, const std::string& location,
                                Headers auth = {mock_auth()}, std::chrono::seconds deadline = 60s) {
  auto path = location.substr(location.find("/api/"));
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    auto r = http(server.port(), "GET", path, auth);
    REQUIRE(r.status == 200);
    auto doc = parse_xml(r.body);
    if (std::string{doc.child("job").child_value("state")} != "RUNNING") return doc;
    std::this_thread::sleep_for(20ms);
  }
  FAIL("the job did not finish in time");
  return {};
}

std::size_t count_of(const pugi::xml_document& doc, const char* what) {
  return std::stoul(doc.child("job").child_value(what));
}

/// Names of the account's instances that start with `prefix`.
std::multiset<std::string> names_with(TestServer& server, const std::string& prefix) {
  auto doc = parse_xml(server.get_auth("/api/instances").body);
  std::multiset<std::string> out;
  for (auto i : doc.child("instances").children("instance")) {
    std::string name = i.child_value("name");
    if (name.rfind(prefix, 0) == 0) out.insert(name);
  }
  return out;
}

}  // namespace

TEST_CASE("a job creates its instances, follows them to RUNNING and reports each") {
  TestServer server;
  auto r = server.post_auth("/api/jobs?image_id=img1&count=5&name_prefix=web&hwp_id=m1-small");
  REQUIRE(r.status == 202);
  auto location = r.header("Location");
  REQUIRE(location.find("http://localhost/api/jobs/job") == 0);
  auto accepted = parse_xml(r.body);
  CHECK(std::string{accepted.child("job").attribute("id").value()} ==
        location.substr(location.rfind('/') + 1));
  CHECK(count_of(accepted, "requested") == 5);

  auto doc = finished_job(server, location);
  auto job = doc.child("job");
  CHECK(std::string{job.child_value("state")} == "COMPLETED");
  CHECK(count_of(doc, "created") == 5);
  CHECK(count_of(doc, "running") == 5);
  CHECK(count_of(doc, "failed") == 0);
  CHECK_FALSE(job.child("actions"));  // nothing left to cancel
  std::size_t listed = 0;
  for (auto i : job.child("instances").children("instance")) {
    CHECK(std::string{i.attribute("state").value()} == "RUNNING");
    CHECK(std::string{i.attribute("id").value()}.rfind("inst", 0) == 0);
    ++listed;
  }
  CHECK(listed == 5);
  CHECK(names_with(server, "web-") ==
        std::multiset<std::string>{"web-0", "web-1", "web-2", "web-3", "web-4"});

  auto json = server.get_auth(location.substr(location.find("/api/")) + "?format=json");
  REQUIRE(json.status == 200);
  CHECK(json.body.find("\"state\":\"COMPLETED\"") != std::string::npos);
  CHECK(json.body.find("\"running\":5") != std::string::npos);
  CHECK(json.body.find("\"instances\":[{\"index\":0,\"state\":\"RUNNING\"") != std::string::npos);
  auto list = server.get_auth("/api/jobs?format=json");
  REQUIRE(list.status == 200);
  CHECK(list.body.find("\"jobs\":[{\"id\":\"job") != std::string::npos);
  CHECK(list.body.find("\"instances\"") == std::string::npos);  // counts only
  auto xml_list = parse_xml(server.get_auth("/api/jobs").body);
  CHECK(ids(xml_list.child("jobs"), "job").size() == 1);
}

TEST_CASE("a job on a throttling, failing cloud ends with exactly N instances") {
  TestServerOptions o;
  o.mock_options = {{"throttle.launch.burst", "3"},
                    {"throttle.launch.per_second", "100"},
                    {"throttle.describe.burst", "20"},
                    {"throttle.describe.per_second", "200"},
                    {"fault_rate", "0.3"},
                    {"random_seed", "11"}};
  dc::engine::DriverLimits limits;
  limits.retry.initial = 5ms;
  limits.retry.max = 50ms;
  limits.retry.attempts = 30;
  o.mock_limits = limits;
  TestServer server(o);
  auto r = server.post_auth("/api/jobs?image_id=img1&count=30&name_prefix=busy");
  REQUIRE(r.status == 202);
  auto doc = finished_job(server, r.header("Location"));
  CHECK(std::string{doc.child("job").child_value("state")} == "COMPLETED");
  CHECK(count_of(doc, "running") == 30);
  CHECK(count_of(doc, "failed") == 0);
  // Faults that struck after a create were retried with the same client token: no duplicates.
  auto names = names_with(server, "busy-");
  CHECK(names.size() == 30);
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == 30);
}

TEST_CASE("a provider's refusal is reported per instance with its code, not retried") {
  TestServer server;
  auto r = server.post_auth("/api/jobs?image_id=nosuch&count=3");
  REQUIRE(r.status == 202);
  auto doc = finished_job(server, r.header("Location"));
  CHECK(std::string{doc.child("job").child_value("state")} == "COMPLETED");
  CHECK(count_of(doc, "failed") == 3);
  CHECK(count_of(doc, "created") == 0);
  auto first = doc.child("job").child("instances").child("instance");
  CHECK(std::string{first.attribute("state").value()} == "FAILED");
  CHECK(std::string{first.child("error").attribute("code").value()} == "InvalidAMIID.NotFound");
  CHECK(std::string{first.child_value("error")}.find("nosuch") != std::string::npos);
}

TEST_CASE("cancelling a job stops what has not started") {
  TestServerOptions o;
  dc::engine::DriverLimits limits;
  limits.rates["launch"] = dc::engine::RateLimit{2, 2};  // 2 at once, then 2 a second
  o.mock_limits = limits;
  TestServer server(o);
  auto r = server.post_auth("/api/jobs?image_id=img1&count=40&name_prefix=c");
  REQUIRE(r.status == 202);
  auto path = r.header("Location").substr(r.header("Location").find("/api/"));
  CHECK(server.delete_auth(path).status == 204);
  auto doc = finished_job(server, r.header("Location"));
  CHECK(std::string{doc.child("job").child_value("state")} == "CANCELLED");
  auto created = count_of(doc, "created");
  CHECK(count_of(doc, "cancelled") > 0);
  CHECK(created + count_of(doc, "cancelled") + count_of(doc, "failed") == 40);
  CHECK(names_with(server, "c-").size() == created);
  CHECK(server.delete_auth(path).status == 204);  // cancelling again changes nothing
}

TEST_CASE("jobs are private to their account and bad job requests are 4xx") {
  TestServerOptions o;
  o.mock_options = {{"accounts", "mockuser:mockpassword\nother:secret"}};
  TestServer server(o);
  auto r = server.post_auth("/api/jobs?image_id=img1&count=1");
  REQUIRE(r.status == 202);
  auto path = r.header("Location").substr(r.header("Location").find("/api/"));
  Headers other{{"Authorization", "Basic b3RoZXI6c2VjcmV0"}};  // other:secret
  CHECK(http(server.port(), "GET", path, other).status == 404);
  CHECK(http(server.port(), "DELETE", path, other).status == 404);
  auto theirs = parse_xml(http(server.port(), "GET", "/api/jobs", other).body);
  CHECK(ids(theirs.child("jobs"), "job").empty());
  CHECK(http(server.port(), "GET", "/api/jobs", {{"Authorization", "Basic b3RoZXI6d3Jvbmc="}})
            .status == 401);

  CHECK(server.post_auth("/api/jobs?image_id=img1").status == 400);
  CHECK(server.post_auth("/api/jobs?count=3").status == 400);
  CHECK(server.post_auth("/api/jobs?image_id=img1&count=0").status == 400);
  CHECK(server.post_auth("/api/jobs?image_id=img1&count=many").status == 400);
  CHECK(server.post_auth("/api/jobs?image_id=img1&count=1000001").status == 400);
  CHECK(server.post_auth("/api/jobs?image_id=img1&count=2&hwp_id=huge").status == 400);
  CHECK(server.post_auth("/api/jobs?image_id=img1&count=2&name_prefix=a/b").status == 400);
  CHECK(server.get_auth("/api/jobs/jobnosuch").status == 404);
  CHECK(server.get("/api/jobs").status == 401);
}

TEST_CASE("a job's progress is published on the event stream") {
  TestServer server;
  EventStreamClient stream(server.port(), "/api/events", {mock_auth()});
  REQUIRE(stream.status() == 200);
  auto r = server.post_auth("/api/jobs?image_id=img1&count=3");
  REQUIRE(r.status == 202);
  auto id = r.header("Location").substr(r.header("Location").rfind('/') + 1);
  auto until = std::chrono::steady_clock::now() + 30s;
  bool completed = false;
  while (!completed && std::chrono::steady_clock::now() < until) {
    auto e = stream.next(10s);
    REQUIRE(e);
    if (e->event != "job") continue;
    CHECK(e->data.find("\"job_id\":\"" + id + "\"") != std::string::npos);
    completed = e->data.find("\"state\":\"COMPLETED\"") != std::string::npos;
    if (completed) CHECK(e->data.find("\"running\":3") != std::string::npos);
  }
  CHECK(completed);
}

TEST_CASE("only the newest finished jobs are kept, in memory and on disk") {
  auto options = instant_transitions();
  options.finished_jobs_kept = 2;
  TestServer server(options);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto r = server.post_auth("/api/jobs?image_id=img1&count=1");
    REQUIRE(r.status == 202);
    auto location = r.header("Location");
    finished_job(server, location);
    ids.push_back(location.substr(location.rfind('/') + 1));
  }
  auto journal = server.data_dir() / "jobs";
  CHECK(server.get_auth("/api/jobs/" + ids[0]).status == 404);
  CHECK_FALSE(std::filesystem::exists(journal / (ids[0] + ".job")));
  CHECK_FALSE(std::filesystem::exists(journal / (ids[0] + ".log")));
  for (auto& kept : {ids[1], ids[2]}) {
    CHECK(server.get_auth("/api/jobs/" + kept).status == 200);
    CHECK(std::filesystem::exists(journal / (kept + ".job")));
  }
  CHECK(parse_xml(server.get_auth("/api/jobs").body).child("jobs").select_nodes("job").size() == 2);

  // A restart reads back what was kept, and nothing else.
  server.restart();
  CHECK(server.get_auth("/api/jobs/" + ids[0]).status == 404);
  CHECK(server.get_auth("/api/jobs/" + ids[2]).status == 200);
}

TEST_CASE("a job larger than jobs.max_instances is refused before anything is journaled") {
  TestServerOptions o;
  o.configure = [](dc::api::ServerOptions& s) { s.engine.max_job_instances = 3; };
  TestServer server(o);
  auto r = server.post_auth("/api/jobs?image_id=img1&count=4");
  CHECK(r.status == 400);
  CHECK(std::string{parse_xml(r.body).child("error").child_value("message")}.find(
            "jobs.max_instances") != std::string::npos);
  CHECK(ids(parse_xml(server.get_auth("/api/jobs").body).child("jobs"), "job").empty());
  CHECK(server.post_auth("/api/jobs?image_id=img1&count=3").status == 202);
}

TEST_CASE("an account may run only jobs.max_running jobs at once") {
  TestServerOptions o = slow_transitions();  // jobs stay RUNNING until their instances run
  o.configure = [](dc::api::ServerOptions& s) { s.engine.max_running_jobs = 2; };
  TestServer server(o);
  auto first = server.post_auth("/api/jobs?image_id=img1&count=1");
  REQUIRE(first.status == 202);
  REQUIRE(server.post_auth("/api/jobs?image_id=img1&count=1").status == 202);
  auto third = server.post_auth("/api/jobs?image_id=img1&count=1");
  CHECK(third.status == 429);
  // Another account is not held back by this one's jobs.
  TestServerOptions two = slow_transitions();
  two.mock_options = {{"accounts", "mockuser:mockpassword\nother:secret"}};
  two.configure = o.configure;
  TestServer shared(two);
  REQUIRE(shared.post_auth("/api/jobs?image_id=img1&count=1").status == 202);
  REQUIRE(shared.post_auth("/api/jobs?image_id=img1&count=1").status == 202);
  CHECK(http(shared.port(), "POST", "/api/jobs?image_id=img1&count=1",
             {{"Authorization", "Basic b3RoZXI6c2VjcmV0"}})
            .status == 202);
}

TEST_CASE("a job's outcomes come a page at a time") {
  TestServer server;
  auto r = server.post_auth("/api/jobs?image_id=img1&count=5");
  REQUIRE(r.status == 202);
  auto path = r.header("Location").substr(r.header("Location").find("/api/"));
  finished_job(server, r.header("Location"));
  auto page = parse_xml(server.get_auth(path + "?offset=2&limit=2").body);
  auto instances = page.child("job").child("instances");
  CHECK(std::string{instances.attribute("offset").value()} == "2");
  CHECK(std::string{instances.attribute("total").value()} == "5");
  std::vector<std::string> indexes;
  for (auto i : instances.children("instance")) indexes.emplace_back(i.attribute("index").value());
  CHECK(indexes == std::vector<std::string>{"2", "3"});
  CHECK(count_of(page, "created") == 5);  // the counts are the whole job's
  auto past_end = parse_xml(server.get_auth(path + "?offset=9").body);
  CHECK(past_end.child("job").child("instances").children("instance").begin() ==
        past_end.child("job").child("instances").children("instance").end());
  CHECK(server.get_auth(path + "?limit=0").status == 400);
  CHECK(server.get_auth(path + "?limit=10001").status == 400);
  CHECK(server.get_auth(path + "?offset=-1").status == 400);
  auto json = server.get_auth(path + "?offset=4&format=json");
  CHECK(json.body.find("\"instances_total\":5") != std::string::npos);
  CHECK(json.body.find("\"instances\":[{\"index\":4,") != std::string::npos);
}
