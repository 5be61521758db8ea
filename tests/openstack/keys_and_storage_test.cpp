// Keys (Nova keypairs), storage volumes and snapshots (Cinder, attached through Nova) on a real
// OpenStack.
#include <catch2/catch.hpp>

#include "tests/openstack/cloud_test_helpers.hpp"
#include "tests/openstack/servers_made.hpp"

using namespace dc::test;
using namespace std::chrono_literals;

namespace {

constexpr auto cloud_deadline = 90s;

/// An element's child text in the XML answer of `target`, or "HTTP <status>".
std::string field_of(OpenStackServer& server, const CloudUser& as, const std::string& target,
                     const char* element, const char* child) {
  auto r = server.get(target, as);
  if (r.status != 200) return "HTTP " + std::to_string(r.status);
  return parse_xml(r.body).child(element).child_value(child);
}

}  // namespace

TEST_CASE("keys are Nova keypairs made by Nova or imported") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto made_name = unique_name("key");
  auto made = server.post("/api/keys?name=" + made_name, cloud.demo);
  INFO(made.body);
  REQUIRE(made.status == 201);
  auto made_doc = parse_xml(made.body);
  CHECK(std::string{made_doc.child("key").attribute("id").value()} == made_name);
  // Nova shows a key it made once, in the create's answer.
  CHECK(std::string{made_doc.child("key").child_value("pem")}.find("PRIVATE KEY") !=
        std::string::npos);
  CHECK_FALSE(std::string{made_doc.child("key").child_value("fingerprint")}.empty());

  auto imported_name = unique_name("imported");
  auto imported = server.post(
      "/api/keys", cloud.demo, {{"Content-Type", "application/x-www-form-urlencoded"}},
      "name=" + imported_name +
          "&public_key=ssh-ed25519+AAAAC3NzaC1lZDI1NTE5AAAAIBiUTou0AGKl%2BNdmtaRRcf5cxCfzheAmJKcNT"
          "I4BUZi%2B+deltacloudd-test");
  INFO(imported.body);
  REQUIRE(imported.status == 201);
  CHECK(std::string{parse_xml(imported.body).child("key").child_value("fingerprint")} ==
        "9b:ac:17:9a:ce:f3:ee:d4:88:1d:40:4f:87:e8:e8:a5");

  auto listed = parse_xml(server.get("/api/keys", cloud.demo).body);
  CHECK(listed.child("keys").find_child_by_attribute("key", "id", made_name.c_str()));
  CHECK(listed.child("keys").find_child_by_attribute("key", "id", imported_name.c_str()));
  CHECK(server.get("/api/keys/" + imported_name, cloud.demo).status == 200);
  CHECK(server.post("/api/keys?name=" + made_name, cloud.demo).status == 409);
  CHECK(server.post("/api/keys?name=no%20spaces", cloud.demo).status == 400);

  CHECK(server.del("/api/keys/" + made_name, cloud.demo).status == 204);
  CHECK(server.del("/api/keys/" + imported_name, cloud.demo).status == 204);
  CHECK(server.get("/api/keys/" + made_name, cloud.demo).status == 404);
}

TEST_CASE("a Cinder volume is attached detached snapshotted and destroyed") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto& demo = cloud.demo;
  auto image = seeded_image(server, demo);
  ServersMade servers(cloud, demo);
  auto instance = servers.keep(
      server.post("/api/instances?image_id=" + image + "&name=" + unique_name("disk"), demo));

  auto name = unique_name("volume");
  auto made = server.post(
      "/api/storage_volumes?capacity=1&name=" + name + "&description=integration+test", demo);
  INFO(made.body);
  REQUIRE(made.status == 201);
  auto doc = parse_xml(made.body);
  std::string volume = doc.child("storage_volume").attribute("id").value();
  CHECK(std::string{doc.child("storage_volume").child_value("name")} == name);
  CHECK(std::string{doc.child("storage_volume").child_value("capacity")} == "1");
  auto path = "/api/storage_volumes/" + volume;
  auto state = [&] { return field_of(server, demo, path, "storage_volume", "state"); };
  REQUIRE(eventually([&] { return state() == "AVAILABLE"; }, cloud_deadline));
  REQUIRE(eventually([&] { return instance_state(server, demo, instance) == "RUNNING"; },
                     cloud_deadline));

  auto attach = server.post(path + "/attach?instance_id=" + instance + "&device=/dev/vdb", demo);
  INFO(attach.body);
  REQUIRE(attach.status == 202);
  REQUIRE(eventually([&] { return state() == "IN-USE"; }, cloud_deadline));
  auto attached = parse_xml(server.get(path, demo).body);
  CHECK(std::string{attached.child("storage_volume")
                        .child("mount")
                        .child("instance")
                        .attribute("id")
                        .value()} == instance);

  REQUIRE(server.post(path + "/detach", demo).status == 202);
  REQUIRE(eventually([&] { return state() == "AVAILABLE"; }, cloud_deadline));
  // Detaching what is not attached is a conflict, not a crash or a silent success.
  CHECK(server.post(path + "/detach", demo).status == 409);

  auto snap = server.post("/api/storage_snapshots?volume_id=" + volume, demo);
  INFO(snap.body);
  REQUIRE(snap.status == 201);
  std::string snapshot = parse_xml(snap.body).child("storage_snapshot").attribute("id").value();
  auto snap_path = "/api/storage_snapshots/" + snapshot;
  // The snapshot's state shows in JSON only (the original's XML has none).
  REQUIRE(eventually(
      [&] {
        return server.get(snap_path + "?format=json", demo).body.find("\"state\":\"AVAILABLE\"") !=
               std::string::npos;
      },
      cloud_deadline));
  auto snaps = parse_xml(server.get("/api/storage_snapshots", demo).body);
  CHECK(snaps.child("storage_snapshots")
            .find_child_by_attribute("storage_snapshot", "id", snapshot.c_str()));
  CHECK(server.get(snap_path, demo).body.find(volume) != std::string::npos);
  REQUIRE(server.del(snap_path, demo).status == 204);
  REQUIRE(eventually([&] { return server.get(snap_path, demo).status == 404; }, cloud_deadline));

  REQUIRE(server.del(path, demo).status == 204);
  REQUIRE(eventually([&] { return server.get(path, demo).status == 404; }, cloud_deadline));
  CHECK(server.get("/api/storage_volumes/no-such-volume", demo).status == 404);
  CHECK(server.del("/api/instances/" + instance, demo).status == 204);
}
