#pragma once
// A small streaming JSON writer: commas and escaping handled, nothing else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dc::engine {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view{v}); }
  JsonWriter& value(const std::string& v) { return value(std::string_view{v}); }
  JsonWriter& value(bool v);
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& null();
  /// key + value in one call.
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// key + value, or key + null when the value is empty or absent.
  JsonWriter& nullable(std::string_view k, const std::string& v) {
    key(k);
    return v.empty() ? null() : value(v);
  }
  JsonWriter& nullable(std::string_view k, const std::optional<std::string>& v) {
    key(k);
    return v ? value(*v) : null();
  }

  std::string finish() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  std::vector<bool> first_{true};
  bool after_key_ = false;
};

/// `"text"` with JSON escapes; invalid UTF-8 and control characters become U+FFFD.
std::string json_quote(std::string_view text);

}  // namespace dc::engine
