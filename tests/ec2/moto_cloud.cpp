#include "tests/ec2/moto_cloud.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

#include <future>
#include <memory>

#include "drivers/ec2/ec2_query.hpp"

namespace dc::test {

std::string unique_name(const std::string& what) {
  // The time too: moto may outlive a run (DC_MOTO_ENDPOINT), and a pid comes back.
  static const auto started = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  static int counter = 0;
  return "dc-" + what + "-" + std::to_string(started) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(++counter);
}

std::string linux_image(Ec2Server& server) {
  auto r = server.get("/api/images?architecture=x86_64");
  REQUIRE(r.status == 200);
  auto doc = parse_xml(r.body);
  for (auto image : doc.child("images").children("image")) {
    std::string name = image.child_value("name");
    if (name.find("Windows") == std::string::npos) return image.attribute("id").value();
  }
  FAIL("moto lists no x86_64 image that is not Windows");
  return {};
}

std::string instance_state(Ec2Server& server, const std::string& id) {
  auto r = server.get("/api/instances/" + id);
  if (r.status != 200) return "HTTP " + std::to_string(r.status);
  return parse_xml(r.body).child("instance").child_value("state");
}

std::string InstancesMade::keep(const Response& created) {
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto doc = parse_xml(created.body);
  std::string id = doc.child("instance").attribute("id").value();
  REQUIRE(!id.empty());
  ids_.push_back(id);
  return id;
}

InstancesMade::~InstancesMade() {
  for (auto& id : ids_) server_.del("/api/instances/" + id);  // 404 when the test did it
}

std::vector<std::string> moto_instances_tagged(const std::string& key, const std::string& value) {
  static const engine::SystemClock clock;
  drivers::ec2::Ec2Query query{{moto_endpoint(), "us-east-1"}, clock};
  auto answered =
      std::make_shared<std::promise<engine::Result<drivers::ec2::Ec2Query::Document>>>();
  auto answer = answered->get_future();
  auto user = moto_user();
  query.call({user.access_key, user.secret}, "DescribeInstances",
             {{"Filter.1.Name", "tag:" + key}, {"Filter.1.Value.1", value}},
             [answered](auto r) { answered->set_value(std::move(r)); });
  REQUIRE(answer.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
  auto r = answer.get();
  REQUIRE(r.ok());
  std::vector<std::string> ids;
  for (auto item : r.value()->select_nodes("//instancesSet/item"))
    if (std::string{item.node().child("instanceState").child_value("name")} != "terminated")
      ids.emplace_back(item.node().child_value("instanceId"));
  return ids;
}

}  // namespace dc::test
