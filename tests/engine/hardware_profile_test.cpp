#include <catch2/catch.hpp>

#include "engine/hardware_profile.hpp"

using namespace dc::engine;

namespace {

HardwareProfile large() {
  return HardwareProfile{
      "m1-large",
      "m1-large",
      {range_property("cpu", "1", "6"), range_property("memory", "7680", "15360", "10240"),
       enum_property("storage", {"850", "1024"}), fixed_property("architecture", "x86_64")}};
}

}  // namespace

TEST_CASE("properties carry their unit and default") {
  auto p = large();
  CHECK(p.property("cpu")->unit() == "count");
  CHECK(p.property("memory")->unit() == "MB");
  CHECK(p.property("storage")->unit() == "GB");
  CHECK(p.property("architecture")->unit() == "label");
  CHECK(p.property("cpu")->value == "1");
  CHECK(p.property("memory")->value == "10240");
  CHECK(p.property("storage")->value == "850");
}

TEST_CASE("a requested value inside a range is accepted, outside is a 400") {
  auto p = large();
  CHECK_FALSE(p.validate("memory", "8192").has_value());
  CHECK_FALSE(p.validate("memory", "15360").has_value());
  auto e = p.validate("memory", "16000");
  REQUIRE(e.has_value());
  CHECK(http_status(e->kind) == 400);
  CHECK(p.validate("cpu", "many").has_value());
}

TEST_CASE("enum and fixed properties accept only their values") {
  auto p = large();
  CHECK_FALSE(p.validate("storage", "1024").has_value());
  CHECK(p.validate("storage", "900").has_value());
  CHECK_FALSE(p.validate("architecture", "x86_64").has_value());
  CHECK(p.validate("architecture", "i386").has_value());
}

TEST_CASE("numbers compare by value, not by spelling") {
  auto small = HardwareProfile{"m1-small", "m1-small", {fixed_property("memory", "1740.8")}};
  CHECK_FALSE(small.validate("memory", "1740.80").has_value());
}

TEST_CASE("an unknown property is refused; the opaque profile accepts anything") {
  CHECK(large().validate("gpu", "1").has_value());
  HardwareProfile opaque{"opaque", "opaque", {}};
  CHECK(opaque.is_opaque());
  CHECK_FALSE(opaque.validate("memory", "123456").has_value());
}

TEST_CASE("profiles are listed by default cpu and memory, opaque ones last") {
  std::vector<HardwareProfile> profiles{
      HardwareProfile{"opaque", "opaque", {}},
      HardwareProfile{"big", "big", {fixed_property("cpu", "4"), fixed_property("memory", "100")}},
      large(),
      HardwareProfile{
          "small", "small", {fixed_property("cpu", "1"), fixed_property("memory", "1740.8")}},
  };
  auto ordered = api_order(profiles);
  std::vector<std::string> ids;
  for (auto& p : ordered) ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"small", "m1-large", "big", "opaque"});
}

TEST_CASE("numbers print as the original server printed them") {
  CHECK(format_number(1740.8) == "1740.8");
  CHECK(format_number(160) == "160");
}
