#include "api/negotiation.hpp"

#include <cctype>
#include <cstdlib>

#include "api/http_message.hpp"

namespace dc::api {

namespace {

struct MediaRange {
  std::string type;
  double q = 1.0;
  std::size_t position = 0;
};

std::vector<MediaRange> parse_accept(std::string_view header) {
  std::vector<MediaRange> out;
  std::size_t position = 0;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    MediaRange range;
    auto semi = item.find(';');
    range.type = to_lower(trim(item.substr(0, semi)));
    while (semi != std::string_view::npos) {
      item = item.substr(semi + 1);
      semi = item.find(';');
      auto param = to_lower(trim(item.substr(0, semi)));
      if (param.rfind("q=", 0) == 0) range.q = std::atof(param.c_str() + 2);
    }
    if (range.type.empty()) continue;
    range.position = position++;
    out.push_back(std::move(range));
  }
  return out;
}

std::vector<std::string_view> media_types(Format f) {
  switch (f) {
    case Format::xml:
      return {"application/xml", "text/xml"};
    case Format::json:
      return {"application/json"};
    case Format::gv:
      return {"application/ghostscript"};
  }
  return {};
}

}  // namespace

const char* content_type(Format format) {
  switch (format) {
    case Format::xml:
      return "application/xml";
    case Format::json:
      return "application/json";
    case Format::gv:
      return "application/ghostscript";
  }
  return "application/xml";
}

std::optional<Format> negotiate(const std::optional<std::string>& format_param,
                                const std::string* accept, const std::vector<Format>& supported) {
  auto supports = [&](Format f) {
    for (auto s : supported)
      if (s == f) return true;
    return false;
  };
  if (format_param) {
    std::optional<Format> wanted;
    if (*format_param == "xml")
      wanted = Format::xml;
    else if (*format_param == "json")
      wanted = Format::json;
    else if (*format_param == "gv")
      wanted = Format::gv;
    if (wanted && supports(*wanted)) return wanted;
    return std::nullopt;
  }
  if (!accept || to_lower(trim(*accept)).empty()) {
    if (supports(Format::xml)) return Format::xml;
    return supported.empty() ? std::nullopt : std::optional<Format>{supported.front()};
  }
  auto ranges = parse_accept(*accept);
  // Best explicit match: highest q, then latest in the header (as the original sorts).
  std::optional<Format> best;
  double best_q = 0;
  std::size_t best_pos = 0;
  for (auto f : supported) {
    for (auto& r : ranges) {
      bool match = false;
      for (auto t : media_types(f)) match = match || r.type == t;
      if (!match || r.q <= 0) continue;
      if (!best || r.q > best_q || (r.q == best_q && r.position > best_pos)) {
        best = f;
        best_q = r.q;
        best_pos = r.position;
      }
    }
  }
  if (best) return best;
  // Only wildcards: the route's first format (XML for documents).
  for (auto& r : ranges) {
    if (r.q <= 0) continue;
    if (r.type == "*/*" || r.type == "application/*") return supported.front();
    if (r.type == "text/*" && supports(Format::xml)) return Format::xml;
  }
  return std::nullopt;
}

}  // namespace dc::api
