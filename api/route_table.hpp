#pragma once
// The API's routes: method, path pattern under /api, formats, the collection whose capability
// they need, whether they need credentials, and their required parameters.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/exchange.hpp"
#include "engine/driver_info.hpp"

namespace dc::api {

struct Route {
  std::string method;                // GET, POST, PUT, DELETE, HEAD (when it differs from GET)
  std::vector<std::string> pattern;  // segments after `api`; `:name` captures
  std::vector<Format> formats{Format::xml, Format::json};
  std::optional<engine::Collection> collection;  // 412 when the driver does not serve it
  bool needs_credentials = false;
  std::vector<std::string> required;  // 400 when missing
  std::function<void(const ExchangePtr&)> handler;
};

class RouteTable {
 public:
  void add(Route route) { routes_.push_back(std::move(route)); }
  /// The route for `method` and `segments` (after `api`), filling `captures`.
  const Route* match(const std::string& method, const std::vector<std::string>& segments,
                     std::map<std::string, std::string>& captures) const;
  /// The route declared with exactly this method and pattern.
  const Route* find(const std::string& method, const std::vector<std::string>& pattern) const;
  /// True when some route matches the path with any method.
  bool path_known(const std::vector<std::string>& segments) const;
  /// The distinct methods of the routes of `segments` and of its children (OPTIONS answers).
  std::vector<std::string> methods_for(const std::vector<std::string>& segments) const;

 private:
  std::vector<Route> routes_;
};

/// Adds the routes of every route file. Each collection's routes live in a file of their own,
/// `api/routes_<name>.cpp`, which defines `void add_routes_<name>(RouteTable& table)`; the build
/// finds the files and generates this function's calls to them (api/all_routes.cpp.in), so a
/// new route file is served without being named anywhere else.
void add_all_routes(RouteTable& table);

}  // namespace dc::api
