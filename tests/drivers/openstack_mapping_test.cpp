// The openstack driver's pure parts, without a network: account names, Nova states, the server
// JSON, Keystone's token answer, errors and security groups.

#include <catch2/catch.hpp>

#include "drivers/openstack/glance_images.hpp"
#include "drivers/openstack/keystone.hpp"
#include "drivers/openstack/neutron_floating_ips.hpp"
#include "drivers/openstack/neutron_security_groups.hpp"
#include "drivers/openstack/nova_flavors.hpp"
#include "drivers/openstack/nova_servers.hpp"
#include "drivers/openstack/nova_states.hpp"
#include "drivers/openstack/openstack_account.hpp"
#include "drivers/openstack/openstack_errors.hpp"

using namespace dc;
using namespace dc::drivers::openstack;
using engine::InstanceState;

TEST_CASE("the provider is a Keystone URL with an optional region; users are user+project") {
  auto a = parse_keystone_address("http://127.0.0.1:5000/v3;RegionOne");
  REQUIRE(a);
  CHECK(a->auth_url == "http://127.0.0.1:5000/v3");
  CHECK(a->region == "RegionOne");
  auto b = parse_keystone_address("https://keystone.example/");
  REQUIRE(b);
  CHECK(b->auth_url == "https://keystone.example/v3");
  CHECK(b->region.empty());
  CHECK_FALSE(parse_keystone_address("keystone:5000"));
  CHECK_FALSE(parse_keystone_address("http://a b"));
  auto u = parse_project_user("demo+proj");
  REQUIRE(u);
  CHECK(u->user == "demo");
  CHECK(u->project == "proj");
  CHECK_FALSE(parse_project_user("demo"));
  CHECK_FALSE(parse_project_user("+proj"));
  CHECK_FALSE(parse_project_user("demo+"));
}

TEST_CASE("every Nova status maps to one of our states") {
  CHECK(map_nova_state("BUILD", "").state == InstanceState::pending);
  CHECK(map_nova_state("ACTIVE", "").state == InstanceState::running);
  CHECK(map_nova_state("ACTIVE", "powering-off").state == InstanceState::stopping);
  CHECK(map_nova_state("SHUTOFF", "").state == InstanceState::stopped);
  CHECK(map_nova_state("SHUTOFF", "powering-on").state == InstanceState::pending);
  CHECK(map_nova_state("REBOOT", "").state == InstanceState::pending);
  CHECK(map_nova_state("HARD_REBOOT", "").state == InstanceState::pending);
  CHECK(map_nova_state("ACTIVE", "deleting").state == InstanceState::shutting_down);
  CHECK(map_nova_state("DELETED", "").state == InstanceState::finish);
  CHECK(map_nova_state("SOFT_DELETED", "").state == InstanceState::finish);
  CHECK(map_nova_state("ERROR", "").state == InstanceState::error);
  CHECK(map_nova_state("SUSPENDED", "").state == InstanceState::stopped);
  CHECK(map_nova_state("SHELVED_OFFLOADED", "").state == InstanceState::stopped);
  CHECK(map_nova_state("VERIFY_RESIZE", "").state == InstanceState::running);
  CHECK(map_nova_state("UNKNOWN", "").known);
  auto odd = map_nova_state("SOMETHING_NEW", "");
  CHECK(odd.state == InstanceState::error);
  CHECK_FALSE(odd.known);
}

TEST_CASE("Nova's life cycle: transient states the engine polls, actions where Nova takes them") {
  auto& m = nova_state_machine();
  CHECK(m.automatic_target(InstanceState::pending) == InstanceState::running);
  CHECK(m.automatic_target(InstanceState::stopping) == InstanceState::stopped);
  CHECK(m.automatic_target(InstanceState::shutting_down) == InstanceState::finish);
  CHECK(m.allows(InstanceState::running, engine::InstanceAction::stop));
  CHECK(m.allows(InstanceState::running, engine::InstanceAction::reboot));
  CHECK(m.allows(InstanceState::stopped, engine::InstanceAction::start));
  CHECK(m.allows(InstanceState::error, engine::InstanceAction::destroy));
  CHECK_FALSE(m.allows(InstanceState::stopped, engine::InstanceAction::stop));
  CHECK_FALSE(m.allows(InstanceState::running, engine::InstanceAction::start));
}

TEST_CASE("a Nova server reads as an instance") {
  auto r = read_server(R"({"server": {
    "id": "9d2c", "name": "web", "status": "ACTIVE", "OS-EXT-STS:task_state": null,
    "user_id": "u1", "image": {"id": "img-1"}, "flavor": {"id": "2"},
    "OS-EXT-AZ:availability_zone": "nova", "key_name": "k1",
    "created": "2026-11-24T10:00:00Z",
    "addresses": {"private": [
      {"addr": "192.0.2.5", "version": 4, "OS-EXT-IPS:type": "fixed"},
      {"addr": "203.0.113.9", "version": 4, "OS-EXT-IPS:type": "floating"}]},
    "os-extended-volumes:volumes_attached": [{"id": "vol-1"}]}})");
  REQUIRE(r.ok());
  auto& i = r.value();
  CHECK(i.id == "9d2c");
  CHECK(i.name == "web");
  CHECK(i.state == InstanceState::running);
  CHECK(i.owner_id == "u1");
  CHECK(i.image_id == "img-1");
  CHECK(i.hardware_profile_id == "2");
  CHECK(i.realm_id == "nova");
  CHECK(i.keyname == "k1");
  REQUIRE(i.private_addresses.size() == 1);
  CHECK(i.private_addresses[0].address == "192.0.2.5");
  REQUIRE(i.public_addresses.size() == 1);
  CHECK(i.public_addresses[0].address == "203.0.113.9");
  REQUIRE(i.storage_volumes.size() == 1);
  CHECK(i.storage_volumes[0].volume_id == "vol-1");

  auto page = read_servers(R"({"servers": [{"id": "a", "status": "BUILD", "image": ""},
    {"id": "b", "status": "SHUTOFF"}], "servers_links": [{"rel": "next", "href": "x"}]})");
  REQUIRE(page.ok());
  REQUIRE(page.value().instances.size() == 2);
  CHECK(page.value().instances[0].state == InstanceState::pending);
  CHECK(page.value().instances[0].image_id.empty());  // booted from a volume
  CHECK(page.value().next_marker == "b");
  CHECK_FALSE(read_server("not json").ok());
  CHECK(i.provider_state.empty());  // a status the table knows says all

  // A status of a newer Nova shows as error, with Nova's word for it kept.
  auto odd = read_server(R"({"server": {"id": "c", "status": "HIBERNATING"}})");
  REQUIRE(odd.ok());
  CHECK(odd.value().state == InstanceState::error);
  CHECK(odd.value().provider_state == "HIBERNATING");
}

TEST_CASE("a create carries the client token in the server's metadata") {
  engine::InstanceCreate what;
  what.image_id = "img-1";
  what.name = "web";
  what.user_data = "#!/bin/sh\n";
  what.client_token = "job1-0";
  auto body = create_server_body(what, "2");
  CHECK(body.find(R"("imageRef":"img-1")") != std::string::npos);
  CHECK(body.find(R"("flavorRef":"2")") != std::string::npos);
  CHECK(body.find(R"("user_data":"IyEvYmluL3NoCg==")") != std::string::npos);
  CHECK(body.find(R"("metadata":{"deltacloud_token":"job1-0"})") != std::string::npos);
  CHECK(server_action_body(engine::InstanceAction::stop) == R"({"os-stop":null})");
}

TEST_CASE("Keystone's token answer gives the token, its expiry and the catalog") {
  http::Response response;
  response.status = 201;
  response.headers = {{"x-subject-token", "tok"}};
  response.body = R"({"token": {"expires_at": "2026-11-24T12:00:00.000000Z",
    "project": {"id": "p1"},
    "catalog": [{"type": "compute", "endpoints": [
      {"interface": "admin", "region_id": "RegionOne", "url": "http://admin:8774/v2.1"},
      {"interface": "public", "region_id": "RegionOne", "url": "http://n:8774/v2.1/"}]}]}})";
  auto token = read_token(response);
  REQUIRE(token.ok());
  CHECK(token.value().id == "tok");
  CHECK(token.value().project_id == "p1");
  CHECK(token.value().url_for("compute", "RegionOne") == "http://n:8774/v2.1");
  CHECK(token.value().url_for("compute", "") == "http://n:8774/v2.1");
  // Providers reach drivers lower-cased, as the original server passes them.
  CHECK(token.value().url_for("compute", "regionone") == "http://n:8774/v2.1");
  CHECK_FALSE(token.value().url_for("compute", "Elsewhere"));
  CHECK_FALSE(token.value().url_for("image", ""));
  CHECK(std::chrono::system_clock::to_time_t(token.value().expires_at) == 1795521600);
  response.headers.clear();
  CHECK_FALSE(read_token(response).ok());
}

TEST_CASE("a token expiring past the clock's range is as good as never expiring") {
  // Found by fuzzing: from_time_t overflowed (undefined; in practice a time in the past).
  auto far = parse_keystone_time("4052-11-25T01:31:48.000000Z");
  REQUIRE(far);
  CHECK(*far == std::chrono::system_clock::time_point::max());
  CHECK(*far > std::chrono::system_clock::now());
  CHECK(std::chrono::system_clock::to_time_t(*parse_keystone_time("2200-01-01T00:00:00Z")) ==
        7258118400);
}

TEST_CASE("a Retry-After no conversion can hold is read as at most a day") {
  // `1e300` and `nan` seconds overflowed the conversion to milliseconds (undefined behaviour).
  http::Response r;
  r.status = 429;
  r.headers = {{"retry-after", "1e300"}};
  CHECK(openstack_error(r).retry_after == std::chrono::milliseconds{86'400'000});
  r.headers = {{"retry-after", "nan"}};
  CHECK(openstack_error(r).retry_after == std::chrono::milliseconds{0});
  r.headers = {{"retry-after", "2.5"}};
  CHECK(openstack_error(r).retry_after == std::chrono::milliseconds{2500});
}

TEST_CASE("OpenStack errors keep their message and map to our kinds") {
  http::Response r;
  r.status = 404;
  r.body = R"({"itemNotFound": {"message": "Instance x could not be found.", "code": 404}})";
  auto e = openstack_error(r);
  CHECK(e.kind == engine::ErrorKind::not_found);
  CHECK(e.message == "Instance x could not be found.");
  CHECK(e.code == "itemNotFound");
  r.status = 401;
  r.body =
      R"({"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}})";
  CHECK(openstack_error(r).kind == engine::ErrorKind::authentication);
  CHECK(openstack_error(r).code == "Unauthorized");
  r.status = 429;
  r.headers = {{"retry-after", "3"}};
  r.body = "";
  CHECK(openstack_error(r).kind == engine::ErrorKind::throttled);
  CHECK(openstack_error(r).retry_after == std::chrono::milliseconds{3000});
  r.status = 413;  // Nova's over-limit, with when to come back
  CHECK(openstack_error(r).kind == engine::ErrorKind::throttled);
  r.headers.clear();  // Swift's object too large: retrying cannot help
  CHECK(openstack_error(r).kind == engine::ErrorKind::validation);
  r.status = 503;
  CHECK(openstack_error(r).kind == engine::ErrorKind::provider);
  r.status = 409;
  CHECK(openstack_error(r).kind == engine::ErrorKind::conflict);
  http::Response none;
  none.error = "Connection refused";
  CHECK(openstack_error(none).kind == engine::ErrorKind::provider);
  none.timed_out = true;
  CHECK(openstack_error(none).kind == engine::ErrorKind::provider_timeout);
  http::Response unsent;
  unsent.error = "cannot read the file to upload: No such file or directory";
  unsent.local_failure = true;
  CHECK(openstack_error(unsent).kind == engine::ErrorKind::backend);
}

TEST_CASE("Nova flavors read as hardware profiles with fixed properties") {
  auto profiles = read_flavors(R"({"flavors": [
    {"id": "1", "name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1, "links": []},
    {"id": "d4", "name": "", "ram": 8192, "vcpus": 4, "disk": 80},
    {"name": "no id"}]})");
  REQUIRE(profiles.ok());
  REQUIRE(profiles.value().size() == 2);
  auto& tiny = profiles.value()[0];
  CHECK(tiny.id == "1");
  CHECK(tiny.name == "m1.tiny");
  CHECK(tiny.property("cpu")->value == "1");
  CHECK(tiny.property("memory")->value == "512");
  CHECK(tiny.property("storage")->value == "1");
  CHECK(tiny.property("architecture")->value == "x86_64");
  CHECK(tiny.property("memory")->kind == engine::PropertyKind::fixed);
  CHECK(profiles.value()[1].name == "d4");
  CHECK_FALSE(read_flavors("{}").ok());
  CHECK_FALSE(read_flavors("not json").ok());
}

TEST_CASE("polls ask Nova for the changes since its own clock less a margin") {
  http::Response answer;
  answer.headers = {{"date", "Wed, 25 Nov 2026 00:30:39 GMT"}};
  CHECK(change_mark(answer, std::chrono::seconds{5}) == "2026-11-25T00:30:34Z");
  CHECK(change_mark(answer, std::chrono::seconds{40}) == "2026-11-25T00:29:59Z");
  answer.headers = {{"date", "yesterday"}};
  CHECK(change_mark(answer, std::chrono::seconds{5}).empty());
  answer.headers.clear();
  CHECK(change_mark(answer, std::chrono::seconds{5}).empty());
  CHECK(changes_since_path("2026-11-25T00:30:34Z", "") ==
        "/servers/detail?changes-since=2026-11-25T00%3A30%3A34Z");
  CHECK(changes_since_path("2026-11-25T00:30:34Z", "abc-1") ==
        "/servers/detail?changes-since=2026-11-25T00%3A30%3A34Z&marker=abc-1");
}

TEST_CASE("Neutron security groups are firewalls with a rule per source") {
  auto groups = read_security_groups(R"({"security_groups": [{
      "id": "g1", "name": "web", "description": "Web", "project_id": "p1",
      "security_group_rules": [
        {"id": "r1", "direction": "egress", "ethertype": "IPv6", "protocol": null,
         "port_range_min": null, "port_range_max": null, "remote_ip_prefix": null,
         "remote_group_id": null, "project_id": "p1"},
        {"id": "r2", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
         "port_range_min": 22, "port_range_max": 23, "remote_ip_prefix": "10.0.0.0/8",
         "remote_group_id": null, "project_id": "p1"},
        {"id": "r3", "direction": "ingress", "ethertype": "IPv4", "protocol": "udp",
         "port_range_min": 53, "port_range_max": 53, "remote_ip_prefix": null,
         "remote_group_id": "g1", "project_id": "p1"}]}]})");
  REQUIRE(groups);
  REQUIRE(groups.value().size() == 1);
  auto& fw = groups.value()[0];
  CHECK(fw.id == "g1");
  CHECK(fw.name == "web");
  CHECK(fw.description == "Web");
  CHECK(fw.owner_id == "p1");
  REQUIRE(fw.rules.size() == 3);
  CHECK(fw.rules[0].protocol == "any");
  CHECK(fw.rules[0].direction == "egress");
  CHECK(fw.rules[0].port_from.empty());
  CHECK(fw.rules[0].sources ==
        std::vector<engine::RuleSource>{{"address", "::", "0", "ipv6", "", ""}});
  CHECK(fw.rules[1].port_from == "22");
  CHECK(fw.rules[1].port_to == "23");
  CHECK(fw.rules[1].sources ==
        std::vector<engine::RuleSource>{{"address", "10.0.0.0", "8", "ipv4", "", ""}});
  CHECK(fw.rules[2].sources == std::vector<engine::RuleSource>{{"group", "", "", "", "g1", "p1"}});
  CHECK_FALSE(read_security_groups("{}"));
}

TEST_CASE("a rule with several sources is one Neutron rule body per source") {
  engine::FirewallRuleCreate rule;
  rule.protocol = "tcp";
  rule.port_from = "443";
  rule.port_to = "";
  rule.sources = {{"address", "10.1.0.0", "16", "ipv4", "", ""}, {"group", "", "", "", "g2", "p"}};
  auto bodies = security_group_rule_bodies("g1", rule);
  REQUIRE(bodies);
  REQUIRE(bodies.value().size() == 2);
  CHECK(bodies.value()[0] ==
        R"({"security_group_rule":{"security_group_id":"g1","direction":"ingress",)"
        R"("protocol":"tcp","port_range_min":443,"port_range_max":443,)"
        R"("remote_ip_prefix":"10.1.0.0/16","ethertype":"IPv4"}})");
  CHECK(bodies.value()[1].find(R"("remote_group_id":"g2")") != std::string::npos);

  rule.protocol = "icmp";
  rule.port_from = rule.port_to = "-1";  // any type and code
  auto any = security_group_rule_bodies("g1", rule);
  REQUIRE(any);
  CHECK(any.value()[0].find("port_range") == std::string::npos);

  rule.port_from = "http";
  auto bad = security_group_rule_bodies("g1", rule);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == engine::ErrorKind::validation);
}

TEST_CASE("Glance images read by pages with AVAILABLE for active and the description property") {
  auto images = read_images(R"({"images": [
      {"id": "i1", "name": "cirros", "status": "active", "owner": "p1", "created_at": "t"},
      {"id": "i2", "name": "snap", "status": "queued", "description": "made by a test",
       "architecture": "aarch64"}],
      "next": "/v2/images?marker=i2&limit=2"})");
  REQUIRE(images);
  auto& page = images.value().images;
  REQUIRE(page.size() == 2);
  CHECK(page[0].image.state == "AVAILABLE");
  CHECK(page[0].image.description == "cirros");
  CHECK(page[0].image.owner_id == "p1");
  CHECK(page[0].image.architecture == "x86_64");
  CHECK(page[1].image.state == "QUEUED");
  CHECK(page[1].image.description == "made by a test");
  CHECK(page[1].image.architecture == "aarch64");
  CHECK(images.value().next == "/v2/images?marker=i2&limit=2");
  // The last page has no next; a next that is not Glance's image list is not followed.
  CHECK(read_images(R"({"images": []})").value().next.empty());
  CHECK(read_images(R"({"images": [], "next": "http://elsewhere/x"})").value().next.empty());
  CHECK(image_state("pending_delete") == "PENDING_DELETE");
  CHECK_FALSE(read_image("[]"));
}

TEST_CASE("an image's hardware profiles are the flavors that meet its min_ram, min_disk and size") {
  auto image = read_image(R"({"id": "i1", "status": "active", "min_ram": 1024, "min_disk": 10,
                              "size": 21474836481})");  // 20 GiB and a byte
  REQUIRE(image);
  CHECK(image.value().needs.ram_mb == 1024);
  CHECK(image.value().needs.disk_gb == 21);
  auto flavors = read_flavors(R"({"flavors": [
      {"id": "1", "name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
      {"id": "2", "name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
      {"id": "3", "name": "m1.medium", "vcpus": 2, "ram": 4096, "disk": 40},
      {"id": "4", "name": "m1.nodisk", "vcpus": 2, "ram": 4096, "disk": 0}]})");
  REQUIRE(flavors);
  CHECK(fitting_flavors(image.value().needs, flavors.value()) == std::vector<std::string>{"3"});
  // An image that says nothing boots on every flavor with a disk.
  auto plain = read_image(R"({"id": "i2", "status": "active", "size": 1048576})");
  CHECK(fitting_flavors(plain.value().needs, flavors.value()) ==
        std::vector<std::string>{"1", "2", "3"});
}

TEST_CASE("the image Nova made is named by the body or else the Location header") {
  http::Response new_style;
  new_style.status = 202;
  new_style.body = R"({"image_id": "abc-123"})";
  CHECK(created_image_id(new_style).value() == "abc-123");
  http::Response old_style;
  old_style.status = 202;
  old_style.headers = {{"location", "http://127.0.0.1:9292//images/def-456"}};
  CHECK(created_image_id(old_style).value() == "def-456");
  http::Response neither;
  neither.status = 202;
  CHECK_FALSE(created_image_id(neither));
}

TEST_CASE("Neutron floating IPs ports and networks read as the driver needs them") {
  auto ips = read_floating_ips(R"({"floatingips": [
      {"id": "f1", "floating_ip_address": "203.0.113.5", "port_id": "p1"},
      {"id": "f2", "floating_ip_address": "203.0.113.6", "port_id": null}]})");
  REQUIRE(ips);
  REQUIRE(ips.value().size() == 2);
  CHECK(ips.value()[0].id == "f1");
  CHECK(ips.value()[0].ip == "203.0.113.5");
  CHECK(ips.value()[0].port_id == "p1");
  CHECK(ips.value()[1].port_id.empty());
  CHECK(read_floating_ip(R"({"floatingip": {"id": "f3", "floating_ip_address": "::1"}})")
            .value()
            .ip == "::1");
  auto ports = read_ports(R"({"ports": [{"id": "p1", "device_id": "s1", "fixed_ips": [{}]},
                                        {"id": "p2", "device_id": "s1", "fixed_ips": []}]})");
  REQUIRE(ports);
  CHECK(ports.value()[0].device_id == "s1");
  CHECK(ports.value()[0].has_fixed_ip);
  CHECK_FALSE(ports.value()[1].has_fixed_ip);
  CHECK(read_network_ids(R"({"networks": [{"id": "n1", "name": "public"}]})").value() ==
        std::vector<std::string>{"n1"});
  CHECK_FALSE(read_floating_ips("{}"));
}

TEST_CASE("floating IP requests: addresses only as ids and a port of none to disassociate") {
  CHECK(looks_like_ip("203.0.113.5"));
  CHECK(looks_like_ip("2001:db8::1"));
  CHECK_FALSE(looks_like_ip("203.0.113.5/../x"));
  CHECK_FALSE(looks_like_ip(""));
  CHECK(floating_ip_create_body("n1") == R"({"floatingip":{"floating_network_id":"n1"}})");
  CHECK(floating_ip_port_body(std::string{"p1"}) == R"({"floatingip":{"port_id":"p1"}})");
  CHECK(floating_ip_port_body(std::nullopt) == R"({"floatingip":{"port_id":null}})");
}
