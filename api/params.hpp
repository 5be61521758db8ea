#pragma once
// Request parameters: from the query string, urlencoded bodies and multipart bodies alike,
// merged in that order; the first value of a name wins.

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc::api {

class Params {
 public:
  void add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  std::optional<std::string> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  /// Names of all parameters, comma-joined (for "not found in [...]" messages).
  std::string names() const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

/// `text` as a whole number of type T, nothing when it is not one (or does not fit).
template <class T>
std::optional<T> parse_whole(std::string_view text) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

/// Decodes %XX escapes (and `+` as space when `plus_is_space`). Invalid escapes stay as sent.
std::string percent_decode(std::string_view text, bool plus_is_space);
/// Parses `a=1&b=2` (query strings and urlencoded bodies) into `into`.
void parse_urlencoded(std::string_view text, Params& into);
/// Parses a multipart/form-data body with the given boundary; false when it is malformed.
bool parse_multipart(std::string_view body, std::string_view boundary, Params& into);
/// The `boundary` parameter of a multipart Content-Type, if any.
std::optional<std::string> multipart_boundary(std::string_view content_type);

}  // namespace dc::api
