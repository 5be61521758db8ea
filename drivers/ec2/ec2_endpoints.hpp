#pragma once
// Where one account's EC2, S3 and ELB calls go. A provider is a region: its endpoints come from
// config/drivers/ec2.yaml's entrypoints, or are AWS's own for a region the yaml does not list.
// An EC2-compatible cloud or an emulator is named by URL, optionally with its region
// (`http://127.0.0.1:5100;eu-west-1`), and then serves every service at that one URL.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc::drivers::ec2 {

struct Ec2Endpoints {
  std::string region;
  std::string ec2;  // base URLs without a trailing `/`
  std::string s3;
  std::string elb;
};

/// AWS's own endpoints of `region`.
Ec2Endpoints aws_endpoints(const std::string& region);

/// The endpoints of `provider` (empty: `default_region`), whose yaml `entrypoints` (kind → URL or
/// host, kinds `ec2`, `s3`, `elb`) are given when the yaml lists it. A non-empty `override_url`
/// (the yaml's `endpoint` option) sends every service there. Nothing when `provider` is neither
/// a region name nor a URL.
std::optional<Ec2Endpoints> resolve_endpoints(
    const std::string& provider,
    const std::vector<std::pair<std::string, std::string>>& entrypoints,
    const std::string& default_region, const std::string& override_url);

/// True for a region name as AWS spells them (`us-east-1`, `eu-west-1`): lower-case letters,
/// digits and dashes.
bool is_region_name(std::string_view text);

}  // namespace dc::drivers::ec2
