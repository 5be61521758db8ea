#pragma once
// Parsing XML answers in tests.

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <string>
#include <vector>

namespace dc::test {

/// The parsed document. Keep it alive while using its nodes: a node of a temporary dangles.
inline pugi::xml_document parse_xml(const std::string& body) {
  pugi::xml_document doc;
  auto ok = doc.load_string(body.c_str());
  INFO(body);
  REQUIRE(ok);
  return doc;
}

/// The `id` attributes of the `element` children of `root`, in order.
inline std::vector<std::string> ids(const pugi::xml_node& root, const char* element) {
  std::vector<std::string> out;
  for (auto n : root.children(element)) out.push_back(n.attribute("id").value());
  return out;
}

}  // namespace dc::test
