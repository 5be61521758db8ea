// Storage volumes and snapshots over HTTP.

#include <catch2/catch.hpp>

#include <thread>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

TestServerOptions instant_volumes() {
  auto o = instant_transitions();
  o.volume_delay = "0";
  return o;
}

std::string volume_state(TestServer& server, const std::string& id) {
  auto doc = parse_xml(server.get_auth("/api/storage_volumes/" + id).body);
  return doc.child("storage_volume").child_value("state");
}

}  // namespace

TEST_CASE("volumes list the seed data, with mounts for attached ones") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/storage_volumes").body);
  auto root = doc.child("storage_volumes");
  CHECK(ids(root, "storage_volume") == std::vector<std::string>{"vol1", "vol2", "vol3"});
  auto vol3 = root.find_child_by_attribute("storage_volume", "id", "vol3");
  CHECK(std::string{vol3.child_value("created")} == "Thu Jul 30 14:35:11 UTC 2009");
  CHECK(std::string{vol3.child("capacity").attribute("unit").value()} == "GB");
  CHECK(std::string{vol3.child_value("capacity")} == "1");
  CHECK(std::string{vol3.child_value("name")} == "vol3");
  CHECK(std::string{vol3.child_value("state")} == "IN-USE");
  CHECK(std::string{vol3.child_value("realm_id")} == "us");
  CHECK(std::string{vol3.child("mount").child("instance").attribute("id").value()} == "inst1");
  CHECK(std::string{vol3.child("mount").child("device").attribute("name").value()} == "/dev/sda1");
  CHECK(root.find_child_by_attribute("storage_volume", "id", "vol1").child("mount").empty());
  // The instance shows what is attached to it.
  auto inst1 = parse_xml(server.get_auth("/api/instances/inst1").body);
  auto attached = inst1.child("instance").child("storage_volumes").child("storage_volume");
  CHECK(std::string{attached.attribute("id").value()} == "vol3");
  CHECK(std::string{attached.attribute("device").value()} == "/dev/sda1");
  auto json = server.get_auth("/api/storage_volumes/vol3?format=json").body;
  CHECK(json.find("\"instance\":{\"id\":\"inst1\"") != std::string::npos);
  CHECK(server.get_auth("/api/storage_volumes/vol1?format=json").body.find("\"instance\":{}") !=
        std::string::npos);
  CHECK(server.get_auth("/api/storage_volumes/nope").status == 404);
  CHECK(
      ids(parse_xml(server.get_auth("/api/storage_volumes?id=vol2").body).child("storage_volumes"),
          "storage_volume") == std::vector<std::string>{"vol2"});
}

TEST_CASE("a created volume is CREATING, then AVAILABLE on the mock's clock") {
  TestServer server;
  auto created = server.post_auth("/api/storage_volumes?capacity=10&name=data&realm_id=eu");
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  auto volume = doc.child("storage_volume");
  std::string id = volume.attribute("id").value();
  CHECK(created.header("Location") == "http://localhost/api/storage_volumes/" + id);
  CHECK(std::string{volume.child_value("state")} == "CREATING");
  CHECK(std::string{volume.child_value("name")} == "data");
  CHECK(std::string{volume.child_value("capacity")} == "10");
  CHECK(std::string{volume.child_value("realm_id")} == "eu");
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (volume_state(server, id) != "AVAILABLE" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  CHECK(volume_state(server, id) == "AVAILABLE");
}

TEST_CASE("attach and detach move a volume between AVAILABLE and IN-USE") {
  TestServer server(instant_volumes());
  auto attached =
      server.post_auth("/api/storage_volumes/vol1/attach?instance_id=inst2&device=/dev/sdb");
  REQUIRE(attached.status == 202);
  auto doc = parse_xml(attached.body);
  CHECK(std::string{doc.child("storage_volume").child_value("state")} == "IN-USE");
  CHECK(std::string{
            doc.child("storage_volume").child("mount").child("instance").attribute("id").value()} ==
        "inst2");
  auto inst2 = parse_xml(server.get_auth("/api/instances/inst2").body);
  CHECK(std::string{inst2.child("instance")
                        .child("storage_volumes")
                        .child("storage_volume")
                        .attribute("id")
                        .value()} == "vol1");
  CHECK(server.post_auth("/api/storage_volumes/vol1/attach?instance_id=inst0&device=/dev/sdc")
            .status == 409);
  CHECK(server.delete_auth("/api/storage_volumes/vol1").status == 409);
  auto detached = server.post_auth("/api/storage_volumes/vol1/detach?format=json");
  REQUIRE(detached.status == 202);
  CHECK(detached.body.find("\"state\":\"AVAILABLE\"") != std::string::npos);
  auto again = server.post_auth("/api/storage_volumes/vol1/detach");
  CHECK(again.status == 409);
  CHECK(std::string{parse_xml(again.body).child("error").child_value("message")} ==
        "Volume 'vol1' is not attached");
  CHECK(parse_xml(server.get_auth("/api/instances/inst2").body)
            .child("instance")
            .child("storage_volumes")
            .first_child()
            .empty());
}

TEST_CASE("volume requests with bad input get clear 4xx errors") {
  TestServer server(instant_volumes());
  CHECK(server.post_auth("/api/storage_volumes/vol1/attach?device=/dev/sdb").status == 400);
  CHECK(server.post_auth("/api/storage_volumes/vol1/attach?instance_id=inst9&device=/dev/sdb")
            .status == 404);
  CHECK(server.post_auth("/api/storage_volumes/vol9/attach?instance_id=inst1&device=x").status ==
        404);
  CHECK(server.post_auth("/api/storage_volumes?capacity=lots").status == 400);
  CHECK(server.post_auth("/api/storage_volumes?capacity=0").status == 400);
  CHECK(server.post_auth("/api/storage_volumes?realm_id=mars").status == 400);
  CHECK(server.delete_auth("/api/storage_volumes/vol9").status == 404);
  CHECK(server.get("/api/storage_volumes").status == 401);
}

TEST_CASE("destroying an instance detaches its volumes") {
  TestServer server(instant_volumes());
  REQUIRE(server.post_auth("/api/storage_volumes/vol2/attach?instance_id=inst2&device=/dev/sdb")
              .status == 202);
  REQUIRE(server.post_auth("/api/instances/inst2/stop").status == 202);
  REQUIRE(server.delete_auth("/api/instances/inst2").status == 204);
  CHECK(volume_state(server, "vol2") == "AVAILABLE");
}

TEST_CASE("snapshots list, show, create from a volume and destroy") {
  TestServer server(instant_volumes());
  auto doc = parse_xml(server.get_auth("/api/storage_snapshots").body);
  CHECK(ids(doc.child("storage_snapshots"), "storage_snapshot") ==
        std::vector<std::string>{"snap1", "snap2", "snap3"});
  auto snap2 =
      doc.child("storage_snapshots").find_child_by_attribute("storage_snapshot", "id", "snap2");
  CHECK(std::string{snap2.child_value("name")} == "snap2");
  CHECK(std::string{snap2.child_value("created")} == "Wed Jul 29 18:15:24 UTC 2009");
  CHECK(std::string{snap2.child("storage_volume").attribute("id").value()} == "vol2");
  CHECK(
      server.get_auth("/api/storage_snapshots/snap1?format=json").body ==
      "{\"storage_snapshot\":{\"id\":\"snap1\",\"href\":\"http://localhost/api/storage_snapshots/"
      "snap1\","
      "\"state\":\"COMPLETED\",\"storage_volume\":{\"href\":\"http://localhost/api/storage_volumes/"
      "vol1\","
      "\"id\":\"vol1\",\"rel\":\"storage_volume\"},\"created\":\"Wed Jul 29 18:15:24 UTC 2009\"}}");
  auto created = server.post_auth("/api/storage_snapshots?volume_id=vol3");
  REQUIRE(created.status == 201);
  auto snap_doc = parse_xml(created.body);
  std::string id = snap_doc.child("storage_snapshot").attribute("id").value();
  CHECK(id.rfind("store_snapshot_", 0) == 0);
  CHECK(server.post_auth("/api/storage_snapshots?volume_id=vol3").status ==
        201);  // same second: no clash
  CHECK(server.post_auth("/api/storage_snapshots?volume_id=vol99").status == 400);
  CHECK(server.post_auth("/api/storage_snapshots").status == 400);
  CHECK(server.delete_auth("/api/storage_snapshots/" + id).status == 204);
  CHECK(server.get_auth("/api/storage_snapshots/" + id).status == 404);
}

TEST_CASE("volumes, snapshots and attachments survive a restart") {
  TestServer server(instant_volumes());
  auto created = server.post_auth("/api/storage_volumes?capacity=5&name=kept");
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  std::string id = doc.child("storage_volume").attribute("id").value();
  REQUIRE(
      server.post_auth("/api/storage_volumes/" + id + "/attach?instance_id=inst0&device=/dev/sdz")
          .status == 202);
  REQUIRE(server.post_auth("/api/storage_snapshots?volume_id=" + id).status == 201);
  server.restart();
  auto after = parse_xml(server.get_auth("/api/storage_volumes/" + id).body);
  auto volume = after.child("storage_volume");
  CHECK(std::string{volume.child_value("name")} == "kept");
  CHECK(std::string{volume.child_value("state")} == "IN-USE");
  CHECK(std::string{volume.child("mount").child("device").attribute("name").value()} == "/dev/sdz");
  auto inst0 = parse_xml(server.get_auth("/api/instances/inst0").body);
  CHECK(std::string{inst0.child("instance")
                        .child("storage_volumes")
                        .child("storage_volume")
                        .attribute("id")
                        .value()} == id);
  auto snaps = parse_xml(server.get_auth("/api/storage_snapshots").body);
  CHECK(ids(snaps.child("storage_snapshots"), "storage_snapshot").size() == 4);
}
