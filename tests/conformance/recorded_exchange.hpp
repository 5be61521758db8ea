#pragma once
// The exchanges recorded in 2013 between a Deltacloud client and the original server's mock
// driver (VCR cassettes in ../shared/fixtures/deltacloud-mock-exchanges/): what was asked and
// what the original answered, read with yaml-cpp.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"

namespace dc::test {

struct RecordedExchange {
  std::string method;  // upper case
  std::string target;  // path and query, the host dropped
  Headers headers;     // Accept, Authorization and X-Deltacloud-* as sent
  int status = 0;
  std::string media_type;  // of the answer, without parameters; empty when it had no body
  std::string body;
};

struct Cassette {
  std::string name;  // file name
  std::vector<RecordedExchange> exchanges;
};

/// Every cassette of `dir`, by file name; the cleanup cassette (which refers to instances the
/// others made) last.
std::vector<Cassette> load_cassettes(const std::filesystem::path& dir);

/// The shape of an XML answer as a set of facts that do not depend on hosts, dates or order:
/// `path` of each element, `path@attr` of each attribute, and the values that a client reads
/// as identity and state: `path@id=...`, `path@rel=...` of links, `path=...` of `state`
/// elements. An answer that is not XML has no shape.
std::set<std::string> xml_shape(const std::string& body);

}  // namespace dc::test
