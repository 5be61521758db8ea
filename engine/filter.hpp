#pragma once
// filter_on: narrows a list to the objects whose attribute equals a requested value; an absent
// or empty request keeps everything (as the original's list filters do).

#include <optional>
#include <string>
#include <vector>

namespace dc::engine {

template <class T, class Attribute>
std::vector<T> filter_on(std::vector<T> objects, const std::optional<std::string>& wanted,
                         Attribute attribute) {
  if (!wanted || wanted->empty()) return objects;
  std::vector<T> out;
  for (auto& o : objects)
    if (attribute(o) == *wanted) out.push_back(std::move(o));
  return out;
}

}  // namespace dc::engine
