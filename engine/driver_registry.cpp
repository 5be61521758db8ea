#include "engine/driver_registry.hpp"

#include <algorithm>

namespace dc::engine {

DriverRegistry& DriverRegistry::global() {
  static DriverRegistry registry;
  return registry;
}

void DriverRegistry::add(DriverEntry entry) {
  entries_.push_back(std::move(entry));
}

const DriverEntry* DriverRegistry::find(const std::string& id) const {
  for (auto& e : entries_)
    if (e.id == id) return &e;
  return nullptr;
}

std::vector<const DriverEntry*> DriverRegistry::all() const {
  std::vector<const DriverEntry*> out;
  for (auto& e : entries_) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return out;
}

}  // namespace dc::engine
