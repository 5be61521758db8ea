#include "api/params.hpp"

#include <cctype>

#include "api/http_message.hpp"
#include "api/multipart_reader.hpp"

namespace dc::api {

std::optional<std::string> Params::get(std::string_view name) const {
  for (auto& [k, v] : items_)
    if (k == name) return v;
  return std::nullopt;
}

std::string Params::names() const {
  std::string out;
  for (auto& [k, v] : items_) out += (out.empty() ? "" : ", ") + k;
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (c == '+' && plus_is_space) ? ' ' : c;
  }
  return out;
}

void parse_urlencoded(std::string_view text, Params& into) {
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    auto value =
        eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true);
    if (!name.empty()) into.add(std::move(name), std::move(value));
  }
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto pos = content_type.find("boundary=");
  if (pos == std::string_view::npos) return std::nullopt;
  auto value = content_type.substr(pos + 9);
  if (auto semi = value.find(';'); semi != std::string_view::npos) value = value.substr(0, semi);
  value = trim(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  if (value.empty()) return std::nullopt;
  return std::string{value};
}

bool parse_multipart(std::string_view body, std::string_view boundary, Params& into) {
  std::string name, value;
  MultipartReader reader{boundary,
                         {[&](const PartHead& head) {
                            name = head.name;
                            value.clear();
                          },
                          [&](const char* data, std::size_t size) { value.append(data, size); },
                          [&] {
                            if (!name.empty()) into.add(name, value);
                          }}};
  reader.feed(body.data(), body.size());
  return reader.finish();
}

}  // namespace dc::api
