#include "drivers/ec2/ec2_endpoints.hpp"

namespace dc::drivers::ec2 {

namespace {

/// The original server's yaml names hosts (`ec2.us-east-1.amazonaws.com`); ours may name URLs.
std::string as_url(std::string text) {
  if (text.find("://") == std::string::npos) text = "https://" + text;
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

bool is_url(std::string_view text) {
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

Ec2Endpoints all_at(std::string url, std::string region) {
  url = as_url(std::move(url));
  return {std::move(region), url, url, url};
}

}  // namespace

bool is_region_name(std::string_view text) {
  if (text.empty() || text.size() > 64 || text.front() == '-' || text.back() == '-') return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Ec2Endpoints aws_endpoints(const std::string& region) {
  return {region, "https://ec2." + region + ".amazonaws.com",
          "https://s3." + region + ".amazonaws.com",
          "https://elasticloadbalancing." + region + ".amazonaws.com"};
}

std::optional<Ec2Endpoints> resolve_endpoints(
    const std::string& provider,
    const std::vector<std::pair<std::string, std::string>>& entrypoints,
    const std::string& default_region, const std::string& override_url) {
  if (is_url(provider)) {
    // `URL;region`: the openstack driver's form of naming a region with an endpoint.
    auto semicolon = provider.find(';');
    auto url = provider.substr(0, semicolon);
    auto region = semicolon == std::string::npos ? default_region : provider.substr(semicolon + 1);
    if (!is_region_name(region)) return std::nullopt;
    return all_at(url, region);
  }
  auto region = provider.empty() ? default_region : provider;
  if (!is_region_name(region)) return std::nullopt;
  if (!override_url.empty()) return all_at(override_url, region);
  auto endpoints = aws_endpoints(region);
  for (auto& [kind, url] : entrypoints) {
    if (kind == "ec2") endpoints.ec2 = as_url(url);
    if (kind == "s3") endpoints.s3 = as_url(url);
    if (kind == "elb") endpoints.elb = as_url(url);
  }
  return endpoints;
}

}  // namespace dc::drivers::ec2
