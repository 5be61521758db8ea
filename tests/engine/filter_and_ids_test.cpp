#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/filter.hpp"
#include "engine/object_id.hpp"

using namespace dc::engine;

TEST_CASE("filter_on keeps the objects whose attribute equals the wanted value") {
  std::vector<std::string> ids{"inst0", "inst1", "inst2"};
  auto same = [](const std::string& s) { return s; };
  CHECK(filter_on(ids, std::optional<std::string>{"inst1"}, same) ==
        std::vector<std::string>{"inst1"});
  CHECK(filter_on(ids, std::optional<std::string>{"nope"}, same).empty());
}

TEST_CASE("filter_on keeps everything when no value or an empty one is wanted") {
  std::vector<std::string> ids{"a", "b"};
  auto same = [](const std::string& s) { return s; };
  CHECK(filter_on(ids, std::nullopt, same).size() == 2);
  CHECK(filter_on(ids, std::optional<std::string>{""}, same).size() == 2);
}

TEST_CASE("ids that could escape a directory are not safe") {
  CHECK(is_safe_object_id("inst0"));
  CHECK(is_safe_object_id("test-key"));
  CHECK(is_safe_object_id("192.168.0.1"));
  CHECK_FALSE(is_safe_object_id(""));
  CHECK_FALSE(is_safe_object_id("."));
  CHECK_FALSE(is_safe_object_id(".."));
  CHECK_FALSE(is_safe_object_id("../etc"));
  CHECK_FALSE(is_safe_object_id("a/b"));
  CHECK_FALSE(is_safe_object_id("a\\b"));
  CHECK_FALSE(is_safe_object_id(std::string{"a\0b", 3}));
  CHECK_FALSE(is_safe_object_id("line\nbreak"));
  // 128 bytes leave room in a 255-byte file name for what is added to an id.
  CHECK(is_safe_object_id(std::string(128, 'x')));
  CHECK_FALSE(is_safe_object_id(std::string(129, 'x')));
}

TEST_CASE("every error kind has its status, class and default message") {
  CHECK(http_status(ErrorKind::validation) == 400);
  CHECK(http_status(ErrorKind::authentication) == 401);
  CHECK(http_status(ErrorKind::forbidden) == 403);
  CHECK(http_status(ErrorKind::not_found) == 404);
  CHECK(http_status(ErrorKind::method_not_allowed) == 405);
  CHECK(http_status(ErrorKind::conflict) == 409);
  CHECK(http_status(ErrorKind::payload_too_large) == 413);
  CHECK(http_status(ErrorKind::backend) == 500);
  CHECK(http_status(ErrorKind::not_supported) == 501);
  CHECK(http_status(ErrorKind::provider) == 502);
  CHECK(http_status(ErrorKind::provider_timeout) == 504);
  CHECK(std::string{exception_class(ErrorKind::not_found)} ==
        "Deltacloud::Exceptions::ObjectNotFound");
  CHECK(make_error(ErrorKind::not_found).text() == "Not Found");
  CHECK(make_error(ErrorKind::not_found, "gone").text() == "gone");
}
