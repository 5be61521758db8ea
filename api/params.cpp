#include "api/params.hpp"

#include <cctype>

#include "api/http_message.hpp"

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
  std::string delimiter = "--" + std::string{boundary};
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) return false;
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return true;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return false;
    pos += 2;
    auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return false;
    auto head = body.substr(pos, head_end - pos);
    auto content_start = head_end + 4;
    auto next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) return false;
    auto content = body.substr(content_start, next - content_start);
    std::string name;
    while (!head.empty()) {
      auto eol = head.find("\r\n");
      auto line = head.substr(0, eol);
      head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      if (!iequals(trim(line.substr(0, colon)), "Content-Disposition")) continue;
      // `name="..."`, not the tail of `filename="..."`.
      auto npos = line.find("name=\"");
      while (npos != std::string_view::npos && npos > 0 && line[npos - 1] != ' ' &&
             line[npos - 1] != ';')
        npos = line.find("name=\"", npos + 1);
      if (npos == std::string_view::npos) continue;
      auto rest = line.substr(npos + 6);
      name = std::string{rest.substr(0, rest.find('"'))};
    }
    if (!name.empty()) into.add(name, std::string{content});
    pos = next + 2 + delimiter.size();
  }
}

}  // namespace dc::api
