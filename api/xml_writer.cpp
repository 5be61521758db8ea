#include "api/xml_writer.hpp"

#include <cctype>

#include "engine/utf8.hpp"

namespace dc::api {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Invalid UTF-8 and the control characters XML 1.0 cannot carry (from a provider) become
  // U+FFFD, so every document parses whatever the data.
  engine::for_each_document_char(text, [&out](std::string_view piece) {
    if (piece.size() != 1) {
      out += piece;
      return;
    }
    switch (piece[0]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += piece;
    }
  });
  return out;
}

std::string xml_name(std::string_view text) {
  std::string out;
  auto c0 = text.empty() ? '\0' : text.front();
  bool starts_well = std::isalpha(static_cast<unsigned char>(c0)) || c0 == '_';
  // "xml" in any case is reserved at the start of a name.
  if (!starts_well || (text.size() >= 3 && (text[0] | 0x20) == 'x' && (text[1] | 0x20) == 'm' &&
                       (text[2] | 0x20) == 'l'))
    out += '_';
  for (unsigned char c : text)
    out += std::isalnum(c) || c == '_' || c == '-' || c == '.' ? static_cast<char>(c) : '_';
  return out;
}

XmlWriter::XmlWriter(bool prolog) {
  if (prolog) out_ = "<?xml version='1.0' encoding='utf-8' ?>\n";
}

void XmlWriter::indent() {
  out_.append(stack_.size() * 2, ' ');
}

void XmlWriter::start_tag(std::string_view name, const XmlAttributes& attrs) {
  indent();
  out_ += '<';
  out_ += name;
  for (auto& [k, v] : attrs) {
    out_ += ' ';
    out_ += k;
    out_ += "='";
    out_ += xml_escape(v);
    out_ += '\'';
  }
}

XmlWriter& XmlWriter::open(std::string_view name, const XmlAttributes& attrs) {
  start_tag(name, attrs);
  out_ += ">\n";
  stack_.emplace_back(name);
  return *this;
}

XmlWriter& XmlWriter::close() {
  auto name = std::move(stack_.back());
  stack_.pop_back();
  indent();
  out_ += "</" + name + ">\n";
  return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view name, const XmlAttributes& attrs) {
  start_tag(name, attrs);
  out_ += "/>\n";
  return *this;
}

XmlWriter& XmlWriter::empty(std::string_view name, const XmlAttributes& attrs) {
  start_tag(name, attrs);
  out_ += "></";
  out_ += name;
  out_ += ">\n";
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view name, std::string_view value,
                           const XmlAttributes& attrs) {
  start_tag(name, attrs);
  out_ += '>';
  out_ += xml_escape(value);
  out_ += "</";
  out_ += name;
  out_ += ">\n";
  return *this;
}

XmlWriter& XmlWriter::cdata(std::string_view name, std::string_view value,
                            const XmlAttributes& attrs) {
  start_tag(name, attrs);
  out_ += "><![CDATA[";
  auto clean = engine::document_text(value);
  value = clean;
  // `]]>` cannot appear inside CDATA: split it across two sections.
  std::size_t from = 0;
  for (auto at = value.find("]]>"); at != std::string_view::npos; at = value.find("]]>", from)) {
    out_ += value.substr(from, at - from + 2);
    out_ += "]]><![CDATA[";
    from = at + 2;
  }
  out_ += value.substr(from);
  out_ += "]]></";
  out_ += name;
  out_ += ">\n";
  return *this;
}

std::string XmlWriter::finish() {
  while (!stack_.empty()) close();
  return std::move(out_);
}

}  // namespace dc::api
