#include "api/route_table.hpp"

#include <algorithm>

namespace dc::api {

namespace {

bool matches(const Route& r, const std::vector<std::string>& segments,
             std::map<std::string, std::string>* captures) {
  if (r.pattern.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    auto& p = r.pattern[i];
    if (!p.empty() && p[0] == ':') {
      if (segments[i].empty()) return false;
      if (captures) (*captures)[p.substr(1)] = segments[i];
    } else if (p != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

const Route* RouteTable::match(const std::string& method, const std::vector<std::string>& segments,
                               std::map<std::string, std::string>& captures) const {
  // Literal segments win over captures (`/instances/new` style helpers, `/api/drivers`).
  const Route* best = nullptr;
  int best_literals = -1;
  for (auto& r : routes_) {
    if (r.method != method) continue;
    std::map<std::string, std::string> c;
    if (!matches(r, segments, &c)) continue;
    int literals = static_cast<int>(std::count_if(
        r.pattern.begin(), r.pattern.end(), [](auto& p) { return p.empty() || p[0] != ':'; }));
    if (literals > best_literals) {
      best = &r;
      best_literals = literals;
      captures = std::move(c);
    }
  }
  return best;
}

const Route* RouteTable::find(const std::string& method,
                              const std::vector<std::string>& pattern) const {
  for (auto& r : routes_)
    if (r.method == method && r.pattern == pattern) return &r;
  return nullptr;
}

bool RouteTable::path_known(const std::vector<std::string>& segments) const {
  for (auto& r : routes_)
    if (matches(r, segments, nullptr)) return true;
  return false;
}

std::vector<std::string> RouteTable::methods_for(const std::vector<std::string>& segments) const {
  std::vector<std::string> out{"OPTIONS"};
  for (auto& r : routes_) {
    if (r.method == "OPTIONS" || r.pattern.empty() || segments.empty()) continue;
    if (r.pattern.front() != segments.front()) continue;
    if (std::find(out.begin(), out.end(), r.method) == out.end()) out.push_back(r.method);
  }
  return out;
}

}  // namespace dc::api
