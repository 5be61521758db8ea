// The form body of an EC2 Query API call: names and values form-encoded, so that a client's text
// can never add a parameter of its own; a space is `+`, as AWS's SDKs send it.

#include <catch2/catch.hpp>

#include "drivers/ec2/ec2_query.hpp"

using namespace dc;
using namespace dc::drivers::ec2;

TEST_CASE("a call's form body encodes names and values") {
  static const engine::SystemClock clock;
  Ec2Query query{{"http://127.0.0.1:1", "us-east-1"}, clock};
  CHECK(query.form("DescribeInstances",
                   {{"Filter.1.Name", "tag:Name"}, {"Filter.1.Value.1", "a b&c=d+e"}}) ==
        "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3AName&"
        "Filter.1.Value.1=a+b%26c%3Dd%2Be");
}
