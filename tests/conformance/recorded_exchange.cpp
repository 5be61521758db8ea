#include "tests/conformance/recorded_exchange.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <pugixml.hpp>

namespace dc::test {

namespace {

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// `http://localhost:3001/api/x?y` → `/api/x?y`.
std::string target_of(const std::string& uri) {
  auto scheme = uri.find("://");
  if (scheme == std::string::npos) return uri;
  auto path = uri.find('/', scheme + 3);
  return path == std::string::npos ? "/" : uri.substr(path);
}

RecordedExchange read_exchange(const YAML::Node& interaction) {
  RecordedExchange e;
  auto request = interaction["request"];
  e.method = upper(request["method"].as<std::string>());
  e.target = target_of(request["uri"].as<std::string>());
  for (auto header : request["headers"]) {
    auto name = header.first.as<std::string>();
    if (name == "Accept" || name == "Authorization" || name.rfind("X-Deltacloud-", 0) == 0)
      for (auto value : header.second) e.headers.emplace_back(name, value.as<std::string>());
  }
  auto response = interaction["response"];
  e.status = response["status"]["code"].as<int>();
  if (auto type = response["headers"]["content-type"]) {
    auto text = type[0].as<std::string>();
    e.media_type = text.substr(0, text.find(';'));
  }
  e.body = response["body"]["string"].as<std::string>("");
  return e;
}

void add_shape(const pugi::xml_node& node, const std::string& parent, std::set<std::string>& out) {
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    auto path = parent + "/" + child.name();
    out.insert(path);
    for (auto attribute : child.attributes()) {
      std::string name = attribute.name();
      out.insert(path + "@" + name);
      if (name == "id" || (name == "rel" && std::string_view{child.name()} == "link"))
        out.insert(path + "@" + name + "=" + attribute.value());
    }
    if (std::string_view{child.name()} == "state") out.insert(path + "=" + child.text().get());
    add_shape(child, path, out);
  }
}

}  // namespace

std::vector<Cassette> load_cassettes(const std::filesystem::path& dir) {
  std::vector<Cassette> cassettes;
  for (auto& entry : std::filesystem::directory_iterator{dir}) {
    if (entry.path().extension() != ".yml") continue;
    Cassette cassette{entry.path().filename().string(), {}};
    auto root = YAML::LoadFile(entry.path().string());
    for (auto interaction : root["http_interactions"])
      cassette.exchanges.push_back(read_exchange(interaction));
    cassettes.push_back(std::move(cassette));
  }
  auto cleanup_last = [](const Cassette& a, const Cassette& b) {
    bool a_cleanup = a.name.rfind("instances_cleanup", 0) == 0;
    bool b_cleanup = b.name.rfind("instances_cleanup", 0) == 0;
    return a_cleanup != b_cleanup ? b_cleanup : a.name < b.name;
  };
  std::sort(cassettes.begin(), cassettes.end(), cleanup_last);
  return cassettes;
}

std::set<std::string> xml_shape(const std::string& body) {
  std::set<std::string> shape;
  pugi::xml_document doc;
  if (body.empty() || !doc.load_buffer(body.data(), body.size())) return shape;
  add_shape(doc, "", shape);
  return shape;
}

}  // namespace dc::test
