// The ec2 driver's readings of EC2's answers and the calls it builds, held against answers in
// the shapes of AWS's EC2 API reference: instances, images, zones, keys, security groups,
// states, endpoints.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "drivers/ec2/ec2_endpoints.hpp"
#include "drivers/ec2/ec2_images.hpp"
#include "drivers/ec2/ec2_instance_types.hpp"
#include "drivers/ec2/ec2_instances.hpp"
#include "drivers/ec2/ec2_keys.hpp"
#include "drivers/ec2/ec2_security_groups.hpp"
#include "drivers/ec2/ec2_states.hpp"
#include "drivers/ec2/ec2_zones.hpp"
#include "engine/object_id.hpp"

using namespace dc;
using namespace dc::drivers::ec2;
using engine::InstanceState;

namespace {

pugi::xml_document xml(const std::string& text) {
  pugi::xml_document d;
  REQUIRE(d.load_string(text.c_str()));
  return d;
}

std::string param(const Ec2Query::Params& p, const std::string& name) {
  for (auto& [n, v] : p)
    if (n == name) return v;
  return "<absent>";
}

// A DescribeInstances answer as the API reference shows one: two reservations, one with a
// running instance, one with a terminated and an instance in a state no one knows yet.
const char* const describe_instances = R"(<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <ownerId>123456789012</ownerId>
      <groupSet/>
      <instancesSet>
        <item>
          <instanceId>i-1234567890abcdef0</instanceId>
          <imageId>ami-bff32ccc</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>
          <dnsName>ec2-54-194-252-215.eu-west-1.compute.amazonaws.com</dnsName>
          <keyName>my_keypair</keyName>
          <instanceType>t2.micro</instanceType>
          <launchTime>2018-05-08T16:46:19.000Z</launchTime>
          <placement><availabilityZone>eu-west-1c</availabilityZone><tenancy>default</tenancy></placement>
          <privateIpAddress>192.168.1.88</privateIpAddress>
          <ipAddress>54.194.252.215</ipAddress>
          <groupSet><item><groupId>sg-e4076980</groupId><groupName>SecurityGroup1</groupName></item></groupSet>
          <rootDeviceType>ebs</rootDeviceType>
          <blockDeviceMapping><item><deviceName>/dev/xvda</deviceName>
            <ebs><volumeId>vol-1234567890abcdef0</volumeId><status>attached</status></ebs></item>
          </blockDeviceMapping>
          <tagSet><item><key>Name</key><value>Server_1</value></item>
            <item><key>deltacloud:client-token</key><value>tok-1</value></item></tagSet>
        </item>
      </instancesSet>
    </item>
    <item>
      <reservationId>r-0000000000000000b</reservationId>
      <ownerId>123456789012</ownerId>
      <instancesSet>
        <item>
          <instanceId>i-0b</instanceId>
          <imageId>ami-bff32ccc</imageId>
          <instanceState><code>48</code><name>terminated</name></instanceState>
          <instanceType>m1.small</instanceType>
          <rootDeviceType>instance-store</rootDeviceType>
          <networkInterfaceSet><item><groupSet>
            <item><groupId>sg-1</groupId></item><item><groupId>sg-2</groupId></item>
          </groupSet></item></networkInterfaceSet>
        </item>
        <item>
          <instanceId>i-0c</instanceId>
          <instanceState><code>99</code><name>hibernating</name></instanceState>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
  <nextToken>page-2</nextToken>
</DescribeInstancesResponse>)";

}  // namespace

TEST_CASE("EC2's instance states are ours, and an unknown one is kept, not a crash") {
  CHECK(map_ec2_state("pending").state == InstanceState::pending);
  CHECK(map_ec2_state("running").state == InstanceState::running);
  CHECK(map_ec2_state("stopping").state == InstanceState::stopping);
  CHECK(map_ec2_state("stopped").state == InstanceState::stopped);
  CHECK(map_ec2_state("shutting-down").state == InstanceState::shutting_down);
  CHECK(map_ec2_state("terminated").state == InstanceState::finish);
  auto unknown = map_ec2_state("hibernating");
  CHECK(unknown.state == InstanceState::error);
  CHECK_FALSE(unknown.known);

  auto& machine = ec2_state_machine();
  CHECK(machine.is_transient(InstanceState::pending));
  CHECK(machine.is_transient(InstanceState::stopping));
  CHECK(machine.is_transient(InstanceState::shutting_down));
  CHECK_FALSE(machine.is_transient(InstanceState::running));
  CHECK_FALSE(machine.is_transient(InstanceState::stopped));
}

TEST_CASE("a DescribeInstances answer is read into instances with their addresses and tags") {
  auto doc = xml(describe_instances);
  auto page = read_instances(doc);
  REQUIRE(page.instances.size() == 3);
  CHECK(page.next_token == "page-2");

  auto& i = page.instances[0];
  CHECK(i.id == "i-1234567890abcdef0");
  CHECK(i.name == std::optional<std::string>{"Server_1"});
  CHECK(i.owner_id == "123456789012");
  CHECK(i.image_id == "ami-bff32ccc");
  CHECK(i.realm_id == "eu-west-1c");
  CHECK(i.state == InstanceState::running);
  CHECK(i.provider_state.empty());
  CHECK(i.hardware_profile_id == "t2.micro");
  REQUIRE(i.public_addresses.size() == 2);
  CHECK(i.public_addresses[0].address == "ec2-54-194-252-215.eu-west-1.compute.amazonaws.com");
  CHECK(i.public_addresses[0].type == "hostname");
  CHECK(i.public_addresses[1].address == "54.194.252.215");
  CHECK(i.public_addresses[1].type == "ipv4");
  REQUIRE(i.private_addresses.size() == 2);
  CHECK(i.private_addresses[1].address == "192.168.1.88");
  CHECK(i.keyname == std::optional<std::string>{"my_keypair"});
  CHECK(i.launch_time == std::optional<std::string>{"2018-05-08T16:46:19.000Z"});
  CHECK(i.create_image);
  REQUIRE(i.storage_volumes.size() == 1);
  CHECK(i.storage_volumes[0].volume_id == "vol-1234567890abcdef0");
  CHECK(i.storage_volumes[0].device == "/dev/xvda");
  CHECK(i.firewalls == std::optional<std::vector<std::string>>{{"sg-e4076980"}});

  // Groups only on the network interface (moto, VPC answers) still count.
  CHECK(page.instances[1].state == InstanceState::finish);
  CHECK_FALSE(page.instances[1].create_image);
  CHECK(page.instances[1].firewalls == std::optional<std::vector<std::string>>{{"sg-1", "sg-2"}});
  CHECK_FALSE(page.instances[1].name);

  CHECK(page.instances[2].state == InstanceState::error);
  CHECK(page.instances[2].provider_state == "hibernating");
}

TEST_CASE("a RunInstances answer (one reservation, unwrapped) is read") {
  auto doc = xml(R"(<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <reservationId>r-1</reservationId><ownerId>111122223333</ownerId>
    <instancesSet><item><instanceId>i-new</instanceId>
      <instanceState><code>0</code><name>pending</name></instanceState></item></instancesSet>
    </RunInstancesResponse>)");
  auto page = read_instances(doc);
  REQUIRE(page.instances.size() == 1);
  CHECK(page.instances[0].id == "i-new");
  CHECK(page.instances[0].owner_id == "111122223333");
  CHECK(page.instances[0].state == InstanceState::pending);
  CHECK(page.next_token.empty());
}

TEST_CASE("a create becomes RunInstances with its zone, subnet, groups, tags and token") {
  engine::InstanceCreate what;
  what.image_id = "ami-1";
  what.realm_id = "eu-west-1a:subnet-9";
  what.name = "web & db";
  what.keyname = "k1";
  what.user_data = "#!/bin/sh\necho hi\n";
  what.firewalls = {"sg-abc", "default"};
  what.client_token = "job-7-item-3";
  auto p = run_instances_params(what, "t3.micro");
  CHECK(param(p, "ImageId") == "ami-1");
  CHECK(param(p, "InstanceType") == "t3.micro");
  CHECK(param(p, "MinCount") == "1");
  CHECK(param(p, "MaxCount") == "1");
  CHECK(param(p, "Placement.AvailabilityZone") == "eu-west-1a");
  CHECK(param(p, "SubnetId") == "subnet-9");
  CHECK(param(p, "KeyName") == "k1");
  CHECK(param(p, "UserData") == "IyEvYmluL3NoCmVjaG8gaGkK");
  CHECK(param(p, "SecurityGroupId.1") == "sg-abc");
  CHECK(param(p, "SecurityGroup.1") == "default");
  CHECK(param(p, "ClientToken") == "job-7-item-3");
  CHECK(param(p, "TagSpecification.1.ResourceType") == "instance");
  CHECK(param(p, "TagSpecification.1.Tag.1.Key") == "Name");
  CHECK(param(p, "TagSpecification.1.Tag.1.Value") == "web & db");
  CHECK(param(p, "TagSpecification.1.Tag.2.Key") == client_token_tag);
  CHECK(param(p, "TagSpecification.1.Tag.2.Value") == "job-7-item-3");

  // A token longer than EC2 takes is still carried by the tag; a plain create has neither.
  what.client_token = std::string(80, 't');
  CHECK(param(run_instances_params(what, "t3.micro"), "ClientToken") == "<absent>");
  engine::InstanceCreate plain;
  plain.image_id = "ami-1";
  auto q = run_instances_params(plain, "t2.micro");
  CHECK(param(q, "TagSpecification.1.ResourceType") == "<absent>");
  CHECK(param(q, "Placement.AvailabilityZone") == "<absent>");

  auto find = find_by_token_params("tok");
  CHECK(param(find, "Filter.1.Name") == std::string{"tag:"} + client_token_tag);
  CHECK(param(find, "Filter.1.Value.1") == "tok");
}

TEST_CASE("images, zones and keys are read from their answers") {
  auto images = read_images(xml(R"(<DescribeImagesResponse><imagesSet>
    <item><imageId>ami-1a2b3c4d</imageId><imageState>available</imageState>
      <imageOwnerId>123456789012</imageOwnerId><architecture>x86_64</architecture>
      <name>my-image</name><description>An AMI</description><rootDeviceType>ebs</rootDeviceType>
      <creationDate>2016-06-27T16:21:18.000Z</creationDate></item>
    <item><imageId>ami-arm</imageId><imageState>pending</imageState>
      <architecture>arm64</architecture><rootDeviceType>instance-store</rootDeviceType></item>
    </imagesSet></DescribeImagesResponse>)"));
  REQUIRE(images.size() == 2);
  CHECK(images[0].id == "ami-1a2b3c4d");
  CHECK(images[0].state == "AVAILABLE");
  CHECK(images[0].owner_id == "123456789012");
  CHECK(images[0].name == "my-image");
  CHECK(images[0].description == "An AMI");
  CHECK(images[0].root_type == "persistent");
  CHECK(images[0].creation_time == "2016-06-27T16:21:18.000Z");
  auto has = [](const engine::Image& i, const char* p) {
    return std::find(i.hardware_profiles.begin(), i.hardware_profiles.end(), p) !=
           i.hardware_profiles.end();
  };
  CHECK(has(images[0], "t2.micro"));
  CHECK_FALSE(has(images[0], "t4g.micro"));
  CHECK(has(images[1], "t4g.micro"));
  CHECK_FALSE(has(images[1], "t2.micro"));
  CHECK(images[1].state == "PENDING");
  CHECK(images[1].root_type == "transient");

  auto zones = read_zones(xml(R"(<DescribeAvailabilityZonesResponse><availabilityZoneInfo>
    <item><zoneName>us-east-1a</zoneName><zoneState>available</zoneState></item>
    <item><zoneName>us-east-1b</zoneName><zoneState>impaired</zoneState></item>
    </availabilityZoneInfo></DescribeAvailabilityZonesResponse>)"));
  REQUIRE(zones.size() == 2);
  CHECK(zones[0].id == "us-east-1a");
  CHECK(zones[0].state == "AVAILABLE");
  CHECK(zones[1].state == "UNAVAILABLE");

  auto keys = read_key_pairs(xml(R"(<DescribeKeyPairsResponse><keySet>
    <item><keyName>my-key-pair</keyName><keyFingerprint>1f:51:ae:28</keyFingerprint></item>
    </keySet></DescribeKeyPairsResponse>)"));
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].id == "my-key-pair");
  CHECK(keys[0].fingerprint == "1f:51:ae:28");
  CHECK(keys[0].pem.empty());
  auto made = read_created_key(xml(R"(<CreateKeyPairResponse><keyName>k</keyName>
    <keyFingerprint>ab:cd</keyFingerprint><keyMaterial>-----BEGIN RSA PRIVATE KEY-----
x
-----END RSA PRIVATE KEY-----</keyMaterial></CreateKeyPairResponse>)"));
  CHECK(made.id == "k");
  CHECK(made.pem.find("BEGIN RSA PRIVATE KEY") != std::string::npos);
}

TEST_CASE("every instance type has cpu, memory and architecture, and the default is one") {
  bool default_found = false;
  for (auto& type : ec2_instance_types()) {
    CHECK(type.property("cpu"));
    CHECK(type.property("memory"));
    CHECK(type.property("architecture"));
    default_found |= type.id == default_instance_type;
  }
  CHECK(default_found);
}

TEST_CASE("a provider is a region, a region's yaml entrypoints, or an endpoint URL") {
  auto aws = resolve_endpoints("", {}, "us-east-1", "");
  REQUIRE(aws);
  CHECK(aws->region == "us-east-1");
  CHECK(aws->ec2 == "https://ec2.us-east-1.amazonaws.com");
  CHECK(aws->s3 == "https://s3.us-east-1.amazonaws.com");
  CHECK(aws->elb == "https://elasticloadbalancing.us-east-1.amazonaws.com");

  // The yaml's entrypoints win, host names (the original's form) or URLs.
  auto listed = resolve_endpoints(
      "eu-west-1",
      {{"ec2", "ec2.eu-west-1.amazonaws.com"}, {"s3", "https://s3-eu-west-1.amazonaws.com/"}},
      "us-east-1", "");
  REQUIRE(listed);
  CHECK(listed->region == "eu-west-1");
  CHECK(listed->ec2 == "https://ec2.eu-west-1.amazonaws.com");
  CHECK(listed->s3 == "https://s3-eu-west-1.amazonaws.com");
  CHECK(listed->elb == "https://elasticloadbalancing.eu-west-1.amazonaws.com");

  // An emulator serves every service at one URL.
  auto emulator = resolve_endpoints("http://127.0.0.1:5100;eu-west-1", {}, "us-east-1", "");
  REQUIRE(emulator);
  CHECK(emulator->region == "eu-west-1");
  CHECK(emulator->ec2 == "http://127.0.0.1:5100");
  CHECK(emulator->s3 == "http://127.0.0.1:5100");
  CHECK(emulator->elb == "http://127.0.0.1:5100");
  auto bare = resolve_endpoints("http://127.0.0.1:5100/", {}, "us-west-2", "");
  REQUIRE(bare);
  CHECK(bare->region == "us-west-2");
  CHECK(bare->ec2 == "http://127.0.0.1:5100");
  auto overridden = resolve_endpoints("ap-south-1", {}, "us-east-1", "http://127.0.0.1:9");
  REQUIRE(overridden);
  CHECK(overridden->region == "ap-south-1");
  CHECK(overridden->ec2 == "http://127.0.0.1:9");

  CHECK_FALSE(resolve_endpoints("Not A Region", {}, "us-east-1", ""));
  CHECK_FALSE(resolve_endpoints("http://127.0.0.1:5100;bad region", {}, "us-east-1", ""));
  CHECK_FALSE(resolve_endpoints("../etc", {}, "us-east-1", ""));
}

TEST_CASE("security groups are firewalls with one rule per source, removed exactly") {
  auto groups = read_security_groups(xml(R"(<DescribeSecurityGroupsResponse><securityGroupInfo>
    <item><ownerId>123456789012</ownerId><groupId>sg-1a2b3c4d</groupId>
      <groupName>WebServers</groupName><groupDescription>Web Servers</groupDescription>
      <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>80</fromPort><toPort>80</toPort>
        <groups><item><userId>123456789012</userId><groupId>sg-9</groupId></item></groups>
        <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges>
        <ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges>
      </item></ipPermissions>
      <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>
        <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress>
    </item></securityGroupInfo></DescribeSecurityGroupsResponse>)"));
  REQUIRE(groups.size() == 1);
  auto& g = groups[0];
  CHECK(g.id == "sg-1a2b3c4d");
  CHECK(g.name == "WebServers");
  CHECK(g.description == "Web Servers");
  CHECK(g.owner_id == "123456789012");
  REQUIRE(g.rules.size() == 5);
  CHECK(g.rules[0].sources[0].address == "0.0.0.0");
  CHECK(g.rules[0].sources[0].prefix == "0");
  CHECK(g.rules[1].sources[0].address == "10.0.0.0");
  CHECK(g.rules[2].sources[0].family == "ipv6");
  CHECK(g.rules[3].sources[0].type == "group");
  CHECK(g.rules[3].sources[0].name == "sg-9");
  CHECK(g.rules[3].sources[0].owner == "123456789012");
  CHECK(g.rules[4].direction == "egress");
  CHECK(g.rules[4].protocol == "any");
  // Ids are plain names, distinct, and stable across readings.
  std::set<std::string> ids;
  for (auto& r : g.rules) {
    CHECK(engine::is_plain_name(r.id));
    ids.insert(r.id);
  }
  CHECK(ids.size() == 5);

  // Revoking one rule names exactly its one source.
  auto revoke = revoke_params(g.id, g.rules[1]);
  CHECK(param(revoke, "GroupId") == "sg-1a2b3c4d");
  CHECK(param(revoke, "IpPermissions.1.IpProtocol") == "tcp");
  CHECK(param(revoke, "IpPermissions.1.FromPort") == "80");
  CHECK(param(revoke, "IpPermissions.1.ToPort") == "80");
  CHECK(param(revoke, "IpPermissions.1.IpRanges.1.CidrIp") == "10.0.0.0/8");
  CHECK(param(revoke, "IpPermissions.1.IpRanges.2.CidrIp") == "<absent>");
  CHECK(param(revoke_params(g.id, g.rules[4]), "IpPermissions.1.IpProtocol") == "-1");

  engine::FirewallRuleCreate rule;
  rule.protocol = "udp";
  rule.port_from = "53";
  rule.port_to = "53";
  rule.sources = {{"address", "192.0.2.0", "24", "ipv4", "", ""},
                  {"group", "", "", "", "default", "AKIAEXAMPLE"},
                  {"group", "", "", "", "sg-7", "210987654321"}};
  auto add = authorize_params("web", rule);
  CHECK(param(add, "GroupName") == "web");
  CHECK(param(add, "IpPermissions.1.IpRanges.1.CidrIp") == "192.0.2.0/24");
  CHECK(param(add, "IpPermissions.1.Groups.1.GroupName") == "default");
  // The API's default owner is the user (an access key here): EC2 wants an account id or none.
  CHECK(param(add, "IpPermissions.1.Groups.1.UserId") == "<absent>");
  CHECK(param(add, "IpPermissions.1.Groups.2.GroupId") == "sg-7");
  CHECK(param(add, "IpPermissions.1.Groups.2.UserId") == "210987654321");
  CHECK(param(group_params("sg-7", 1), "GroupId.1") == "sg-7");
  CHECK(param(group_params("web", 1), "GroupName.1") == "web");
}

TEST_CASE("a client token matches only itself, and an action's answer gives the new state") {
  // EC2 reads * and ? in filter values as wildcards: a token of them must not match others.
  CHECK(param(find_by_token_params("a*b?c\\d"), "Filter.1.Value.1") == "a\\*b\\?c\\\\d");

  auto doc = xml(describe_instances);
  auto found = made_with_token(doc, "tok-1");
  REQUIRE(found);
  CHECK(found->id == "i-1234567890abcdef0");
  CHECK_FALSE(made_with_token(doc, "tok"));
  CHECK_FALSE(made_with_token(doc, "*"));

  // A terminated instance made with the token is answered only when no live one has it.
  auto both = xml(R"(<DescribeInstancesResponse><reservationSet><item><instancesSet>
    <item><instanceId>i-old</instanceId><instanceState><name>terminated</name></instanceState>
      <tagSet><item><key>deltacloud:client-token</key><value>t</value></item></tagSet></item>
    <item><instanceId>i-live</instanceId><instanceState><name>running</name></instanceState>
      <tagSet><item><key>deltacloud:client-token</key><value>t</value></item></tagSet></item>
    </instancesSet></item></reservationSet></DescribeInstancesResponse>)");
  REQUIRE(made_with_token(both, "t"));
  CHECK(made_with_token(both, "t")->id == "i-live");

  auto stopping = xml(R"(<StopInstancesResponse><instancesSet><item>
    <instanceId>i-1</instanceId><currentState><code>64</code><name>stopping</name></currentState>
    <previousState><code>16</code><name>running</name></previousState></item></instancesSet>
    </StopInstancesResponse>)");
  CHECK(state_after_action(stopping) == std::optional<InstanceState>{InstanceState::stopping});
  CHECK_FALSE(
      state_after_action(xml("<RebootInstancesResponse><return>true</return>"
                             "</RebootInstancesResponse>")));
}
