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
  // The methods of the path's own routes and of its direct children (`/api/buckets` lists the
  // bucket operations, `/api/buckets/b1` those of the blobs under it), in definition order.
  std::vector<std::string> out{"OPTIONS"};
  auto n = segments.size();
  for (auto& r : routes_) {
    if (r.method == "OPTIONS" || n == 0) continue;
    if (r.pattern.size() < n || r.pattern.size() > n + 1) continue;
    bool prefix = true;
    for (std::size_t i = 0; i < n && prefix; ++i) {
      auto& p = r.pattern[i];
      prefix = (!p.empty() && p[0] == ':') ? !segments[i].empty() : p == segments[i];
    }
    if (!prefix) continue;
    if (std::find(out.begin(), out.end(), r.method) == out.end()) out.push_back(r.method);
  }
  return out;
}

}  // namespace dc::api
