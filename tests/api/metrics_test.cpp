#include <catch2/catch.hpp>

#include "tests/support/test_server.hpp"
#include "tests/support/xml.hpp"

using namespace dc::test;

TEST_CASE("metrics list one metric per instance, with empty properties") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/metrics").body);
  std::vector<std::string> ids;
  for (auto m : doc.child("metrics").children("metric")) ids.push_back(m.attribute("id").value());
  CHECK(ids == std::vector<std::string>{"inst0", "inst1", "inst2", "inst3"});
  auto inst0 = doc.child("metrics").child("metric");
  CHECK(std::string{inst0.child_value("entity")} == "Mock Instance With Profile Change");
  CHECK(inst0.child("name").empty());
  std::vector<std::string> names;
  for (auto p : inst0.child("properties").children()) {
    names.push_back(p.name());
    CHECK(p.first_child().empty());
  }
  CHECK(names.front() == "cpuUtilization");
  CHECK(names.size() == 9);
  CHECK(std::string{doc.child("metrics")
                        .find_child_by_attribute("metric", "id", "inst3")
                        .child_value("entity")} == "inst3");  // no name: the id
}

TEST_CASE("a metric shows six plausible samples per property") {
  TestServer server;
  auto doc = parse_xml(server.get_auth("/api/metrics/inst1").body);
  auto metric = doc.child("metric");
  CHECK(std::string{metric.attribute("id").value()} == "inst1");
  auto cpu = metric.child("properties").child("cpuUtilization");
  int samples = 0;
  for (auto s : cpu.children("sample")) {
    ++samples;
    auto value = [&](const char* n) {
      return std::stod(s.find_child_by_attribute("property", "name", n).attribute("value").value());
    };
    CHECK(value("minimum") <= value("average"));
    CHECK(value("average") <= value("maximum"));
    CHECK(value("maximum") < 1.0);  // a percentage as a fraction
    CHECK(std::string{
              s.find_child_by_attribute("property", "name", "unit").attribute("value").value()} ==
          "Percent");
  }
  CHECK(samples == 6);
  auto bytes = metric.child("properties").child("nicInputByte").child("sample");
  CHECK(std::string{
            bytes.find_child_by_attribute("property", "name", "unit").attribute("value").value()} ==
        "Bytes");
  auto json = server.get_auth("/api/metrics/inst1?format=json").body;
  CHECK(json.find("{\"name\":\"cpuUtilization\",\"values\":[{\"minimum\":") != std::string::npos);
  CHECK(server.get_auth("/api/metrics?format=json").body.find("\"values\":null") !=
        std::string::npos);
  CHECK(server.get_auth("/api/metrics/inst99").status == 404);
  CHECK(server.get("/api/metrics").status == 401);
}
