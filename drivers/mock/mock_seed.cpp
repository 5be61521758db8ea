#include "drivers/mock/mock_seed.hpp"

namespace dc::drivers::mock {

using engine::Address;
using engine::Image;
using engine::Instance;
using engine::InstanceState;
using engine::Key;
using engine::Realm;

std::vector<Realm> mock_realms() {
  return {Realm{"us", "United States", "AVAILABLE", "unlimited"},
          Realm{"eu", "Europe", "AVAILABLE", "unlimited"}};
}

std::vector<Image> seed_images() {
  const char* created = "Thu Oct 25 14:27:53 CEST 2012";
  return {
      Image{"img1", "img1", "Fedora 10", "fedoraproject", "x86_64", "AVAILABLE", created, "", {}},
      Image{"img2", "img2", "Fedora 10", "fedoraproject", "i386", "AVAILABLE", created, "", {}},
      Image{"img3", "img3", "JBoss", "mockuser", "i386", "AVAILABLE", created, "", {}},
  };
}

namespace {

MockInstance seed_instance(std::string id, std::optional<std::string> name, std::string image,
                           std::string realm, std::string profile) {
  Instance i;
  i.id = std::move(id);
  i.name = std::move(name);
  i.owner_id = "mockuser";
  i.image_id = image;
  i.realm_id = std::move(realm);
  i.state = InstanceState::running;
  i.hardware_profile_id = std::move(profile);
  i.create_image = true;
  return MockInstance{std::move(i), 0, {}};
}

}  // namespace

std::vector<MockInstance> seed_instances() {
  auto inst0 =
      seed_instance("inst0", "Mock Instance With Profile Change", "img1", "us", "m1-large");
  inst0.instance.profile_overrides = {{"memory", "12288"}};
  inst0.instance.public_addresses = {Address{"img1.inst0.public.com", "hostname", {}}};
  inst0.instance.private_addresses = {Address{"img1.inst0.private.com", "hostname", {}}};
  inst0.instance.network_interfaces = std::vector<std::string>{};

  auto inst1 = seed_instance("inst1", "MockUserInstance", "img3", "us", "m1-small");
  inst1.instance.public_addresses = {Address{"img1.inst1.public.com", "hostname", {}}};
  inst1.instance.private_addresses = {Address{"img1.inst1.private.com", "hostname", {}}};
  inst1.instance.network_interfaces = std::vector<std::string>{"nic1"};

  auto inst2 = seed_instance("inst2", "AnotherInstance", "img1", "us", "m1-large");
  inst2.instance.public_addresses = {Address{"img1.inst2.public.com", "hostname", {}}};
  inst2.instance.private_addresses = {Address{"img1.inst2.private.com", "hostname", {}}};

  auto inst3 = seed_instance("inst3", std::string{}, "img3", "eu", "m1-small");
  inst3.instance.public_addresses = {Address{"img3.inst3.public.com", "hostname", {}}};
  inst3.instance.private_addresses = {Address{"img3.inst3.private.com", "hostname", {}}};
  inst3.instance.create_image = false;
  inst3.instance.network_interfaces = std::vector<std::string>{"nicinst3"};
  inst3.instance.keyname = std::string{};

  return {inst0, inst1, inst2, inst3};
}

std::vector<MockVolume> seed_volumes() {
  auto volume = [](std::string id, std::string state, std::string instance, std::string device) {
    engine::StorageVolume v;
    v.id = std::move(id);
    v.created = "Thu Jul 30 14:35:11 UTC 2009";
    v.capacity = "1";
    v.realm_id = "us";
    v.state = std::move(state);
    v.instance_id = std::move(instance);
    v.device = std::move(device);
    return MockVolume{std::move(v), 0};
  };
  return {volume("vol1", "AVAILABLE", "", ""), volume("vol2", "AVAILABLE", "", ""),
          volume("vol3", "IN-USE", "inst1", "/dev/sda1")};
}

std::vector<engine::StorageSnapshot> seed_snapshots() {
  auto snapshot = [](std::string id, std::string volume) {
    return engine::StorageSnapshot{
        std::move(id), "", "", "COMPLETED", "Wed Jul 29 18:15:24 UTC 2009", std::move(volume)};
  };
  return {snapshot("snap1", "vol1"), snapshot("snap2", "vol2"), snapshot("snap3", "vol2")};
}

std::vector<engine::AllocatedAddress> seed_addresses() {
  std::vector<engine::AllocatedAddress> out;
  for (int i = 1; i <= 4; ++i) {
    auto ip = "192.168.0." + std::to_string(i);
    out.push_back({ip, ip, ""});
  }
  return out;
}

std::vector<engine::Network> seed_networks() {
  return {engine::Network{"net1", "network1", "UP", {"192.168.0.0/16"}, {}},
          engine::Network{"net2", "network2", "UP", {"10.0.0.0/8"}, {}}};
}

std::vector<engine::Subnet> seed_subnets() {
  return {engine::Subnet{"subnet1", "subnet1", "UP", "PRIVATE", "192.168.1.0/24", "net1"},
          engine::Subnet{"subnet2", "subnet2", "UP", "PRIVATE", "192.168.2.0/24", "net1"},
          engine::Subnet{"subnet3", "subnet3", "UP", "PRIVATE", "10.1.0.0/16", "net2"},
          engine::Subnet{"subnet4", "subnet4", "UP", "PRIVATE", "10.2.0.0/16", "net2"}};
}

std::vector<engine::NetworkInterface> seed_network_interfaces() {
  return {engine::NetworkInterface{"nic1", "nic1", "inst1", "subnet1", "", "192.168.1.2"},
          engine::NetworkInterface{"nicinst3", "nicinst3", "inst3", "net1", "subnet2",
                                   "192.168.2.189"}};
}

std::vector<engine::Firewall> seed_firewalls() {
  // Not in the original mock: seeded so that the collection is never empty.
  engine::FirewallRule ssh{"rule1",
                           "tcp",
                           "22",
                           "22",
                           "ingress",
                           "accept",
                           {engine::RuleSource{"address", "0.0.0.0", "0", "ipv4", "", ""}}};
  engine::FirewallRule web{"rule2",
                           "tcp",
                           "80",
                           "80",
                           "ingress",
                           "accept",
                           {engine::RuleSource{"group", "", "", "", "default", "mockuser"}}};
  return {engine::Firewall{
      "default", "default", "Default firewall: ssh from anywhere", "mockuser", {ssh, web}}};
}

std::vector<engine::LoadBalancer> seed_load_balancers() {
  // Not in the original mock: seeded so that the collection is never empty.
  return {engine::LoadBalancer{"lb1",
                               "us",
                               "Thu Jul 30 14:35:11 UTC 2009",
                               {"lb1.us.loadbalancer.mock"},
                               {engine::Listener{"HTTP", "80", "8080"}},
                               {"inst1"}}};
}

std::vector<Key> seed_keys() {
  Key k;
  k.id = "test-key";
  k.name = "test-key";
  k.credential_type = "key";
  k.fingerprint = "5e:ce:b6:dc:59:3b:5c:93:f8:2e:9d:20:ce:60:ca:f5:0b:8a:66:93";
  k.pem = R"PEM(
-----BEGIN RSA PRIVATE KEY-----
P9mRXOY7p2SmMzTGA6dwKxUp1NB8LNCIJ7sMGgAljsf=ToAi9qn9myx0EQJkE8FZ8FigUIMHS/T
8EwP7Ayjztb8dczbC6sb/Ep2UWcegNUVHimyHstaEaO/3dCaFwLJ/kw=laAfLQAVj4sIr8EHDTg
/BFkgmwTAYlS/ybkEfO9J7AJlY6/agwYzDWp+VGAD9rMsl2EkkbkWdoTX4Aob9RqyHaFi2m1AAw
2nhhqYpa1W4H=PJvyBcsXT3JynowSI8rTvo41oVwgSzv7YofGP0yV7BePm5pXZUUP2ZMByxbAUv
jvYRN/cMHbC6RW1ezR3uehCKdKFRXLTkoivoGj4ugrKgOwQP0HWI2orx/NW+6vYBxyCKiTJPZcK
x4BlRrlgvPST/7eaFv7/5Pqc3jWcp+bRC0qyYqQT9iq3gGNoc4ABFTI7zCeZ3p9tK8oje5fWo5m
54P32hVGeBjfqT/MrEYbY5gbJU6LejCj7x6Ozlp4iHQtrYNhiZ0iP0W3nRhVFQHamKx9aoBXyeg
LLGxBOr+TfaeeBXRkXiaMuWoyPSzUQwWmaJhm0sjHf7e/iKiUggZkOHQ/eF9MWI4M+4wvyepfS0
5vl2Ql/2rXv+Mx+c4cx1fjBhRrMPcGKmHGjNMjPyamTrlqueFRJYP45AYABP2U2AsNxoPfEG0qu
ki3DJOeC5x/03nODd=hQLzfdiQ3Yyt0GMw1EQN96cPaRtnjr3U4/ngxt0Fi6o7Z8E2+Uh5t4n8D
h0exXCOlOi9BDsJJz677mga/=5Sin/4Cw8=D8O1FHrWoA4ZQbWFE71F=/29PM90RHJf2bjgk2WF
piltKwVfGAxPOTcpmf=J+V3NHgT/EawMPHuEmwgNvx6smDBUgJaw0QYX/XG5xuiQ7HTkffJN6Cm
6D4WCJPZUvO1r+v=T9v7Qu4j9ue/l2WwVZuvQsVD67jpzq2R72EHna6rcwwyMcdAlwikP9nzJIL
Ale7hQAWHIEeAvAxtwxEMSfTkuLQcD=i0ORysmInDxdORw4ue2YThj2Id/jmUy6IiEqMYeVpiRq
6spq2ukt=+HHn6aBcYWbsD=e8/wOk0X0=ixZ0HF+xqYgsiiAk==rA4QEgrf+5djbIRZk1wegeIO
po/HZdF4qk32cKBjrrel2AzxfZeGxWNX7ObAE4HACXi3eSdcnm1fIHsoSC+1eDqFkfAIve3Dj/a
afZxrda6zzp3g6IPcHAqleCn7XNcS0v5tk4Fag8Wr5Wq7IipRfixAs+GESGiyugeRvZWN2mtDOL
CGHGGAbpvplw2vjdryVyj7P6bVcwLNgl0t1ufZBaGRBpyontJ1/UQQMew7e2lW=EZr/GxHke8HN
X5vIw9ssx8=LL00fxAuX9SRdcrtVyTYGXORXe9NnldXjBXmLPgwqJAjoBTjTBQxzrQOtdla=/yw
MsDlFWumPz1HAFw7R5zS2VCHrwkLDm=h7k3y+fUvYOx6IYf+MmevANuJT+2qY6s/ilTBNDYq6jJ
8LYpsBo4XpQm1ZleFCIyRldHfmaC5EMxkVQVqCV7X9I6JgzDEetUre25LQTpDa31M=ucVHNWlT+
6rjiLETNeMTWGcuIkLPe/PElmp4llKeFi6g2=E2AKeSDzNycr5eXHEnBuKfEnENXXo6n-----END RSA PRIVATE KEY-----)PEM";
  k.pem.erase(0, 1);  // the raw string starts with a newline for readability
  return {k};
}

std::vector<engine::Bucket> seed_buckets() {
  return {{"bucket1", "bucket1", {}}, {"bucket2", "bucket2", {}}};
}

std::vector<std::pair<engine::Blob, std::string>> seed_blobs_with_content() {
  auto blob = [](const char* id, const char* bucket, const char* type, const char* modified,
                 engine::BlobMetadata meta, std::string content) {
    engine::Blob b;
    b.id = id;
    b.bucket = bucket;
    b.content_length = content.size();
    b.content_type = type;
    b.last_modified = modified;
    b.user_metadata = std::move(meta);
    return std::pair{std::move(b), std::move(content)};
  };
  return {
      blob("blob1", "bucket1", "text/plain", "2010-09-23 16:44:54 +0100",
           {{"SOMENEWKEY", "NEWVALUE"}}, "content of blob 1"),
      blob("blob2", "bucket1", "text/html", "2010-09-23 16:55:05 +0100", {{"VERSION", "1.2"}},
           "<html><head></head><body>content of blob 2</body></html>"),
      blob("blob3", "bucket1", "text/plain", "2010-08-14 02:14:31 +0100", {}, "content of blob 3"),
      blob("blob4", "bucket2", "application/octet-stream", "2010-09-21 06:17:24 +0100",
           {{"some", "value"}}, "content of blob 4"),
      blob("blob5", "bucket2", "application/pdf", "2009-07-21 11:12:13 +0100", {},
           "content of blob 5"),
  };
}

}  // namespace dc::drivers::mock
