// Our SigV4 signatures as an independent EC2 endpoint checks them: moto, started with signature
// checking on, accepts a request we signed with its IAM user's key, and refuses one signed with
// another secret or changed after signing.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <future>
#include <memory>

#include "drivers/ec2/sigv4.hpp"
#include "drivers/http/http_client.hpp"

using namespace dc;
using namespace dc::drivers::ec2;

namespace {

AwsCredentials moto_user() {
  return {std::getenv("DC_MOTO_ACCESS_KEY"), std::getenv("DC_MOTO_SECRET_KEY")};
}

http::Request describe_regions() {
  http::Request request;
  request.method = "POST";
  request.url = std::string{std::getenv("DC_MOTO_ENDPOINT")} + "/";
  request.body = "Action=DescribeRegions&Version=2016-11-15";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  return request;
}

http::Response send(http::Request request) {
  auto answered = std::make_shared<std::promise<http::Response>>();
  auto answer = answered->get_future();
  http::HttpClient::shared()->send(std::move(request),
                                   [answered](http::Response r) { answered->set_value(r); });
  REQUIRE(answer.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
  return answer.get();
}

const SigningScope ec2_scope{"us-east-1", "ec2"};

}  // namespace

TEST_CASE("moto accepts a request signed with its user's key") {
  auto request = describe_regions();
  sign(request, moto_user(), ec2_scope, std::chrono::system_clock::now());
  auto answer = send(request);
  INFO(answer.error << answer.body);
  REQUIRE(answer.status == 200);
  CHECK(answer.body.find("<regionName>us-east-1</regionName>") != std::string::npos);
}

TEST_CASE("moto refuses a request signed with another secret") {
  auto request = describe_regions();
  auto wrong = moto_user();
  wrong.secret_access_key += "x";
  sign(request, wrong, ec2_scope, std::chrono::system_clock::now());
  auto answer = send(request);
  INFO(answer.body);
  CHECK(answer.status == 401);
  CHECK(answer.body.find("AuthFailure") != std::string::npos);
}

TEST_CASE("moto refuses a request whose body changed after it was signed") {
  auto request = describe_regions();
  sign(request, moto_user(), ec2_scope, std::chrono::system_clock::now());
  request.body = "Action=DescribeAvailabilityZones&Version=2016-11-15";
  auto answer = send(request);
  INFO(answer.body);
  CHECK(answer.status != 200);
  CHECK(answer.body.find("<regionName>") == std::string::npos);
}
