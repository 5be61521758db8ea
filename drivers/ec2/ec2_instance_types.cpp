#include "drivers/ec2/ec2_instance_types.hpp"

#include <string>

namespace dc::drivers::ec2 {

namespace {

struct TypeFacts {
  const char* id;
  const char* cpu;      // vCPUs
  const char* memory;   // MiB
  const char* storage;  // GB of instance store; empty for EBS-only types
  const char* architecture;
};

// From AWS's instance type pages; a type missing here is refused by the API before EC2 is
// asked (add it here).
constexpr TypeFacts facts[] = {
    {"m1.small", "1", "1740.8", "160", "x86_64"},  // the original driver's default
    {"t2.nano", "1", "512", "", "x86_64"},        {"t2.micro", "1", "1024", "", "x86_64"},
    {"t2.small", "1", "2048", "", "x86_64"},      {"t2.medium", "2", "4096", "", "x86_64"},
    {"t2.large", "2", "8192", "", "x86_64"},      {"t3.micro", "2", "1024", "", "x86_64"},
    {"t3.small", "2", "2048", "", "x86_64"},      {"t3.medium", "2", "4096", "", "x86_64"},
    {"t3.large", "2", "8192", "", "x86_64"},      {"t4g.micro", "2", "1024", "", "arm64"},
    {"t4g.small", "2", "2048", "", "arm64"},      {"m5.large", "2", "8192", "", "x86_64"},
    {"m5.xlarge", "4", "16384", "", "x86_64"},    {"m5.2xlarge", "8", "32768", "", "x86_64"},
    {"m5d.large", "2", "8192", "75", "x86_64"},   {"m6g.large", "2", "8192", "", "arm64"},
    {"c5.large", "2", "4096", "", "x86_64"},      {"c5.xlarge", "4", "8192", "", "x86_64"},
    {"r5.large", "2", "16384", "", "x86_64"},
};

}  // namespace

const std::vector<engine::HardwareProfile>& ec2_instance_types() {
  static const std::vector<engine::HardwareProfile> types = [] {
    std::vector<engine::HardwareProfile> out;
    for (auto& f : facts) {
      engine::HardwareProfile p{f.id, f.id, {}};
      p.properties.push_back(engine::fixed_property("cpu", f.cpu));
      p.properties.push_back(engine::fixed_property("memory", f.memory));
      if (*f.storage) p.properties.push_back(engine::fixed_property("storage", f.storage));
      p.properties.push_back(engine::fixed_property("architecture", f.architecture));
      out.push_back(std::move(p));
    }
    return out;
  }();
  return types;
}

}  // namespace dc::drivers::ec2
