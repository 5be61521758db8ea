// Buckets and blobs on a real OpenStack: Swift containers and objects, with blob bytes streamed
// through files on the way in and out.
#include <catch2/catch.hpp>

#include "tests/openstack/cloud_test_helpers.hpp"
#include "tests/support/patterned_bytes.hpp"

using namespace dc::test;

TEST_CASE("a Swift blob makes a round trip with its metadata") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto& demo = cloud.demo;
  auto bucket = unique_name("bucket");
  auto path = "/api/buckets/" + bucket;

  auto made = server.post("/api/buckets?name=" + bucket, demo);
  INFO(made.body);
  REQUIRE(made.status == 201);
  CHECK(made.header("location").find(path) != std::string::npos);
  CHECK(server.post("/api/buckets?name=" + bucket, demo).status == 409);

  // Larger than the server's in-memory body limit: it travels through the spool both ways.
  auto content = patterned_bytes(4 * 1024 * 1024 + 3);
  auto stored = server.send(
      "PUT", path + "/big", demo,
      {{"Content-Type", "application/x-test"}, {"X-Deltacloud-Blobmeta-Colour", "blue"}}, content);
  INFO(stored.body);
  REQUIRE(stored.status == 200);
  CHECK(std::string{parse_xml(stored.body).child("blob").child_value("content_length")} ==
        std::to_string(content.size()));

  auto listed = parse_xml(server.get(path, demo).body);
  CHECK(std::string{listed.child("bucket").child_value("size")} == "1");
  CHECK(listed.child("bucket").find_child_by_attribute("blob", "id", "big"));
  auto all = parse_xml(server.get("/api/buckets", demo).body);
  auto entry = all.child("buckets").find_child_by_attribute("bucket", "id", bucket.c_str());
  REQUIRE(entry);
  CHECK(entry.find_child_by_attribute("blob", "id", "big"));

  // The document must outlive the nodes read from it.
  auto shown_doc = parse_xml(server.get(path + "/big", demo).body);
  auto shown = shown_doc.child("blob");
  CHECK(std::string{shown.child_value("content_type")} == "application/x-test");
  CHECK(std::string{shown.child_value("content_length")} == std::to_string(content.size()));
  CHECK_FALSE(std::string{shown.child_value("last_modified")}.empty());
  // HTTP header names have no case: Swift's metadata keys come back in lower case.
  auto colour = shown.child("user_metadata").find_child_by_attribute("entry", "key", "colour");
  CHECK(std::string{colour.child_value()} == "blue");

  auto fetched = server.get(path + "/big/content", demo);
  REQUIRE(fetched.status == 200);
  CHECK(fetched.header("content-type") == "application/x-test");
  CHECK(fetched.body.size() == content.size());
  CHECK(fetched.body == content);

  auto head = server.send("HEAD", path + "/big", demo);
  CHECK(head.status == 204);
  CHECK(head.header("x-deltacloud-blobmeta-colour") == "blue");

  // New metadata replaces the old, and leaves the content type alone.
  auto updated = server.post(path + "/big", demo, {{"X-Deltacloud-Blobmeta-Shape", "round"}});
  CHECK(updated.status == 204);
  head = server.send("HEAD", path + "/big", demo);
  CHECK(head.header("x-deltacloud-blobmeta-shape") == "round");
  CHECK_FALSE(head.has_header("x-deltacloud-blobmeta-colour"));
  CHECK(std::string{parse_xml(server.get(path + "/big", demo).body)
                        .child("blob")
                        .child_value("content_type")} == "application/x-test");
  // Swift turns `_` in a key into `-`: refused rather than changed behind the client's back.
  CHECK(server.post(path + "/big", demo, {{"X-Deltacloud-Blobmeta-Odd_Key", "x"}}).status == 400);

  auto small = server.post(path, demo, {{"Content-Type", "application/x-www-form-urlencoded"}},
                           "blob_id=small&blob_data=hello+swift");
  INFO(small.body);
  CHECK(small.status == 201);
  CHECK(server.get(path + "/small/content", demo).body == "hello swift");

  CHECK(server.del(path, demo).status == 409);
  CHECK(server.del(path + "/big", demo).status == 204);
  CHECK(server.del(path + "/small", demo).status == 204);
  CHECK(server.get(path + "/big", demo).status == 404);
  CHECK(server.get(path + "/big/content", demo).status == 404);
  CHECK(server.del(path, demo).status == 204);
  CHECK(server.get(path, demo).status == 404);
}

TEST_CASE("blobs of a bucket that does not exist are not found") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto missing = "/api/buckets/" + unique_name("missing");
  CHECK(server.get(missing, cloud.demo).status == 404);
  CHECK(server.get(missing + "/blob", cloud.demo).status == 404);
  CHECK(server.send("PUT", missing + "/blob", cloud.demo, {}, "bytes").status == 404);
  CHECK(server.del(missing, cloud.demo).status == 404);
}

TEST_CASE("buckets are all listed with their blobs when there are more than are asked at once") {
  auto& cloud = *loopback_cloud();
  OpenStackServer server(cloud);
  auto& demo = cloud.demo;
  // More than the driver lists side by side (8), each with a blob of its own name.
  std::vector<std::string> buckets;
  for (int i = 0; i < 11; ++i) {
    buckets.push_back(unique_name("many"));
    REQUIRE(server.post("/api/buckets?name=" + buckets.back(), demo).status == 201);
    REQUIRE(
        server.send("PUT", "/api/buckets/" + buckets.back() + "/" + buckets.back(), demo, {}, "x")
            .status == 200);
  }
  auto listed = server.get("/api/buckets", demo);
  REQUIRE(listed.status == 200);
  auto doc = parse_xml(listed.body);
  for (auto& b : buckets) {
    auto entry = doc.child("buckets").find_child_by_attribute("bucket", "id", b.c_str());
    CHECK(entry);
    CHECK(std::string{entry.child_value("size")} == "1");
    CHECK(entry.find_child_by_attribute("blob", "id", b.c_str()));
  }
  for (auto& b : buckets) {
    CHECK(server.del("/api/buckets/" + b + "/" + b, demo).status == 204);
    CHECK(server.del("/api/buckets/" + b, demo).status == 204);
  }
}
