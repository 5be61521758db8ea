// AWS Signature Version 4 held against AWS's published examples (the get-vanilla cases of its
// SigV4 test suite) and against botocore 1.43.11, an implementation no one here wrote, for the
// requests the ec2 driver makes (EC2's form POST, S3 with an unsigned payload and a query).

#include <catch2/catch.hpp>

#include "drivers/ec2/sigv4.hpp"

using namespace dc;
using namespace dc::drivers::ec2;

namespace {

const AwsCredentials example{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
const std::string at = "20150830T123600Z";
const std::string empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string signature_of(const std::string& method, const std::string& url,
                         http::HeaderList headers, const std::string& payload_hash,
                         const SigningScope& scope) {
  headers.emplace_back("X-Amz-Date", at);
  auto canonical = canonical_request(method, url, headers, payload_hash, scope.service == "s3");
  return signature(example, at, scope, string_to_sign(at, scope, canonical));
}

}  // namespace

TEST_CASE("SHA-256 and the X-Amz-Date form") {
  CHECK(sha256_hex("") == empty_hash);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(amz_date(engine::WallTime{std::chrono::seconds{1440938160}}) == at);
}

TEST_CASE("AWS's get-vanilla example signs as published") {
  http::HeaderList headers{{"Host", "example.amazonaws.com"}, {"X-Amz-Date", at}};
  CHECK(canonical_request("GET", "https://example.amazonaws.com/", headers, empty_hash, false) ==
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:" + at + "\n\nhost;x-amz-date\n" +
            empty_hash);
  SigningScope scope{"us-east-1", "service"};
  CHECK(signature_of("GET", "https://example.amazonaws.com/", {{"Host", "example.amazonaws.com"}},
                     empty_hash,
                     scope) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  // The whole header, as sign() writes it.
  http::Request request;
  request.url = "https://example.amazonaws.com/";
  sign(request, example, scope, engine::WallTime{std::chrono::seconds{1440938160}});
  std::string authorization;
  for (auto& [name, value] : request.headers)
    if (name == "Authorization") authorization = value;
  CHECK(authorization ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_CASE("AWS's get-vanilla-query-order-key-case example: the query is sorted") {
  CHECK(signature_of("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1",
                     {{"Host", "example.amazonaws.com"}}, empty_hash, {"us-east-1", "service"}) ==
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST_CASE("an EC2 form POST signs as botocore signs it") {
  std::string body = "Action=DescribeRegions&Version=2016-11-15";
  http::HeaderList headers{{"Host", "127.0.0.1:5100"},
                           {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  CHECK(sha256_hex(body) == "903451d1f3cda66f6ac7101b5810af53eb3ce6b47c5162b0b2238ce9086b6a0d");
  CHECK(signature_of("POST", "http://127.0.0.1:5100/", headers, sha256_hex(body),
                     {"us-east-1", "ec2"}) ==
        "f9ea7bebf1f897329f97b29ebc69e776f657ab750c9dcd42481f24e7b2640bd6");
}

TEST_CASE("paths are encoded twice for every service but S3, once for S3") {
  http::HeaderList headers{{"Host", "example.amazonaws.com"}, {"X-Amz-Date", at}};
  auto canonical = canonical_request("GET", "https://example.amazonaws.com/%E1%88%B4", headers,
                                     empty_hash, false);
  CHECK(canonical.rfind("GET\n/%25E1%2588%25B4\n", 0) == 0);
  CHECK(signature_of("GET", "https://example.amazonaws.com/%E1%88%B4",
                     {{"Host", "example.amazonaws.com"}}, empty_hash, {"us-east-1", "service"}) ==
        "697b34846207a3f72246f99d74ae1ee4fe54f44bb06730c58a0d339eb079596d");
  // S3: once, with a query of its own and the payload left unhashed.
  std::string url = "http://127.0.0.1:5100/bucket1/my%20blob.txt?partNumber=2&uploadId=a%2Fb";
  http::HeaderList s3{{"Host", "127.0.0.1:5100"}, {"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}};
  auto s3_headers = s3;
  s3_headers.emplace_back("X-Amz-Date", at);
  CHECK(canonical_request("PUT", url, s3_headers, unsigned_payload, true)
            .rfind("PUT\n/bucket1/my%20blob.txt\npartNumber=2&uploadId=a%2Fb\n", 0) == 0);
  CHECK(signature_of("PUT", url, s3, std::string{unsigned_payload}, {"us-east-1", "s3"}) ==
        "0717744febb30951baf611bfbee8e085f38d6633e5b0ec9d8f66e68fa17fead6");
}

TEST_CASE("non-S3 paths are normalised, and header values tidied before signing") {
  http::HeaderList headers{{"Host", "example.amazonaws.com"},
                           {"X-Amz-Date", at},
                           {"My-Header1", "  a   b  "},
                           {"my-header1", "c"},
                           {"Empty", ""}};
  auto canonical = canonical_request("GET", "https://example.amazonaws.com/a/./b/../c//d", headers,
                                     empty_hash, false);
  CHECK(canonical == "GET\n/a/c/d\n\nhost:example.amazonaws.com\nmy-header1:a b,c\nx-amz-date:" +
                         at + "\n\nhost;my-header1;x-amz-date\n" + empty_hash);
}

TEST_CASE("sign() replaces what it sets and hashes the body") {
  http::Request request;
  request.method = "POST";
  request.url = "http://127.0.0.1:5100/";
  request.body = "Action=DescribeRegions&Version=2016-11-15";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"authorization", "stale"},
                     {"X-Amz-Date", "19700101T000000Z"}};
  sign(request, example, {"us-east-1", "ec2"}, engine::WallTime{std::chrono::seconds{1440938160}});
  int authorizations = 0;
  std::string authorization, host;
  for (auto& [name, value] : request.headers) {
    if (name == "Authorization" || name == "authorization") ++authorizations, authorization = value;
    if (name == "Host") host = value;
  }
  CHECK(authorizations == 1);
  CHECK(host == "127.0.0.1:5100");
  CHECK(authorization.find("SignedHeaders=content-type;host;x-amz-date, ") != std::string::npos);
  CHECK(authorization.find("Signature=f9ea7bebf1f897329f97b29ebc69e776f657ab750c9dcd42481f24e7b2640"
                           "bd6") != std::string::npos);
}
