// The ETag digest: RFC 1321's test suite, and the original server's ETag for a recorded answer.
#include "api/md5.hpp"

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

using dc::api::md5_hex;

TEST_CASE("MD5 answers RFC 1321's test suite", "[md5]") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("a") == "0cc175b9c0f1b6a831c399e269772661");
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
  CHECK(md5_hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
  CHECK(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
        "d174ab98d277d9f5a5611c2c9f419d9f");
  CHECK(md5_hex("1234567890123456789012345678901234567890123456789012345678901234567890123456789"
                "0") == "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("MD5 of the original server's entry point is its recorded ETag", "[md5]") {
  auto cassette = YAML::LoadFile(DC_TEST_FIXTURES_DIR "/test_0001_connects_to_Deltacloud_API.yml");
  auto response = cassette["http_interactions"][0]["response"];
  auto body = response["body"]["string"].as<std::string>();
  auto etag = response["headers"]["etag"][0].as<std::string>();
  REQUIRE(etag == "e43d25244dc2b8ce1da6fa91131507ee");
  CHECK(md5_hex(body) == etag);
}

TEST_CASE("MD5 of bytes that are not text, NULs included", "[md5]") {
  std::string bytes{"\0\xff\x80", 3};
  CHECK(md5_hex(bytes) == "4fd64cb80c3f86e1e9d0f559af8b370f");
}
