// Swift's answers read as buckets and blobs, and the headers sent to it, without a network.

#include <catch2/catch.hpp>

#include "drivers/http/percent_encode.hpp"
#include "drivers/openstack/swift_objects.hpp"

using namespace dc;
using namespace dc::drivers::openstack;

TEST_CASE("a Swift listing gives its names in order and how many there are in all") {
  http::Response page;
  page.status = 200;
  page.body = R"([{"name": "b1", "count": 2, "bytes": 10}, {"name": "a 2", "count": 0}])";
  page.headers = {{"x-account-container-count", "5"}};
  auto names = read_swift_names(page);
  REQUIRE(names);
  CHECK(names.value() == std::vector<std::string>{"b1", "a 2"});
  CHECK(swift_listing_total(page) == std::size_t{5});
  page.headers = {{"x-container-object-count", "12"}};
  CHECK(swift_listing_total(page) == std::size_t{12});
  page.headers = {{"x-container-object-count", "many"}};
  CHECK_FALSE(swift_listing_total(page));

  // An empty page: `[]`, or 204 without a body from some Swift versions.
  page.body = "[]";
  CHECK(read_swift_names(page).value().empty());
  page.status = 204;
  page.body.clear();
  CHECK(read_swift_names(page).value().empty());
  page.status = 200;
  page.body = "<html>Unauthorized</html>";
  CHECK_FALSE(read_swift_names(page));
}

TEST_CASE("an object's headers are a blob with its metadata") {
  http::HeaderList headers = {{"content-type", "text/plain"},
                              {"x-object-meta-some-key", "v1"},
                              {"etag", "5d41402abc4b2a76b9719d911017c592"},
                              {"last-modified", "Wed, 25 Nov 2026 01:31:48 GMT"},
                              {"content-length", "5"},
                              {"x-object-meta-other", "v 2"}};
  auto blob = read_swift_object("bucket", "o1", headers);
  CHECK(blob.id == "o1");
  CHECK(blob.bucket == "bucket");
  CHECK(blob.content_length == 5);
  CHECK(blob.content_type == "text/plain");
  CHECK(blob.last_modified == "2026-11-25 01:31:48 +0000");
  CHECK(blob.user_metadata == engine::BlobMetadata{{"some-key", "v1"}, {"other", "v 2"}});
  CHECK_FALSE(blob.content);
}

TEST_CASE("Swift times that are not HTTP dates are shown as they came") {
  CHECK(swift_time("Sun, 06 Nov 1994 08:49:37 GMT") == "1994-11-06 08:49:37 +0000");
  CHECK(swift_time("2026-11-25T01:31:48.012460") == "2026-11-25T01:31:48.012460");
}

TEST_CASE("metadata goes to Swift as X-Object-Meta headers that it keeps as given") {
  auto headers = swift_metadata_headers({{"Colour", "blue"}, {"size-2", "2 m"}});
  REQUIRE(headers);
  CHECK(headers.value() ==
        http::HeaderList{{"X-Object-Meta-Colour", "blue"}, {"X-Object-Meta-size-2", "2 m"}});
  // Swift would turn `_` into `-`; a header cannot carry a line break.
  auto underscore = swift_metadata_headers({{"odd_key", "x"}});
  REQUIRE_FALSE(underscore);
  CHECK(underscore.error().kind == engine::ErrorKind::validation);
  CHECK_FALSE(swift_metadata_headers({{"key", "line\r\nX-Injected: 1"}}));
  CHECK_FALSE(swift_metadata_headers({{"", "x"}}));
  // An empty value asks Swift to drop the key: it cannot be stored.
  CHECK_FALSE(swift_metadata_headers({{"empty", ""}}));
}

TEST_CASE("container and object names are one escaped path segment") {
  CHECK(http::percent_encode("plain-name_1.txt") == "plain-name_1.txt");
  CHECK(http::percent_encode("a b/c?d") == "a%20b%2Fc%3Fd");
}
