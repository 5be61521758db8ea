// Buckets and blobs over HTTP: every route in XML and JSON, metadata, bad input, restarts.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

namespace {

std::string text_of(const pugi::xml_node& node, const char* child) {
  return node.child_value(child);
}

std::string multipart_body(const std::string& boundary,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::string& file_field, const std::string& file_type,
                           const std::string& file_content) {
  std::string body;
  for (auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  if (!file_field.empty())
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field +
            "\"; filename=\"upload.bin\"\r\nContent-Type: " + file_type + "\r\n\r\n" +
            file_content + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

}  // namespace

TEST_CASE("buckets list the seed with their blobs, filter by id, and show one") {
  TestServer server;
  auto list = server.get_auth("/api/buckets");
  REQUIRE(list.status == 200);
  auto doc = parse_xml(list.body);
  auto root = doc.child("buckets");
  CHECK(ids(root, "bucket") == std::vector<std::string>{"bucket1", "bucket2"});
  auto bucket1 = root.find_child_by_attribute("bucket", "id", "bucket1");
  CHECK(text_of(bucket1, "name") == "bucket1");
  CHECK(text_of(bucket1, "size") == "3");
  CHECK(ids(bucket1, "blob") == std::vector<std::string>{"blob1", "blob2", "blob3"});
  CHECK(std::string{bucket1.child("blob").attribute("href").value()} ==
        "http://localhost/api/buckets/bucket1/blob1");

  auto filtered = parse_xml(server.get_auth("/api/buckets?id=bucket2").body);
  CHECK(ids(filtered.child("buckets"), "bucket") == std::vector<std::string>{"bucket2"});
  CHECK(ids(parse_xml(server.get_auth("/api/buckets?id=unknown").body).child("buckets"), "bucket")
            .empty());

  auto show = server.get_auth("/api/buckets/bucket2");
  REQUIRE(show.status == 200);
  CHECK(show.body.rfind("<?xml version='1.0' encoding='utf-8' ?>\n<bucket href=", 0) == 0);
  CHECK(ids(parse_xml(show.body).child("bucket"), "blob") ==
        std::vector<std::string>{"blob4", "blob5"});

  CHECK(server.get_auth("/api/buckets/bucket2?format=json").body ==
        "{\"bucket\":{\"id\":\"bucket2\",\"href\":\"http://localhost/api/buckets/bucket2\","
        "\"name\":\"bucket2\",\"size\":2,\"blob_list\":["
        "{\"href\":\"http://localhost/api/buckets/bucket2/blob4\",\"id\":\"blob4\",\"rel\":"
        "\"blob\"},{\"href\":\"http://localhost/api/buckets/bucket2/blob5\",\"id\":\"blob5\","
        "\"rel\":\"blob\"}]}}");
  CHECK(server.get_auth("/api/buckets?format=json").body.rfind("{\"buckets\":[{\"id\":", 0) == 0);
  CHECK(server.get_auth("/api/buckets/foo").status == 404);
  CHECK(server.get_auth("/api/buckets/").status == 404);
  CHECK(server.get("/api/buckets").status == 401);
}

TEST_CASE("a bucket is created with 201 and Location, and destroyed only when empty") {
  TestServer server;
  auto created = server.post_auth("/api/buckets?name=foo123");
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == "http://localhost/api/buckets/foo123");
  auto doc = parse_xml(created.body);
  CHECK(text_of(doc.child("bucket"), "size") == "0");
  CHECK(server.post_auth("/api/buckets?name=foo123").status == 409);
  CHECK(server.post_auth("/api/buckets").status == 400);
  CHECK(server.post_auth("/api/buckets?name=a%20b").status == 400);
  CHECK(server.post_auth("/api/buckets?name=..").status == 400);
  CHECK(server.post_auth("/api/buckets?name=.hidden").status == 400);
  CHECK(server.post_auth("/api/buckets?name=" + std::string(101, 'b')).status == 400);
  CHECK(server.post_auth("/api/buckets/bucket1?blob_data=x&blob_id=" + std::string(200, 'x'))
            .status == 400);

  // Not while it holds a blob: a clear 409, not the original's 500.
  REQUIRE(server.post_auth("/api/buckets/foo123?blob_id=b&blob_data=x").status == 201);
  auto refused = server.delete_auth("/api/buckets/foo123");
  CHECK(refused.status == 409);
  CHECK(refused.body.find("not empty") != std::string::npos);
  auto refused_json = server.delete_auth("/api/buckets/foo123?format=json");
  CHECK(refused_json.body.find("\"code\":409") != std::string::npos);
  CHECK(server.delete_auth("/api/buckets/foo123/b").status == 204);
  CHECK(server.delete_auth("/api/buckets/foo123").status == 204);
  CHECK(server.delete_auth("/api/buckets/foo123").status == 404);
  CHECK(server.get_auth("/api/buckets/foo123").status == 404);

  auto json = server.post_auth("/api/buckets?name=j1&format=json");
  CHECK(json.status == 201);
  CHECK(json.body.rfind("{\"bucket\":{\"id\":\"j1\"", 0) == 0);
}

TEST_CASE("a blob shows as the reference in XML and JSON") {
  TestServer server;
  auto r = server.get_auth("/api/buckets/bucket1/blob1");
  REQUIRE(r.status == 200);
  CHECK(r.body ==
        "<?xml version='1.0' encoding='utf-8' ?>\n"
        "<blob href='http://localhost/api/buckets/bucket1/blob1' id='blob1'>\n"
        "  <bucket>bucket1</bucket>\n"
        "  <content_length>17</content_length>\n"
        "  <content_type>text/plain</content_type>\n"
        "  <last_modified>2010-09-23 16:44:54 +0100</last_modified>\n"
        "  <user_metadata>\n"
        "    <entry key='SOMENEWKEY'><![CDATA[NEWVALUE]]></entry>\n"
        "  </user_metadata>\n"
        "  <content href='http://localhost/api/buckets/bucket1/blob1/content' "
        "rel='blob_content'></content>\n"
        "</blob>\n");
  CHECK(server.get_auth("/api/buckets/bucket1/blob1?format=json").body ==
        "{\"blob\":{\"id\":\"blob1\",\"href\":\"http://localhost/api/buckets/bucket1/blob1\","
        "\"bucket\":{\"href\":\"http://localhost/api/buckets/bucket1\",\"id\":\"bucket1\","
        "\"rel\":\"bucket\"},\"content_length\":17,\"content_type\":\"text/plain\","
        "\"last_modified\":\"2010-09-23 16:44:54 +0100\",\"content\":\"content of blob 1\","
        "\"user_metadata\":{\"SOMENEWKEY\":\"NEWVALUE\"}}}");
  auto blob3 = parse_xml(server.get_auth("/api/buckets/bucket1/blob3").body);
  CHECK(blob3.child("blob").child("user_metadata").first_child().empty());
  CHECK(server.get_auth("/api/buckets/bucket1/nope").status == 404);
  CHECK(server.get_auth("/api/buckets/nope/blob1").status == 404);
  // Blobs belong to their bucket.
  CHECK(server.get_auth("/api/buckets/bucket2/blob1").status == 404);
}

TEST_CASE("a blob is created from form parameters, with metadata, as the original client does") {
  TestServer server;
  auto r = server.post_auth(
      "/api/buckets/bucket1?meta_name1=Key&meta_value1=value&meta_params=1&blob_id=fooblob123&"
      "blob_data=content");
  REQUIRE(r.status == 201);
  CHECK_FALSE(r.has_header("Location"));
  auto doc = parse_xml(r.body);
  auto blob = doc.child("blob");
  CHECK(std::string{blob.attribute("id").value()} == "fooblob123");
  CHECK(text_of(blob, "bucket") == "bucket1");
  CHECK(text_of(blob, "content_length") == "7");
  CHECK(text_of(blob, "content_type") == "text/plain");
  CHECK_FALSE(text_of(blob, "last_modified").empty());
  auto entry = blob.child("user_metadata").child("entry");
  CHECK(std::string{entry.attribute("key").value()} == "key");  // lower-cased
  CHECK(std::string{entry.child_value()} == "value");
  CHECK(server.get_auth("/api/buckets/bucket1/fooblob123/content").body == "content");
  CHECK(
      ids(parse_xml(server.get_auth("/api/buckets/bucket1").body).child("bucket"), "blob").size() ==
      4);

  // Urlencoded body, JSON answer.
  auto json = server.post_auth("/api/buckets/bucket1?format=json",
                               {{"Content-Type", "application/x-www-form-urlencoded"}},
                               "blob_id=formblob&blob_data=hello+world");
  CHECK(json.status == 201);
  CHECK(json.body.find("\"content\":\"hello world\"") != std::string::npos);

  // Bad input: a clear 400 each.
  CHECK(server.post_auth("/api/buckets/bucket1?blob_id=x").status == 400);
  CHECK(server.post_auth("/api/buckets/bucket1?blob_data=x").status == 400);
  CHECK(server.post_auth("/api/buckets/bucket1?blob_id=x&blob_data=y&meta_params=2&meta_name1=a")
            .status == 400);
  CHECK(server.post_auth("/api/buckets/bucket1?blob_id=x&blob_data=y&meta_params=lots").status ==
        400);
  CHECK(
      server.post_auth("/api/buckets/bucket1?blob_id=x&blob_data=y&meta_params=1&meta_name1=a%20b")
          .status == 400);
  CHECK(server.post_auth("/api/buckets/bucket1?blob_id=a%2Fb&blob_data=y").status == 400);
  // Into a bucket that does not exist: 404, not the original's 500.
  CHECK(server.post_auth("/api/buckets/nope?blob_id=x&blob_data=y").status == 404);
}

TEST_CASE("a blob is created from a multipart form with a file part") {
  TestServer server;
  std::string content = "binary\r\n--not-the-boundary\r\n\x01\x02\xff end";
  auto body = multipart_body("XyZzY",
                             {{"blob_id", "upload1"},
                              {"meta_params", "1"},
                              {"meta_name1", "Origin"},
                              {"meta_value1", "test"}},
                             "blob_data", "application/x-test", content);
  auto r = server.post_auth("/api/buckets/bucket2",
                            {{"Content-Type", "multipart/form-data; boundary=XyZzY"}}, body);
  REQUIRE(r.status == 201);
  auto doc = parse_xml(r.body);
  CHECK(text_of(doc.child("blob"), "content_type") == "application/x-test");
  CHECK(text_of(doc.child("blob"), "content_length") == std::to_string(content.size()));
  CHECK(server.get_auth("/api/buckets/bucket2/upload1/content").body == content);
  auto head = server.head_auth("/api/buckets/bucket2/upload1");
  CHECK(head.header("X-Deltacloud-Blobmeta-origin") == "test");
  // Binary content is not a JSON string: null there, and the bytes at .../content.
  CHECK(server.get_auth("/api/buckets/bucket2/upload1?format=json").body.find("\"content\":null") !=
        std::string::npos);

  // A multipart body that never closes is malformed: 400, and no blob.
  auto broken = server.post_auth("/api/buckets/bucket2",
                                 {{"Content-Type", "multipart/form-data; boundary=XyZzY"}},
                                 "--XyZzY\r\nContent-Disposition: form-data; name=\"blob_id\"\r\n"
                                 "\r\nhalf\r\n--XyZzY\r\nContent-Disposition: form-data; "
                                 "name=\"blob_data\"; filename=\"f\"\r\n\r\nno end");
  CHECK(broken.status == 400);
  CHECK(broken.body.find("Malformed multipart") != std::string::npos);

  // Only the blob's data may be large: any other oversized field is refused, not truncated.
  auto oversized = server.post_auth("/api/buckets/bucket2",
                                    {{"Content-Type", "multipart/form-data; boundary=XyZzY"}},
                                    multipart_body("XyZzY",
                                                   {{"blob_id", "big-meta"},
                                                    {"blob_data", "x"},
                                                    {"meta_params", "1"},
                                                    {"meta_name1", "k"},
                                                    {"meta_value1", std::string(70 * 1024, 'v')}},
                                                   "", "", ""));
  CHECK(oversized.status == 400);
  CHECK(oversized.body.find("meta_value1") != std::string::npos);
  // A large plain blob_data value is the blob, text as a small one.
  auto large_plain = server.post_auth(
      "/api/buckets/bucket2", {{"Content-Type", "multipart/form-data; boundary=XyZzY"}},
      multipart_body("XyZzY", {{"blob_id", "large-plain"}, {"blob_data", std::string(100000, 'p')}},
                     "", "", ""));
  REQUIRE(large_plain.status == 201);
  CHECK(text_of(parse_xml(large_plain.body).child("blob"), "content_type") == "text/plain");
  CHECK(server.get_auth("/api/buckets/bucket2/large-plain/content").body ==
        std::string(100000, 'p'));
  CHECK(server.get_auth("/api/buckets/bucket2/half").status == 404);
}

TEST_CASE("PUT stores the body as the blob with its type and metadata headers") {
  TestServer server;
  auto r = server.put_auth("/api/buckets/bucket1/page",
                           {{"Content-Type", "text/html"},
                            {"X-Deltacloud-Blobmeta-Author", "ada"},
                            {"x-deltacloud-blobmeta-Build-Id", " 42 "}},
                           "<p>hi</p>");
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  auto blob = doc.child("blob");
  CHECK(text_of(blob, "content_type") == "text/html");
  CHECK(text_of(blob, "content_length") == "9");
  auto entries = blob.child("user_metadata");
  CHECK(std::string{entries.find_child_by_attribute("entry", "key", "author").child_value()} ==
        "ada");
  CHECK(std::string{entries.find_child_by_attribute("entry", "key", "build_id").child_value()} ==
        "42");

  // The content comes back raw, whatever the Accept header asks for.
  auto content =
      server.get_auth("/api/buckets/bucket1/page/content", {{"Accept", "application/json"}});
  CHECK(content.status == 200);
  CHECK(content.body == "<p>hi</p>");
  CHECK(content.header("Content-Type") == "text/html");
  CHECK(content.header("Content-Length") == "9");
  CHECK(content.header("Content-Disposition") == "attachment; filename=page");
  auto content_head = server.head_auth("/api/buckets/bucket1/page/content");
  CHECK(content_head.status == 200);
  CHECK(content_head.header("Content-Length") == "9");

  // A PUT replaces the blob, content and metadata together.
  REQUIRE(server.put_auth("/api/buckets/bucket1/page", {}, "v2").status == 200);
  CHECK(server.get_auth("/api/buckets/bucket1/page/content").body == "v2");
  CHECK(server.get_auth("/api/buckets/bucket1/page/content").header("Content-Type") ==
        "application/octet-stream");
  CHECK(parse_xml(server.get_auth("/api/buckets/bucket1/page").body)
            .child("blob")
            .child("user_metadata")
            .first_child()
            .empty());

  CHECK(server.put_auth("/api/buckets/bucket1/bad", {{"X-Deltacloud-Blobmeta-a.b", "x"}}, "x")
            .status == 400);
  CHECK(server
            .put_auth("/api/buckets/bucket1/bad",
                      {{"X-Deltacloud-Blobmeta-big", std::string(3000, 'v')}}, "x")
            .status == 400);
  CHECK(server.get_auth("/api/buckets/bucket1/bad").status == 404);
  CHECK(server.put_auth("/api/buckets/nope/x", {}, "x").status == 404);
  auto json = server.put_auth("/api/buckets/bucket1/j?format=json", {}, "{}");
  CHECK(json.status == 200);
  CHECK(json.body.rfind("{\"blob\":{\"id\":\"j\"", 0) == 0);
}

TEST_CASE("HEAD shows a blob's metadata as headers; POST replaces it") {
  TestServer server;
  auto head = server.head_auth("/api/buckets/bucket1/blob1");
  CHECK(head.status == 204);
  CHECK(head.header("X-Deltacloud-Blobmeta-SOMENEWKEY") == "NEWVALUE");
  CHECK(head.body.empty());
  CHECK_FALSE(head.has_header("Content-Length"));
  CHECK(server.head_auth("/api/buckets/bucket1/blob1/metadata")
            .header("X-Deltacloud-Blobmeta-SOMENEWKEY") == "NEWVALUE");
  CHECK(server.head_auth("/api/buckets/bucket1/nope").status == 404);
  CHECK(server.get_auth("/api/buckets/bucket1/blob1/metadata").status == 404);

  auto update = server.post_auth(
      "/api/buckets/bucket1/blob1",
      {{"X-Deltacloud-Blobmeta-Colour", "blue"}, {"X-Deltacloud-Blobmeta-Size", "L"}});
  CHECK(update.status == 204);
  CHECK(update.header("X-Deltacloud-Blobmeta-colour") == "blue");
  CHECK(update.header("X-Deltacloud-Blobmeta-size") == "L");
  auto after = server.head_auth("/api/buckets/bucket1/blob1");
  CHECK(after.header("X-Deltacloud-Blobmeta-colour") == "blue");
  CHECK_FALSE(after.has_header("X-Deltacloud-Blobmeta-SOMENEWKEY"));  // replaced, not merged
  CHECK(server.get_auth("/api/buckets/bucket1/blob1/content").body == "content of blob 1");
  CHECK(server.post_auth("/api/buckets/bucket1/nope", {{"X-Deltacloud-Blobmeta-a", "b"}}).status ==
        404);
  CHECK(server.post_auth("/api/buckets/bucket1/blob1", {{"X-Deltacloud-Blobmeta-", "b"}}).status ==
        400);
  CHECK(http(server.port(), "HEAD", "/api/buckets/bucket1/blob1").status == 401);
}

TEST_CASE("a blob is deleted with 204; unknown blobs are 404") {
  TestServer server;
  CHECK(server.delete_auth("/api/buckets/bucket1/blob2").status == 204);
  CHECK(server.get_auth("/api/buckets/bucket1/blob2").status == 404);
  CHECK(server.get_auth("/api/buckets/bucket1/blob2/content").status == 404);
  CHECK(server.delete_auth("/api/buckets/bucket1/blob2").status == 404);
  CHECK(text_of(parse_xml(server.get_auth("/api/buckets/bucket1").body).child("bucket"), "size") ==
        "2");
}

TEST_CASE("bucket and blob names that would escape the data directory are refused") {
  TestServer server;
  auto outside = server.data_dir().parent_path();
  for (auto target : {"/api/buckets/bucket1/..%2F..%2Fescaped", "/api/buckets/..%2Fbucket1/x",
                      "/api/buckets/bucket1/.."})
    CHECK(server.put_auth(target, {}, "x").status == 404);
  CHECK(server.post_auth("/api/buckets/bucket1?blob_id=..%2F..%2Fescaped&blob_data=x").status ==
        400);
  CHECK(server.post_auth("/api/buckets?name=..%2F..%2Fescaped").status == 400);
  CHECK_FALSE(std::filesystem::exists(outside / "escaped"));
  CHECK_FALSE(std::filesystem::exists(server.data_dir() / "escaped"));
}

TEST_CASE("OPTIONS lists the bucket and blob methods") {
  TestServer server;
  CHECK(http(server.port(), "OPTIONS", "/api/buckets").header("Allow") ==
        "OPTIONS,GET,POST,DELETE");
  CHECK(http(server.port(), "OPTIONS", "/api/buckets/bucket1").header("Allow") ==
        "OPTIONS,GET,POST,DELETE,PUT,HEAD");
  CHECK(http(server.port(), "OPTIONS", "/api/buckets/create").header("Allow") ==
        "name:string:required,location:string:optional");
}

TEST_CASE("buckets, blobs, their content and metadata survive a restart") {
  TestServer server;
  REQUIRE(server.post_auth("/api/buckets?name=keep").status == 201);
  REQUIRE(server
              .put_auth("/api/buckets/keep/doc",
                        {{"Content-Type", "text/csv"}, {"X-Deltacloud-Blobmeta-Owner", "me"}},
                        "a,b\n1,2\n")
              .status == 200);
  REQUIRE(server.delete_auth("/api/buckets/bucket2/blob4").status == 204);
  server.restart();
  auto doc = parse_xml(server.get_auth("/api/buckets/keep/doc").body);
  CHECK(text_of(doc.child("blob"), "content_type") == "text/csv");
  CHECK(server.get_auth("/api/buckets/keep/doc/content").body == "a,b\n1,2\n");
  CHECK(server.head_auth("/api/buckets/keep/doc").header("X-Deltacloud-Blobmeta-owner") == "me");
  CHECK(server.get_auth("/api/buckets/bucket2/blob4").status == 404);
  CHECK(server.get_auth("/api/buckets/bucket2/blob5/content").body == "content of blob 5");
}

TEST_CASE("content that no record names is swept at start") {
  TestServer server;
  REQUIRE(server.get_auth("/api/buckets").status == 200);  // the mock's store is open
  auto stray = server.data_dir() / "mock" / "blob_content" / "bucket1~ghost.0000000000000000";
  { std::ofstream{stray} << "orphan"; }
  REQUIRE(std::filesystem::exists(stray));
  server.restart();
  // The mock opens its store with the first request.
  CHECK(server.get_auth("/api/buckets/bucket1/blob1/content").body == "content of blob 1");
  CHECK_FALSE(std::filesystem::exists(stray));
}

TEST_CASE("content is kept when a blob record cannot be read") {
  TestServer server;
  REQUIRE(server.get_auth("/api/buckets").status == 200);  // the mock's store is open
  auto mock = server.data_dir() / "mock";
  { std::ofstream{mock / "blobs" / "bucket1~broken.yml"} << "id: [unclosed\n"; }
  auto stray = mock / "blob_content" / "bucket1~broken.0000000000000001";
  { std::ofstream{stray} << "maybe its bytes"; }
  REQUIRE(std::filesystem::exists(stray));
  server.restart();
  CHECK(server.get_auth("/api/buckets/bucket1/blob1/content").body == "content of blob 1");
  CHECK(std::filesystem::exists(stray));
}
