#pragma once
// A small streaming XML writer that produces the original server's shapes: single-quoted
// attributes, CDATA where it used CDATA, two-space indentation.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dc::api {

using XmlAttributes = std::vector<std::pair<std::string_view, std::string>>;

class XmlWriter {
 public:
  /// `prolog`: start with `<?xml version='1.0' encoding='utf-8' ?>`.
  explicit XmlWriter(bool prolog);

  /// `<name attrs>`; children follow until close().
  XmlWriter& open(std::string_view name, const XmlAttributes& attrs = {});
  XmlWriter& close();
  /// `<name attrs/>`.
  XmlWriter& leaf(std::string_view name, const XmlAttributes& attrs = {});
  /// `<name attrs></name>`.
  XmlWriter& empty(std::string_view name, const XmlAttributes& attrs = {});
  /// `<name attrs>escaped text</name>`.
  XmlWriter& text(std::string_view name, std::string_view value, const XmlAttributes& attrs = {});
  /// `<name attrs><![CDATA[value]]></name>`.
  XmlWriter& cdata(std::string_view name, std::string_view value, const XmlAttributes& attrs = {});

  std::string finish();

 private:
  void start_tag(std::string_view name, const XmlAttributes& attrs);
  void indent();
  std::string out_;
  std::vector<std::string> stack_;
};

/// Escapes `&`, `<`, `>`, `'`, `"`.
std::string xml_escape(std::string_view text);
/// `text` as an XML element name: ASCII letters, digits, `_`, `-` and `.` kept, anything else
/// `_`, and `_` in front when it does not start with a letter or `_` (or is empty).
std::string xml_name(std::string_view text);

}  // namespace dc::api
