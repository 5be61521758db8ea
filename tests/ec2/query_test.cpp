// The EC2 Query API client against moto: a call's answer comes back as XML, EC2's errors as the
// engine's, with EC2's code.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <future>
#include <memory>

#include "drivers/ec2/ec2_query.hpp"

using namespace dc;
using namespace dc::drivers::ec2;

namespace {

AwsCredentials moto_user() {
  return {std::getenv("DC_MOTO_ACCESS_KEY"), std::getenv("DC_MOTO_SECRET_KEY")};
}

engine::Result<Ec2Query::Document> call(const AwsCredentials& who, std::string_view action,
                                        const Ec2Query::Params& params = {}) {
  static const engine::SystemClock clock;
  Ec2Query query{{std::getenv("DC_MOTO_ENDPOINT"), "us-east-1"}, clock};
  auto answered = std::make_shared<std::promise<engine::Result<Ec2Query::Document>>>();
  auto answer = answered->get_future();
  query.call(who, action, params, [answered](auto r) { answered->set_value(std::move(r)); });
  REQUIRE(answer.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
  return answer.get();
}

}  // namespace

TEST_CASE("a call's answer comes back as EC2's XML") {
  auto regions = call(moto_user(), "DescribeRegions");
  REQUIRE(regions.ok());
  auto names = regions.value()->select_nodes("/DescribeRegionsResponse/regionInfo/item/regionName");
  CHECK(names.size() > 10);
  bool found = false;
  for (auto& name : names) found |= std::string{name.node().child_value()} == "eu-west-1";
  CHECK(found);
}

TEST_CASE("parameters reach EC2, and its errors come back with their codes") {
  auto missing = call(moto_user(), "DescribeInstances", {{"InstanceId.1", "i-0123456789abcdef0"}});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == engine::ErrorKind::not_found);
  CHECK(missing.error().code == "InvalidInstanceID.NotFound");
  CHECK(missing.error().message.find("i-0123456789abcdef0") != std::string::npos);

  auto wrong = moto_user();
  wrong.secret_access_key = "not-the-secret";
  auto refused = call(wrong, "DescribeRegions");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == engine::ErrorKind::authentication);
  CHECK(refused.error().code == "AuthFailure");
}
