// Issue 14, items 2 and 3: a second account of the mock cloud walks every collection and every
// action against mockuser's seed data. It sees none of it (the public seed images aside), every
// show, change and action answers exactly as for an object that does not exist, and afterwards
// mockuser's view is byte for byte what it was. Its own objects work as before.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

namespace {

const std::pair<std::string, std::string> eve_auth{"Authorization", "Basic ZXZlOmV2ZXBhc3M="};

TestServerOptions two_accounts() {
  auto o = instant_transitions();
  o.volume_delay = "0";
  o.mock_options = {{"accounts", "mockuser:mockpassword\neve:evepass"}};
  return o;
}

Response as_eve(TestServer& server, const std::string& method, const std::string& target,
                Headers headers = {}, const std::string& body = {}) {
  headers.push_back(eve_auth);
  return http(server.port(), method, target, std::move(headers), body);
}

/// Creates one of eve's objects and answers its id.
std::string eve_creates(TestServer& server, const std::string& target) {
  auto r = as_eve(server, "POST", target);
  INFO(target << " -> " << r.status << " " << r.body);
  REQUIRE((r.status == 200 || r.status == 201));
  auto doc = parse_xml(r.body);
  std::string id = doc.first_child().attribute("id").value();
  REQUIRE_FALSE(id.empty());
  return id;
}

/// Everything mockuser can read of its seed data, by path.
std::vector<std::pair<std::string, std::string>> mockuser_view(TestServer& server) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* path :
       {"/api/images", "/api/instances", "/api/keys", "/api/keys/test-key", "/api/storage_volumes",
        "/api/storage_snapshots", "/api/addresses", "/api/networks", "/api/subnets",
        "/api/network_interfaces", "/api/firewalls", "/api/load_balancers", "/api/buckets",
        "/api/buckets/bucket1/blob1", "/api/buckets/bucket1/blob1/content", "/api/metrics",
        "/api/images/golden"}) {
    auto r = server.get_auth(path);
    REQUIRE(r.status == 200);
    out.emplace_back(path, r.body);
  }
  return out;
}

std::size_t listed(TestServer& server, const std::string& path) {
  auto r = as_eve(server, "GET", path);
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  std::size_t n = 0;
  for (auto child : doc.first_child().children())
    if (child.type() == pugi::node_element) ++n;
  return n;
}

/// One request of eve's naming mockuser's object, and the same request naming none.
struct Probe {
  std::string method;
  std::string target;
  std::string missing_twin;
  Headers headers = {};
  std::string body = {};
};

}  // namespace

TEST_CASE("a second account lists nothing of mockuser's but the public images") {
  TestServer server(two_accounts());
  for (const char* path :
       {"/api/instances", "/api/keys", "/api/storage_volumes", "/api/storage_snapshots",
        "/api/addresses", "/api/networks", "/api/subnets", "/api/network_interfaces",
        "/api/firewalls", "/api/load_balancers", "/api/buckets", "/api/metrics"}) {
    INFO(path);
    CHECK(listed(server, path) == 0);
  }
  auto images = parse_xml(as_eve(server, "GET", "/api/images").body);
  CHECK(ids(images.child("images"), "image") == std::vector<std::string>{"img1", "img2", "img3"});
}

TEST_CASE("a second account's every show, change and action on mockuser's objects is refused") {
  TestServer server(two_accounts());
  // A private image of mockuser's, and one of each of eve's own objects to relate to.
  REQUIRE(server.post_auth("/api/images?instance_id=inst1&name=golden").status == 201);
  auto inst = eve_creates(server, "/api/instances?image_id=img1");
  auto vol = eve_creates(server, "/api/storage_volumes?capacity=1");
  auto addr = eve_creates(server, "/api/addresses");
  auto net = eve_creates(server, "/api/networks?name=eve-net&address_block=172.16.0.0/12");
  auto sub = eve_creates(server, "/api/subnets?network_id=eve-net&address_block=172.16.1.0/24");
  auto fw = eve_creates(server, "/api/firewalls?name=eve-fw&description=mine");
  auto lb = eve_creates(server,
                        "/api/load_balancers?name=eve-lb&realm_id=us&listener_protocol=HTTP&"
                        "listener_balancer_port=80&listener_instance_port=8080");
  auto before = mockuser_view(server);

  const std::string rule = "protocol=tcp&port_from=1&port_to=2&";
  const Headers meta{{"X-Deltacloud-Blobmeta-k", "v"}};
  std::vector<Probe> probes{
      // Issue 14, item 2, word for word.
      {"POST", "/api/storage_volumes/vol3/detach", "/api/storage_volumes/novol/detach"},
      {"POST", "/api/load_balancers/lb1/unregister?instance_id=inst1",
       "/api/load_balancers/nolb/unregister?instance_id=inst1"},
      {"POST", "/api/addresses/192.168.0.1/disassociate", "/api/addresses/10.9.9.9/disassociate"},
      {"DELETE", "/api/network_interfaces/nic1", "/api/network_interfaces/nonic"},
      // Item 3: keys, blobs, images, firewalls.
      {"GET", "/api/keys/test-key", "/api/keys/nokey"},
      {"DELETE", "/api/keys/test-key", "/api/keys/nokey"},
      {"GET", "/api/buckets/bucket1/blob1", "/api/buckets/nobucket/blob1"},
      {"GET", "/api/buckets/bucket1/blob1/content", "/api/buckets/nobucket/blob1/content"},
      {"DELETE", "/api/buckets/bucket1/blob1", "/api/buckets/nobucket/blob1"},
      {"DELETE", "/api/firewalls/default", "/api/firewalls/nofw"},
      {"GET", "/api/images/golden", "/api/images/noimage"},
      {"DELETE", "/api/images/golden", "/api/images/noimage"},
      // Instances: shows and actions (403 for a missing instance, as the original).
      {"GET", "/api/instances/inst1", "/api/instances/inst99"},
      {"POST", "/api/instances/inst1/stop", "/api/instances/inst99/stop"},
      {"POST", "/api/instances/inst1/reboot", "/api/instances/inst99/reboot"},
      {"POST", "/api/instances/inst1/start", "/api/instances/inst99/start"},
      {"DELETE", "/api/instances/inst1", "/api/instances/inst99"},
      {"POST", "/api/instances/inst1/run?cmd=ls", "/api/instances/inst99/run?cmd=ls"},
      {"GET", "/api/metrics/inst1", "/api/metrics/inst99"},
      {"POST", "/api/images?instance_id=inst1&name=copy",
       "/api/images?instance_id=inst99&name=copy"},
      {"POST", "/api/instances?image_id=golden", "/api/instances?image_id=noimage"},
      {"POST", "/api/instances?image_id=img1&keyname=test-key",
       "/api/instances?image_id=img1&keyname=nokey"},
      {"POST", "/api/instances?image_id=img1&firewalls1=default",
       "/api/instances?image_id=img1&firewalls1=nofw"},
      // Storage.
      {"GET", "/api/storage_volumes/vol1", "/api/storage_volumes/novol"},
      {"DELETE", "/api/storage_volumes/vol1", "/api/storage_volumes/novol"},
      {"POST", "/api/storage_volumes/vol1/attach?device=/dev/sdb&instance_id=" + inst,
       "/api/storage_volumes/novol/attach?device=/dev/sdb&instance_id=" + inst},
      {"POST", "/api/storage_volumes/" + vol + "/attach?device=/dev/sdb&instance_id=inst2",
       "/api/storage_volumes/" + vol + "/attach?device=/dev/sdb&instance_id=inst99"},
      {"POST", "/api/storage_volumes?snapshot_id=snap1", "/api/storage_volumes?snapshot_id=nosnap"},
      {"GET", "/api/storage_snapshots/snap1", "/api/storage_snapshots/nosnap"},
      {"DELETE", "/api/storage_snapshots/snap1", "/api/storage_snapshots/nosnap"},
      {"POST", "/api/storage_snapshots?volume_id=vol1", "/api/storage_snapshots?volume_id=novol"},
      // Addresses.
      {"GET", "/api/addresses/192.168.0.1", "/api/addresses/10.9.9.9"},
      {"DELETE", "/api/addresses/192.168.0.2", "/api/addresses/10.9.9.9"},
      {"POST", "/api/addresses/192.168.0.2/associate?instance_id=" + inst,
       "/api/addresses/10.9.9.9/associate?instance_id=" + inst},
      {"POST", "/api/addresses/" + addr + "/associate?instance_id=inst2",
       "/api/addresses/" + addr + "/associate?instance_id=inst99"},
      // Networks, subnets, interfaces.
      {"GET", "/api/networks/net1", "/api/networks/nonet"},
      {"DELETE", "/api/networks/net2", "/api/networks/nonet"},
      {"GET", "/api/subnets/subnet3", "/api/subnets/nosub"},
      {"DELETE", "/api/subnets/subnet3", "/api/subnets/nosub"},
      {"POST", "/api/subnets?network_id=net1&address_block=192.168.9.0/24",
       "/api/subnets?network_id=nonet&address_block=192.168.9.0/24"},
      {"GET", "/api/network_interfaces/nic1", "/api/network_interfaces/nonic"},
      {"POST", "/api/network_interfaces?instance=" + inst + "&network=subnet1",
       "/api/network_interfaces?instance=" + inst + "&network=nosub"},
      {"POST", "/api/network_interfaces?instance=" + inst + "&network=net1&subnet=subnet1",
       "/api/network_interfaces?instance=" + inst + "&network=nonet&subnet=subnet1"},
      {"POST", "/api/network_interfaces?instance=inst2&network=" + sub,
       "/api/network_interfaces?instance=inst99&network=" + sub},
      // Firewalls.
      {"GET", "/api/firewalls/default", "/api/firewalls/nofw"},
      {"POST", "/api/firewalls/default/rules?" + rule + "ip_address1=10.0.0.0/8",
       "/api/firewalls/nofw/rules?" + rule + "ip_address1=10.0.0.0/8"},
      {"DELETE", "/api/firewalls/default/rule1", "/api/firewalls/nofw/rule1"},
      {"POST", "/api/firewalls/" + fw + "/rules?" + rule + "group1=default",
       "/api/firewalls/" + fw + "/rules?" + rule + "group1=nofw"},
      {"POST", "/api/firewalls/" + fw + "/rules?" + rule + "group1=default&group1owner=mockuser",
       "/api/firewalls/" + fw + "/rules?" + rule + "group1=nofw&group1owner=mockuser"},
      // Load balancers.
      {"GET", "/api/load_balancers/lb1", "/api/load_balancers/nolb"},
      {"DELETE", "/api/load_balancers/lb1", "/api/load_balancers/nolb"},
      {"POST", "/api/load_balancers/lb1/register?instance_id=" + inst,
       "/api/load_balancers/nolb/register?instance_id=" + inst},
      {"POST", "/api/load_balancers/" + lb + "/register?instance_id=inst2",
       "/api/load_balancers/" + lb + "/register?instance_id=inst99"},
      // Buckets and blobs.
      {"GET", "/api/buckets/bucket1", "/api/buckets/nobucket"},
      {"DELETE", "/api/buckets/bucket2", "/api/buckets/nobucket"},
      {"HEAD", "/api/buckets/bucket1/blob1", "/api/buckets/nobucket/blob1"},
      {"POST", "/api/buckets/bucket1/blob1", "/api/buckets/nobucket/blob1", meta},
      {"PUT", "/api/buckets/bucket1/planted", "/api/buckets/nobucket/planted", {}, "x"},
      {"POST", "/api/buckets/bucket1?blob_id=planted&blob_data=x",
       "/api/buckets/nobucket?blob_id=planted&blob_data=x"},
  };
  for (auto& p : probes) {
    auto theirs = as_eve(server, p.method, p.target, p.headers, p.body);
    auto missing = as_eve(server, p.method, p.missing_twin, p.headers, p.body);
    INFO(p.method << " " << p.target << " -> " << theirs.status << " " << theirs.body);
    INFO(p.method << " " << p.missing_twin << " -> " << missing.status << " " << missing.body);
    CHECK(theirs.status == missing.status);
    // A refusal, except destroying a missing image, which the original answers 204 for.
    if (p.target != "/api/images/golden" || p.method != "DELETE")
      CHECK((theirs.status == 400 || theirs.status == 403 || theirs.status == 404));
    // Errors echo the request's parameters: only a request that does not name mockuser counts.
    if (p.target.find("mockuser") == std::string::npos)
      CHECK(theirs.body.find("mockuser") == std::string::npos);
    CHECK(theirs.body.find("PRIVATE KEY") == std::string::npos);
  }
  // The public images are eve's to launch, not to destroy.
  auto destroy = as_eve(server, "DELETE", "/api/images/img1");
  CHECK(destroy.status == 403);
  CHECK(destroy.body.find("mockuser") == std::string::npos);

  auto after = mockuser_view(server);
  for (std::size_t i = 0; i < before.size(); ++i) {
    INFO(before[i].first);
    CHECK(after[i].second == before[i].second);
  }
  // And eve's own objects were never touched by those relations either.
  CHECK(listed(server, "/api/network_interfaces") == 0);
  CHECK(parse_xml(as_eve(server, "GET", "/api/load_balancers/" + lb).body)
            .child("load_balancer")
            .child("instances")
            .first_child()
            .empty());
}

TEST_CASE("names another account has are refused with 409 without saying whose") {
  TestServer server(two_accounts());
  for (const char* target :
       {"/api/keys?name=test-key", "/api/buckets?name=bucket1",
        "/api/firewalls?name=default&description=x", "/api/networks?name=net1",
        "/api/subnets?network_id=eve-net&address_block=172.16.1.0/24&name=subnet1",
        "/api/load_balancers?name=lb1&realm_id=us&listener_protocol=HTTP&"
        "listener_balancer_port=80&listener_instance_port=8080"}) {
    if (std::string{target}.find("eve-net") != std::string::npos)
      eve_creates(server, "/api/networks?name=eve-net&address_block=172.16.0.0/12");
    auto r = as_eve(server, "POST", target);
    INFO(target << " -> " << r.body);
    CHECK(r.status == 409);
    CHECK(r.body.find("mockuser") == std::string::npos);
  }
  // mockuser's own duplicate key is still the original's 403.
  CHECK(server.post_auth("/api/keys?name=test-key").status == 403);
}

TEST_CASE("a second account creates, uses and destroys its own objects in every collection") {
  TestServer server(two_accounts());
  auto inst = eve_creates(server, "/api/instances?image_id=img3");  // a public image
  CHECK(listed(server, "/api/instances") == 1);
  CHECK(listed(server, "/api/metrics") == 1);
  CHECK(as_eve(server, "GET", "/api/metrics/" + inst).status == 200);

  auto key = eve_creates(server, "/api/keys?name=eve-key");
  CHECK(as_eve(server, "GET", "/api/keys/" + key).body.find("PRIVATE KEY") != std::string::npos);
  auto keyed = eve_creates(server, "/api/instances?image_id=img1&keyname=" + key);

  auto vol = eve_creates(server, "/api/storage_volumes?capacity=2");
  REQUIRE(as_eve(server, "POST",
                 "/api/storage_volumes/" + vol + "/attach?device=/dev/sdb&instance_id=" + inst)
              .status < 300);
  auto shown = parse_xml(as_eve(server, "GET", "/api/instances/" + inst).body);
  CHECK(ids(shown.child("instance").child("storage_volumes"), "storage_volume") ==
        std::vector<std::string>{vol});
  auto snap = eve_creates(server, "/api/storage_snapshots?volume_id=" + vol);
  eve_creates(server, "/api/storage_volumes?snapshot_id=" + snap);
  CHECK(listed(server, "/api/storage_volumes") == 2);
  CHECK(listed(server, "/api/storage_snapshots") == 1);

  auto addr = eve_creates(server, "/api/addresses");
  CHECK(as_eve(server, "POST", "/api/addresses/" + addr + "/associate?instance_id=" + inst).status <
        300);
  CHECK(as_eve(server, "POST", "/api/addresses/" + addr + "/disassociate").status < 300);
  CHECK(as_eve(server, "DELETE", "/api/addresses/" + addr).status == 204);

  eve_creates(server, "/api/networks?name=eve-net&address_block=172.16.0.0/12");
  auto sub = eve_creates(server, "/api/subnets?network_id=eve-net&address_block=172.16.1.0/24");
  auto nic = eve_creates(server, "/api/network_interfaces?instance=" + inst + "&network=" + sub);
  CHECK(listed(server, "/api/networks") == 1);
  CHECK(listed(server, "/api/subnets") == 1);
  CHECK(listed(server, "/api/network_interfaces") == 1);
  CHECK(as_eve(server, "DELETE", "/api/network_interfaces/" + nic).status == 204);
  CHECK(as_eve(server, "DELETE", "/api/networks/eve-net").status == 204);

  auto fw = eve_creates(server, "/api/firewalls?name=eve-fw&description=mine");
  CHECK(as_eve(server, "POST",
               "/api/firewalls/" + fw + "/rules?protocol=tcp&port_from=80&port_to=80&group1=" + fw)
            .status == 201);
  auto in_fw = eve_creates(server, "/api/instances?image_id=img1&firewalls1=" + fw);

  auto lb = eve_creates(server,
                        "/api/load_balancers?name=eve-lb&realm_id=us&listener_protocol=HTTP&"
                        "listener_balancer_port=80&listener_instance_port=8080");
  CHECK(
      as_eve(server, "POST", "/api/load_balancers/" + lb + "/register?instance_id=" + inst).status <
      300);
  CHECK(as_eve(server, "POST", "/api/load_balancers/" + lb + "/unregister?instance_id=" + inst)
            .status < 300);
  CHECK(as_eve(server, "DELETE", "/api/load_balancers/" + lb).status == 204);

  eve_creates(server, "/api/buckets?name=eve-bucket");
  REQUIRE(as_eve(server, "PUT", "/api/buckets/eve-bucket/note", {}, "hello").status < 300);
  CHECK(as_eve(server, "GET", "/api/buckets/eve-bucket/note/content").body == "hello");
  CHECK(as_eve(server, "DELETE", "/api/buckets/eve-bucket/note").status == 204);
  CHECK(as_eve(server, "DELETE", "/api/buckets/eve-bucket").status == 204);

  // An image of eve's own is private to eve, launchable and destroyable by eve.
  REQUIRE(as_eve(server, "POST", "/api/images?instance_id=" + inst + "&name=eve-image").status ==
          201);
  CHECK(listed(server, "/api/images") == 4);
  CHECK(server.get_auth("/api/images/eve-image").status == 404);
  eve_creates(server, "/api/instances?image_id=eve-image");
  CHECK(as_eve(server, "DELETE", "/api/images/eve-image").status == 204);
  CHECK(as_eve(server, "GET", "/api/images/eve-image").status == 404);

  // Teardown of what remains, in order.
  for (auto& id : {keyed, in_fw})
    CHECK(as_eve(server, "POST", "/api/instances/" + id + "/stop").status < 300);
  CHECK(as_eve(server, "DELETE", "/api/instances/" + in_fw).status == 204);
  CHECK(as_eve(server, "DELETE", "/api/firewalls/" + fw).status == 204);
  CHECK(as_eve(server, "DELETE", "/api/keys/" + key).status == 204);
  CHECK(as_eve(server, "DELETE", "/api/storage_snapshots/" + snap).status == 204);
  // mockuser's seed data is all still there.
  CHECK(parse_xml(server.get_auth("/api/keys").body).child("keys").child("key"));
  CHECK(server.get_auth("/api/storage_volumes/vol1").status == 200);
}
