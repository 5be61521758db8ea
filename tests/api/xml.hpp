#pragma once
// Parsing answers in API tests.

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <string>

namespace dc::test {

/// The parsed document. Keep it alive while using its nodes: a node of a temporary dangles.
inline pugi::xml_document parse_xml(const std::string& body) {
  pugi::xml_document doc;
  auto ok = doc.load_string(body.c_str());
  INFO(body);
  REQUIRE(ok);
  return doc;
}

}  // namespace dc::test
